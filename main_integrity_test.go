package main

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics", "--assessor", "Dana"))
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
