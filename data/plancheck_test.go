package data

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func testPlanCheck() PlanCheck {
	return PlanCheck{File: "plan.json", PlanSHA256: strings.Repeat("ab", 32), TerraformVersion: "1.9.8",
		CheckedAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), ToolVersion: "0.1.0",
		Findings: []assessment.Finding{
			{ID: "f1", CheckID: assessment.CheckRDSStorageEncryption, Status: assessment.Fail, Resource: "db", Address: "module.db.aws_db_instance.main"},
			{ID: "f2", CheckID: assessment.CheckS3BucketVersioning, Status: assessment.Pass, Resource: "bucket", Address: "aws_s3_bucket.records"},
		}}
}

// savePlanCheck attaches the test plan check and returns it as LoadInputs
// must give it back.
func savePlanCheck(t *testing.T, s *Store, id int64) []PlanCheck {
	t.Helper()
	ctx := context.Background()
	p := testPlanCheck()
	pid, err := s.SavePlanCheck(ctx, id, p)
	if err != nil {
		t.Fatalf("SavePlanCheck: %v", err)
	}
	in, err := s.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.PlanChecks) != 1 {
		t.Fatalf("plan checks loaded: %d, want 1", len(in.PlanChecks))
	}
	got := in.PlanChecks[0]
	p.ID, p.Assessment = pid, id
	p.findingsSum = got.findingsSum
	if !reflect.DeepEqual(got, p) || len(got.findingsSum) != 64 {
		t.Errorf("plan check:\n got %+v\nwant %+v", got, p)
	}
	return in.PlanChecks
}

func TestSavePlanCheckRefusesIncompleteRecords(t *testing.T) {
	s, id := newTest(t)
	for name, change := range map[string]func(*PlanCheck){
		"no file":      func(p *PlanCheck) { p.File = "" },
		"bad digest":   func(p *PlanCheck) { p.PlanSHA256 = "not-hex" },
		"no time":      func(p *PlanCheck) { p.CheckedAt = time.Time{} },
		"short digest": func(p *PlanCheck) { p.PlanSHA256 = "abcd" },
	} {
		p := testPlanCheck()
		change(&p)
		if _, err := s.SavePlanCheck(context.Background(), id, p); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := s.SavePlanCheck(context.Background(), id+99, testPlanCheck()); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown assessment: %v, want ErrNotFound", err)
	}
}

// A plan check is part of what a final digest covers and what the audit
// replay compares: rewriting its findings is found.
func TestPlanCheckIsCoveredByIntegrity(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/h.db"
	s := openTest(t, path)
	id := busyAssessment(t, s)
	savePlanCheck(t, s, id)
	if _, err := s.Finalize(ctx, id); err != nil {
		t.Fatal(err)
	}
	if in, err := s.CheckIntegrity(ctx, id); err != nil || !in.OK() {
		t.Fatalf("before tampering: %v %v", in.Problems(), err)
	}
	if _, err := rawDB(t, path).Exec(`DROP TRIGGER plan_check_final_update; UPDATE plan_check SET findings = '[]'`); err != nil {
		t.Fatal(err)
	}
	in, err := s.CheckIntegrity(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(in.Problems(), "\n")
	if in.OK() || !in.Modified() || !strings.Contains(all, "plan_check 1, field") {
		t.Errorf("rewritten plan check findings not found: modified %v\n%s", in.Modified(), all)
	}
}
