package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/export"
)

// PlanCheck is a Terraform plan checked before deployment and attached to
// an assessment.
type PlanCheck = data.PlanCheck

// AttachPlanCheck records the findings of a plan check (suppressions
// already applied) on assessment id, as evidence of a pipeline control, and
// returns the attached record with its id. raw is the plan file as read:
// its SHA-256 lets an auditor match the record to the file.
func (a *App) AttachPlanCheck(ctx context.Context, id int64, file string, raw []byte, terraformVersion string, checkedAt time.Time,
	findings []assessment.Finding) (PlanCheck, error) {
	sum := sha256.Sum256(raw)
	p := PlanCheck{Assessment: id, File: file, PlanSHA256: hex.EncodeToString(sum[:]), TerraformVersion: terraformVersion,
		CheckedAt: checkedAt, ToolVersion: a.version, Findings: findings}
	var err error
	p.ID, err = a.st.SavePlanCheck(ctx, id, p)
	return p, err
}

// reportPlanCheck is how a report shows an attached plan check: what was
// checked, the counts, and every finding that did not pass.
func reportPlanCheck(p PlanCheck) export.PlanCheck {
	out := export.PlanCheck{File: p.File, PlanSHA256: p.PlanSHA256, TerraformVersion: p.TerraformVersion,
		CheckedAt: p.CheckedAt, ToolVersion: p.ToolVersion, Counts: Counts(p.Findings)}
	for _, f := range p.Findings {
		if f.Status != assessment.Pass {
			out.Problems = append(out.Problems, f)
		}
	}
	return out
}
