package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// testClock returns a clock that advances one millisecond per call.
func testClock() func() time.Time {
	var n atomic.Int64
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { return base.Add(time.Duration(n.Add(1)) * time.Millisecond) }
}

func openTest(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, append([]Option{WithActor("tester"), WithClock(testClock())}, opts...)...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newTest(t testing.TB) (*Store, int64) {
	t.Helper()
	s := openTest(t, filepath.Join(t.TempDir(), "h.db"))
	id, err := s.CreateAssessment(context.Background(), NewAssessment{Practice: "Lakeside Family Clinic", Assessor: "Dana", Scope: "all ePHI"})
	if err != nil {
		t.Fatalf("CreateAssessment: %v", err)
	}
	return s, id
}

// rawDB opens the file directly, without the store's checks.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", fileURI(path)+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func sampleFindings(n int, account string) []assessment.Finding {
	fs := make([]assessment.Finding, n)
	statuses := []assessment.Status{assessment.Pass, assessment.Fail, assessment.Error, assessment.NotAssessed}
	for i := range fs {
		res := "arn:aws:s3:::bucket-" + account + "-" + string(rune('a'+i%26))
		fs[i] = assessment.Finding{
			ID: "s3.encryption|us-east-1|" + res, CheckID: "s3.encryption", Title: "S3 bucket encrypts data at rest",
			Status: statuses[i%len(statuses)], Severity: assessment.HighSev, Resource: res, Region: "us-east-1",
			Reason: "default encryption is not configured", Citations: []string{"164.312(a)(2)(iv)"},
			Questions: []string{"tech-encrypt-rest"}, Remediation: "Turn on default encryption.",
		}
		if i%7 == 0 {
			fs[i].ErrorCode = "AccessDenied"
		}
	}
	return fs
}

