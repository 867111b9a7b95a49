package data

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// Finalizing, the digest, audit tampering, deleting and carrying forward.

func TestFinalizeLocks(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	fillAssessment(t, s, id)
	before, err := s.Digest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	digest, err := s.Finalize(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if digest != before || len(digest) != 64 {
		t.Errorf("Finalize digest %s, Digest before %s", digest, before)
	}
	a, err := s.Assessment(ctx, id)
	if err != nil || a.Status != assessment.Final || a.Digest != digest || a.FinalizedAt.IsZero() {
		t.Fatalf("after Finalize: %+v %v", a, err)
	}
	if now, err := s.Digest(ctx, id); err != nil || now != digest {
		t.Errorf("Digest of the final assessment %s, %v; want %s", now, err, digest)
	}
	in, err := s.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ans := assessment.Answer{QuestionID: "q", Value: assessment.Yes}
	store := []struct {
		name string
		do   func() error
	}{
		{"save answer", func() error { return s.SaveAnswer(ctx, id, ans) }},
		{"clear answer", func() error { return s.ClearAnswer(ctx, id, "adm-risk-analysis") }},
		{"details", func() error { return s.UpdateDetails(ctx, id, "x", "y", "z") }},
		{"profile", func() error { return s.UpdateProfile(ctx, id, assessment.Profile{}) }},
		{"add asset", func() error { _, err := s.AddAsset(ctx, id, assessment.Asset{Name: "a"}); return err }},
		{"update asset", func() error { return s.UpdateAsset(ctx, id, in.Assets[0]) }},
		{"delete asset", func() error { return s.DeleteAsset(ctx, id, in.Assets[0].ID) }},
		{"add vendor", func() error { _, err := s.AddVendor(ctx, id, assessment.Vendor{Name: "v"}); return err }},
		{"delete vendor", func() error { return s.DeleteVendor(ctx, id, in.Vendors[0].ID) }},
		{"probe run", func() error { _, err := s.SaveProbeRun(ctx, id, ProbeRun{AccountID: "1"}); return err }},
		{"plan check", func() error { _, err := s.SavePlanCheck(ctx, id, testPlanCheck()); return err }},
		{"override", func() error {
			return s.SetOverride(ctx, id, assessment.Override{RiskID: "R", Impact: assessment.Low, Reason: "r"})
		}},
		{"clear override", func() error { return s.ClearOverride(ctx, id, "R-theft") }},
		{"tracking", func() error { return s.SetTracking(ctx, id, assessment.Tracking{ItemID: "I", Status: assessment.Done}) }},
		{"suppression", func() error { return s.AddSuppression(ctx, id, assessment.Suppression{CheckID: "c", Reason: "r"}) }},
		{"import", func() error { return s.ImportInputs(ctx, id, Import{Scope: "x"}) }},
		{"recognized practice", func() error {
			return s.SetPractice(ctx, id, assessment.RecognizedPractice{Framework: "hicp", Since: "2025-01-01"})
		}},
		{"clear recognized practice", func() error { return s.ClearPractice(ctx, id, "csf2") }},
		{"finalize again", func() error { _, err := s.Finalize(ctx, id); return err }},
		{"delete", func() error { return s.DeleteAssessment(ctx, id) }},
	}
	for _, st := range store {
		if err := st.do(); !errors.Is(err, ErrFinalized) {
			t.Errorf("store %s: %v, want ErrFinalized", st.name, err)
		}
	}
	raw := rawDB(t, s.Path())
	for _, q := range []string{
		`INSERT INTO answer (assessment_id, question_id, value) VALUES (1, 'new', 'yes')`,
		`UPDATE answer SET value = 'no' WHERE assessment_id = 1`,
		`DELETE FROM answer WHERE assessment_id = 1`,
		`UPDATE asset SET name = 'x'`,
		`DELETE FROM vendor`,
		`INSERT INTO asset (assessment_id, name) VALUES (1, 'x')`,
		`UPDATE probe_run SET findings = '[]'`,
		`DELETE FROM probe_run`,
		`UPDATE plan_check SET findings = '[]'`,
		`DELETE FROM plan_check`,
		`INSERT INTO plan_check (assessment_id, file, plan_sha256, checked_at, findings) VALUES (1, 'p.json', '', '', '[]')`,
		`UPDATE risk_override SET reason = 'changed'`,
		`INSERT INTO tracking (assessment_id, item_id, status) VALUES (1, 'I-9', 'todo')`,
		`DELETE FROM suppression`,
		`INSERT INTO recognized_practice (assessment_id, framework, since) VALUES (1, 'other', '2025-01-01')`,
		`UPDATE recognized_practice SET since = '2020-01-01'`,
		`DELETE FROM recognized_practice`,
		`UPDATE assessment SET practice = 'x'`,
		`UPDATE assessment SET status = 'draft'`,
		`DELETE FROM assessment`,
		`INSERT INTO audit (assessment_id, seq, at, who, action, target, old_value, new_value, hash)
			VALUES (1, 999, '', '', '', '', '', '', '')`,
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "assessment is final") {
			t.Errorf("raw %q: %v, want the final-assessment guard", q, err)
		}
	}
	if now, err := s.Digest(ctx, id); err != nil || now != digest {
		t.Errorf("digest changed after refused writes: %s %v", now, err)
	}
	if c, err := s.VerifyAudit(ctx, id); err != nil || !c.OK {
		t.Errorf("VerifyAudit after finalize: %+v %v", c, err)
	}
}

