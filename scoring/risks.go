package scoring

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// The ids of the business associate rule's threat and vulnerability: the
// first of each list that the bank's catalog holds, else the last (a fixed
// id the analysis then describes itself).
var (
	baaThreatIDs = []string{"vendor-breach"}
	baaVulnIDs   = []string{"no-baa", "missing-baa"}
)

// catalogID returns the first of ids that known holds, else the last.
func catalogID[T any](known map[string]T, ids []string) string {
	for _, id := range ids {
		if _, ok := known[id]; ok {
			return id
		}
	}
	return ids[len(ids)-1]
}

// baaCitations are the citations a vendor without a BAA falls under.
var baaCitations = []string{"164.308(b)(1)", "164.314(a)(2)(i)"}

// evidence is what raised one vulnerability.
type evidence struct {
	answers  []AnswerRef               // no, partial or unknown answers, bank order
	raisedBy []*questionnaire.Question // the questions of those answers
	linked   []*questionnaire.Question // questions linked to failed findings
	findings []int                     // failed findings, ascending index
	vendors  []string                  // vendors holding ePHI without a BAA
	gap      bool                      // a no or unknown answer, a failed finding or a vendor
	unknown  bool                      // an unknown answer
	partial  bool                      // a partial answer

	citations  []string
	findingIDs []string
	required   bool
}

// missingBAAs lists the vendors that hold ePHI without a signed BAA, by name.
func (x *analysis) missingBAAs() []MissingBAA {
	out := []MissingBAA{}
	for _, v := range sortedVendors(x.in.Vendors) {
		if v.HoldsEPHI && !v.BAASigned {
			out = append(out, MissingBAA{Vendor: v.Name, Service: v.Service, RiskID: riskID(x.baaThreat, x.baaVuln), PlanItem: planID(x.baaVuln)})
		}
	}
	return out
}

func riskID(threat, vuln string) string { return "R-" + threat + "-" + vuln }
func planID(vuln string) string         { return "P-" + vuln }

// evidence gathers, per vulnerability id, the answers, findings and vendors
// that raise it: answers of no, partial or unknown reveal their question's
// vulnerabilities; a failed finding reveals those of the questions it is
// linked to or contradicts; a vendor holding ePHI without a BAA, or a
// contradicted AWS BAA, reveals the missing-BAA vulnerability.
func (x *analysis) evidence(l links, missing []MissingBAA) map[string]*evidence {
	ev := evidenceSet{}
	x.answerEvidence(ev)
	x.unansweredEvidence(ev) // not-assessed hook: see notassessed.go
	x.findingEvidence(ev, l)
	if len(l.baa) > 0 {
		e := ev.get(x.baaVuln)
		e.gap = true
		for _, i := range l.baa {
			if !slices.Contains(e.findings, i) {
				e.findings = append(e.findings, i)
			}
		}
		slices.Sort(e.findings)
	}
	for _, m := range missing {
		e := ev.get(x.baaVuln)
		e.gap = true
		e.vendors = append(e.vendors, m.Vendor)
	}
	for _, e := range ev {
		x.citeEvidence(e)
	}
	return ev
}

// evidenceSet is the evidence gathered so far, by vulnerability id.
type evidenceSet map[string]*evidence

func (ev evidenceSet) get(v string) *evidence {
	e := ev[v]
	if e == nil {
		e = &evidence{}
		ev[v] = e
	}
	return e
}

// answerEvidence adds every answer of partial, no or unknown to the
// vulnerabilities its question reveals.
func (x *analysis) answerEvidence(ev evidenceSet) {
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		ans, ok := x.answers[q.ID]
		if !ok || !isGap(ans.Value) {
			continue
		}
		for k, v := range q.Vulnerabilities {
			if slices.Contains(q.Vulnerabilities[:k], v) {
				continue
			}
			e := ev.get(v)
			e.answers = append(e.answers, AnswerRef{QuestionID: q.ID, Value: ans.Value})
			e.raisedBy = append(e.raisedBy, q)
			switch ans.Value {
			case assessment.Partial:
				e.partial = true
			case assessment.Unknown:
				e.unknown, e.gap = true, true
			default:
				e.gap = true
			}
		}
	}
}

// findingEvidence adds every failing finding to the vulnerabilities of the
// questions it is linked to.
func (x *analysis) findingEvidence(ev evidenceSet, l links) {
	for _, i := range x.failing {
		for _, qids := range [][]string{x.findings[i].Questions, l.questions[i]} {
			for _, qid := range qids {
				q := x.qByID[qid]
				if q == nil {
					continue
				}
				for _, v := range q.Vulnerabilities {
					e := ev.get(v)
					e.gap = true
					if n := len(e.findings); n == 0 || e.findings[n-1] != i {
						e.findings = append(e.findings, i)
					}
					if !slices.Contains(e.linked, q) {
						e.linked = append(e.linked, q)
					}
				}
			}
		}
	}
}

