package questionnaire

// Bank is a loaded, validated question bank with its threat catalog.
// Everything in it is read-only after Load.
type Bank struct {
	Version         string          `json:"version" yaml:"version"`
	Sections        []Section       `json:"sections" yaml:"sections"`
	Questions       []Question      `json:"questions" yaml:"-"` // in bank order: section by section
	Threats         []Threat        `json:"threats" yaml:"threats"`
	Vulnerabilities []Vulnerability `json:"vulnerabilities" yaml:"vulnerabilities"`
	Citations       []Citation      `json:"citations" yaml:"-"` // the Security Rule reference table

	byID map[string]int
}

// Citation is one row of the Security Rule reference table.
type Citation struct {
	Citation      string    `json:"citation"` // "164.308(a)(1)(ii)(A)"
	Safeguard     Safeguard `json:"safeguard"`
	Standard      string    `json:"standard"`
	Specification string    `json:"specification,omitempty"`
	Required      bool      `json:"required"`
}

// Section groups questions the way a practice thinks about them.
type Section struct {
	ID        string   `json:"id" yaml:"id"`
	Title     string   `json:"title" yaml:"title"`
	Intro     string   `json:"intro" yaml:"intro"`
	Citations []string `json:"citations" yaml:"citations"`
	Profile   bool     `json:"profile,omitempty" yaml:"profile,omitempty"` // the practice-profile section
}

// Guidance explains a question to someone with no security background.
type Guidance struct {
	Why    string `json:"why" yaml:"why"`
	Good   string `json:"good" yaml:"good"`
	IfNot  string `json:"ifNot" yaml:"if_not"`
	Action string `json:"action" yaml:"action"`                   // the remediation step the plan proposes
	Owner  string `json:"owner,omitempty" yaml:"owner,omitempty"` // suggested owner role, e.g. "Security official"
}

// Question is one plain-language question about one safeguard.
type Question struct {
	ID              string        `json:"id" yaml:"id"`
	Section         string        `json:"section" yaml:"-"`
	Safeguard       Safeguard     `json:"safeguard" yaml:"safeguard"`
	Citations       []string      `json:"citations" yaml:"citations"`
	Required        bool          `json:"required"` // derived: any cited specification is required
	Text            string        `json:"text" yaml:"text"`
	Guidance        Guidance      `json:"guidance" yaml:"guidance"`
	Answers         []AnswerValue `json:"answers" yaml:"answers"` // allowed answers; empty in YAML means all five
	ShowIf          string        `json:"showIf,omitempty" yaml:"show_if,omitempty"`
	Vulnerabilities []string      `json:"vulnerabilities" yaml:"vulnerabilities"`
	Checks          []string      `json:"checks,omitempty" yaml:"checks,omitempty"` // probe check ids that inform it
	Line            int           `json:"-" yaml:"-"`                               // line in the embedded YAML, for messages
}

// Threat is a threat event a small practice faces, with its default
// likelihood and impact before profile modifiers.
type Threat struct {
	ID          string     `json:"id" yaml:"id"`
	Name        string     `json:"name" yaml:"name"`
	Description string     `json:"description" yaml:"description"`
	Source      string     `json:"source" yaml:"source"` // adversarial, accidental, structural, environmental (NIST SP 800-30 Table D-2)
	Likelihood  Level      `json:"likelihood" yaml:"likelihood"`
	Impact      Level      `json:"impact" yaml:"impact"`
	Modifiers   []Modifier `json:"modifiers,omitempty" yaml:"modifiers,omitempty"`
}

// Modifier raises or lowers a threat's default likelihood or impact when a
// profile condition holds (a show-if expression over the profile).
type Modifier struct {
	When       string `json:"when" yaml:"when"`
	Likelihood int    `json:"likelihood,omitempty" yaml:"likelihood,omitempty"` // steps, e.g. +1
	Impact     int    `json:"impact,omitempty" yaml:"impact,omitempty"`
	Reason     string `json:"reason" yaml:"reason"`
}

// Vulnerability is a weakness that a no, partial or unknown answer (or a
// failed probe finding) reveals, linked to the threats that exploit it.
type Vulnerability struct {
	ID          string   `json:"id" yaml:"id"`
	Name        string   `json:"name" yaml:"name"`
	Description string   `json:"description" yaml:"description"`
	Threats     []string `json:"threats" yaml:"threats"`
}
