package scoring

import (
	"fmt"
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

// evidence is what shows one vulnerability: the answers about it and the
// failed checks and vendors behind it.
type evidence struct {
	vuln     *questionnaire.Vulnerability
	answers  []AnswerRef               // no, partial or unknown answers, bank order
	raisedBy []*questionnaire.Question // the questions of those answers
	linked   []*questionnaire.Question // questions linked to failed findings
	findings []int                     // failed findings, ascending index
	vendors  []string                  // vendors holding ePHI without a BAA
	// unanswered are applicable questions nobody has answered yet whose
	// "no" would reveal the weakness: rated as no, marked not assessed.
	unanswered []string
	answered   int // applicable answers about it (yes, partial, no, unknown)
	yes        int
	partials   int
	missing    int // answers of no or unknown

	citations  []string
	findingIDs []string
	required   bool
}

// present reports whether the vulnerability shows at all.
func (e *evidence) present() bool {
	return len(e.answers) > 0 || len(e.findings) > 0 || len(e.vendors) > 0 || len(e.unanswered) > 0
}

// partial reports whether the safeguard is partly in place: no check failed,
// no vendor lacks an agreement, and fewer than half of the answers about it
// are no or unknown (a single "no" among several "yes" is a partial gap, not
// a missing safeguard). An unanswered question counts as a no.
func (e *evidence) partial() bool {
	if len(e.findings) > 0 || len(e.vendors) > 0 {
		return false
	}
	missing, answered := e.missing+len(e.unanswered), e.answered+len(e.unanswered)
	return 2*missing < answered || missing == 0
}

// summary says in words how the evidence shows the weakness.
func (e *evidence) summary() string {
	var parts []string
	if n := e.missing + e.partials; n > 0 {
		what := "no or unknown"
		switch {
		case e.missing == 0:
			what = "partial"
		case e.partials > 0:
			what = "no, partial or unknown"
		}
		parts = append(parts, fmt.Sprintf("%d of %d %s about it %s %s", n, e.answered, plural(e.answered, "answer", "answers"),
			plural(n, "is", "are"), what))
	}
	if n := len(e.unanswered); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s about it not yet answered", n, plural(n, "question", "questions")))
	}
	if n := len(e.findings); n > 0 {
		parts = append(parts, fmt.Sprintf("%d failed cloud %s", n, plural(n, "check", "checks")))
	}
	if n := len(e.vendors); n > 0 {
		parts = append(parts, strings.Join(e.vendors, ", ")+" "+plural(n, "holds", "hold")+" ePHI without a business associate agreement")
	}
	return strings.Join(parts, "; ")
}

// weakness is the register's view of the evidence.
func (e *evidence) weakness() Weakness {
	w := Weakness{ID: e.vuln.ID, Name: e.vuln.Name, Partial: e.partial(), Answers: e.answers, Findings: e.findingIDs,
		Vendors: e.vendors, Unanswered: e.unanswered, Summary: e.summary()}
	if w.Answers == nil {
		w.Answers = []AnswerRef{}
	}
	if w.Findings == nil {
		w.Findings = []string{}
	}
	return w
}

// missingBAAs lists the vendors that hold ePHI without a signed BAA, by name.
func (x *analysis) missingBAAs() []MissingBAA {
	out := []MissingBAA{}
	for _, v := range sortedVendors(x.in.Vendors) {
		if v.HoldsEPHI && !v.BAASigned {
			out = append(out, MissingBAA{Vendor: v.Name, Service: v.Service, RiskID: riskID(x.baaThreat, ""), PlanItem: planID(x.baaVuln)})
		}
	}
	return out
}

func riskID(threat, scope string) string {
	if scope == "" {
		return "R-" + threat
	}
	return "R-" + threat + "-" + scope
}

func planID(vuln string) string { return "P-" + vuln }
func gapID(vuln string) string  { return "G-" + vuln }

// vuln returns the catalog's vulnerability, or the business associate
// rule's own description when the catalog lacks it.
func (x *analysis) vuln(id string) *questionnaire.Vulnerability {
	if v := x.vulns[id]; v != nil {
		return v
	}
	if id == x.baaVuln {
		return &questionnaire.Vulnerability{ID: x.baaVuln, Name: "No signed business associate agreement", Threats: []string{x.baaThreat}}
	}
	return nil
}

// linkedQuestions are the questions a finding informs: those whose checks
// list its check, and those the finding itself names, in bank order.
func (x *analysis) linkedQuestions(f *assessment.Finding) []*questionnaire.Question {
	qs := x.checkQuestions[f.CheckID]
	for _, id := range f.Questions {
		if q := x.qByID[id]; q != nil && !slices.Contains(qs, q) {
			qs = append(slices.Clip(qs), q)
		}
	}
	return qs
}

// gatherEvidence collects, per vulnerability id, what shows it: every
// applicable answer about it (yes counted, partial, no and unknown listed),
// every failed check linked to a question that reveals it, and for the
// business associate rule the vendors without an agreement and a failed AWS
// BAA check the vendor list contradicts.
func (x *analysis) gatherEvidence(missing []MissingBAA, baaFindings []int) map[string]*evidence {
	ev := make(map[string]*evidence)
	get := func(id string) *evidence {
		e := ev[id]
		if e == nil {
			v := x.vuln(id)
			if v == nil {
				return nil
			}
			e = &evidence{vuln: v}
			ev[id] = e
		}
		return e
	}
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		ans, ok := x.answers[q.ID]
		if !ok || ans.Value == assessment.NotApplicable {
			continue
		}
		for k, v := range q.Vulnerabilities {
			e := get(v)
			if e == nil || slices.Contains(q.Vulnerabilities[:k], v) {
				continue
			}
			e.answered++
			switch ans.Value {
			case assessment.Yes:
				e.yes++
				continue
			case assessment.Partial:
				e.partials++
			default:
				e.missing++
			}
			e.answers = append(e.answers, AnswerRef{QuestionID: q.ID, Value: ans.Value})
			e.raisedBy = append(e.raisedBy, q)
		}
	}
	x.unansweredEvidence(get)
	for _, i := range x.failing {
		for _, q := range x.linkedQuestions(x.findings[i]) {
			for _, v := range q.Vulnerabilities {
				if e := get(v); e != nil {
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
	if e := get(x.baaVuln); e != nil {
		for _, i := range baaFindings {
			if !slices.Contains(e.findings, i) {
				e.findings = append(e.findings, i)
			}
		}
		slices.Sort(e.findings)
		for _, m := range missing {
			e.vendors = append(e.vendors, m.Vendor)
		}
	}
	for id, e := range ev {
		if !e.present() {
			delete(ev, id)
			continue
		}
		x.citeEvidence(e)
	}
	return ev
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

// gaps lists the governance gaps: the governance vulnerabilities present,
// by id.
func (x *analysis) gaps(ev map[string]*evidence) []ComplianceGap {
	out := []ComplianceGap{}
	for _, v := range x.bank.Vulnerabilities {
		e := ev[v.ID]
		if !v.Governance || e == nil {
			continue
		}
		g := ComplianceGap{ID: gapID(v.ID), VulnerabilityID: v.ID, Name: v.Name, Description: v.Description,
			Partial: e.partial(), Answers: e.answers, Findings: e.findingIDs, Citations: e.citations, Required: e.required,
			PlanItems: []string{}}
		if g.Answers == nil {
			g.Answers = []AnswerRef{}
		}
		if g.Findings == nil {
			g.Findings = []string{}
		}
		if g.Citations == nil {
			g.Citations = []string{}
		}
		out = append(out, g)
	}
	return out
}
