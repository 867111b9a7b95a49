package scoring

import (
	"fmt"
	"slices"
	"strings"
)

// unansweredEvidence adds every applicable question nobody has answered to
// the vulnerabilities its "no" would reveal, as a gap: an unassessed
// safeguard cannot be relied on. It remembers the questions per
// vulnerability so that markNotAssessed can tell the reader.
func (x *analysis) unansweredEvidence(ev evidenceSet) {
	x.unansweredBy = map[string][]string{}
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if !x.visible[q.ID] {
			continue
		}
		if _, ok := x.answers[q.ID]; ok {
			continue
		}
		for _, v := range q.Vulnerabilities {
			if slices.Contains(x.unansweredBy[v], q.ID) {
				continue
			}
			e := ev.get(v)
			e.gap = true
			e.raisedBy = append(e.raisedBy, q)
			x.unansweredBy[v] = append(x.unansweredBy[v], q.ID)
		}
	}
}

// markNotAssessed lists the unanswered questions behind each risk and marks
// the risks that rest on nothing else as not assessed, saying so in their
// basis.
func (x *analysis) markNotAssessed(risks []Risk) {
	for k := range risks {
		r := &risks[k]
		qs := x.unansweredBy[r.VulnerabilityID]
		if len(qs) == 0 {
			continue
		}
		r.Sources.Unanswered = slices.Clone(qs)
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
