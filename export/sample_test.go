package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// sampleNow is the fixed clock of the sample reports.
var sampleNow = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

// demoFile reads one of the demo practice's files. The export package may not
// import the store, so the tests read the demo's data files directly.
func demoFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "app", "demo", name))
	if err != nil {
		t.Fatalf("read demo file: %v", err)
	}
	return b
}

// sampleReport is the demo practice's report as a draft, evaluated by the
// real bank, checks and scoring with extraFindings added to its findings.
func sampleReport(t testing.TB, extraFindings int) *Report {
	t.Helper()
	bank, err := questionnaire.Load()
	if err != nil {
		t.Fatalf("load bank: %v", err)
	}
	doc, err := questionnaire.ParseDocument("practice.yaml", demoFile(t, "practice.yaml"))
	if err != nil {
		t.Fatalf("parse demo practice: %v", err)
	}
	var snap probes.Snapshot
	if err := json.Unmarshal(demoFile(t, "snapshot.json"), &snap); err != nil {
		t.Fatalf("parse demo snapshot: %v", err)
	}
	var dec struct {
		Overrides    []assessment.Override    `json:"overrides"`
		Tracking     []assessment.Tracking    `json:"tracking"`
		Suppressions []assessment.Suppression `json:"suppressions"`
	}
	if err := json.NewDecoder(bytes.NewReader(demoFile(t, "decisions.json"))).Decode(&dec); err != nil {
		t.Fatalf("parse demo decisions: %v", err)
	}
	findings := probes.Evaluate(&snap, sampleNow, bank.CheckLinks())
	findings = append(findings, manyFindings(findings, extraFindings)...)
	findings = probes.ApplySuppressions(findings, dec.Suppressions, sampleNow)
	in := scoring.Input{
		Bank: bank, Profile: *doc.Profile, Answers: doc.Answers, Assets: doc.Assets, Vendors: doc.Vendors,
		Findings: findings, Overrides: dec.Overrides, Tracking: dec.Tracking, Practices: doc.Practices,
		Assessor: doc.Assessor, Scope: doc.Scope, Config: scoring.DefaultConfig(), Now: sampleNow,
	}
	a := scoring.Analyze(in)
	counts := map[assessment.Status]int{}
	for _, f := range findings {
		counts[f.Status]++
	}
	return &Report{
		Analysis: a, Bank: bank,
		Practice: "Clínica São José Family Medicine", Assessor: doc.Assessor, Scope: doc.Scope, Status: "draft",
		Digest:    "9f2c4e8a1b7d3f6051c2e9a8b4d7f3061e5c9a2b8d4f7e3a1c6b9d2e5f8a3c7b",
		CreatedAt: sampleNow.AddDate(0, 0, -12),
		Profile:   *doc.Profile, Answers: doc.Answers, Assets: doc.Assets, Vendors: doc.Vendors,
		Runs: []Run{{AccountID: snap.AccountID, Regions: snap.Regions, StartedAt: snap.StartedAt, FinishedAt: snap.FinishedAt,
			ToolVersion: snap.ToolVersion, Counts: counts, Drift: []string{"New failure: s3-bucket-versioning on arn:aws:s3:::example (us-east-1)"}}},
		Findings: findings,
		History: []HistoryEntry{{ID: 1, Date: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC), Status: "final",
			ByLevel: []scoring.LevelCount{{Level: assessment.VeryHigh, Count: 2}, {Level: assessment.High, Count: 7},
				{Level: assessment.Moderate, Count: 9}, {Level: assessment.Low, Count: 4}, {Level: assessment.VeryLow, Count: 1}}}},
		Audit:    AuditSummary{Rows: 214, First: sampleNow.AddDate(0, 0, -12), Last: sampleNow.Add(-time.Hour), Verified: true},
		SignOff:  SignOff{Name: "Dr. Inês Carvalho", Title: "Medical director and security official"},
		Blockers: scoring.Blockers(a, in),
		NotCarried: []questionnaire.CarryNote{{QuestionID: "tech-password-expiry", Value: assessment.Yes, Dropped: true,
			Reason: "the question is not in question bank 2026.12"}},
		ReviewNotes: []string{`Section "Risk analysis and management" reviewed by Dr. Inês Carvalho on 2026-02-27.`},
		PlanChecks: []PlanCheck{{File: "plan.json", PlanSHA256: strings.Repeat("0f", 32), TerraformVersion: "1.9.8",
			CheckedAt: sampleNow.Add(-2 * time.Hour), ToolVersion: "1.0.0-test",
			Counts: map[assessment.Status]int{assessment.Pass: 12, assessment.Fail: 1},
			Problems: []assessment.Finding{{CheckID: assessment.CheckRDSStorageEncryption, Status: assessment.Fail,
				Address: "module.db.aws_db_instance.main", Reason: "storage_encrypted is false"}}}},
		Generated:   sampleNow,
		ToolVersion: "1.0.0-test",
	}
}

// manyFindings makes n more findings from the given ones, each on its own
// resource with a long ARN that has no spaces.
func manyFindings(base []assessment.Finding, n int) []assessment.Finding {
	if len(base) == 0 {
		return nil
	}
	out := make([]assessment.Finding, 0, n)
	for i := 0; i < n; i++ {
		f := base[i%len(base)]
		f.Resource = fmt.Sprintf("arn:aws:s3:::clinica-sao-jose-patient-portal-document-archive-%04d-with-an-unusually-long-name-for-testing/%s", i, f.CheckID)
		f.ID = probes.FindingID(f.CheckID, f.Region, f.Resource)
		f.Suppressed = nil
		out = append(out, f)
	}
	return out
}
