package scoring

import (
	"slices"
	"sort"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// compliance rates every row of the reference table and counts the rows of
// each safeguard by status.
//
// Only rule questions (basis rule; in a bank without bases, every question
// with citations) rate a row; recognized-practice and good-practice
// questions that support it are listed beside it and raise risks, but never
// change its status. A question citing a standard's paragraph that is not
// itself a row of the table cites the standard's specifications.
//
// Each applicable rule question's answer counts as:
//   - yes: in place;
//   - not_applicable: not applicable, except on a required row without a
//     written reason (branching is the only other way a required row is
//     not applicable): then it counts as not answered;
//   - no or partial on an addressable row with a documented decision:
//     settled by an equivalent alternative, or documented as not reasonable
//     and appropriate (164.306(d)(3));
//   - no, partial (undecided) or unknown: a gap.
//
// The row's status then is:
//   - no rule question cites it: not answered;
//   - every rule question citing it hidden by branching: not applicable;
//   - nothing answered yet: not answered;
//   - everything answered not applicable: not applicable;
//   - every question answered, no gap: met; met by documented alternative
//     when a decision settles a gap; documented as not reasonable when a
//     decision says so;
//   - no yes, partial or decision among the answers: not met;
//   - anything else, including answers still open: partially met.
//
// Cloud findings never change a status: the findings of the checks linked
// to the row's rule questions are listed as evidence, and failed ones raise
// risks in the register.
func (x *analysis) compliance() Compliance {
	rule := make(map[string][]*questionnaire.Question)
	supporting := make(map[string][]*questionnaire.Question)
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if isRule(q) {
			for _, r := range x.rowsOf(q.Citations) {
				rule[r] = append(rule[r], q)
			}
		} else {
			for _, r := range x.rowsOf(q.Supports) {
				supporting[r] = append(supporting[r], q)
			}
		}
	}
	out := Compliance{Citations: make([]CitationCompliance, 0, len(x.bank.Citations))}
	for _, row := range x.bank.Citations {
		cc := x.citationCompliance(row, rule[row.Citation])
		for _, q := range supporting[row.Citation] {
			if ans, ok := x.answers[q.ID]; ok {
				cc.Supporting = append(cc.Supporting, AnswerRef{QuestionID: q.ID, Value: ans.Value})
			}
		}
		cc.Findings = x.rowFindings(rule[row.Citation])
		out.Citations = append(out.Citations, cc)
	}
	out.Safeguards = safeguardCounts(out.Citations)
	return out
}

// isRule reports whether a question rates the rows it cites: a rule
// question, or any question with citations in a bank without bases.
func isRule(q *questionnaire.Question) bool {
	return q.Basis == questionnaire.BasisRule || q.Basis == "" && len(q.Citations) > 0
}

// rowsOf returns the table rows the citations cover, sorted and unique.
func (x *analysis) rowsOf(cites []string) []string {
	var rows []string
	for _, c := range cites {
		rows = append(rows, x.coveredRows(c)...)
	}
	return sortedUnique(rows)
}

// rowFindings lists the findings of the checks linked to the row's
// applicable rule questions, by id.
func (x *analysis) rowFindings(questions []*questionnaire.Question) []FindingStatus {
	checks := map[string]bool{}
	ids := map[string]bool{}
	for _, q := range questions {
		if !x.visible[q.ID] {
			continue
		}
		ids[q.ID] = true
		for _, c := range q.Checks {
			checks[c] = true
		}
	}
	if x.byCheck == nil { // index the findings once per analysis
		x.byCheck, x.byQuestion = map[string][]int{}, map[string][]int{}
		for i, f := range x.findings {
			x.byCheck[f.CheckID] = append(x.byCheck[f.CheckID], i)
			for _, q := range f.Questions {
				x.byQuestion[q] = append(x.byQuestion[q], i)
			}
		}
	}
	var idx []int
	for c := range checks {
		idx = append(idx, x.byCheck[c]...)
	}
	for q := range ids {
		idx = append(idx, x.byQuestion[q]...)
	}
	slices.Sort(idx) // the findings' own order
	idx = slices.Compact(idx)
	out := make([]FindingStatus, 0, len(idx))
	for _, i := range idx {
		out = append(out, FindingStatus{ID: x.findings[i].ID, Status: x.findings[i].Status})
	}
	return out
}

// tally counts the answers behind one row.
type tally struct {
	applicable, answered, yes, partial, no, na, alternative, notReasonable int
}