func TestDigestFollowsInputs(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	d1, err := s.Digest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Digest(ctx, id); again != d1 {
		t.Fatal("digest is not stable")
	}
	changes := []func() error{
		func() error {
			return s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q", Value: assessment.Yes})
		},
		func() error {
			return s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q", Value: assessment.No})
		},
		func() error {
			_, err := s.SaveProbeRun(ctx, id, ProbeRun{AccountID: "1", Findings: sampleFindings(2, "a")})
			return err
		},
		func() error { return s.SetTracking(ctx, id, assessment.Tracking{ItemID: "I", Status: assessment.Todo}) },
		func() error { return s.UpdateDetails(ctx, id, "Renamed", "Dana", "all ePHI") },
	}
	seen := map[string]bool{d1: true}
	for i, change := range changes {
		if err := change(); err != nil {
			t.Fatal(err)
		}
		d, err := s.Digest(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if seen[d] {
			t.Errorf("change %d did not change the digest", i)
		}
		seen[d] = true
	}
}

func TestAuditTamperDetected(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		tamper  []string
		wantSeq int64
	}{
		{"edited value", []string{`UPDATE audit SET new_value = '{"value":"yes"}' WHERE seq = 4`}, 4},
		{"edited who", []string{`UPDATE audit SET who = 'someone else' WHERE seq = 2`}, 2},
		{"deleted middle row", []string{`DELETE FROM audit WHERE seq = 3`}, 3},
		{"deleted last row", []string{`DELETE FROM audit WHERE seq = 6`}, 6},
		{"reordered rows", []string{
			`UPDATE audit SET seq = -1 WHERE seq = 3`,
			`UPDATE audit SET seq = 3 WHERE seq = 4`,
			`UPDATE audit SET seq = 4 WHERE seq = -1`,
		}, 3},
		{"moved head", []string{`UPDATE assessment SET audit_head = 'x'`}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, id := newTest(t)
			for _, q := range []string{"q1", "q2", "q3", "q4"} {
				if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: q, Value: assessment.No}); err != nil {
					t.Fatal(err)
				}
			}
			if c, err := s.VerifyAudit(ctx, id); err != nil || !c.OK || c.Rows != 6 {
				t.Fatalf("before tampering: %+v %v", c, err)
			}
			raw := rawDB(t, s.Path())
			// The triggers stop casual edits; a tamperer has to remove them first.
			if _, err := raw.Exec(tt.tamper[0]); err == nil && !strings.Contains(tt.name, "head") {
				t.Fatal("the audit guard let a raw edit through")
			}
			if _, err := raw.Exec(`DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete`); err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.tamper {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			c, err := s.VerifyAudit(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c.OK || c.BadSeq != tt.wantSeq || c.Problem == "" {
				t.Errorf("VerifyAudit %+v, want a problem at row %d", c, tt.wantSeq)
			}
		})
	}
}