// citeEvidence completes a vulnerability's evidence with the citations of the
// answers and findings behind it, and whether any of them is required.
func (x *analysis) citeEvidence(e *evidence) {
	var cits []string
	for _, q := range e.raisedBy {
		cits = append(cits, q.Citations...)
		e.required = e.required || q.Required
	}
	seen := make(map[string]bool)
	for _, i := range e.findings {
		for _, c := range x.findings[i].Citations {
			if !seen[c] {
				seen[c] = true
				cits = append(cits, c)
			}
		}
	}
	if len(e.vendors) > 0 {
		cits = append(cits, baaCitations...)
	}
	e.citations = sortedUnique(cits)
	e.findingIDs = x.findingIDs(e.findings)
	for _, c := range e.citations {
		e.required = e.required || x.requiredCitation(c)
	}
}

// register builds the risk register from the evidence: one risk per
// threat/vulnerability pair, rated, with the user's overrides applied. It
// returns the overrides that match no risk.
func (x *analysis) register(ev map[string]*evidence) ([]Risk, []assessment.Override) {
	controls := x.controls()
	var risks []Risk
	for _, vid := range slices.Sorted(maps.Keys(ev)) {
		e := ev[vid]
		v := x.vulns[vid]
		if v == nil && vid == x.baaVuln {
			v = &questionnaire.Vulnerability{ID: x.baaVuln, Name: "No signed business associate agreement", Threats: []string{x.baaThreat}}
		}
		if v == nil {
			continue
		}
		threats := slices.Clone(v.Threats)
		if len(e.vendors) > 0 && !slices.Contains(threats, x.baaThreat) {
			threats = append(threats, x.baaThreat)
		}
		for _, tid := range sortedUnique(threats) {
			t := x.threats[tid]
			if t == nil && tid == x.baaThreat {
				t = &questionnaire.Threat{ID: x.baaThreat, Name: "Breach at a vendor that holds patient data", Source: "adversarial",
					Likelihood: assessment.Moderate, Impact: assessment.VeryHigh}
			}
			if t == nil {
				continue
			}
			r := Risk{
				ID: riskID(t.ID, v.ID), ThreatID: t.ID, Threat: t.Name, ThreatSource: t.Source,
				VulnerabilityID: v.ID, Vulnerability: v.Name,
				Controls: controls[t.ID],
				Sources: Sources{
					Answers:  e.answers,
					Findings: e.findingIDs,
					Vendors:  e.vendors,
				},
				Citations: e.citations,
				Required:  e.required,
				PlanItem:  planID(v.ID),
			}
			if r.Controls == nil {
				r.Controls = []AnswerRef{}
			}
			if r.Sources.Answers == nil {
				r.Sources.Answers = []AnswerRef{}
			}
			if r.Citations == nil {
				r.Citations = []string{}
			}
			r.DefaultLikelihood, r.DefaultImpact, r.Basis = x.rate(t, e, t.ID == x.baaThreat && v.ID == x.baaVuln)
			risks = append(risks, r)
		}
	}
	stale := applyOverrides(risks, x.in.Overrides)
	slices.SortFunc(risks, compareRisks)
	if risks == nil {
		risks = []Risk{}
	}
	return risks, stale
}

// compareRisks orders the register: highest level first, then likelihood,
// then impact, then id.
func compareRisks(a, b Risk) int {
	if c := int(b.Level) - int(a.Level); c != 0 {
		return c
	}
	if c := int(b.Likelihood) - int(a.Likelihood); c != 0 {
		return c
	}
	if c := int(b.Impact) - int(a.Impact); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// controls returns, per threat id, the answers of yes to questions whose
// vulnerabilities the threat exploits: the safeguards already in place
// against it, in bank order.
func (x *analysis) controls() map[string][]AnswerRef {
	out := make(map[string][]AnswerRef)
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if ans, ok := x.answers[q.ID]; !ok || ans.Value != assessment.Yes {
			continue
		}
		var threats []string
		for _, vid := range q.Vulnerabilities {
			if v := x.vulns[vid]; v != nil {
				threats = append(threats, v.Threats...)
			}
		}
		for _, t := range sortedUnique(threats) {
			out[t] = append(out[t], AnswerRef{QuestionID: q.ID, Value: assessment.Yes})
		}
	}
	return out
}