// fillAssessment stores one of everything and returns what LoadInputs
// should give back.
func fillAssessment(t *testing.T, s *Store, id int64) Inputs {
	t.Helper()
	ctx := context.Background()
	long := strings.Repeat("Patientenakte verschlüsselt — 診療記録 🔒 ", 100*1024/50)
	answers := []assessment.Answer{
		{QuestionID: "adm-risk-analysis", Value: assessment.Yes, Note: "Révisé en janvier", Evidence: "binder p. 3"},
		{QuestionID: "tech-encrypt-rest", Value: assessment.No, Note: long, Flagged: true,
			Decision: &assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: "Locked room, ключ у менеджера",
				Alternative: "Laptops stay in the locked records room", DecidedBy: "Dana", DecidedAt: "2026-02-27"}},
		{QuestionID: "phys-workstation", Value: assessment.Unknown},
		{QuestionID: "org-group-plan", Value: assessment.NotApplicable, NAReason: "The practice sponsors no group health plan of its own."},
	}
	want := Inputs{Answers: map[string]assessment.Answer{}}
	for _, a := range answers {
		a.CarriedForward = true // cleared by SaveAnswer
		if err := s.SaveAnswer(ctx, id, a); err != nil {
			t.Fatalf("SaveAnswer: %v", err)
		}
	}
	got, err := s.Answers(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answers {
		g := got[a.QuestionID]
		if g.By != "tester" || g.At.IsZero() || g.CarriedForward {
			t.Errorf("answer %s: by %q at %v carried %v", a.QuestionID, g.By, g.At, g.CarriedForward)
		}
		a.By, a.At = g.By, g.At
		want.Answers[a.QuestionID] = a
	}
	for _, a := range []assessment.Asset{
		{Name: "Front desk PC", Kind: "workstation", Location: "Reception", Owner: "Office manager", HoldsEPHI: true,
			Encrypted: assessment.EncryptionYes, EncryptionNote: "BitLocker"},
		{Name: "Appointment book", Kind: "paper", Encrypted: assessment.EncryptionUnknown, Notes: "ünïcödé"},
	} {
		if a.ID, err = s.AddAsset(ctx, id, a); err != nil {
			t.Fatalf("AddAsset: %v", err)
		}
		want.Assets = append(want.Assets, a)
	}
	for _, v := range []assessment.Vendor{
		{Name: "CloudEHR Inc", Service: "EHR", HoldsEPHI: true, BAASigned: true, BAADate: "2025-02-28"},
		{Name: "Shred-It", Service: "shredding"},
	} {
		if v.ID, err = s.AddVendor(ctx, id, v); err != nil {
			t.Fatalf("AddVendor: %v", err)
		}
		want.Vendors = append(want.Vendors, v)
	}
	for _, p := range []assessment.RecognizedPractice{
		{Framework: "csf2", Since: "2026-01-15"},
		{Framework: "hicp", Since: "2025-03-01", Note: "Technical Volume 1"},
	} {
		if err := s.SetPractice(ctx, id, p); err != nil {
			t.Fatalf("SetPractice: %v", err)
		}
		got, err := s.Practices(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		p.By, p.At = "tester", got[len(got)-1].At
		want.Practices = append(want.Practices, p)
	}
	started := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	for i, r := range []ProbeRun{
		{AccountID: "111111111111", Regions: []string{"us-east-1"}, StartedAt: started, FinishedAt: started.Add(time.Minute),
			ToolVersion: "0.1.0", Snapshot: []byte(`{"schemaVersion":1}`), Findings: sampleFindings(5, "old")},
		{AccountID: "111111111111", Regions: []string{"us-east-1", "us-west-2"}, StartedAt: started.Add(time.Hour),
			FinishedAt: started.Add(time.Hour + time.Minute), ToolVersion: "0.1.0", Snapshot: []byte(`{"schemaVersion":1}`),
			Findings: sampleFindings(9, "new"), BaselineID: 1},
		{AccountID: "222222222222", Regions: []string{"eu-west-1"}, StartedAt: started.Add(30 * time.Minute),
			FinishedAt: started.Add(31 * time.Minute), ToolVersion: "0.1.0", Findings: sampleFindings(3, "two")},
	} {
		runID, err := s.SaveProbeRun(ctx, id, r)
		if err != nil {
			t.Fatalf("SaveProbeRun %d: %v", i, err)
		}
		full, err := s.ProbeRun(ctx, runID)
		if err != nil {
			t.Fatal(err)
		}
		r.ID, r.Assessment = runID, id
		if !reflect.DeepEqual(full, r) {
			t.Errorf("ProbeRun %d:\n got %+v\nwant %+v", i, full, r)
		}
		r.Snapshot, r.Findings = nil, nil
		want.Runs = append(want.Runs, r)
	}
	// Oldest first: the second account's run started between the first two.
	want.Runs[1], want.Runs[2] = want.Runs[2], want.Runs[1]
	want.PlanChecks = savePlanCheck(t, s, id)
	want.Findings = append(sampleFindings(9, "new"), sampleFindings(3, "two")...)
	for _, o := range []assessment.Override{
		{RiskID: "R-ransomware", Likelihood: assessment.High, Reason: "two incidents nearby"},
		{RiskID: "R-theft", Impact: assessment.VeryLow, Likelihood: assessment.Low, Reason: "laptops encrypted"},
	} {
		if err := s.SetOverride(ctx, id, o); err != nil {
			t.Fatalf("SetOverride: %v", err)
		}
		o.By = "tester"
		want.Overrides = append(want.Overrides, o)
	}
	for _, tr := range []assessment.Tracking{
		{ItemID: "I-1", Owner: "Dana", Due: "2026-06-30", Status: assessment.InProgress, Note: "quote requested"},
		{ItemID: "I-2", Status: assessment.Accepted, Reason: "Paper only", Approver: "Dr. Lee", Review: "2027-06-30"},
		{ItemID: "I-3", Status: assessment.Done, Completed: "2026-05-02", Evidence: "Invoice 42", Residual: assessment.Low},
	} {
		if err := s.SetTracking(ctx, id, tr); err != nil {
			t.Fatalf("SetTracking: %v", err)
		}
		tr.By = "tester"
		want.Tracking = append(want.Tracking, tr)
	}
	sp := assessment.Suppression{CheckID: "s3.encryption", Resource: "arn:aws:s3:::public-site*", Reason: "public website",
		Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := s.AddSuppression(ctx, id, sp); err != nil {
		t.Fatalf("AddSuppression: %v", err)
	}
	want.Suppressions = []assessment.Suppression{sp}
	return want
}

// sameInputs compares LoadInputs output with want, ignoring the store's
// timestamps on overrides and tracking (checked to be set) and the
// assessment row.
func sameInputs(t *testing.T, got, want Inputs) {
	t.Helper()
	for i := range got.Overrides {
		if got.Overrides[i].At.IsZero() {
			t.Errorf("override %s has no time", got.Overrides[i].RiskID)
		}
		got.Overrides[i].At = time.Time{}
	}
	for i := range got.Tracking {
		if got.Tracking[i].At.IsZero() {
			t.Errorf("tracking %s has no time", got.Tracking[i].ItemID)
		}
		got.Tracking[i].At = time.Time{}
	}
	got.Assessment, want.Assessment = assessment.Assessment{}, assessment.Assessment{}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"answers", got.Answers, want.Answers}, {"assets", got.Assets, want.Assets}, {"vendors", got.Vendors, want.Vendors},
		{"findings", got.Findings, want.Findings}, {"runs", got.Runs, want.Runs}, {"overrides", got.Overrides, want.Overrides},
		{"tracking", got.Tracking, want.Tracking}, {"suppressions", got.Suppressions, want.Suppressions},
		{"practices", got.Practices, want.Practices},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", f.name, f.got, f.want)
		}
	}
}

func TestLoadInputsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	profile := assessment.Profile{Address: "12 Rue de l'Église, Montréal", Providers: 3, Staff: 9, Locations: 1,
		EHR: "CloudEHR", EHRHosted: true, CloudServices: []string{"aws", "m365"}, PortableDevices: true}
	if err := s.UpdateProfile(ctx, id, profile); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateDetails(ctx, id, "Clínica São José", "Zoë", "all locations"); err != nil {
		t.Fatal(err)
	}
	want := fillAssessment(t, s, id)
	got, err := s.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	a := got.Assessment
	if a.Practice != "Clínica São José" || a.Assessor != "Zoë" || a.Scope != "all locations" ||
		!reflect.DeepEqual(a.Profile, profile) || a.Status != assessment.Draft || a.Digest != "" || !a.FinalizedAt.IsZero() ||
		a.CreatedAt.IsZero() || !a.UpdatedAt.After(a.CreatedAt) {
		t.Errorf("assessment %+v", a)
	}
	sameInputs(t, got, want)

	// Each piece is also readable on its own.
	latest, err := s.LatestFindings(ctx, id)
	if err != nil || !reflect.DeepEqual(latest, want.Findings) {
		t.Errorf("LatestFindings: %v", err)
	}
	runs, err := s.ProbeRuns(ctx, id)
	if err != nil || !reflect.DeepEqual(runs, want.Runs) {
		t.Errorf("ProbeRuns: %+v %v", runs, err)
	}
	list, err := s.ListAssessments(ctx)
	if err != nil || len(list) != 1 || list[0].Answers != 4 || list[0].LastChange.IsZero() || list[0].Practice != a.Practice {
		t.Errorf("ListAssessments: %+v %v", list, err)
	}
}

func TestUpdatesAndDeletes(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	assetID, err := s.AddAsset(ctx, id, assessment.Asset{Name: "Laptop", Encrypted: assessment.EncryptionNo})
	if err != nil {
		t.Fatal(err)
	}
	vendorID, err := s.AddVendor(ctx, id, assessment.Vendor{Name: "Billing Co"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q", Value: assessment.Partial}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOverride(ctx, id, assessment.Override{RiskID: "R", Impact: assessment.High, Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		want error
	}{
		{"update asset", func() error {
			return s.UpdateAsset(ctx, id, assessment.Asset{ID: assetID, Name: "Laptop 2", Encrypted: assessment.EncryptionYes})
		}, nil},
		{"update asset of another assessment", func() error {
			return s.UpdateAsset(ctx, other, assessment.Asset{ID: assetID, Name: "x"})
		}, ErrNotFound},
		{"update vendor", func() error {
			return s.UpdateVendor(ctx, id, assessment.Vendor{ID: vendorID, Name: "Billing Co", BAASigned: true, BAADate: "2026-01-31"})
		}, nil},
		{"delete missing asset", func() error { return s.DeleteAsset(ctx, id, 9999) }, ErrNotFound},
		{"clear answer", func() error { return s.ClearAnswer(ctx, id, "q") }, nil},
		{"clear missing answer", func() error { return s.ClearAnswer(ctx, id, "q") }, ErrNotFound},
		{"clear override", func() error { return s.ClearOverride(ctx, id, "R") }, nil},
		{"clear missing override", func() error { return s.ClearOverride(ctx, id, "R") }, ErrNotFound},
		{"delete asset", func() error { return s.DeleteAsset(ctx, id, assetID) }, nil},
		{"delete vendor", func() error { return s.DeleteVendor(ctx, id, vendorID) }, nil},
		{"save to missing assessment", func() error {
			return s.SaveAnswer(ctx, 9999, assessment.Answer{QuestionID: "q", Value: assessment.Yes})
		}, ErrNotFound},
		{"read missing assessment", func() error { _, err := s.Assessment(ctx, 9999); return err }, ErrNotFound},
		{"read missing run", func() error { _, err := s.ProbeRun(ctx, 9999); return err }, ErrNotFound},
		{"answers of missing assessment", func() error { _, err := s.Answers(ctx, 9999); return err }, ErrNotFound},
	}
	for _, st := range steps {
		err := st.do()
		if (st.want == nil && err != nil) || (st.want != nil && !errors.Is(err, st.want)) {
			t.Errorf("%s: %v, want %v", st.name, err, st.want)
		}
		if err != nil && !strings.Contains(err.Error(), s.Path()) {
			t.Errorf("%s: error %q does not name the file", st.name, err)
		}
	}
	in, err := s.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Answers)+len(in.Assets)+len(in.Vendors)+len(in.Overrides) != 0 {
		t.Errorf("left after deletes: %+v", in)
	}
	log, err := s.Audit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	wantActions := "create set_profile add_asset add_vendor save_answer set_override update_asset update_vendor " +
		"clear_answer clear_override delete_asset delete_vendor"
	if strings.Join(actions, " ") != wantActions {
		t.Errorf("audit actions:\n got %s\nwant %s", strings.Join(actions, " "), wantActions)
	}
	if c, err := s.VerifyAudit(ctx, id); err != nil || !c.OK || c.Rows != len(log) {
		t.Errorf("VerifyAudit: %+v %v", c, err)
	}
}

