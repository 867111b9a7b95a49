package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// tamper changes the database file the way a generic SQLite tool would.
func tamper(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

// A finalized report that no longer matches its data says so everywhere it
// is shown: show, audit --verify, the report's cover, and verify-report on a
// report filed before the change.
func TestModifiedAfterFinalization(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics", "--assessor", "Dana", "--scope", "All ePHI"))
	complete(t, c, id)
	c.ok("answer", id, "adm-sanction-policy", "no", "--note", "not yet written")
	c.ok("finalize", id)
	filed := filepath.Join(t.TempDir(), "filed.pdf")
	c.ok("report", id, "--format", "pdf", "-o", filed)
	if out := c.ok("verify-report", filed); !strings.Contains(out, "matches assessment "+id) {
		t.Errorf("verify-report before the change: %s", out)
	}

	tamper(t, c.db, `DROP TRIGGER answer_final_update; UPDATE answer SET value = 'yes' WHERE question_id = 'adm-sanction-policy'`)

	r := c.run("show", id)
	if r.code != exitFailure || !strings.Contains(r.stdout, "MODIFIED AFTER FINALIZATION") {
		t.Errorf("show: exit %d\n%s", r.code, r.stdout)
	}
	r = c.run("audit", id, "--verify")
	if r.code != exitFailure || !strings.Contains(r.stdout, `answer adm-sanction-policy, field value: the table holds "yes", the audit log "no"`) {
		t.Errorf("audit --verify: exit %d\n%s", r.code, r.stdout)
	}
	r = c.run("verify-report", filed)
	if r.code != exitFailure || !strings.Contains(r.stdout, "does NOT match") {
		t.Errorf("verify-report after the change: exit %d\n%s", r.code, r.stdout)
	}
	md := c.ok("report", id, "--format", "md")
	if !strings.Contains(md, "MODIFIED AFTER FINALIZATION") {
		t.Errorf("the Markdown report does not say MODIFIED AFTER FINALIZATION:\n%.400s", md)
	}
	if r := c.run("verify-report", c.db); r.code != exitFailure || !strings.Contains(r.stderr, "not a PDF report written by hipaarisk") {
		t.Errorf("verify-report on a non-report: exit %d %q", r.code, r.stderr)
	}
}

// Text from the database never reaches the terminal as control sequences.
func TestTerminalSafeOutput(t *testing.T) {
	c := newCLI(t)
	evil := "Dana\x1b]0;pwned\a\x1b[2J"
	id := strings.TrimSpace(c.ok("new", "--practice", "Clinic\x1b[31mRed", "--assessor", evil))
	for _, args := range [][]string{{"list"}, {"show", id}, {"audit", id}} {
		out := c.ok(args...)
		if strings.ContainsAny(out, "\x1b\a") {
			t.Errorf("%v printed a raw control character: %q", args, out)
		}
		if args[0] != "audit" && !strings.Contains(out, "^[") {
			t.Errorf("%v does not show the escape visibly: %q", args, out)
		}
	}
	if r := c.run("show", "1", "--json"); !strings.Contains(r.stdout, `\u001b`) {
		t.Errorf("JSON should keep the value, escaped: %s", r.stdout)
	}
}

// Output never replaces the database, and replaces another file only with
// --force.
func TestOutputFilesAreSafe(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics"))
	link := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.Symlink(c.db, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"report", id, "--format", "md", "-o", c.db, "--force"},
		{"export-answers", id, "-o", link, "--force"},
	} {
		if r := c.run(args...); r.code != exitFailure || !strings.Contains(r.stderr, "assessment database") {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
	c.ok("show", id) // the database still opens

	out := filepath.Join(t.TempDir(), "report.md")
	c.ok("report", id, "--format", "md", "-o", out)
	if r := c.run("report", id, "--format", "md", "-o", out); r.code != exitFailure || !strings.Contains(r.stderr, "--force") {
		t.Errorf("second report onto the same file: exit %d %q", r.code, r.stderr)
	}
	c.ok("report", id, "--format", "md", "-o", out, "--force")
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

// readOnlyFolder returns a folder holding a copy of db that nobody may
// write to: a read-only mount when running as root (who ignores folder
// permissions), a folder without write permission otherwise.
func readOnlyFolder(t *testing.T, setup func(dir string)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		setup(dir)
		os.Chmod(dir, 0o500)
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return dir
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a file system here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	setup(dir)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v: %s", err, out)
	}
	return dir
}

// A database on a read-only disk or in a shared folder can still be listed,
// shown, verified and reported on; changes are refused with a clear message.
func TestReadOnlyFolder(t *testing.T) {
	var c cli
	dir := readOnlyFolder(t, func(dir string) {
		c = cli{t: t, db: filepath.Join(dir, "clinic.db")}
		c.ok("new", "--practice", "Harbor Pediatrics")
		c.ok("answer", "1", "adm-sanction-policy", "yes")
	})
	for _, args := range [][]string{{"list"}, {"show", "1"}, {"audit", "1", "--verify"}, {"score", "1"}} {
		r := c.run(args...)
		if r.code != exitOK || !strings.Contains(r.stderr, "read-only") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "r.md")
	c.ok("report", "1", "--format", "md", "-o", out)
	if r := c.run("answer", "1", "adm-sanction-policy", "no"); r.code != exitFailure || !strings.Contains(r.stderr, "writable") {
		t.Errorf("a change in a read-only folder: exit %d %q", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		t.Error("the database disappeared")
	}
}

// A command changes only what it is given: re-answering keeps the note,
// evidence, flag and decision; --impact after --likelihood keeps the
// likelihood; two plan set of different fields both stay.
func TestPartialUpdatesKeepTheOtherFields(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics"))
	q := "tech-auto-logoff"
	c.ok("answer", id, q, "no", "--note", "screens lock by policy", "--evidence", "GPO export", "--flag",
		"--decision", "alternative", "--justification", "Workstations lock after 5 minutes through the operating system policy",
		"--alternative", "Screen lock by operating system policy")
	c.ok("answer", id, q, "partial")
	var doc struct {
		Answers map[string]struct {
			Value    string `json:"value"`
			Note     string `json:"note"`
			Evidence string `json:"evidence"`
			Flagged  bool   `json:"flagged"`
			Decision *struct {
				Kind string `json:"kind"`
			} `json:"decision"`
		} `json:"answers"`
	}
	if err := json.Unmarshal([]byte(c.ok("export-answers", id, "--format", "json")), &doc); err != nil {
		t.Fatal(err)
	}
	a := doc.Answers[q]
	if a.Value != "partial" || a.Note != "screens lock by policy" || a.Evidence != "GPO export" || !a.Flagged || a.Decision == nil || a.Decision.Kind != "alternative" {
		t.Errorf("re-answering lost a field: %+v", a)
	}

	risk := firstRisk(t, c, id)
	c.ok("risk", id, "override", risk, "--likelihood", "low", "--reason", "locked room")
	c.ok("risk", id, "override", risk, "--impact", "high", "--reason", "locked room, full records")
	var an struct {
		Risks []struct {
			ID       string `json:"id"`
			Override *struct {
				Likelihood string `json:"likelihood"`
				Impact     string `json:"impact"`
			} `json:"override"`
		} `json:"risks"`
	}
	if err := json.Unmarshal([]byte(c.ok("score", id, "--json")), &an); err != nil {
		t.Fatal(err)
	}
	for _, r := range an.Risks {
		if r.ID == risk && (r.Override == nil || r.Override.Likelihood != "Low" || r.Override.Impact != "High") {
			t.Errorf("override after two partial edits: %+v", r.Override)
		}
	}
}

// firstRisk returns the id of the first risk in the register.
func firstRisk(t *testing.T, c cli, id string) string {
	t.Helper()
	var an struct {
		Risks []struct {
			ID string `json:"id"`
		} `json:"risks"`
	}
	if err := json.Unmarshal([]byte(c.ok("score", id, "--json")), &an); err != nil || len(an.Risks) == 0 {
		t.Fatalf("no risks: %v", err)
	}
	return an.Risks[0].ID
}

// Two plan set commands of different fields of one item, run at the same
// moment as separate processes, both take effect, every time.
func TestConcurrentPlanSet(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics"))
	c.ok("answer", id, "adm-sanction-policy", "no")
	var an struct {
		Plan []struct {
			ID string `json:"id"`
		} `json:"plan"`
	}
	if err := json.Unmarshal([]byte(c.ok("score", id, "--json")), &an); err != nil || len(an.Plan) == 0 {
		t.Fatalf("no plan items: %v", err)
	}
	item := an.Plan[0].ID
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], append([]string{"--db", c.db}, args...)...)
		cmd.Env = append(os.Environ(), runMainEnv+"=1")
		return cmd
	}
	for round := range 20 {
		owner, note := fmt.Sprintf("Owner %d", round), fmt.Sprintf("Note %d", round)
		a, b := run("plan", id, "set", item, "--owner", owner), run("plan", id, "set", item, "--note", note)
		var wg sync.WaitGroup
		for _, cmd := range []*exec.Cmd{a, b} {
			wg.Go(func() {
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("round %d: %v: %s", round, err, out)
				}
			})
		}
		wg.Wait()
		var got struct {
			Plan []struct {
				ID, Owner, Note string
			} `json:"plan"`
		}
		if err := json.Unmarshal([]byte(c.ok("score", id, "--json")), &got); err != nil {
			t.Fatal(err)
		}
		for _, p := range got.Plan {
			if p.ID == item && (p.Owner != owner || p.Note != note) {
				t.Fatalf("round %d lost a field: owner %q, note %q", round, p.Owner, p.Note)
			}
		}
	}
}