// rate derives a risk's default likelihood and impact and explains them:
//   - start from the threat catalog's defaults (Moderate where one is unset);
//   - add every profile modifier whose condition holds, keeping each value
//     on the five-level scale at every step (as Bank.RateThreat does);
//   - a partial answer, with no no or unknown answer and no failed finding
//     behind the same vulnerability, lowers the likelihood one step; unknown
//     counts as no; a failed finding confirms the gap and nothing is lowered;
//   - a vendor holding ePHI without a BAA makes the BAA risk Very High
//     (likelihood at least High, impact Very High).
func (x *analysis) rate(t *questionnaire.Threat, e *evidence, baaRule bool) (assessment.Level, assessment.Level, []string) {
	unset := ""
	if !t.Likelihood.Valid() || !t.Impact.Valid() {
		unset = " (where the catalog leaves a value unset, Moderate is used)"
	}
	r := x.in.Bank.Rate(t, x.in.Profile)
	l, i := r.Likelihood, r.Impact
	source := "The threat catalog gives"
	if _, ok := x.threats[t.ID]; !ok {
		source = "The threat catalog has no entry for this threat, so this analysis gives"
	}
	dl, di := t.Likelihood, t.Impact
	if !dl.Valid() {
		dl = assessment.Moderate
	}
	if !di.Valid() {
		di = assessment.Moderate
	}
	basis := []string{fmt.Sprintf("%s %s a likelihood of %s and an impact of %s for a typical small practice%s.", source, t.Name, dl, di, unset)}
	for _, m := range r.Applied {
		var steps []string
		if m.Likelihood != 0 {
			steps = append(steps, stepText("likelihood", m.Likelihood))
		}
		if m.Impact != 0 {
			steps = append(steps, stepText("impact", m.Impact))
		}
		reason := strings.TrimSuffix(strings.TrimSpace(m.Reason), ".")
		if reason == "" {
			reason = "The practice profile matches " + m.When
		}
		basis = append(basis, reason+": "+strings.Join(steps, " and ")+".")
	}
	if r.Clamped {
		basis = append(basis, "The adjusted values are kept within the five-level scale.")
	}
	switch {
	case len(e.findings) > 0:
		basis = append(basis, fmt.Sprintf("%d failed automated %s confirm%s the weakness, so the likelihood is not lowered.",
			len(e.findings), plural(len(e.findings), "check", "checks"), plural(len(e.findings), "s", "")))
	case e.gap && e.unknown:
		basis = append(basis, "An answer of unknown counts as a gap: a safeguard that nobody can confirm cannot be relied on.")
	case e.gap:
		basis = append(basis, "The safeguard is missing, so the likelihood is not lowered.")
	case e.partial:
		if l > assessment.VeryLow {
			l--
		}
		basis = append(basis, fmt.Sprintf("The safeguard is partly in place, so the likelihood is one step lower than with no safeguard, at %s.", l))
	}
	if baaRule && len(e.vendors) > 0 {
		l, i = max(l, assessment.High), assessment.VeryHigh
		basis = append(basis, fmt.Sprintf("%s %s patient information without a signed business associate agreement, which this analysis always rates Very High.",
			strings.Join(e.vendors, ", "), plural(len(e.vendors), "holds", "hold")))
	}
	return l, i, basis
}

// stepText says how a modifier moves one value, e.g. "likelihood up 1 step".
func stepText(what string, n int) string {
	dir := "up"
	if n < 0 {
		dir, n = "down", -n
	}
	return fmt.Sprintf("%s %s %d %s", what, dir, n, plural(n, "step", "steps"))
}

// applyOverrides sets each risk's effective likelihood, impact and level,
// using the user's override where one exists (the latest by time when a
// risk has several), and returns the overrides that match no risk, by risk
// id.
func applyOverrides(risks []Risk, overrides []assessment.Override) []assessment.Override {
	latest := make(map[string]assessment.Override)
	for _, o := range overrides {
		if cur, ok := latest[o.RiskID]; !ok || overrideLess(cur, o) {
			latest[o.RiskID] = o
		}
	}
	for k := range risks {
		r := &risks[k]
		r.Likelihood, r.Impact = r.DefaultLikelihood, r.DefaultImpact
		if o, ok := latest[r.ID]; ok {
			delete(latest, r.ID)
			if o.Likelihood.Valid() {
				r.Likelihood = o.Likelihood
			}
			if o.Impact.Valid() {
				r.Impact = o.Impact
			}
			r.Override = &o
		}
		r.Level = RiskLevel(r.Likelihood, r.Impact)
	}
	stale := make([]assessment.Override, 0, len(latest))
	for _, id := range slices.Sorted(maps.Keys(latest)) {
		stale = append(stale, latest[id])
	}
	return stale
}

// overrideLess orders two overrides of the same risk by time, then by their
// content, so the choice never depends on input order.
func overrideLess(a, b assessment.Override) bool {
	if !a.At.Equal(b.At) {
		return a.At.Before(b.At)
	}
	return fmt.Sprint(a.Likelihood, a.Impact, a.Reason, a.By) < fmt.Sprint(b.Likelihood, b.Impact, b.Reason, b.By)
}

// notAssessed lists the findings the probes could not evaluate.
func (x *analysis) notAssessed() []FindingRef {
	n := 0
	for _, f := range x.findings {
		if f.Status == assessment.Error || f.Status == assessment.NotAssessed {
			n++
		}
	}
	out := make([]FindingRef, 0, n)
	for _, f := range x.findings {
		if f.Status == assessment.Error || f.Status == assessment.NotAssessed {
			out = append(out, FindingRef{ID: f.ID, CheckID: f.CheckID, Status: f.Status, Resource: f.Resource,
				Region: f.Region, ErrorCode: f.ErrorCode, Reason: f.Reason})
		}
	}
	return out
}
