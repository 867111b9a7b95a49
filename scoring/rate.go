package scoring

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Limits on how far the assessment moves a threat's base likelihood.
const (
	maxRaise = 1
	maxLower = 2
)

// rate derives a risk's default likelihood and impact and says why, in
// sentences a practice owner reads:
//
// Likelihood starts from the threat's base rate for a practice of this
// profile (Bank.Rate: the catalog default and the profile modifiers), then
//   - goes one step down when every weakness is only partly present;
//   - goes one step up when two or more weaknesses are fully present;
//   - goes one step down when at least half of the safeguards against the
//     threat are in place (answers of yes, cloud checks that pass), two
//     steps when at least three quarters are and there are three or more;
//
// never more than one step above or two below the base rate. Impact starts
// from the base rate too; for a loss or theft threat, stores that are all
// encrypted lower it two steps (a lost copy stays unreadable); a threat that
// reaches none of the recorded stores is one step lower. A vendor holding
// ePHI without a business associate agreement makes the vendor risk Very
// High (likelihood at least High, impact Very High).
func (x *analysis) rate(r *Risk, c *threatContext, ws []*evidence, nStores int) {
	t := c.t
	l, i := c.rating.Likelihood, c.rating.Impact
	r.BaseLikelihood, r.BaseImpact = l, i
	r.Basis = []string{baseText(c), weaknessText(ws)}

	var full []string
	var partial []*evidence
	for _, e := range ws {
		if e.partial() {
			partial = append(partial, e)
		} else {
			full = append(full, e.vuln.Name)
		}
	}
	steps := 0
	if len(full) == 0 {
		steps--
		r.Lowered = append(r.Lowered, fmt.Sprintf("The only %s partly in place (%s): likelihood down 1 step.",
			plural(len(partial), "weakness is", "weaknesses are"), partialText(partial)))
	}
	if len(full) >= 2 {
		steps++
		r.Raised = append(r.Raised, fmt.Sprintf("%d weaknesses are present together (%s), so there is more than one way in: likelihood up 1 step.",
			len(full), nameList(full)))
	}
	if down, text := controlSteps(c); down > 0 {
		steps -= down
		r.Lowered = append(r.Lowered, text)
	}
	steps = min(max(steps, -maxLower), maxRaise)
	l = clamp(l + assessment.Level(steps))

	i, impactText := x.impact(r, c, i, nStores)
	if t.ID == x.baaThreat && len(c.vendors) > 0 {
		l, i = max(l, assessment.High), assessment.VeryHigh
		r.Raised = append(r.Raised, fmt.Sprintf("%s %s patient information without a signed business associate agreement, which this analysis always rates Very High.",
			strings.Join(c.vendors, ", "), plural(len(c.vendors), "holds", "hold")))
	}
	r.DefaultLikelihood, r.DefaultImpact = l, i
	r.Basis = append(r.Basis, r.Raised...)
	r.Basis = append(r.Basis, r.Lowered...)
	r.Basis = append(r.Basis, impactText,
		fmt.Sprintf("Result: likelihood %s and impact %s give a %s level of risk (NIST SP 800-30 Table I-2).", l, i, RiskLevel(l, i)))
}

// baseText states the base rate and how the profile moved it.
func baseText(c *threatContext) string {
	t := c.t
	dl, di := t.Likelihood, t.Impact
	if !dl.Valid() {
		dl = assessment.Moderate
	}
	if !di.Valid() {
		di = assessment.Moderate
	}
	source := "The threat catalog rates"
	if !c.catalog {
		source = "The threat catalog has no entry for this threat, so this analysis rates"
	}
	s := fmt.Sprintf("Base rate: %s %s at likelihood %s and impact %s for a typical small practice", source, strings.ToLower(t.Name[:1])+t.Name[1:], dl, di)
	var mods []string
	for _, m := range c.rating.Applied {
		var steps []string
		if m.Likelihood != 0 {
			steps = append(steps, stepText("likelihood", m.Likelihood))
		}
		if m.Impact != 0 {
			steps = append(steps, stepText("impact", m.Impact))
		}
		reason := strings.TrimSuffix(strings.TrimSpace(m.Reason), ".")
		if reason == "" {
			reason = "the practice profile matches " + m.When
		}
		mods = append(mods, strings.ToLower(reason[:1])+reason[1:]+" ("+strings.Join(steps, ", ")+")")
	}
	if len(mods) == 0 {
		return s + "; nothing in this practice's profile changes that."
	}
	s += "; for this practice: " + strings.Join(mods, "; ")
	if c.rating.Clamped {
		s += ", kept within the five-level scale"
	}
	return s + fmt.Sprintf(". Base rate here: likelihood %s, impact %s.", c.rating.Likelihood, c.rating.Impact)
}