func TestValidation(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	tests := []struct {
		name string
		do   func() error
	}{
		{"empty practice", func() error { _, err := s.CreateAssessment(ctx, NewAssessment{Practice: "  "}); return err }},
		{"empty practice on update", func() error { return s.UpdateDetails(ctx, id, "", "a", "s") }},
		{"unknown answer value", func() error {
			return s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q", Value: "maybe"})
		}},
		{"answer without question", func() error { return s.SaveAnswer(ctx, id, assessment.Answer{Value: assessment.Yes}) }},
		{"unknown decision", func() error {
			return s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q", Value: assessment.No,
				Decision: &assessment.AddressableDecision{Kind: "later"}})
		}},
		{"override without reason", func() error {
			return s.SetOverride(ctx, id, assessment.Override{RiskID: "R", Likelihood: assessment.High, Reason: " "})
		}},
		{"override with bad level", func() error {
			return s.SetOverride(ctx, id, assessment.Override{RiskID: "R", Likelihood: 7, Reason: "r"})
		}},
		{"override with no level", func() error { return s.SetOverride(ctx, id, assessment.Override{RiskID: "R", Reason: "r"}) }},
		{"tracking bad status", func() error {
			return s.SetTracking(ctx, id, assessment.Tracking{ItemID: "I", Status: "later"})
		}},
		{"tracking bad due date", func() error {
			return s.SetTracking(ctx, id, assessment.Tracking{ItemID: "I", Status: assessment.Todo, Due: "30/06/2026"})
		}},
		{"tracking impossible date", func() error {
			return s.SetTracking(ctx, id, assessment.Tracking{ItemID: "I", Status: assessment.Todo, Due: "2026-02-30"})
		}},
		{"asset without name", func() error { _, err := s.AddAsset(ctx, id, assessment.Asset{}); return err }},
		{"asset bad encryption", func() error {
			_, err := s.AddAsset(ctx, id, assessment.Asset{Name: "a", Encrypted: "maybe"})
			return err
		}},
		{"vendor bad date", func() error {
			_, err := s.AddVendor(ctx, id, assessment.Vendor{Name: "v", BAADate: "2026-1-5"})
			return err
		}},
		{"suppression without reason", func() error {
			return s.AddSuppression(ctx, id, assessment.Suppression{CheckID: "c"})
		}},
		{"run with bad snapshot", func() error {
			_, err := s.SaveProbeRun(ctx, id, ProbeRun{Snapshot: []byte("{not json")})
			return err
		}},
		{"import with a bad answer", func() error {
			return s.ImportInputs(ctx, id, Import{Answers: []assessment.Answer{
				{QuestionID: "ok", Value: assessment.Yes}, {QuestionID: "bad", Value: "sure"}}})
		}},
	}
	for _, tt := range tests {
		if err := tt.do(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", tt.name, err)
		}
	}
	// Nothing was stored by the refused calls (the import is all or nothing).
	in, err := s.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Answers)+len(in.Assets)+len(in.Vendors)+len(in.Overrides)+len(in.Tracking)+len(in.Runs) != 0 {
		t.Errorf("refused input was stored: %+v", in)
	}
}

