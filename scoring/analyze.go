package scoring

import (
	"math"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// analysis holds the indexes one Analyze call builds over its input.
type analysis struct {
	// byCheck and byQuestion index x.findings by check id and by linked
	// question id; built on first use.
	byCheck, byQuestion map[string][]int
	in                  Input
	bank                *questionnaire.Bank
	qByID               map[string]*questionnaire.Question
	qIndex              map[string]int // question id -> index in the bank
	threats             map[string]*questionnaire.Threat
	vulns               map[string]*questionnaire.Vulnerability
	rows                map[string]questionnaire.Citation // the reference table by citation
	covered             map[string][]string               // citation -> table rows it covers
	visible             map[string]bool                   // by question id
	hidden              []HiddenQuestion                  // bank order
	answers             map[string]assessment.Answer      // visible questions with a value
	findings            []*assessment.Finding             // sorted by id; read only
	failing             []int                             // failed, unsuppressed findings (indexes, ascending)

	checkQuestions map[string][]*questionnaire.Question // check id -> questions linking it, bank order
	vulnQuestions  map[string][]*questionnaire.Question // vulnerability id -> visible questions revealing it

	baaThreat, baaVuln string // ids the business associate rule uses
}

func analyze(in Input) Analysis {
	x := newAnalysis(in)
	a := Analysis{
		SchemaVersion: SchemaVersion,
		BankVersion:   x.bank.Version,
		GeneratedAt:   in.Now,
	}
	a.Completeness = x.completeness()
	a.Compliance = x.compliance()
	var baa []int
	a.Conflicts, baa = x.conflicts()
	a.MissingBAAs = x.missingBAAs()
	ev := x.gatherEvidence(a.MissingBAAs, baa)
	a.SafeHarbor = x.safeHarbor()
	nStores := len(a.SafeHarbor.Stores)
	for _, v := range in.Vendors {
		if v.HoldsEPHI {
			nStores++
		}
	}
	a.RiskTolerance = x.tolerance()
	a.Risks, a.ThreatsWithoutRisk, a.StaleOverrides = x.register(x.contexts(ev, a.SafeHarbor.Stores), nStores)
	x.markNotAssessed(a.Risks)
	a.Gaps = x.gaps(ev)
	a.Plan, a.StaleTracking = x.plan(ev, x.sources(ev, a.MissingBAAs, baa), a.Risks, a.Gaps)
	a.SharedResponsibility = x.sharedResponsibility()
	a.NotAssessed = x.notAssessed()
	a.EvidenceToKeep = x.evidenceToKeep()
	a.RecognizedPractices = x.recognizedPractices()
	a.Readiness = x.readiness()
	a.Summary = summarize(a, in.Now)
	return a
}

func newAnalysis(in Input) *analysis {
	b := in.Bank
	if b == nil {
		b = &questionnaire.Bank{}
	}
	x := &analysis{
		in:      in,
		bank:    b,
		qByID:   make(map[string]*questionnaire.Question, len(b.Questions)),
		qIndex:  make(map[string]int, len(b.Questions)),
		threats: make(map[string]*questionnaire.Threat, len(b.Threats)),
		vulns:   make(map[string]*questionnaire.Vulnerability, len(b.Vulnerabilities)),
		rows:    make(map[string]questionnaire.Citation, len(b.Citations)),
		covered: make(map[string][]string),
		visible: make(map[string]bool, len(b.Questions)),
		answers: make(map[string]assessment.Answer, len(in.Answers)),

		checkQuestions: make(map[string][]*questionnaire.Question),
		vulnQuestions:  make(map[string][]*questionnaire.Question),
	}
	for i := range b.Threats {
		x.threats[b.Threats[i].ID] = &b.Threats[i]
	}
	for i := range b.Vulnerabilities {
		x.vulns[b.Vulnerabilities[i].ID] = &b.Vulnerabilities[i]
	}
	for _, c := range b.Citations {
		x.rows[c.Citation] = c
	}
	x.baaThreat, x.baaVuln = catalogID(x.threats, baaThreatIDs), catalogID(x.vulns, baaVulnIDs)
	for i := range b.Questions {
		q := &b.Questions[i]
		x.qByID[q.ID] = q
		x.qIndex[q.ID] = i
		for _, c := range q.Checks {
			x.checkQuestions[c] = append(x.checkQuestions[c], q)
		}
		vis, reason := b.Visible(q, in.Profile)
		x.visible[q.ID] = vis
		if !vis {
			x.hidden = append(x.hidden, HiddenQuestion{QuestionID: q.ID, Section: q.Section, Reason: reason})
			continue
		}
		if ans, ok := in.Answers[q.ID]; ok && ans.Value != "" {
			x.answers[q.ID] = ans
		}
		for k, v := range q.Vulnerabilities {
			if !slices.Contains(q.Vulnerabilities[:k], v) {
				x.vulnQuestions[v] = append(x.vulnQuestions[v], q)
			}
		}
	}
	x.findings = make([]*assessment.Finding, len(in.Findings))
	for i := range in.Findings {
		x.findings[i] = &in.Findings[i]
	}
	slices.SortFunc(x.findings, func(a, b *assessment.Finding) int { return strings.Compare(a.ID, b.ID) })
	for i, f := range x.findings {
		if failed(f) {
			x.failing = append(x.failing, i)
		}
	}
	return x
}

// failed reports whether a finding shows a gap that raises risk: a failed
// check that has not been suppressed.
func failed(f *assessment.Finding) bool { return f.Status == assessment.Fail && f.Suppressed == nil }

// covers reports whether citation c covers the reference-table citation
// spec: they are equal; or spec is a paragraph of c ("164.308(a)(1)" covers
// "164.308(a)(1)(ii)(A)"); or c is a standard's own paragraph, not itself in
// the table, numbered (1) or (i), whose implementation specifications sit
// beside it: "164.312(a)(1)" covers "164.312(a)(2)(iv)" and "164.308(a)(3)(i)"
// covers "164.308(a)(3)(ii)(B)". inTable says whether c is a table row.
func covers(c, spec string, inTable bool) bool {
	if c == spec || strings.HasPrefix(spec, c+"(") {
		return true
	}
	if inTable {
		return false
	}
	for _, last := range []string{"(1)", "(i)"} {
		if parent, ok := strings.CutSuffix(c, last); ok && strings.HasPrefix(spec, parent+"(") {
			return true
		}
	}
	return false
}

// coveredRows returns the reference-table citations that c covers, in table
// order, remembering the answer.
func (x *analysis) coveredRows(c string) []string {
	if rows, ok := x.covered[c]; ok {
		return rows
	}
	_, inTable := x.rows[c]
	var rows []string
	for _, r := range x.bank.Citations {
		if covers(c, r.Citation, inTable) {
			rows = append(rows, r.Citation)
		}
	}
	x.covered[c] = rows
	return rows
}

// requiredCitation reports whether c is, or covers, a required
// specification.
func (x *analysis) requiredCitation(c string) bool {
	for _, r := range x.coveredRows(c) {
		if x.rows[r].Required {
			return true
		}
	}
	return false
}

// isGap reports whether an answer value reveals a weakness.
func isGap(v assessment.AnswerValue) bool {
	return v == assessment.No || v == assessment.Partial || v == assessment.Unknown
}

// percent is n of d as a percentage with one decimal; 100 when d is 0.
func percent(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return math.Round(float64(n)*1000/float64(d)) / 10
}

// sortedUnique sorts s and drops repeated elements.
func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// appendUnique appends v unless s already holds it.
func appendUnique(s []string, v string) []string {
	if v == "" || slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
