package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// ProbeRun is one run of the AWS probes against one account.
type ProbeRun struct {
	ID          int64
	Assessment  int64
	AccountID   string
	Regions     []string
	StartedAt   time.Time
	FinishedAt  time.Time
	ToolVersion string
	// BaselineID is the earlier run the user asked this one to be compared
	// with; 0 means the previous run of the same account. The comparison
	// itself is derived from the findings and never stored.
	BaselineID int64
	Snapshot   []byte               // JSON of probes.Snapshot (evidence); empty in list results
	Findings   []assessment.Finding // empty in list results
}

// runSummary is what the audit log records for a saved run.
type runSummary struct {
	AccountID   string                    `json:"accountId"`
	Regions     []string                  `json:"regions"`
	StartedAt   time.Time                 `json:"startedAt"`
	FinishedAt  time.Time                 `json:"finishedAt"`
	ToolVersion string                    `json:"toolVersion"`
	Counts      map[assessment.Status]int `json:"counts"`
}

// SaveProbeRun stores a run with its findings and snapshot in one
// transaction and returns the run's id. The audit row records the run's
// per-status counts.
func (s *Store) SaveProbeRun(ctx context.Context, id int64, r ProbeRun) (int64, error) {
	if len(r.Snapshot) > 0 && !json.Valid(r.Snapshot) {
		return 0, s.fail("save probe run", fmt.Errorf("%w: the run's snapshot is not valid JSON", ErrInvalid))
	}
	if r.BaselineID < 0 {
		return 0, s.fail("save probe run", fmt.Errorf("%w: baseline run %d", ErrInvalid, r.BaselineID))
	}
	findings, err := json.Marshal(nonNil(r.Findings))
	if err != nil {
		return 0, s.fail("save probe run", fmt.Errorf("encode findings: %w", err))
	}
	regions, err := json.Marshal(nonNil(r.Regions))
	if err != nil {
		return 0, s.fail("save probe run", fmt.Errorf("encode regions: %w", err))
	}
	var runID int64
	err = s.update(ctx, "save probe run", id, func(w *wtx) error {
		if r.BaselineID != 0 {
			var n int
			if err := w.tx.QueryRowContext(ctx, `SELECT count(*) FROM probe_run WHERE id = ? AND assessment_id = ?`,
				r.BaselineID, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("baseline run %d is not a probe run of assessment %d: %w", r.BaselineID, id, ErrNotFound)
			}
		}
		res, err := w.exec(`INSERT INTO probe_run (assessment_id, account_id, regions, started_at, finished_at, tool_version,
			baseline_id, findings, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, r.AccountID, string(regions), fmtTime(r.StartedAt), fmtTime(r.FinishedAt), r.ToolVersion,
			r.BaselineID, findings, blob(r.Snapshot))
		if err != nil {
			return err
		}
		if runID, err = res.LastInsertId(); err != nil {
			return err
		}
		return w.audit("save_probe_run", "run:"+strconv.FormatInt(runID, 10), nil, runSummary{
			AccountID: r.AccountID, Regions: r.Regions, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
			ToolVersion: r.ToolVersion, Counts: countFindings(r.Findings),
		})
	})
	return runID, err
}

func countFindings(fs []assessment.Finding) map[assessment.Status]int {
	c := map[assessment.Status]int{}
	for _, f := range fs {
		c[f.Status]++
	}
	return c
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// blob stores an empty byte slice as NULL.
func blob(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

const runCols = `id, assessment_id, account_id, regions, started_at, finished_at, tool_version, baseline_id`

func scanRun(sc scanner, extra ...any) (ProbeRun, error) {
	var r ProbeRun
	var regions, started, finished string
	dest := append([]any{&r.ID, &r.Assessment, &r.AccountID, &regions, &started, &finished, &r.ToolVersion, &r.BaselineID}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(regions), &r.Regions); err != nil {
		return r, fmt.Errorf("run %d: stored regions: %w", r.ID, err)
	}
	var err error
	if r.StartedAt, err = parseTime(started); err != nil {
		return r, err
	}
	r.FinishedAt, err = parseTime(finished)
	return r, err
}

func loadRuns(ctx context.Context, tx *sql.Tx, id int64) ([]ProbeRun, error) {
	return loadList(ctx, tx, `SELECT `+runCols+` FROM probe_run WHERE assessment_id = ? ORDER BY started_at, id`, id,
		func(sc scanner) (ProbeRun, error) { return scanRun(sc) })
}

// ProbeRuns returns the assessment's runs, oldest first, without their
// snapshots and findings.
func (s *Store) ProbeRuns(ctx context.Context, id int64) ([]ProbeRun, error) {
	return readList(s, ctx, "read probe runs", id, loadRuns)
}

// ProbeRun returns one run with its snapshot and findings.
func (s *Store) ProbeRun(ctx context.Context, runID int64) (ProbeRun, error) {
	var r ProbeRun
	err := s.read(ctx, "read probe run", func(tx *sql.Tx) error {
		var findings, snapshot []byte
		var err error
		r, err = scanRun(tx.QueryRowContext(ctx, `SELECT `+runCols+`, findings, snapshot FROM probe_run WHERE id = ?`, runID),
			&findings, &snapshot)
		r.Snapshot = snapshot
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("probe run %d: %w", runID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		r.Findings, err = decodeFindings(findings)
		return err
	})
	return r, err
}

func decodeFindings(b []byte) ([]assessment.Finding, error) {
	var fs []assessment.Finding
	if err := json.Unmarshal(b, &fs); err != nil {
		return nil, fmt.Errorf("stored findings: %w", err)
	}
	if len(fs) == 0 {
		return nil, nil
	}
	return fs, nil
}

// LatestFindings returns the findings of the newest run of each account,
// accounts in id order.
func (s *Store) LatestFindings(ctx context.Context, id int64) ([]assessment.Finding, error) {
	return readList(s, ctx, "read findings", id, latestFindings)
}

func latestFindings(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.Finding, error) {
	blobs, err := loadList(ctx, tx, `SELECT findings FROM probe_run r WHERE assessment_id = ?1 AND id = (
			SELECT id FROM probe_run WHERE assessment_id = ?1 AND account_id = r.account_id
			ORDER BY started_at DESC, id DESC LIMIT 1)
		ORDER BY account_id`, id,
		func(sc scanner) ([]byte, error) {
			var b []byte
			return b, sc.Scan(&b)
		})
	if err != nil {
		return nil, err
	}
	var out []assessment.Finding
	for _, b := range blobs {
		fs, err := decodeFindings(b)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}

// loadRunFindings returns the findings of every run of the assessment, by
// run id.
func loadRunFindings(ctx context.Context, tx *sql.Tx, id int64) (map[int64][]assessment.Finding, error) {
	type row struct {
		id int64
		b  []byte
	}
	rows, err := loadList(ctx, tx, `SELECT id, findings FROM probe_run WHERE assessment_id = ? ORDER BY id`, id,
		func(sc scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.id, &r.b)
		})
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]assessment.Finding, len(rows))
	for _, r := range rows {
		fs, err := decodeFindings(r.b)
		if err != nil {
			return nil, fmt.Errorf("run %d: %w", r.id, err)
		}
		out[r.id] = fs
	}
	return out, nil
}
