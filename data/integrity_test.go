package data

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// busyAssessment makes one change of every kind the store records.
func busyAssessment(t *testing.T, s *Store) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Clínica São José", Assessor: "Dana", BankVersion: "2026.11"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.UpdateDetails(ctx, id, "Clínica São José", "Dana Whitfield", "All ePHI"))
	must(s.UpdateProfile(ctx, id, assessment.Profile{Providers: 3, Staff: 11, CloudServices: []string{"aws"}}))
	must(s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Value: assessment.No, Note: "n",
		Decision: &assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: "screen lock"}}))
	must(s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q2", Value: assessment.Yes}))
	must(s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q3", Value: assessment.Unknown}))
	must(s.ClearAnswer(ctx, id, "q3"))
	must(s.SetPractice(ctx, id, assessment.RecognizedPractice{Framework: "hicp", Since: "2025-03-01"}))
	a1, err := s.AddAsset(ctx, id, assessment.Asset{Name: "Front desk PC", Kind: "workstation", HoldsEPHI: true})
	must(err)
	a2, err := s.AddAsset(ctx, id, assessment.Asset{Name: "Old laptop", Kind: "laptop"})
	must(err)
	must(s.UpdateAsset(ctx, id, assessment.Asset{ID: a1, Name: "Front desk PC", Kind: "workstation", HoldsEPHI: true, Encrypted: assessment.EncryptionYes}))
	must(s.DeleteAsset(ctx, id, a2))
	v, err := s.AddVendor(ctx, id, assessment.Vendor{Name: "Amazon Web Services", HoldsEPHI: true})
	must(err)
	must(s.UpdateVendor(ctx, id, assessment.Vendor{ID: v, Name: "Amazon Web Services", HoldsEPHI: true, BAASigned: true}))
	must(s.SetOverride(ctx, id, assessment.Override{RiskID: "R-1", Likelihood: assessment.Low, Reason: "compensating control"}))
	must(s.SetOverride(ctx, id, assessment.Override{RiskID: "R-2", Impact: assessment.High, Reason: "r"}))
	must(s.ClearOverride(ctx, id, "R-2"))
	must(s.SetTracking(ctx, id, assessment.Tracking{ItemID: "P-1", Owner: "Sam", Due: "2027-01-31", Status: assessment.InProgress}))
	must(s.SetRiskTolerance(ctx, id, assessment.Moderate))
	must(s.AddSuppression(ctx, id, assessment.Suppression{CheckID: "rds-multi-az", Reason: "single site", Expires: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}))
	_, err = s.SaveProbeRun(ctx, id, ProbeRun{AccountID: "123456789012", Regions: []string{"us-east-1"},
		Findings: []assessment.Finding{{ID: "x", CheckID: "rds-multi-az", Status: assessment.Fail}}})
	must(err)
	return id
}

func TestReplayMatchesEveryKindOfChange(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir()+"/h.db")
	id := busyAssessment(t, s)
	copyID, err := s.CopyForward(ctx, id, NewAssessment{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finalize(ctx, id); err != nil {
		t.Fatal(err)
	}
	for _, aid := range []int64{id, copyID} {
		in, err := s.CheckIntegrity(ctx, aid)
		if err != nil {
			t.Fatal(err)
		}
		if !in.OK() {
			t.Errorf("assessment %d: %v", aid, in.Problems())
		}
	}
}

// Each case changes the file the way someone with a generic SQLite tool
// could, and must be found and named.
func TestTamperingIsFound(t *testing.T) {
	tests := []struct {
		name     string
		final    bool
		sql      string
		modified bool   // the final digest no longer matches
		want     string // in one of the problems
	}{
		{"answer changed after finalizing, trigger dropped", true,
			`DROP TRIGGER answer_final_update; UPDATE answer SET value = 'yes' WHERE question_id = 'q1'`,
			true, `answer q1, field value: the table holds "yes", the audit log "no"`},
		{"risk tolerance raised in a draft", false,
			`UPDATE assessment SET risk_tolerance = 5 WHERE id = 1`,
			false, `field riskTolerance: the table holds "Very High", the audit log "Moderate"`},
		{"asset renamed in a draft", false,
			`UPDATE asset SET name = 'Reception' WHERE name = 'Front desk PC'`,
			false, `field name: the table holds "Reception", the audit log "Front desk PC"`},
		{"vendor inserted in a draft", false,
			`INSERT INTO vendor (assessment_id, name) VALUES (1, 'Shadow IT')`,
			false, "in the table but never written by hipaarisk"},
		{"recognized practice back-dated in a draft", false,
			`UPDATE recognized_practice SET since = '2020-01-01' WHERE framework = 'hicp'`,
			false, `recognized_practice hicp, field since`},
		{"answer deleted in a draft", false,
			`DELETE FROM answer WHERE question_id = 'q2'`,
			false, "answer q2: written by hipaarisk but missing from the table"},
		{"log truncated and head moved back", false,
			`DROP TRIGGER audit_no_delete;
			 DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit WHERE assessment_id = 1);
			 UPDATE assessment SET audit_seq = audit_seq - 1,
			   audit_head = (SELECT hash FROM audit WHERE assessment_id = 1 ORDER BY seq DESC LIMIT 1) WHERE id = 1`,
			false, "probe_run 1: in the table but never written by hipaarisk"},
		{"final digest rewritten on the assessment row", true,
			`DROP TRIGGER assessment_final_update; UPDATE assessment SET digest = 'abc' WHERE id = 1`,
			false, "assessment 1, field digest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := t.TempDir() + "/h.db"
			s := openTest(t, path)
			id := busyAssessment(t, s)
			if tt.final {
				if _, err := s.Finalize(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := rawDB(t, path).Exec(tt.sql); err != nil {
				t.Fatalf("tamper: %v", err)
			}
			in, err := s.CheckIntegrity(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if in.OK() {
				t.Fatal("tampering was not found")
			}
			if in.Modified() != tt.modified {
				t.Errorf("Modified() = %v, want %v", in.Modified(), tt.modified)
			}
			all := strings.Join(in.Problems(), "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("problems do not say %q:\n%s", tt.want, all)
			}
			if tt.modified && !strings.Contains(all, "MODIFIED AFTER FINALIZATION") {
				t.Errorf("problems do not say MODIFIED AFTER FINALIZATION:\n%s", all)
			}
		})
	}
}

// Rewriting the assessment row cannot reopen a final assessment: REPLACE is
// refused, and even with the row's triggers dropped the lock holds.
func TestFinalLockSurvivesRowRewrite(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/h.db"
	s := openTest(t, path)
	id := busyAssessment(t, s)
	if _, err := s.Finalize(ctx, id); err != nil {
		t.Fatal(err)
	}
	// Like the sqlite3 shell: foreign keys off, so REPLACE cascades nothing.
	raw, err := sql.Open("sqlite", fileURI(path)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	defer raw.Close()
	replace := `INSERT OR REPLACE INTO assessment (id, practice, status, created_at, updated_at) VALUES (1, 'P', 'draft', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`
	if _, err := raw.Exec(replace); err == nil || !strings.Contains(err.Error(), "assessment is final") {
		t.Fatalf("REPLACE of a final assessment row: %v", err)
	}
	if _, err := raw.Exec(`DROP TRIGGER assessment_final_insert; DROP TRIGGER assessment_final_update; DROP TRIGGER assessment_final_delete; ` + replace); err != nil {
		t.Fatal(err)
	}
	a, err := s.Assessment(ctx, id)
	if err != nil || a.Status != assessment.Final {
		t.Fatalf("after the row rewrite: status %q, %v; want final", a.Status, err)
	}
	if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q9", Value: assessment.Yes}); err == nil {
		t.Error("a change to the rewritten assessment was accepted")
	}
	if err := s.DeleteAssessment(ctx, id); err == nil {
		t.Error("the rewritten assessment could be deleted")
	}
	if _, err := raw.Exec(`DELETE FROM final_lock`); err == nil {
		t.Error("the final lock could be deleted")
	}
}
