package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/app/demo"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes"
)

var clock = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// seedNow is the clock of the demo tests.
var seedNow = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

func newApp(t *testing.T) (*App, int64) {
	t.Helper()
	ctx := context.Background()
	a, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"), Options{Actor: "tester", Version: "test", Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	id, err := a.Create(ctx, NewAssessment{Practice: "Harbor Pediatrics", Assessor: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	return a, id
}

func sampleSnapshot(t *testing.T) *probes.Snapshot {
	t.Helper()
	b, err := os.ReadFile("../probes/testdata/sample-snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	var s probes.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func TestRecordProbeDriftAndBAAVendor(t *testing.T) {
	ctx := context.Background()
	svc, id := newApp(t)

	first, err := svc.RecordProbe(ctx, id, sampleSnapshot(t), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if first.Drift != nil {
		t.Error("the first run of an account has no drift")
	}
	if first.Vendor == nil || !first.Vendor.BAASigned || !first.Vendor.IsAWS() {
		t.Fatalf("AWS vendor after an active BAA: %+v", first.Vendor)
	}

	// Second run: the BAA was terminated and one bucket gained versioning.
	snap := sampleSnapshot(t)
	snap.Artifact.Agreements[0].State = "CUSTOMER_TERMINATED"
	var fixedID string
	for i, b := range snap.S3.Buckets {
		if b.Versioning != "Enabled" && b.VersioningErr == nil {
			snap.S3.Buckets[i].Versioning = "Enabled"
			fixedID = probes.FindingID("s3-bucket-versioning", b.Region, b.ARN)
			break
		}
	}
	if fixedID == "" {
		t.Fatal("the sample snapshot has no bucket without versioning")
	}
	second, err := svc.RecordProbe(ctx, id, snap, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if second.Drift == nil || second.Drift.Baseline.ID != first.RunID {
		t.Fatalf("drift baseline: %+v", second.Drift)
	}
	newFail := map[string]bool{}
	for _, f := range second.Drift.NewFailures {
		newFail[f.CheckID] = true
	}
	if !newFail["aws-baa-accepted"] || len(second.Drift.NewFailures) != 1 {
		t.Errorf("new failures: %+v", second.Drift.NewFailures)
	}
	if len(second.Drift.Fixed) != 1 || second.Drift.Fixed[0].ID != fixedID {
		t.Errorf("fixed: %+v, want %s", second.Drift.Fixed, fixedID)
	}
	vendors, err := svc.Vendors(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(vendors) != 1 || vendors[0].BAASigned {
		t.Errorf("vendor after a terminated BAA: %+v", vendors)
	}

	// The baseline can be any earlier run; an unknown one is refused.
	third, err := svc.RecordProbe(ctx, id, sampleSnapshot(t), nil, first.RunID)
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Drift.NewFailures) != 0 || len(third.Drift.Fixed) != 0 {
		t.Errorf("identical to the baseline, drift %+v", third.Drift)
	}
	if _, err := svc.RecordProbe(ctx, id, sampleSnapshot(t), nil, 999); err == nil {
		t.Error("unknown baseline accepted")
	}

	// Suppressions from a file and from the assessment both apply.
	sup := []assessment.Suppression{{CheckID: "aws-baa-accepted", Resource: "*", Reason: "test"}}
	snap.Artifact.Agreements[0].State = "CUSTOMER_TERMINATED"
	res, err := svc.RecordProbe(ctx, id, snap, sup, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.CheckID == "aws-baa-accepted" && f.Suppressed == nil {
			t.Error("file suppression not applied")
		}
	}
}

func TestReportAndAtomicWrite(t *testing.T) {
	ctx := context.Background()
	svc, id := newApp(t)
	if _, err := svc.RecordProbe(ctx, id, sampleSnapshot(t), nil, 0); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Report(ctx, id, export.SignOff{Title: "Security Official"})
	if err != nil {
		t.Fatal(err)
	}
	if r.SignOff.Name != "Ana" || len(r.Digest) != 64 || !r.Audit.Verified || r.Audit.Rows == 0 || len(r.Runs) != 1 {
		t.Errorf("report: signoff %+v digest %q audit %+v runs %d", r.SignOff, r.Digest, r.Audit, len(r.Runs))
	}

	dir := t.TempDir()
	path, err := svc.WriteReport(ctx, id, "md", export.Options{}, export.SignOff{}, filepath.Join(dir, "r.md"), false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "Harbor Pediatrics") {
		t.Fatalf("report file: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if _, err := svc.WriteFile(filepath.Join(dir, "missing", "r.md"), []byte("x"), false); err == nil || !strings.Contains(err.Error(), "writable") {
		t.Errorf("write into a missing folder: %v", err)
	}
}

func TestReportFileName(t *testing.T) {
	tests := []struct{ practice, format, want string }{
		{"Clínica São José", "pdf", "clínica-são-josé-risk-analysis-3.pdf"},
		{"  A & B / Family  ", "md", "a-b-family-risk-analysis-3.md"},
		{"***", "csv", "assessment-risk-analysis-3.csv"},
	}
	for _, tt := range tests {
		if got := ReportFileName(tt.practice, tt.format, assessment.Assessment{ID: 3}); got != tt.want {
			t.Errorf("ReportFileName(%q) = %q, want %q", tt.practice, got, tt.want)
		}
	}
}

func TestFileSuppressionsReachTheReportAndExpire(t *testing.T) {
	ctx := context.Background()
	svc, id := newApp(t)
	snap := sampleSnapshot(t)
	snap.Artifact.Agreements[0].State = "CUSTOMER_TERMINATED"
	until := clock.Add(48 * time.Hour)
	sup := []assessment.Suppression{{CheckID: "aws-baa-accepted", Resource: "*", Reason: "agreement being renewed", Expires: until}}
	if _, err := svc.RecordProbe(ctx, id, snap, sup, 0); err != nil {
		t.Fatal(err)
	}
	baa := func() *assessment.Finding {
		t.Helper()
		r, err := svc.Report(ctx, id, export.SignOff{})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range r.Findings {
			if f.CheckID == "aws-baa-accepted" {
				return &r.Findings[i]
			}
		}
		t.Fatal("no aws-baa-accepted finding in the report")
		return nil
	}
	if f := baa(); f.Suppressed == nil || f.Suppressed.Reason != "agreement being renewed" {
		t.Errorf("a suppression from a file is lost in the report: %+v", f.Suppressed)
	}
	clock = clock.Add(72 * time.Hour)
	t.Cleanup(func() { clock = clock.Add(-72 * time.Hour) })
	if f := baa(); f.Suppressed != nil {
		t.Errorf("an expired suppression still suppresses: %+v", f.Suppressed)
	}
}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, filepath.Join(t.TempDir(), "demo.db"), Options{Actor: "demo", Now: func() time.Time { return seedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	id, err := a.Demo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	in := l.Inputs
	doc, _ := demo.Document()
	dec, _ := demo.Choices()
	snap, _ := demo.Snapshot()
	fs := probes.Evaluate(snap, seedNow, l.Bank.CheckLinks())
	checks := []struct {
		what      string
		got, want int
	}{
		{"answers", len(in.Answers), len(doc.Answers)},
		{"assets", len(in.Assets), len(doc.Assets)},
		{"vendors", len(in.Vendors), len(doc.Vendors)},
		{"runs", len(in.Runs), 1},
		{"findings", len(in.Findings), len(fs)},
		{"overrides", len(in.Overrides), len(dec.Overrides)},
		{"tracking", len(in.Tracking), len(dec.Tracking)},
		{"suppressions", len(in.Suppressions), len(dec.Suppressions)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: stored %d, want %d", c.what, c.got, c.want)
		}
	}
	if in.Assessment.Practice != demo.Practice || in.Assessment.Profile.Staff != 14 || in.Assessment.Scope != doc.Scope {
		t.Errorf("assessment %+v", in.Assessment)
	}
	if a := in.Answers["contingency-plan-tested"]; a.Decision == nil || a.Decision.Kind != assessment.DecisionAlternative ||
		a.Decision.Alternative == "" || a.Decision.DecidedBy != "Dr. Inês Carvalho, owner" || a.Decision.DecidedAt != "2026-11-14" {
		t.Errorf("the addressable decision was not stored: %+v", a.Decision)
	}
	if a := in.Answers["ba-government-arrangements"]; a.NAReason == "" {
		t.Errorf("the reason for not applicable was not stored: %+v", a)
	}
	if len(in.Practices) != 1 || in.Practices[0].Framework != "hicp" || in.Practices[0].Since != "2025-03-01" {
		t.Errorf("recognized practices %+v", in.Practices)
	}
}
