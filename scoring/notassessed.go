package scoring

import (
	"fmt"
	"slices"
	"strings"
)

// unansweredEvidence adds every applicable question nobody has answered to
// the weaknesses its "no" would reveal, rated as a no: an unassessed
// safeguard cannot be relied on. The risks it raises are marked not
// assessed by markNotAssessed, so a reader can tell them apart.
func (x *analysis) unansweredEvidence(get func(id string) *evidence) {
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if _, answered := x.answers[q.ID]; answered || !x.visible[q.ID] {
			continue
		}
		for k, v := range q.Vulnerabilities {
			e := get(v)
			if e == nil || slices.Contains(q.Vulnerabilities[:k], v) {
				continue
			}
			e.unanswered = append(e.unanswered, q.ID)
			e.raisedBy = append(e.raisedBy, q)
		}
	}
}

// markNotAssessed lists the unanswered questions behind each risk and marks
// the risks that rest on nothing else as not assessed, saying so in their
// basis.
func (x *analysis) markNotAssessed(risks []Risk) {
	for k := range risks {
		r := &risks[k]
		var qs []string
		for _, w := range r.Weaknesses {
			qs = append(qs, w.Unanswered...)
		}
		qs = sortedUnique(qs)
		if len(qs) == 0 {
			continue
		}
		r.Sources.Unanswered = qs
		list := strings.Join(qs, ", ")
		if len(r.Sources.Answers) == 0 && len(r.Sources.Findings) == 0 && len(r.Sources.Vendors) == 0 {
			r.NotAssessed = true
			r.Basis = append(r.Basis, fmt.Sprintf("Not assessed: %s %s not been answered, so the risk is rated as if the safeguard were missing until %s.",
				list, oneOrMany(len(qs), "has", "have"), oneOrMany(len(qs), "it is", "they are")))
			continue
		}
		r.Basis = append(r.Basis, fmt.Sprintf("Also not yet answered: %s.", list))
	}
}

// oneOrMany is one when n is 1 and many otherwise.
func oneOrMany(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