// citationCompliance rates one row of the reference table from the answers
// to the rule questions that cite it, by the rules above.
func (x *analysis) citationCompliance(row questionnaire.Citation, questions []*questionnaire.Question) CitationCompliance {
	cc := CitationCompliance{
		Citation: row.Citation, Safeguard: row.Safeguard, Standard: row.Standard,
		Specification: row.Specification, Required: row.Required, Answers: []AnswerRef{},
	}
	var t tally
	for _, q := range questions {
		if !x.visible[q.ID] {
			cc.Hidden = append(cc.Hidden, q.ID)
			continue
		}
		t.applicable++
		ans, ok := x.answers[q.ID]
		if !ok {
			cc.Unanswered = append(cc.Unanswered, q.ID)
			continue
		}
		cc.Answers = append(cc.Answers, AnswerRef{QuestionID: q.ID, Value: ans.Value})
		x.countAnswer(&cc, &t, row, q, ans)
	}
	cc.Status = t.status(len(questions))
	return cc
}

// countAnswer adds one applicable answer to the row's tally and lists.
func (x *analysis) countAnswer(cc *CitationCompliance, t *tally, row questionnaire.Citation, q *questionnaire.Question, ans assessment.Answer) {
	switch ans.Value {
	case assessment.Yes:
		t.answered++
		t.yes++
	case assessment.NotApplicable:
		if row.Required && assessment.NAReasonProblem(ans.NAReason) != "" {
			cc.NAWithoutReason = append(cc.NAWithoutReason, q.ID)
			return
		}
		t.answered++
		t.na++
		if ans.NAReason != "" {
			cc.NAReasons = append(cc.NAReasons, NAReasonRef{QuestionID: q.ID, Reason: ans.NAReason})
		}
	case assessment.No, assessment.Partial:
		t.answered++
		if !row.Required {
			if d := decisionRef(q.ID, ans); d != nil {
				cc.Decisions = append(cc.Decisions, *d)
				if len(d.Problems) == 0 {
					if d.Kind == assessment.DecisionAlternative {
						t.alternative++
					} else {
						t.notReasonable++
					}
					return
				}
			}
			cc.DecisionMissing = append(cc.DecisionMissing, q.ID)
		}
		if ans.Value == assessment.Partial {
			t.partial++
		} else {
			t.no++
		}
	default: // unknown
		t.answered++
		t.no++
	}
}

// decisionRef describes the decision recorded with an answer, or nil. Who
// decided and when default to who saved the answer and when.
func decisionRef(qid string, ans assessment.Answer) *DecisionRef {
	d := ans.Decision
	if d == nil {
		return nil
	}
	ref := &DecisionRef{QuestionID: qid, Kind: d.Kind, Justification: d.Justification, Alternative: d.Alternative,
		DecidedBy: d.DecidedBy, DecidedAt: d.DecidedAt, Problems: d.Problems()}
	if ref.DecidedBy == "" {
		ref.DecidedBy = ans.By
	}
	if ref.DecidedAt == "" && !ans.At.IsZero() {
		ref.DecidedAt = ans.At.UTC().Format("2006-01-02")
	}
	return ref
}

// status applies the rules above to a row's tally; cited is how many rule
// questions of the bank cite the row.
func (t tally) status(cited int) ComplianceStatus {
	gaps := t.partial + t.no
	switch {
	case cited == 0:
		return NotAnswered
	case t.applicable == 0:
		return NotApplicable
	case t.answered == 0:
		return NotAnswered
	case t.answered == t.na && t.answered == t.applicable:
		return NotApplicable
	case t.answered == t.applicable && gaps == 0:
		switch {
		case t.notReasonable > 0:
			return DocumentedNotReasonable
		case t.alternative > 0:
			return MetByAlternative
		}
		return Met
	case t.yes+t.partial+t.alternative+t.notReasonable == 0:
		return NotMet
	}
	return PartiallyMet
}

// safeguardCounts counts citations by safeguard and status, in
// questionnaire.Safeguards order, followed by any other safeguard of the
// table (the general rules of 164.306) in name order.
func safeguardCounts(cits []CitationCompliance) []SafeguardCompliance {
	order := slices.Clone(questionnaire.Safeguards)
	var extra []questionnaire.Safeguard
	for _, c := range cits {
		if !slices.Contains(order, c.Safeguard) && !slices.Contains(extra, c.Safeguard) {
			extra = append(extra, c.Safeguard)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	order = append(order, extra...)
	out := make([]SafeguardCompliance, 0, len(order))
	for _, sg := range order {
		s := SafeguardCompliance{Safeguard: sg}
		for _, c := range cits {
			if c.Safeguard != sg {
				continue
			}
			s.Citations++
			switch c.Status {
			case Met:
				s.Met++
			case MetByAlternative:
				s.MetByAlternative++
			case DocumentedNotReasonable:
				s.DocumentedNotReasonable++
			case PartiallyMet:
				s.PartiallyMet++
			case NotMet:
				s.NotMet++
			case NotApplicable:
				s.NotApplicable++
			case NotAnswered:
				s.NotAnswered++
			}
		}
		out = append(out, s)
	}
	return out
}
