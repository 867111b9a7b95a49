package tfplan

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// Result is what the checks say about a plan.
type Result struct {
	// Findings are the checks' findings on the plan's resources, each with
	// its Terraform address.
	Findings []assessment.Finding `json:"findings"`
	// Skipped lists the checks that need the live account.
	Skipped []Skipped `json:"skipped"`
	// NotInPlan lists the checks for which the plan declares nothing.
	NotInPlan []string `json:"notInPlan"`
}

// Skipped is a check left out of a plan check, with the reason.
type Skipped struct {
	CheckID string `json:"checkId"`
	Title   string `json:"title"`
	Reason  string `json:"reason"`
}

// Evaluate runs the checks on the plan's snapshot (see probes.Evaluate for
// now and links). Checks that need the live account are skipped; findings
// about settings the plan does not declare are left out, and their checks
// listed in NotInPlan when nothing else is found; a finding that depends on
// a value known only after apply is not_assessed.
func (p *Plan) Evaluate(now time.Time, links map[string][]string) Result {
	res := Result{Findings: []assessment.Finding{}, Skipped: []Skipped{}, NotInPlan: []string{}}
	live := map[string]bool{}
	for _, c := range probes.Checks() {
		if why := c.LiveOnly(); why != "" {
			live[c.ID] = true
			res.Skipped = append(res.Skipped, Skipped{CheckID: c.ID, Title: c.Title, Reason: why})
		}
	}
	seen := map[string]bool{}
	for _, f := range probes.Evaluate(p.Snapshot, now, links) {
		if live[f.CheckID] {
			continue
		}
		f.Address = p.addrOf[f.Resource]
		if f.Address == "" {
			f.Address = p.accountAddr[f.CheckID+"|"+f.Region]
		}
		if f.Address == "" && (f.ErrorCode == probes.CodeNotInPlan || f.Resource == probes.AccountResource(p.Snapshot)) {
			continue // about the account, not about anything in the plan
		}
		if pd, ok := p.pending[f.ID]; ok && (f.Status == assessment.Pass || (f.Status == assessment.Fail && !pd.keepFail)) {
			f.Status, f.ErrorCode = assessment.NotAssessed, probes.CodeKnownAfterApply
			f.Reason = pd.what + ": known after apply"
		}
		seen[f.CheckID] = true
		res.Findings = append(res.Findings, f)
	}
	for _, c := range probes.Checks() {
		if !live[c.ID] && !seen[c.ID] {
			res.NotInPlan = append(res.NotInPlan, c.ID)
		}
	}
	return res
}
