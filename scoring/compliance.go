package scoring

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// compliance rates every row of the reference table and counts the rows of
// each safeguard by status.
//
// A row's status comes from the answers to the applicable questions that cite
// it (a question citing a standard cites its specifications too):
//   - no question in the bank cites it: not answered;
//   - every question citing it hidden by branching: not applicable;
//   - nothing answered yet: not answered;
//   - everything answered not_applicable: not applicable;
//   - every question answered, all yes (or not_applicable): met;
//   - no yes or partial among the answers (only no or unknown): not met;
//   - anything else, including yes with questions still open: partially met.
//
// A failed, unsuppressed probe finding citing the row (or its standard) then
// pulls it down one step: met becomes partially met, partially met becomes
// not met. Not answered and not applicable stay as they are, with the
// finding listed: a finding against a whole standard says nothing about a
// specification that branching hides or that nobody has answered yet.
func (x *analysis) compliance() Compliance {
	rowQuestions := make(map[string][]*questionnaire.Question)
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		var rows []string
		for _, c := range q.Citations {
			rows = append(rows, x.coveredRows(c)...)
		}
		for _, r := range sortedUnique(rows) {
			rowQuestions[r] = append(rowQuestions[r], q)
		}
	}
	rowFindings := make(map[string][]int)
	rowsOf := make(map[string][]string) // findings of one check share their citations
	for i, f := range x.findings {
		key := strings.Join(f.Citations, "\x00")
		rows, ok := rowsOf[key]
		if !ok {
			for _, c := range f.Citations {
				rows = append(rows, x.coveredRows(c)...)
			}
			rows = sortedUnique(rows)
			rowsOf[key] = rows
		}
		for _, r := range rows {
			rowFindings[r] = append(rowFindings[r], i)
		}
	}

	out := Compliance{Citations: make([]CitationCompliance, 0, len(x.bank.Citations))}
	for _, row := range x.bank.Citations {
		out.Citations = append(out.Citations, x.citationCompliance(row, rowQuestions[row.Citation], rowFindings[row.Citation]))
	}
	out.Safeguards = safeguardCounts(out.Citations)
	return out
}

// citationCompliance rates one row of the reference table from the answers
// to the questions that cite it and the findings that cite it (indexes into
// x.findings), by the rules above.
func (x *analysis) citationCompliance(row questionnaire.Citation, questions []*questionnaire.Question, findings []int) CitationCompliance {
	cc := CitationCompliance{
		Citation: row.Citation, Safeguard: row.Safeguard, Standard: row.Standard,
		Specification: row.Specification, Required: row.Required,
		Answers: []AnswerRef{}, Findings: make([]FindingStatus, 0, len(findings)),
	}
	var applicable, answered, yes, partial, no int
	for _, q := range questions {
		if !x.visible[q.ID] {
			continue
		}
		applicable++
		ans, ok := x.answers[q.ID]
		if !ok {
			continue
		}
		answered++
		cc.Answers = append(cc.Answers, AnswerRef{QuestionID: q.ID, Value: ans.Value})
		switch ans.Value {
		case assessment.Yes:
			yes++
		case assessment.Partial:
			partial++
		case assessment.No, assessment.Unknown:
			no++
		}
		if !row.Required && ans.Decision != nil && (ans.Value == assessment.No || ans.Value == assessment.Partial) {
			cc.Decisions = append(cc.Decisions, DecisionRef{
				QuestionID: q.ID, Kind: ans.Decision.Kind, Justification: ans.Decision.Justification,
			})
		}
	}
	switch {
	case len(questions) == 0:
		cc.Status = NotAnswered
	case applicable == 0:
		cc.Status = NotApplicable
	case answered == 0:
		cc.Status = NotAnswered
	case yes+partial+no == 0:
		cc.Status = NotApplicable
	case answered == applicable && partial+no == 0:
		cc.Status = Met
	case yes+partial == 0:
		cc.Status = NotMet
	default:
		cc.Status = PartiallyMet
	}
	pulled := false
	for _, i := range findings {
		f := x.findings[i]
		cc.Findings = append(cc.Findings, FindingStatus{ID: f.ID, Status: f.Status})
		pulled = pulled || failed(f)
	}
	if pulled {
		switch cc.Status {
		case Met:
			cc.Status = PartiallyMet
		case PartiallyMet:
			cc.Status = NotMet
		}
	}
	return cc
}

// safeguardCounts counts citations by safeguard and status, in
// questionnaire.Safeguards order.
func safeguardCounts(cits []CitationCompliance) []SafeguardCompliance {
	out := make([]SafeguardCompliance, 0, len(questionnaire.Safeguards))
	for _, sg := range questionnaire.Safeguards {
		s := SafeguardCompliance{Safeguard: sg}
		for _, c := range cits {
			if c.Safeguard != sg {
				continue
			}
			s.Citations++
			switch c.Status {
			case Met:
				s.Met++
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
