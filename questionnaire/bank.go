package questionnaire

import (
	"fmt"
	"slices"
	"sort"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// Bank is a loaded, validated question bank with its threat catalog.
// Everything in it is read-only after Load.
type Bank struct {
	Version         string          `json:"version" yaml:"version"`
	Sections        []Section       `json:"sections" yaml:"sections"`
	Questions       []Question      `json:"questions" yaml:"-"` // in bank order: section by section
	Threats         []Threat        `json:"threats" yaml:"threats"`
	Vulnerabilities []Vulnerability `json:"vulnerabilities" yaml:"vulnerabilities"`
	Citations       []Citation      `json:"citations" yaml:"-"` // the Security Rule reference table
	ProfileFields   []ProfileField  `json:"profileFields" yaml:"profile_fields"`
	// Schema is the bank format: 1 (or unset) for 2026.11, 2 from 2026.12,
	// where every question states its basis and evidence and the bank carries
	// its own reference table.
	Schema       int           `json:"schema,omitempty" yaml:"schema"`
	Frameworks   []Framework   `json:"frameworks,omitempty" yaml:"frameworks"`
	ProposedRule *ProposedRule `json:"proposedRule,omitempty" yaml:"proposed_rule"`

	byID       map[string]int // question id -> index in Questions
	threats    map[string]int
	vulns      map[string]int
	sections   map[string]int
	citations  map[string]int
	conditions map[string]Condition // parsed show-if and modifier expressions
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
	// Evidence is the document or record that shows a yes: a policy, a
	// signed sheet, a screenshot, a contract, a log or a report.
	Evidence string `json:"evidence,omitempty" yaml:"evidence,omitempty"`
}

// Basis says why a question is asked: because the Security Rule requires
// what it asks, because a recognized security practice recommends it, or as
// good practice. Only rule questions cite the rule and can make a standard or
// specification met or not met.
type Basis string

const (
	BasisRule       Basis = "rule"       // the Security Rule requires it
	BasisRecognized Basis = "recognized" // HHS 405(d) HICP or NIST CSF 2.0, not the rule text
	BasisPractice   Basis = "practice"   // good practice
)

// Bases lists every basis.
var Bases = []Basis{BasisRule, BasisRecognized, BasisPractice}

// Framework is a recognized security framework a practice can say it follows.
type Framework struct {
	ID   string `json:"id" yaml:"id"`
	Name string `json:"name" yaml:"name"`
}

// ProposedRule describes a proposed change to the Security Rule and the
// questions and checks that show whether the practice is ready for it.
// Nothing in it is scored.
type ProposedRule struct {
	Title     string         `json:"title" yaml:"title"`
	Published string         `json:"published" yaml:"published"` // date of the proposal, e.g. "2025-01-06"
	RIN       string         `json:"rin" yaml:"rin"`
	Status    string         `json:"status" yaml:"status"`
	Items     []ProposalItem `json:"items" yaml:"items"`
}

// ProposalItem is one change the proposed rule would make.
type ProposalItem struct {
	ID        string   `json:"id" yaml:"id"`
	Title     string   `json:"title" yaml:"title"`
	Requires  string   `json:"requires" yaml:"requires"` // what the proposal would require, in plain words
	Questions []string `json:"questions,omitempty" yaml:"questions"`
	Checks    []string `json:"checks,omitempty" yaml:"checks"`
}

// Question is one plain-language question about one safeguard.
type Question struct {
	ID              string                   `json:"id" yaml:"id"`
	Section         string                   `json:"section" yaml:"-"`
	Safeguard       Safeguard                `json:"safeguard" yaml:"safeguard"`
	Basis           Basis                    `json:"basis,omitempty" yaml:"basis"`
	Citations       []string                 `json:"citations" yaml:"citations"`             // what the rule requires; only rule questions cite
	Supports        []string                 `json:"supports,omitempty" yaml:"supports"`     // citations a recognized or practice question helps with, for context
	References      []string                 `json:"references,omitempty" yaml:"references"` // framework references, e.g. "HICP 1.S.A", "CSF PR.AA-03"
	Required        bool                     `json:"required"`                               // derived: any cited specification or standard is required
	Text            string                   `json:"text" yaml:"text"`
	Guidance        Guidance                 `json:"guidance" yaml:"guidance"`
	Answers         []assessment.AnswerValue `json:"answers" yaml:"answers"` // allowed answers; empty in YAML means all five
	ShowIf          string                   `json:"showIf,omitempty" yaml:"show_if,omitempty"`
	Vulnerabilities []string                 `json:"vulnerabilities" yaml:"vulnerabilities"`
	Checks          []string                 `json:"checks,omitempty" yaml:"checks,omitempty"` // probe check ids that inform it
	Line            int                      `json:"-" yaml:"-"`                               // line in the embedded YAML, for messages
}

// Threat is a threat event a small practice faces, with its default
// likelihood and impact before profile modifiers.
type Threat struct {
	ID          string           `json:"id" yaml:"id"`
	Name        string           `json:"name" yaml:"name"`
	Description string           `json:"description" yaml:"description"`
	Source      string           `json:"source" yaml:"source"` // adversarial, accidental, structural, environmental (NIST SP 800-30 Table D-2)
	Likelihood  assessment.Level `json:"likelihood" yaml:"likelihood"`
	Impact      assessment.Level `json:"impact" yaml:"impact"`
	Modifiers   []Modifier       `json:"modifiers,omitempty" yaml:"modifiers,omitempty"`
	// Reaches names the kinds of ePHI store the threat event can reach (see
	// StoreGroups); empty means every kind.
	Reaches []string `json:"reaches,omitempty" yaml:"reaches,omitempty"`
	// EncryptionProtects is true for loss and theft scenarios: encryption at
	// rest of a store the threat reaches keeps a lost or stolen copy
	// unreadable, so it lowers the impact on that store.
	EncryptionProtects bool `json:"encryptionProtects,omitempty" yaml:"encryption_protects,omitempty"`
}

// Store groups a threat can reach: portable devices and backup media, office
// computers and equipment, cloud storage and services the practice runs, the
// electronic health record, and vendors holding ePHI.
const (
	ReachDevices = "devices"
	ReachOffice  = "office"
	ReachCloud   = "cloud"
	ReachEHR     = "ehr"
	ReachVendors = "vendors"
)

// StoreGroups lists the groups in report order.
var StoreGroups = []string{ReachEHR, ReachOffice, ReachDevices, ReachCloud, ReachVendors}

// ReachesGroup reports whether the threat reaches stores of group g.
func (t *Threat) ReachesGroup(g string) bool {
	return len(t.Reaches) == 0 || slices.Contains(t.Reaches, g)
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
//
// A governance vulnerability (no risk analysis, no policies, nobody
// responsible ...) is a compliance gap of the security management process:
// it weakens everything a little and nothing in particular, so it lists no
// threats and the analysis reports it as a compliance gap, never as a
// multiplier of a technical threat.
type Vulnerability struct {
	ID          string   `json:"id" yaml:"id"`
	Name        string   `json:"name" yaml:"name"`
	Description string   `json:"description" yaml:"description"`
	Threats     []string `json:"threats" yaml:"threats"`
	Governance  bool     `json:"governance,omitempty" yaml:"governance,omitempty"`
}

// Question returns the question with the given id.
func (b *Bank) Question(id string) (*Question, bool) {
	return lookup(b.Questions, b.byID, id)
}

// Threat returns the threat with the given id.
func (b *Bank) Threat(id string) (*Threat, bool) {
	return lookup(b.Threats, b.threats, id)
}

// Vulnerability returns the vulnerability with the given id.
func (b *Bank) Vulnerability(id string) (*Vulnerability, bool) {
	return lookup(b.Vulnerabilities, b.vulns, id)
}

// Section returns the section with the given id.
func (b *Bank) Section(id string) (*Section, bool) {
	return lookup(b.Sections, b.sections, id)
}

// Citation returns the reference-table row for a citation such as
// "164.308(a)(1)(ii)(A)".
func (b *Bank) Citation(c string) (*Citation, bool) {
	return lookup(b.Citations, b.citations, c)
}

func lookup[T any](list []T, index map[string]int, id string) (*T, bool) {
	i, ok := index[id]
	if !ok {
		return nil, false
	}
	return &list[i], true
}

// SectionQuestions returns the questions of a section in bank order; nil for
// an unknown section or the practice-profile section.
func (b *Bank) SectionQuestions(id string) []*Question {
	var out []*Question
	for i := range b.Questions {
		if b.Questions[i].Section == id {
			out = append(out, &b.Questions[i])
		}
	}
	return out
}

// CheckLinks maps each probe check id to the ids of the questions it
// informs, sorted.
func (b *Bank) CheckLinks() map[string][]string {
	m := map[string][]string{}
	for _, q := range b.Questions {
		for _, c := range q.Checks {
			m[c] = append(m[c], q.ID)
		}
	}
	for _, ids := range m {
		sort.Strings(ids)
	}
	return m
}

// condition returns the parsed form of a show-if or modifier expression. The
// loader parsed every expression in the bank; anything else is parsed here,
// and one that does not parse never holds.
func (b *Bank) condition(expr string) (Condition, bool) {
	if c, ok := b.conditions[expr]; ok {
		return c, true
	}
	c, err := ParseCondition(expr, b.cloudOptions())
	return c, err == nil
}

// Visible reports whether a question applies to a practice with profile p.
// A hidden question counts as not applicable; reason says why, in words.
func (b *Bank) Visible(q *Question, p assessment.Profile) (visible bool, reason string) {
	if q.ShowIf == "" {
		return true, ""
	}
	c, ok := b.condition(q.ShowIf)
	if ok && c.Eval(p) {
		return true, ""
	}
	if !ok {
		return false, fmt.Sprintf("Not applicable: the condition %q for this question cannot be read.", q.ShowIf)
	}
	return false, "Not applicable: this question is asked only when " + c.Describe() + "."
}

// Allows reports whether v is one of the question's allowed answers.
func (q *Question) Allows(v assessment.AnswerValue) bool {
	return len(q.Answers) == 0 && slices.Contains(assessment.AnswerValues, v) || slices.Contains(q.Answers, v)
}

// Addressable reports whether the question cites the rule and every
// specification it cites is addressable. A question that cites nothing (a
// recognized or good practice) is neither required nor addressable.
func (q *Question) Addressable() bool { return len(q.Citations) > 0 && !q.Required }

// NeedsDecision reports whether the answer leaves an addressable
// specification unimplemented, so the practice must document an equivalent
// alternative or why neither is reasonable and appropriate.
func (q *Question) NeedsDecision(a assessment.Answer) bool {
	return q.Addressable() && (a.Value == assessment.No || a.Value == assessment.Partial)
}

// Rating is a threat's likelihood and impact for one practice, after the
// profile modifiers that apply.
type Rating struct {
	Likelihood assessment.Level `json:"likelihood"`
	Impact     assessment.Level `json:"impact"`
	Applied    []Modifier       `json:"applied,omitempty"`
	// Clamped is true when a modifier would have taken a value past either
	// end of the scale.
	Clamped bool `json:"clamped,omitempty"`
}

// RateThreat applies a threat's profile modifiers to its default likelihood
// and impact, keeping both within the five levels.
func (b *Bank) RateThreat(id string, p assessment.Profile) (Rating, bool) {
	t, ok := b.Threat(id)
	if !ok {
		return Rating{}, false
	}
	return b.Rate(t, p), true
}

// Rate applies t's profile modifiers to a starting likelihood and impact
// (the threat's defaults, Moderate where one is unset), clamping to the
// scale after every step. Modifiers that change nothing are not listed.
func (b *Bank) Rate(t *Threat, p assessment.Profile) Rating {
	r := Rating{Likelihood: t.Likelihood, Impact: t.Impact}
	if !r.Likelihood.Valid() {
		r.Likelihood = assessment.Moderate
	}
	if !r.Impact.Valid() {
		r.Impact = assessment.Moderate
	}
	for _, m := range t.Modifiers {
		if m.Likelihood == 0 && m.Impact == 0 {
			continue
		}
		if c, ok := b.condition(m.When); ok && c.Eval(p) {
			nl, ni := r.Likelihood+assessment.Level(m.Likelihood), r.Impact+assessment.Level(m.Impact)
			r.Likelihood, r.Impact = clampLevel(nl), clampLevel(ni)
			r.Clamped = r.Clamped || r.Likelihood != nl || r.Impact != ni
			r.Applied = append(r.Applied, m)
		}
	}
	return r
}

func clampLevel(l assessment.Level) assessment.Level {
	return min(max(l, assessment.VeryLow), assessment.VeryHigh)
}
