package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// PlanCheck is one Terraform or OpenTofu plan checked before deployment and
// attached to an assessment as evidence of that pipeline control. Its
// findings judge planned infrastructure, not the live account: they never
// join the live findings, drift or the register.
type PlanCheck struct {
	ID               int64
	Assessment       int64
	File             string // the plan file's base name
	PlanSHA256       string // of the plan file's bytes, lower-case hex
	TerraformVersion string
	CheckedAt        time.Time
	ToolVersion      string
	Findings         []assessment.Finding

	findingsSum string // SHA-256 of the stored findings JSON, set when loaded
}

// planCheckSummary is what the audit log records for an attached plan check.
type planCheckSummary struct {
	File             string                    `json:"file"`
	PlanSHA256       string                    `json:"planSha256"`
	TerraformVersion string                    `json:"terraformVersion"`
	CheckedAt        time.Time                 `json:"checkedAt"`
	ToolVersion      string                    `json:"toolVersion"`
	Counts           map[assessment.Status]int `json:"counts"`
	// Findings is the SHA-256 of the stored findings JSON.
	Findings string `json:"findings"`
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// SavePlanCheck attaches a plan check to assessment id and returns its id.
// A final assessment refuses it like any other change.
func (s *Store) SavePlanCheck(ctx context.Context, id int64, p PlanCheck) (int64, error) {
	if p.File == "" || !sha256Hex.MatchString(p.PlanSHA256) || p.CheckedAt.IsZero() {
		return 0, s.fail("save plan check", fmt.Errorf("%w: a plan check needs the file name, its SHA-256 and the time it was checked", ErrInvalid))
	}
	findings, err := json.Marshal(nonNil(p.Findings))
	if err != nil {
		return 0, s.fail("save plan check", fmt.Errorf("encode findings: %w", err))
	}
	var checkID int64
	err = s.update(ctx, "save plan check", id, func(w *wtx) error {
		res, err := w.exec(`INSERT INTO plan_check (assessment_id, file, plan_sha256, terraform_version, checked_at, tool_version, findings)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, p.File, p.PlanSHA256, p.TerraformVersion, fmtTime(p.CheckedAt), p.ToolVersion, findings)
		if err != nil {
			return err
		}
		if checkID, err = res.LastInsertId(); err != nil {
			return err
		}
		return w.audit("save_plan_check", "plan:"+strconv.FormatInt(checkID, 10), nil, summarizePlanCheck(p, findings))
	})
	return checkID, err
}

func summarizePlanCheck(p PlanCheck, findings []byte) planCheckSummary {
	return planCheckSummary{File: p.File, PlanSHA256: p.PlanSHA256, TerraformVersion: p.TerraformVersion,
		CheckedAt: p.CheckedAt.UTC(), ToolVersion: p.ToolVersion, Counts: countFindings(p.Findings), Findings: sha256Of(findings)}
}

func sha256Of(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// loadPlanChecks returns the assessment's plan checks, oldest first, with
// their findings.
func loadPlanChecks(ctx context.Context, tx *sql.Tx, id int64) ([]PlanCheck, error) {
	return loadList(ctx, tx, `SELECT id, assessment_id, file, plan_sha256, terraform_version, checked_at, tool_version, findings
		FROM plan_check WHERE assessment_id = ? ORDER BY checked_at, id`, id,
		func(sc scanner) (PlanCheck, error) {
			var p PlanCheck
			var at string
			var findings []byte
			if err := sc.Scan(&p.ID, &p.Assessment, &p.File, &p.PlanSHA256, &p.TerraformVersion, &at, &p.ToolVersion, &findings); err != nil {
				return p, err
			}
			var err error
			if p.CheckedAt, err = parseTime(at); err != nil {
				return p, err
			}
			p.findingsSum = sha256Of(findings)
			if p.Findings, err = decodeFindings(findings); err != nil {
				return p, fmt.Errorf("plan check %d: %w", p.ID, err)
			}
			return p, nil
		})
}

// planCheckRow is a loaded plan check as the audit log records it.
func planCheckRow(p PlanCheck) planCheckSummary {
	s := summarizePlanCheck(p, nil)
	s.Findings = p.findingsSum
	return s
}
