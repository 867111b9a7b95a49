package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// Inputs is everything scoring and export need, loaded in one read transaction.
type Inputs struct {
	Assessment assessment.Assessment
	Answers    map[string]assessment.Answer
	Assets     []assessment.Asset
	Vendors    []assessment.Vendor
	Findings   []assessment.Finding // = LatestFindings
	Runs       []ProbeRun           // without snapshots and findings
	// RunFindings holds the findings of every run, by run id, for
	// comparing runs.
	RunFindings  map[int64][]assessment.Finding
	Overrides    []assessment.Override
	Tracking     []assessment.Tracking
	Suppressions []assessment.Suppression
	Practices    []assessment.RecognizedPractice // by framework id
	Reviews      []Review
	// PlanChecks are the Terraform plans checked before deployment and
	// attached as evidence, oldest first, with their findings.
	PlanChecks []PlanCheck
}

// LoadInputs returns everything stored for an assessment, as one consistent
// read.
func (s *Store) LoadInputs(ctx context.Context, id int64) (Inputs, error) {
	var in Inputs
	err := s.read(ctx, "load assessment", func(tx *sql.Tx) error {
		var err error
		in, err = loadInputs(ctx, tx, id)
		return err
	})
	return in, err
}

func loadInputs(ctx context.Context, tx *sql.Tx, id int64) (Inputs, error) {
	var in Inputs
	var err error
	if in.Assessment, err = loadAssessment(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Answers, err = loadAnswers(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Assets, err = loadAssets(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Vendors, err = loadVendors(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Findings, err = latestFindings(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Runs, err = loadRuns(ctx, tx, id); err != nil {
		return in, err
	}
	if in.RunFindings, err = loadRunFindings(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Overrides, err = loadOverrides(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Tracking, err = loadTracking(ctx, tx, id); err != nil {
		return in, err
	}
	if in.Suppressions, err = loadSuppressions(ctx, tx, id); err != nil {
		return in, err
	}
	if in.PlanChecks, err = loadPlanChecks(ctx, tx, id); err != nil {
		return in, err
	}
	in.Practices, err = loadPractices(ctx, tx, id)
	if err != nil {
		return in, err
	}
	in.Reviews, err = loadReviews(ctx, tx, id)
	return in, err
}

// Import is what an import file brings to an assessment. Empty strings and
// nil fields keep what is stored.
type Import struct {
	Profile  *assessment.Profile
	Scope    string
	Assessor string
	Answers  []assessment.Answer // each saved as with SaveAnswer
	Assets   []assessment.Asset  // replaces the inventory when non-nil
	Vendors  []assessment.Vendor // replaces the inventory when non-nil
	// Practices replaces the recognized frameworks when non-nil.
	Practices []assessment.RecognizedPractice
}

// ImportInputs applies an import in one transaction: all of it or nothing.
func (s *Store) ImportInputs(ctx context.Context, id int64, in Import) error {
	return s.update(ctx, "import", id, func(w *wtx) error {
		if in.Scope != "" || in.Assessor != "" {
			var old details
			if err := w.tx.QueryRowContext(ctx, `SELECT practice, assessor, scope FROM assessment WHERE id = ?`, id).
				Scan(&old.Practice, &old.Assessor, &old.Scope); err != nil {
				return err
			}
			next := old
			if in.Scope != "" {
				next.Scope = in.Scope
			}
			if in.Assessor != "" {
				next.Assessor = in.Assessor
			}
			if _, err := w.exec(`UPDATE assessment SET assessor = ?, scope = ? WHERE id = ?`, next.Assessor, next.Scope, id); err != nil {
				return err
			}
			if err := w.audit("update_details", "assessment", old, next); err != nil {
				return err
			}
		}
		if in.Profile != nil {
			if err := w.setProfile(*in.Profile); err != nil {
				return err
			}
		}
		for _, a := range in.Answers {
			if err := w.saveAnswer(a); err != nil {
				return err
			}
		}
		if in.Assets != nil {
			if err := w.replaceAssets(in.Assets); err != nil {
				return err
			}
		}
		if in.Vendors != nil {
			if err := w.replaceVendors(in.Vendors); err != nil {
				return err
			}
		}
		if in.Practices != nil {
			return w.replacePractices(in.Practices)
		}
		return nil
	})
}

func (w *wtx) replaceAssets(assets []assessment.Asset) error {
	old, err := loadAssets(w.ctx, w.tx, w.id)
	if err != nil {
		return err
	}
	for _, a := range old {
		if err := w.deleteAsset(a.ID); err != nil {
			return err
		}
	}
	for _, a := range assets {
		a.CarriedForward = false
		if _, err := w.insertAsset(a); err != nil {
			return err
		}
	}
	return nil
}

func (w *wtx) replaceVendors(vendors []assessment.Vendor) error {
	old, err := loadVendors(w.ctx, w.tx, w.id)
	if err != nil {
		return err
	}
	for _, v := range old {
		if err := w.deleteVendor(v.ID); err != nil {
			return err
		}
	}
	for _, v := range vendors {
		v.CarriedForward = false
		if _, err := w.insertVendor(v); err != nil {
			return err
		}
	}
	return nil
}

// digestVersion names the canonical encoding below; bump it when the
// encoding changes.
const digestVersion = 1

// canonicalInputs is what the digest covers: every input the analysis is
// derived from, in a fixed order, without status, audit or bookkeeping
// times (created, updated, finalized). Maps are encoded with sorted keys;
// lists keep the order the store returns (by id or by key).
type canonicalInputs struct {
	Version     int    `json:"digestVersion"`
	Assessment  int64  `json:"assessment"`
	Practice    string `json:"practice"`
	Assessor    string `json:"assessor"`
	Scope       string `json:"scope"`
	BankVersion string `json:"bankVersion"`
	CopiedFrom  int64  `json:"copiedFrom"`
	// RiskTolerance is left out while unset, so digests recorded before it
	// existed still verify.
	RiskTolerance assessment.Level             `json:"riskTolerance,omitempty"`
	Profile       assessment.Profile           `json:"profile"`
	Answers       map[string]assessment.Answer `json:"answers"`
	Assets        []assessment.Asset           `json:"assets"`
	Vendors       []assessment.Vendor          `json:"vendors"`
	Runs          []canonicalRun               `json:"runs"`
	Overrides     []assessment.Override        `json:"overrides"`
	Tracking      []assessment.Tracking        `json:"tracking"`
	Suppressions  []assessment.Suppression     `json:"suppressions"`
	// Practices is left out while empty, so digests recorded before
	// recognized practices were stored still verify.
	Practices []assessment.RecognizedPractice `json:"practices,omitempty"`
	// Reviews is left out while empty, so digests recorded before section
	// reviews were stored still verify.
	Reviews []Review `json:"reviews,omitempty"`
	// PlanChecks is left out while empty, so digests recorded before plan
	// checks could be attached still verify.
	PlanChecks []planCheckSummary `json:"planChecks,omitempty"`
}

type canonicalRun struct {
	ID          int64     `json:"id"`
	AccountID   string    `json:"accountId"`
	Regions     []string  `json:"regions"`
	StartedAt   time.Time `json:"startedAt"`
	FinishedAt  time.Time `json:"finishedAt"`
	ToolVersion string    `json:"toolVersion"`
	// Findings is the SHA-256 of the run's stored findings JSON.
	Findings string `json:"findings"`
}

// digestOf is the hex SHA-256 of the canonical JSON of assessment id's inputs.
func digestOf(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	in, err := loadInputs(ctx, tx, id)
	if err != nil {
		return "", err
	}
	sums, err := loadList(ctx, tx, `SELECT findings FROM probe_run WHERE assessment_id = ? ORDER BY started_at, id`, id,
		func(sc scanner) (string, error) {
			var b []byte
			if err := sc.Scan(&b); err != nil {
				return "", err
			}
			return sha256Of(b), nil
		})
	if err != nil {
		return "", err
	}
	c := canonicalInputs{
		Version: digestVersion, Assessment: in.Assessment.ID, Practice: in.Assessment.Practice,
		Assessor: in.Assessment.Assessor, Scope: in.Assessment.Scope, BankVersion: in.Assessment.BankVersion,
		CopiedFrom: in.Assessment.CopiedFrom, Profile: in.Assessment.Profile, RiskTolerance: in.Assessment.RiskTolerance,
		Answers: in.Answers, Assets: in.Assets, Vendors: in.Vendors,
		Overrides: in.Overrides, Tracking: in.Tracking, Suppressions: in.Suppressions, Practices: in.Practices, Reviews: in.Reviews,
	}
	for _, p := range in.PlanChecks {
		c.PlanChecks = append(c.PlanChecks, planCheckRow(p))
	}
	for i, r := range in.Runs {
		c.Runs = append(c.Runs, canonicalRun{ID: r.ID, AccountID: r.AccountID, Regions: r.Regions,
			StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, ToolVersion: r.ToolVersion, Findings: sums[i]})
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode inputs for the digest: %w", err)
	}
	return sha256Of(b), nil
}
