package scoring

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// EvidenceGap is a required standard or specification answered yes with no
// evidence reference: the record that would show it is in place, with the
// bank's hint of what that record is.
type EvidenceGap struct {
	QuestionID string   `json:"questionId"`
	Citations  []string `json:"citations"`
	Hint       string   `json:"hint"`
}

// evidenceToKeep lists, in bank order, the applicable rule questions on a
// required row answered yes without an evidence reference.
func (x *analysis) evidenceToKeep() []EvidenceGap {
	out := []EvidenceGap{}
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		ans, ok := x.answers[q.ID]
		if !ok || ans.Value != assessment.Yes || !isRule(q) || !x.requiredQuestion(q) || strings.TrimSpace(ans.Evidence) != "" {
			continue
		}
		out = append(out, EvidenceGap{QuestionID: q.ID, Citations: q.Citations, Hint: q.Guidance.Evidence})
	}
	return out
}
