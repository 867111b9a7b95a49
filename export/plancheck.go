package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// PlanCheck is a Terraform or OpenTofu plan checked before deployment and
// attached to the assessment: evidence that the practice's pipeline checks
// infrastructure before it holds patient data. Its findings judge planned
// resources, not the live account.
type PlanCheck struct {
	File             string                    `json:"file"`
	PlanSHA256       string                    `json:"planSha256"`
	TerraformVersion string                    `json:"terraformVersion"`
	CheckedAt        time.Time                 `json:"checkedAt"`
	ToolVersion      string                    `json:"toolVersion"`
	Counts           map[assessment.Status]int `json:"counts"`
	// Problems are the findings that did not pass (failed, suppressed,
	// not assessed or error), by Terraform address.
	Problems []assessment.Finding `json:"problems"`
}

// Results sums up a plan check's findings in words.
func (p PlanCheck) Results() string {
	return fmt.Sprintf("pass %d, fail %d, not assessed %d, error %d", p.Counts[assessment.Pass],
		p.Counts[assessment.Fail], p.Counts[assessment.NotAssessed], p.Counts[assessment.Error])
}

// problemStatus names a plan finding's status, with its suppression.
func problemStatus(f assessment.Finding) string {
	st := strings.ToUpper(humanize(string(f.Status)))
	if f.Suppressed != nil {
		st += " (suppressed: " + f.Suppressed.Reason + ")"
	}
	return st
}

// planCheckIntro explains what the plan checks show and what they do not.
const planCheckIntro = "These Terraform plans were checked with the same rules as the live account before they were applied, " +
	"as evidence that the practice stops non-compliant infrastructure in its deployment pipeline. " +
	"Their findings describe planned resources; they do not change the live account's findings or the risk register."

// planChecks lists the plan checks attached to the assessment, then what
// each found that did not pass.
func (d *pdfDoc) planChecks(checks []PlanCheck) {
	if len(checks) == 0 {
		return
	}
	d.sub("Checks before deployment", 30)
	d.para(planCheckIntro)
	rows := make([][]string, 0, len(checks))
	for _, p := range checks {
		rows = append(rows, []string{p.File, timeOf(p.CheckedAt), p.TerraformVersion, p.PlanSHA256, p.Results()})
	}
	d.table([]column{{"Plan file", 1.6}, {"Checked", 1.4}, {"Terraform", 0.9}, {"SHA-256 of the plan file", 3.2}, {"Results", 1.9}}, rows, nil)
	var problems [][]string
	for _, p := range checks {
		for _, f := range p.Problems {
			problems = append(problems, []string{p.File, f.CheckID, orDash(f.Address), problemStatus(f), f.Reason})
		}
	}
	if len(problems) > 0 {
		d.table([]column{{"Plan file", 1.4}, {"Check", 2}, {"Terraform address", 2.4}, {"Status", 1.1}, {"Observed", 2.6}}, problems, nil)
	}
}