// complete answers every question of the assessment's bank that has no
// answer yet (yes, or the first answer a question allows) and adds an asset
// and a vendor, so that nothing but the assessor and scope can block
// finalizing.
func complete(t *testing.T, c cli, id string) {
	t.Helper()
	var stored struct {
		Answers map[string]json.RawMessage `json:"answers"`
		Assets  []json.RawMessage          `json:"assets"`
		Vendors []json.RawMessage          `json:"vendors"`
	}
	if err := json.Unmarshal([]byte(c.ok("export-answers", id, "--format", "json")), &stored); err != nil {
		t.Fatal(err)
	}
	var bank struct {
		Questions []struct {
			ID      string   `json:"id"`
			Answers []string `json:"answers"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(c.ok("questions", "--json")), &bank); err != nil {
		t.Fatal(err)
	}
	answers := map[string]any{}
	for _, q := range bank.Questions {
		if _, ok := stored.Answers[q.ID]; ok {
			continue
		}
		v := "yes"
		if len(q.Answers) > 0 && !slices.Contains(q.Answers, "yes") {
			v = q.Answers[0]
		}
		answers[q.ID] = map[string]string{"value": v, "evidence": "binder, shelf 2"}
	}
	doc := map[string]any{"answers": answers}
	if len(stored.Assets) == 0 { // an import's inventory replaces the stored one
		doc["assets"] = []map[string]any{{"name": "Front desk PC", "kind": "workstation", "holdsEphi": true, "encrypted": "yes"}}
	}
	if len(stored.Vendors) == 0 {
		doc["vendors"] = []map[string]any{{"name": "CareChart", "service": "Hosted EHR", "holdsEphi": true, "baaSigned": true, "baaDate": "2025-01-15"}}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "complete.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	c.ok("import", id, path)
}
