package data

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyFixture writes the gzip-compressed test database name into a fresh
// folder and returns its path.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name+".gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrateVersion1 opens a file written by schema version 1 (one
// assessment, three probe runs of one account: the second compared with
// the first, the third with the first by an explicit baseline).
func TestMigrateVersion1(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t, "schema-v1.db")
	s := openTest(t, path)

	if baks, _ := filepath.Glob(path + ".bak-v1-*"); len(baks) != 1 {
		t.Fatalf("backups %v, want one schema-v1.db.bak-v1-*", baks)
	}
	var cols []string
	rows, err := s.w.QueryContext(ctx, `SELECT name FROM pragma_table_info('probe_run') ORDER BY cid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	if got := strings.Join(cols, ","); got != "id,assessment_id,account_id,regions,started_at,finished_at,tool_version,baseline_id,findings,snapshot" {
		t.Errorf("probe_run columns: %s", got)
	}
	var guards int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'probe_run'`).
		Scan(&guards); err != nil || guards != 3 {
		t.Errorf("final-assessment guards on probe_run: %d, %v", guards, err)
	}

	runs, err := s.ProbeRuns(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]int64{1: 0, 2: 1, 3: 1} // run → baseline taken from its stored drift
	if len(runs) != len(want) {
		t.Fatalf("runs %+v", runs)
	}
	for _, r := range runs {
		if r.BaselineID != want[r.ID] {
			t.Errorf("run %d: baseline %d, want %d", r.ID, r.BaselineID, want[r.ID])
		}
		full, err := s.ProbeRun(ctx, r.ID)
		if err != nil || len(full.Findings) == 0 || len(full.Snapshot) == 0 {
			t.Errorf("run %d after the upgrade: %d findings, %d snapshot bytes, %v", r.ID, len(full.Findings), len(full.Snapshot), err)
		}
	}
	if c, err := s.VerifyAudit(ctx, 1); err != nil || !c.OK {
		t.Errorf("audit after the upgrade: %+v, %v", c, err)
	}
	// The upgraded table takes new runs and its guard still holds.
	if _, err := s.SaveProbeRun(ctx, 1, ProbeRun{AccountID: "123456789012", BaselineID: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM probe_run WHERE assessment_id = 1`); err == nil {
		t.Error("a final assessment's runs could be deleted after the upgrade")
	}
}

func TestSaveProbeRunRefusesForeignBaseline(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	other, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.SaveProbeRun(ctx, other, ProbeRun{AccountID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []int64{run, 999} {
		if _, err := s.SaveProbeRun(ctx, id, ProbeRun{AccountID: "1", BaselineID: b}); err == nil {
			t.Errorf("baseline %d of another assessment accepted", b)
		}
	}
}

func TestLoadReportReadsOneState(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	older, err := s.CreateAssessment(ctx, NewAssessment{Practice: " lakeside family clinic "})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Another Practice"}); err != nil {
		t.Fatal(err)
	}
	newer, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Lakeside Family Clinic"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.LoadReport(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	digest, err := s.Digest(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	if r.Digest != digest || !r.Audit.OK || r.Audit.Rows == 0 || r.Assessment.ID != newer {
		t.Errorf("report inputs: digest %q (want %q), audit %+v", r.Digest, digest, r.Audit)
	}
	var hist []int64
	for _, h := range r.History {
		hist = append(hist, h.Assessment.ID)
	}
	if len(hist) != 2 || hist[0] != id || hist[1] != older {
		t.Errorf("history %v, want [%d %d]", hist, id, older)
	}
	if _, err := s.LoadReport(ctx, 999); err == nil {
		t.Error("report of a missing assessment")
	}
}