// weaknessText says what makes the threat possible here.
func weaknessText(ws []*evidence) string {
	var parts []string
	for _, e := range ws {
		p := e.vuln.Name + " (" + e.summary()
		if e.partial() {
			p += "; partly in place"
		}
		parts = append(parts, p+")")
	}
	return "What makes it possible here: " + strings.Join(parts, "; ") + "."
}

// partialText says how partial weaknesses show.
func partialText(es []*evidence) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, e.vuln.Name+": "+e.summary())
	}
	return strings.Join(parts, "; ")
}

// controlSteps rates the safeguards in place against a threat: how many
// steps they lower its likelihood, and the sentence that says so.
func controlSteps(c *threatContext) (int, string) {
	in := len(c.controls) + len(c.passing)
	gaps := c.gapQs + c.failing
	if in == 0 {
		return 0, ""
	}
	down := 0
	switch {
	case 4*in >= 3*(in+gaps) && in >= 3:
		down = 2
	case 2*in >= in+gaps:
		down = 1
	default:
		return 0, ""
	}
	var what []string
	if n := len(c.controls); n > 0 {
		what = append(what, fmt.Sprintf("%d %s answered yes", n, plural(n, "question", "questions")))
	}
	if n := len(c.passing); n > 0 {
		what = append(what, fmt.Sprintf("%d cloud %s passing", n, plural(n, "check", "checks")))
	}
	return down, fmt.Sprintf("%d of %d safeguards against it are in place (%s): likelihood down %d %s.",
		in, in+gaps, strings.Join(what, ", "), down, plural(down, "step", "steps"))
}

// impact derives a risk's impact from the stores it reaches.
func (x *analysis) impact(r *Risk, c *threatContext, base assessment.Level, nStores int) (assessment.Level, string) {
	var names, notEnc, unknown shortList
	for _, s := range r.Reaches {
		names.add(s.Name)
		switch s.Encrypted {
		case StoreNotEncrypted:
			notEnc.add(s.Name)
		case StoreUnknown:
			unknown.add(s.Name)
		}
	}
	groups := groupNames(c.t)
	switch {
	case r.Scope == scopeEncrypted:
		i := clamp(base - 2)
		return i, fmt.Sprintf("Impact %s, two steps below the base rate: every store it reaches here is encrypted at rest (%s), so a lost or stolen copy stays unreadable and is not a reportable breach under HHS guidance; what remains is the loss of the equipment and its data until restored.",
			i, names.String())
	case r.Scope == scopeUnencrypted:
		var parts []string
		if notEnc.n > 0 {
			parts = append(parts, "not encrypted: "+notEnc.String())
		}
		if unknown.n > 0 {
			parts = append(parts, "encryption not confirmed: "+unknown.String())
		}
		return base, fmt.Sprintf("Impact %s, the base rate: a lost or stolen copy of these stores could be read (%s), which would be a reportable breach.",
			base, strings.Join(parts, "; "))
	case len(r.Reaches) > 0:
		return base, fmt.Sprintf("Impact %s, the base rate: it reaches %d %s of ePHI (%s).", base, names.n, plural(names.n, "store", "stores"), names.String())
	case nStores == 0:
		return base, fmt.Sprintf("Impact %s, the base rate: no store of ePHI is recorded in the inventory yet, so the catalog's impact is kept.", base)
	}
	i := clamp(base - 1)
	return i, fmt.Sprintf("Impact %s, one step below the base rate: none of the recorded stores of ePHI is of the kind it reaches (%s).", i, groups)
}

// groupNames names the store groups a threat reaches, in words.
func groupNames(t *questionnaire.Threat) string {
	words := map[string]string{
		questionnaire.ReachEHR: "the health record", questionnaire.ReachOffice: "office computers and equipment",
		questionnaire.ReachDevices: "portable devices and backup media", questionnaire.ReachCloud: "cloud storage",
		questionnaire.ReachVendors: "vendors",
	}
	var out []string
	for _, g := range questionnaire.StoreGroups {
		if t.ReachesGroup(g) {
			out = append(out, words[g])
		}
	}
	return strings.Join(out, ", ")
}

func clamp(l assessment.Level) assessment.Level {
	return min(max(l, assessment.VeryLow), assessment.VeryHigh)
}

// shortList keeps the first few names of a list and counts them all.
type shortList struct {
	names []string
	n     int
}

func (l *shortList) add(name string) {
	if len(l.names) < 5 {
		l.names = append(l.names, name)
	}
	l.n++
}

// String joins the names kept and says how many more there are.
func (l shortList) String() string {
	if l.n <= len(l.names) {
		return strings.Join(l.names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(l.names, ", "), l.n-len(l.names))
}
