package scoring

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// checkAWSBAA is the probe check that looks for an active AWS Business
// Associate Addendum.
const checkAWSBAA = assessment.CheckAWSBAAAccepted

// links ties failing findings to what they contradict, so that a conflict
// also raises the risk.
type links struct {
	questions map[int][]string // finding index -> questions answered yes that it contradicts
	baa       []int            // failing aws-baa-accepted findings contradicting the vendor list
}

// conflicts lists the places where the practice says a safeguard is in place
// while a failed, unsuppressed probe finding shows otherwise: an answer of yes
// to a question the finding is linked to, or that cites exactly the same
// citation (an exact match, so that a finding about one specification of a
// standard does not contradict an answer about another); and an AWS vendor
// entry marked as having a signed BAA while the aws-baa-accepted check fails.
// Question conflicts come in bank order, then vendor conflicts by name.
func (x *analysis) conflicts() ([]Conflict, links) {
	byQuestion := make(map[string][]int)
	byCitation := make(map[string][]int)
	var baa []int
	for _, i := range x.failing {
		f := x.findings[i]
		for _, q := range f.Questions {
			byQuestion[q] = append(byQuestion[q], i)
		}
		for _, c := range f.Citations {
			byCitation[c] = append(byCitation[c], i)
		}
		if f.CheckID == checkAWSBAA {
			baa = append(baa, i)
		}
	}
	out := []Conflict{}
	l := links{questions: make(map[int][]string)}
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if ans, ok := x.answers[q.ID]; !ok || ans.Value != assessment.Yes {
			continue
		}
		direct := byQuestion[q.ID]
		idx := slices.Clone(direct)
		for _, c := range q.Citations {
			idx = append(idx, byCitation[c]...)
		}
		if len(idx) == 0 {
			continue
		}
		slices.Sort(idx)
		idx = slices.Compact(idx)
		lead := idx[0] // a finding linked to the question explains it best
		if len(direct) > 0 {
			lead = slices.Min(direct)
		}
		for _, fi := range idx {
			l.questions[fi] = append(l.questions[fi], q.ID)
		}
		out = append(out, Conflict{
			ID:         "C-" + q.ID,
			QuestionID: q.ID,
			Answer:     assessment.Yes,
			Findings:   x.findingIDs(idx),
			Citations:  slices.Clone(q.Citations),
			Detail:     x.conflictDetail("The answer says this safeguard is in place", lead, len(idx)),
			Action:     "Fix the resources the check flags, or change the answer to partial or no until they are fixed, and note what you found.",
		})
	}
	if len(baa) == 0 {
		return out, l
	}
	for _, v := range sortedVendors(x.in.Vendors) {
		if !v.BAASigned || !v.IsAWS() {
			continue
		}
		l.baa = baa
		var cits []string
		for _, i := range baa {
			cits = append(cits, x.findings[i].Citations...)
		}
		out = append(out, Conflict{
			ID:        "C-vendor-" + slug(v.Name),
			Vendor:    v.Name,
			Findings:  x.findingIDs(baa),
			Citations: sortedUnique(cits),
			Detail:    x.conflictDetail("The vendor list says "+v.Name+" signed a business associate agreement", baa[0], len(baa)),
			Action:    "Accept the AWS Business Associate Addendum in AWS Artifact for this account or its organization, then run the cloud checks again; correct the vendor entry if no agreement exists.",
		})
	}
	return out, l
}

// conflictDetail explains a conflict: the claim, then the leading failing
// finding and how many more of the count there are.
func (x *analysis) conflictDetail(claim string, lead, count int) string {
	f := x.findings[lead]
	what := f.Title
	if what == "" {
		what = f.CheckID
	}
	d := fmt.Sprintf("%s, but the automated check %q failed for %s", claim, what, f.Resource)
	if f.Reason != "" {
		d += ": " + strings.TrimSuffix(f.Reason, ".")
	}
	d += "."
	if n := count - 1; n > 0 {
		d += fmt.Sprintf(" %d more failed %s the same.", n, plural(n, "finding says", "findings say"))
	}
	return d
}

// findingIDs returns the ids of the findings at the given indexes.
func (x *analysis) findingIDs(idx []int) []string {
	ids := make([]string, len(idx))
	for k, i := range idx {
		ids[k] = x.findings[i].ID
	}
	return ids
}

// sortedVendors returns the vendors ordered by name, then service.
func sortedVendors(vs []assessment.Vendor) []assessment.Vendor {
	out := slices.Clone(vs)
	slices.SortStableFunc(out, func(a, b assessment.Vendor) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Service, b.Service)
	})
	return out
}

// slug turns a name into a lower-case id of letters, digits and dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// plural picks the singular or plural wording for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