func TestDeleteDraft(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	fillAssessment(t, s, id)
	keep, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Keep"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAssessment(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Assessment(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted assessment: %v", err)
	}
	if err := s.DeleteAssessment(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	raw := rawDB(t, s.Path())
	for _, table := range []string{"answer", "asset", "vendor", "probe_run", "plan_check", "risk_override", "tracking", "suppression", "audit"} {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM `+table+` WHERE assessment_id = ?`, id).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows left, %v", table, n, err)
		}
	}
	if c, err := s.VerifyAudit(ctx, keep); err != nil || !c.OK {
		t.Errorf("other assessment's audit: %+v %v", c, err)
	}
	if _, err := raw.Exec(`DELETE FROM audit WHERE assessment_id = ?`, keep); err == nil {
		t.Error("audit rows of an existing assessment could be deleted")
	}
}

func TestCopyForward(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	old := fillAssessment(t, s, id)
	if _, err := s.Finalize(ctx, id); err != nil {
		t.Fatal(err)
	}
	next, err := s.CopyForward(ctx, id, NewAssessment{Scope: "2027 review"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.LoadInputs(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	a := in.Assessment
	if a.CopiedFrom != id || a.Status != assessment.Draft || a.Practice != "Lakeside Family Clinic" || a.Scope != "2027 review" || a.Assessor != "Dana" {
		t.Errorf("new assessment %+v", a)
	}
	if !reflect.DeepEqual(in.Answers != nil, true) || len(in.Answers) != len(old.Answers) {
		t.Fatalf("answers %d, want %d", len(in.Answers), len(old.Answers))
	}
	for qid, w := range old.Answers {
		w.CarriedForward = true
		if !reflect.DeepEqual(in.Answers[qid], w) {
			t.Errorf("answer %s:\n got %+v\nwant %+v", qid, in.Answers[qid], w)
		}
	}
	for i := range old.Assets {
		w := old.Assets[i]
		w.ID, w.CarriedForward = in.Assets[i].ID, true
		if !reflect.DeepEqual(in.Assets[i], w) || in.Assets[i].ID == old.Assets[i].ID {
			t.Errorf("asset %d: %+v", i, in.Assets[i])
		}
	}
	for i := range old.Vendors {
		w := old.Vendors[i]
		w.ID, w.CarriedForward = in.Vendors[i].ID, true
		if !reflect.DeepEqual(in.Vendors[i], w) {
			t.Errorf("vendor %d: %+v", i, in.Vendors[i])
		}
	}
	if len(in.Runs)+len(in.Suppressions) != 0 {
		t.Errorf("carried probe runs or suppressions: %d, %d", len(in.Runs), len(in.Suppressions))
	}
	if len(in.Overrides) != len(old.Overrides) || len(in.Tracking) != len(old.Tracking) {
		t.Errorf("carried %d overrides and %d plan items, want %d and %d", len(in.Overrides), len(in.Tracking), len(old.Overrides), len(old.Tracking))
	}
	for _, o := range in.Overrides {
		if !o.CarriedForward {
			t.Errorf("override %s not marked as carried forward", o.RiskID)
		}
	}
	for _, tr := range in.Tracking {
		if !tr.CarriedForward {
			t.Errorf("plan item %s not marked as carried forward", tr.ItemID)
		}
	}
	// Reviewing clears the mark.
	if err := s.SaveAnswer(ctx, next, in.Answers["phys-workstation"]); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateAsset(ctx, next, in.Assets[0]); err != nil {
		t.Fatal(err)
	}
	again, err := s.LoadInputs(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if again.Answers["phys-workstation"].CarriedForward || again.Assets[0].CarriedForward || !again.Assets[1].CarriedForward {
		t.Errorf("after review: %+v %+v", again.Answers["phys-workstation"], again.Assets)
	}
	if c, err := s.VerifyAudit(ctx, next); err != nil || !c.OK {
		t.Errorf("VerifyAudit: %+v %v", c, err)
	}
	list, err := s.ListAssessments(ctx)
	if err != nil || len(list) != 2 || list[0].ID != next {
		t.Errorf("ListAssessments newest first: %+v %v", list, err)
	}
	if _, err := s.CopyForward(ctx, 9999, NewAssessment{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("copy from a missing assessment: %v", err)
	}
}
