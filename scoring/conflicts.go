package scoring

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// checkAWSBAA is the probe check that looks for an active AWS Business
// Associate Addendum.
const checkAWSBAA = assessment.CheckAWSBAAAccepted

// conflicts lists the places where the practice says a safeguard is in place
// while a failed, unsuppressed cloud check about the same thing shows
// otherwise: an answer of yes to a question whose own linked checks
// (Question.Checks) failed, one conflict per question naming the checks,
// findings and resources; and an AWS vendor entry marked as having a signed
// BAA while the aws-baa-accepted check fails. A shared citation alone is
// never a conflict: a check and a question may cite the same standard and
// still be about different things. Question conflicts come in bank order,
// then vendor conflicts by name. It also returns the failing BAA findings
// that contradict the vendor list.
func (x *analysis) conflicts() ([]Conflict, []int) {
	byCheck := make(map[string][]int)
	var baa []int
	for _, i := range x.failing {
		f := x.findings[i]
		byCheck[f.CheckID] = append(byCheck[f.CheckID], i)
		if f.CheckID == checkAWSBAA {
			baa = append(baa, i)
		}
	}
	out := []Conflict{}
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if ans, ok := x.answers[q.ID]; !ok || ans.Value != assessment.Yes || len(q.Checks) == 0 {
			continue
		}
		var idx []int
		for _, c := range q.Checks {
			idx = append(idx, byCheck[c]...)
		}
		if len(idx) == 0 {
			continue
		}
		slices.Sort(idx)
		idx = slices.Compact(idx)
		out = append(out, x.questionConflict(q, idx))
	}
	if len(baa) == 0 {
		return out, nil
	}
	var contradicted []int
	for _, v := range sortedVendors(x.in.Vendors) {
		if !v.BAASigned || !v.IsAWS() {
			continue
		}
		contradicted = baa
		c := Conflict{
			ID: "C-vendor-" + slug(v.Name), Vendor: v.Name,
			Detail: x.conflictDetail("The vendor list says "+v.Name+" signed a business associate agreement", baa[0], len(baa)),
			Action: "Verify in AWS Artifact that the AWS Business Associate Addendum is accepted for this account or its organization, then run the cloud checks again; correct the vendor entry if no agreement exists.",
		}
		x.fillConflict(&c, baa)
		out = append(out, c)
	}
	return out, contradicted
}

// questionConflict describes an answer of yes contradicted by the failing
// findings idx of the question's own checks.
func (x *analysis) questionConflict(q *questionnaire.Question, idx []int) Conflict {
	c := Conflict{ID: "C-" + q.ID, QuestionID: q.ID, Question: strings.TrimSpace(q.Text), Answer: assessment.Yes}
	x.fillConflict(&c, idx)
	c.Detail = x.conflictDetail("The answer is yes", idx[0], len(idx))
	what := plural(len(c.Resources), "the resource", "the "+fmt.Sprint(len(c.Resources))+" resources")
	c.Action = fmt.Sprintf("Verify %s the check names. %s If the answer is right for the rest of the practice, change it to partial until %s fixed.",
		what, strings.TrimSpace(x.findings[idx[0]].Remediation), plural(len(c.Resources), "it is", "they are"))
	if strings.TrimSpace(x.findings[idx[0]].Remediation) == "" {
		c.Action = fmt.Sprintf("Verify %s the check names against what the answer says; fix what the check flags, or change the answer to partial or no until it is fixed.", what)
	}
	return c
}

// fillConflict lists the checks, findings, resources and citations of the
// failing findings idx.
func (x *analysis) fillConflict(c *Conflict, idx []int) {
	c.Findings = x.findingIDs(idx)
	var checks, res, cits []string
	for _, i := range idx {
		f := x.findings[i]
		checks = append(checks, f.CheckID)
		res = append(res, f.Resource)
		cits = append(cits, f.Citations...)
	}
	c.Checks, c.Resources, c.Citations = sortedUnique(checks), sortedUnique(res), sortedUnique(cits)
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