func TestImportInputs(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	if _, err := s.AddAsset(ctx, id, assessment.Asset{Name: "Old server"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddVendor(ctx, id, assessment.Vendor{Name: "Kept vendor"}); err != nil {
		t.Fatal(err)
	}
	p := assessment.Profile{Providers: 2, CloudServices: []string{"aws"}}
	err := s.ImportInputs(ctx, id, Import{
		Profile: &p, Scope: "main office",
		Answers: []assessment.Answer{{QuestionID: "q1", Value: assessment.Yes, CarriedForward: true}},
		Assets:  []assessment.Asset{{Name: "New server"}, {Name: "NAS"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if in.Assessment.Scope != "main office" || in.Assessment.Assessor != "Dana" || !reflect.DeepEqual(in.Assessment.Profile, p) {
		t.Errorf("details %+v", in.Assessment)
	}
	if a := in.Answers["q1"]; a.Value != assessment.Yes || a.CarriedForward || a.By != "tester" {
		t.Errorf("answer %+v", a)
	}
	if len(in.Assets) != 2 || in.Assets[0].Name != "New server" || in.Assets[1].Name != "NAS" {
		t.Errorf("assets %+v", in.Assets)
	}
	if len(in.Vendors) != 1 || in.Vendors[0].Name != "Kept vendor" {
		t.Errorf("vendors %+v", in.Vendors)
	}
}

func TestSetTrackingRefusesIncompleteAcceptance(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	tests := []struct {
		name string
		tr   assessment.Tracking
		ok   bool
	}{
		{"accepted without anything", assessment.Tracking{ItemID: "P-x", Status: assessment.Accepted}, false},
		{"accepted without a review date", assessment.Tracking{ItemID: "P-x", Status: assessment.Accepted, Reason: "r", Approver: "a"}, false},
		{"accepted with a bad review date", assessment.Tracking{ItemID: "P-x", Status: assessment.Accepted, Reason: "r", Approver: "a", Review: "soon"}, false},
		{"accepted in full", assessment.Tracking{ItemID: "P-x", Status: assessment.Accepted, Reason: "r", Approver: "a", Review: "2027-01-31"}, true},
		{"done without a date is completed today", assessment.Tracking{ItemID: "P-y", Status: assessment.Done}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SetTracking(ctx, id, tt.tr)
			if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("SetTracking = %v, want ok %v", err, tt.ok)
			}
		})
	}
	got, err := s.Tracking(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range got {
		if tr.ItemID == "P-y" && tr.Completed == "" {
			t.Errorf("done item without completion date: %+v", tr)
		}
	}
}

func TestRiskTolerance(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	if err := s.SetRiskTolerance(ctx, id, assessment.Moderate); err != nil {
		t.Fatal(err)
	}
	a, err := s.Assessment(ctx, id)
	if err != nil || a.RiskTolerance != assessment.Moderate {
		t.Fatalf("tolerance %s, %v", a.RiskTolerance, err)
	}
	if err := s.SetRiskTolerance(ctx, id, assessment.Level(9)); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid tolerance accepted: %v", err)
	}
}

// CopyForward carries answers through CarryAnswer: left-behind answers do
// not appear, changed ones are stored as changed, and the recognized
// practices come along.
func TestCopyForwardCarryAnswer(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	fillAssessment(t, s, id)
	next, err := s.CopyForward(ctx, id, NewAssessment{BankVersion: "next", CarryAnswer: func(a assessment.Answer) (assessment.Answer, bool) {
		a.Decision = nil
		return a, a.QuestionID != "phys-workstation"
	}})
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.LoadInputs(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := in.Answers["phys-workstation"]; ok || len(in.Answers) != 3 || in.Answers["tech-encrypt-rest"].Decision != nil {
		t.Errorf("carried answers %+v", in.Answers)
	}
	if len(in.Practices) != 2 || in.Assessment.BankVersion != "next" {
		t.Errorf("practices %+v, bank %s", in.Practices, in.Assessment.BankVersion)
	}
	if c, err := s.VerifyAudit(ctx, next); err != nil || !c.OK {
		t.Errorf("VerifyAudit: %+v %v", c, err)
	}
}

// TestNoteWithoutAnswer checks that a question can be noted and flagged
// before it is answered: the row keeps the empty value.
func TestNoteWithoutAnswer(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Note: "ask Dana", Flagged: true}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Answers(ctx, id)
	if err != nil || got["q1"].Value != "" || got["q1"].Note != "ask Dana" || !got["q1"].Flagged {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Value: "maybe"}); err == nil {
		t.Error("an unknown value was stored")
	}
}
