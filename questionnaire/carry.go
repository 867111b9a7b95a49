package questionnaire

import (
	"maps"
	"slices"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// CarryNote says what happened to one earlier answer when it was carried
// into an assessment on this bank: dropped whole, or carried without its
// addressable decision.
type CarryNote struct {
	QuestionID string                 `json:"questionId"`
	Value      assessment.AnswerValue `json:"value"`
	Dropped    bool                   `json:"dropped"` // false: carried, without the decision
	Reason     string                 `json:"reason"`
}

// Carry returns the answer as it carries into an assessment on this bank and,
// when anything of it is left behind, a note saying what and why:
//   - an answer to a question id the bank no longer has, or with a value the
//     question no longer allows, does not carry;
//   - an addressable decision does not carry to a question that no longer
//     cites an addressable specification.
func (b *Bank) Carry(a assessment.Answer) (assessment.Answer, *CarryNote) {
	note := &CarryNote{QuestionID: a.QuestionID, Value: a.Value, Dropped: true}
	q, ok := b.Question(a.QuestionID)
	switch {
	case !ok:
		note.Reason = "the question is not in question bank " + b.Version
		return a, note
	case !q.Allows(a.Value):
		note.Reason = "the answer " + string(a.Value) + " is not allowed for this question in question bank " + b.Version
		return a, note
	case a.Decision != nil && !q.Addressable():
		a.Decision = nil
		note.Dropped = false
		note.Reason = "carried without its addressable decision: in question bank " + b.Version + " the question no longer cites an addressable specification"
		return a, note
	}
	return a, nil
}

// CarryNotes lists, by question id, what of the given earlier answers does
// not carry into an assessment on this bank.
func (b *Bank) CarryNotes(answers map[string]assessment.Answer) []CarryNote {
	var out []CarryNote
	for _, id := range slices.Sorted(maps.Keys(answers)) {
		a := answers[id]
		a.QuestionID = id
		if _, n := b.Carry(a); n != nil {
			out = append(out, *n)
		}
	}
	return out
}
