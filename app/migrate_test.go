package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes"
)

// openV1 opens a copy of a file written by schema version 1, which stored
// each run's drift and per-status counts: one assessment with three runs of
// one account, the second compared with the first and the third with the
// first by an explicit baseline. What hipaarisk showed for it before the
// upgrade is in testdata/schema-v1-*.json.
func openV1(t *testing.T) *App {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "data", "testdata", "schema-v1.db.gz"))
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
	path := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), path, Options{Actor: "tester", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestUpgradedFileShowsTheSameDrift(t *testing.T) {
	ctx := context.Background()
	a := openV1(t)

	dr, err := a.Drift(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var want probes.Drift
	readJSON(t, "schema-v1-drift.json", &want)
	if dr.Drift == nil {
		t.Fatal("no drift after the upgrade")
	}
	got := *dr.Drift
	// The comparison's own time is now the run's finish time, as the
	// baseline's is; it used to be the moment the run was recorded.
	if !got.Current.At.Equal(dr.Latest.FinishedAt) {
		t.Errorf("current run time %v, want its finish time %v", got.Current.At, dr.Latest.FinishedAt)
	}
	got.Current.At = want.Current.At
	if !reflect.DeepEqual(roundTrip(t, got), roundTrip(t, want)) {
		t.Errorf("drift after the upgrade differs:\n got %+v\nwant %+v", got, want)
	}

	r, err := a.Report(ctx, 1, export.SignOff{})
	if err != nil {
		t.Fatal(err)
	}
	var wantRuns []export.Run
	readJSON(t, "schema-v1-report-runs.json", &wantRuns)
	if !reflect.DeepEqual(roundTrip(t, r.Runs), roundTrip(t, wantRuns)) {
		t.Errorf("report runs after the upgrade:\n got %+v\nwant %+v", r.Runs, wantRuns)
	}
}

// roundTrip normalises v through its JSON form.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
