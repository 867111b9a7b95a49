package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"golang.org/x/sys/unix"
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

func TestOpenCreatesAndConfigures(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new", "deeper", "h.db")
	s := openTest(t, path)
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"application_id", "1212764225"},
		{"user_version", strconv.Itoa(latestVersion())},
	}
	for _, tt := range tests {
		var got string
		if err := s.w.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
		}
	}
	// Writes are refused on the read pool.
	if _, err := s.r.ExecContext(ctx, `DELETE FROM assessment`); err == nil {
		t.Error("the read pool accepted a write")
	}
}

// hipaariskFile writes a closed, checkpointed hipaarisk database and
// returns its path.
func hipaariskFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "h.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAssessment(context.Background(), NewAssessment{Practice: "P"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	tests := []struct {
		name    string
		make    func(t *testing.T, dir string) string
		want    error
		message string
	}{
		{"random bytes", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "x.db")
			b := make([]byte, 8192)
			rand.Read(b)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}, ErrNotHipaarisk, "not an SQLite database"},
		{"text file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "notes.txt")
			if err := os.WriteFile(path, []byte("SQLite format 2 is not this\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}, ErrNotHipaarisk, "not an SQLite database"},
		{"empty file", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "h.db")
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}, ErrNotHipaarisk, "the file is empty"},
		{"empty SQLite database", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "empty.db")
			db := rawDB(t, path)
			if _, err := db.Exec(`PRAGMA user_version = 0; CREATE TABLE t (x); DROP TABLE t; VACUUM`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}, ErrNotHipaarisk, "another application"},
		{"another application's database", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "other.db")
			db := rawDB(t, path)
			if _, err := db.Exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}, ErrNotHipaarisk, "another application"},
		{"another application with its own id", func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "other.db")
			db := rawDB(t, path)
			if _, err := db.Exec(`PRAGMA application_id = 42`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}, ErrNotHipaarisk, "another application"},
		{"newer hipaarisk", func(t *testing.T, dir string) string {
			path := hipaariskFile(t, dir)
			db := rawDB(t, path)
			if _, err := db.Exec(`PRAGMA user_version = 99`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			return path
		}, ErrNewerSchema, "newer hipaarisk"},
		{"damaged hipaarisk", func(t *testing.T, dir string) string {
			path := hipaariskFile(t, dir)
			if err := os.WriteFile(path+".bak-v0-20250101T000000Z", []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			junk := make([]byte, 3000)
			rand.Read(junk)
			if _, err := f.WriteAt(junk, 4096); err != nil { // page 2: a table's root page
				t.Fatal(err)
			}
			f.Close()
			return path
		}, ErrCorrupt, "h.db.bak-v0-20250101T000000Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.make(t, dir)
			before := fileSum(t, path)
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatal("Open accepted the file")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q should name the file and say %q", err, tt.message)
			}
			if fileSum(t, path) != before {
				t.Error("the refused file was modified")
			}
			if _, err := os.Stat(path + "-journal"); err == nil {
				t.Error("a rollback journal was left beside the refused file")
			}
		})
	}
}

func TestOpenNotWritable(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, dir string) string
	}{
		{"parent is a regular file", func(t *testing.T, dir string) string {
			parent := filepath.Join(dir, "plain")
			if err := os.WriteFile(parent, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(parent, "h.db")
		}},
		{"read-only folder", func(t *testing.T, dir string) string {
			ro := filepath.Join(dir, "ro")
			if err := os.Mkdir(ro, 0o500); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(ro, 0o700) })
			if unix.Access(ro, unix.W_OK) == nil {
				t.Skip("this user can write to a read-only folder (root); the regular-file parent case covers the error path")
			}
			return filepath.Join(ro, "h.db")
		}},
		{"folder that refuses new files even to root", func(t *testing.T, dir string) string {
			// sysfs never lets anyone create a file at its top, so this
			// exercises the read-only folder path whoever runs the tests.
			if runtime.GOOS != "linux" {
				t.Skip("sysfs is Linux only")
			}
			return "/sys/hipaarisk-test.db"
		}},
		{"read-only file", func(t *testing.T, dir string) string {
			path := hipaariskFile(t, dir)
			if err := os.Chmod(path, 0o400); err != nil {
				t.Fatal(err)
			}
			if unix.Access(path, unix.W_OK) == nil {
				t.Skip("this user can write to a read-only file (root)")
			}
			return path
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.make(t, t.TempDir())
			s, err := Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, ErrNotWritable) || !strings.Contains(err.Error(), "not writable") &&
				!strings.Contains(err.Error(), "cannot be created") {
				t.Fatalf("error %v, want a clear not-writable error", err)
			}
		})
	}
}

func TestMigrationBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	db := rawDB(t, path)
	if _, err := db.Exec(`PRAGMA application_id = 1212764225;
		CREATE TABLE legacy (note TEXT); INSERT INTO legacy VALUES ('from version 0')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := openTest(t, path)
	baks, _ := filepath.Glob(path + ".bak-v0-*")
	if len(baks) != 1 {
		t.Fatalf("backups %v, want one h.db.bak-v0-*", baks)
	}
	bak := rawDB(t, baks[0])
	var note string
	var version int
	if err := bak.QueryRow(`SELECT note FROM legacy`).Scan(&note); err != nil || note != "from version 0" {
		t.Fatalf("backup content: %q, %v", note, err)
	}
	if err := bak.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 0 {
		t.Fatalf("backup version %d, %v", version, err)
	}
	if err := s.w.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != latestVersion() {
		t.Fatalf("migrated version %d, %v", version, err)
	}
	if _, err := s.CreateAssessment(context.Background(), NewAssessment{Practice: "P"}); err != nil {
		t.Fatal(err)
	}
	// Opening an up-to-date file makes no further backup.
	s.Close()
	openTest(t, path)
	if baks, _ := filepath.Glob(path + ".bak-*"); len(baks) != 1 {
		t.Errorf("backups after reopening: %v", baks)
	}
}

func TestBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s := openTest(t, path, WithBusyTimeout(50*time.Millisecond))
	id, err := s.CreateAssessment(ctx, NewAssessment{Practice: "P"})
	if err != nil {
		t.Fatal(err)
	}
	other := rawDB(t, path)
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	err = s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Value: assessment.Yes})
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "try again") || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want ErrBusy that says to try again", err)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Value: assessment.Yes}); err != nil {
		t.Fatalf("after the other writer finished: %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/home/u/.local/share/hipaarisk/hipaarisk.db"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/hipaarisk/hipaarisk.db"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, "/home/u/.local/share/hipaarisk/hipaarisk.db"},
		{"freebsd", nil, "/home/u/.local/share/hipaarisk/hipaarisk.db"},
		{"darwin", nil, "/home/u/Library/Application Support/hipaarisk/hipaarisk.db"},
		{"windows", map[string]string{"AppData": "/appdata"}, "/appdata/hipaarisk/hipaarisk.db"},
		{"windows", nil, ""},
	}
	for _, tt := range tests {
		got, err := defaultPath(tt.goos, env(tt.env), "/home/u")
		if got != filepath.FromSlash(tt.want) || (err != nil) != (tt.want == "") {
			t.Errorf("%s %v: %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
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
