package scoring

import (
	"slices"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// ReadinessState is what the answers and cloud checks show about one item of
// the proposed rule.
type ReadinessState string

const (
	Ready       ReadinessState = "ready"
	NotReady    ReadinessState = "not_ready"
	NotAssessed ReadinessState = "not_assessed"
)

// Readiness is the unscored view of a proposed change to the Security Rule:
// the bank's description of it, with its status line as the bank states it,
// and per item what the practice's answers and cloud checks show. It never
// enters compliance, risks or the plan.
type Readiness struct {
	Title     string          `json:"title"`
	Published string          `json:"published"`
	RIN       string          `json:"rin"`
	Status    string          `json:"status"` // from the bank, e.g. "Proposed rule, not final as of ..."
	Items     []ReadinessItem `json:"items"`
}

// ReadinessItem is one change the proposed rule would make.
type ReadinessItem struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Requires   string          `json:"requires"`
	State      ReadinessState  `json:"state"`
	Answers    []AnswerRef     `json:"answers"`
	Unanswered []string        `json:"unanswered,omitempty"`
	Findings   []FindingStatus `json:"findings"`
}

// readiness describes the bank's proposed rule, or nil. An item is:
//   - not ready when a linked question is answered no or partial, or a
//     linked check failed (and is not suppressed);
//   - otherwise not assessed when a linked applicable question is not
//     answered or answered unknown, a linked check could not be evaluated,
//     or nothing linked to it applies;
//   - otherwise ready.
func (x *analysis) readiness() *Readiness {
	p := x.bank.ProposedRule
	if p == nil {
		return nil
	}
	r := &Readiness{Title: p.Title, Published: p.Published, RIN: p.RIN, Status: p.Status, Items: []ReadinessItem{}}
	for _, it := range p.Items {
		item := ReadinessItem{ID: it.ID, Title: it.Title, Requires: it.Requires, Answers: []AnswerRef{}, Findings: []FindingStatus{}}
		var gap, open bool
		evidence := 0
		for _, qid := range it.Questions {
			if !x.visible[qid] {
				continue
			}
			ans, ok := x.answers[qid]
			if !ok {
				item.Unanswered = append(item.Unanswered, qid)
				open = true
				continue
			}
			item.Answers = append(item.Answers, AnswerRef{QuestionID: qid, Value: ans.Value})
			switch ans.Value {
			case assessment.No, assessment.Partial:
				gap = true
			case assessment.Unknown:
				open = true
			case assessment.Yes:
				evidence++
			}
		}
		for _, f := range x.findings {
			if !slices.Contains(it.Checks, f.CheckID) {
				continue
			}
			item.Findings = append(item.Findings, FindingStatus{ID: f.ID, Status: f.Status})
			switch {
			case failed(f):
				gap = true
			case f.Status == assessment.Error || f.Status == assessment.NotAssessed:
				open = true
			case f.Status == assessment.Pass || f.Status == assessment.Fail:
				evidence++
			}
		}
		switch {
		case gap:
			item.State = NotReady
		case open || evidence == 0:
			item.State = NotAssessed
		default:
			item.State = Ready
		}
		r.Items = append(r.Items, item)
	}
	return r
}
