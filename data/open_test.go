package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// Several processes using a new file at once all succeed: one creates it,
// the others open it, and nothing is left beside it.
func TestConcurrentFirstUse(t *testing.T) {
	const n = 8
	dir := filepath.Join(t.TempDir(), "new", "folder")
	path := filepath.Join(dir, "clinic.db")
	var wg sync.WaitGroup
	outs := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), helperMode+"=1", helperFirstUse+"=1", helperDB+"="+path)
			out, err := cmd.CombinedOutput()
			outs[i], errs[i] = string(out), err
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || !strings.Contains(outs[i], "OK") {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	s := openTest(t, path)
	list, err := s.ListAssessments(context.Background())
	if err != nil || len(list) != n {
		t.Fatalf("%d assessments, %v; want %d", len(list), err, n)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if name := e.Name(); name != "clinic.db" && name != "clinic.db-wal" && name != "clinic.db-shm" {
			t.Errorf("left beside the database: %s", name)
		}
	}
}

// A crash while a new file is being made never leaves a file at the path
// that a later Open refuses: the file appears whole or not at all.
func TestCreateIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // fail the schema step: like a crash before the file is complete
	if s, err := Open(ctx, path); err == nil {
		s.Close()
		t.Fatal("Open with a cancelled context succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed creation left %s: %v", path, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".h.db.new-*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	openTest(t, path) // and the path is still free to use
}

// Database files and backups are readable by their owner alone, whatever
// the umask.
func TestFileModes(t *testing.T) {
	for _, mask := range []int{0o022, 0o077, 0o002} {
		old := syscall.Umask(mask)
		dir := t.TempDir()
		path := filepath.Join(dir, "h.db")
		db := rawDB(t, path)
		if _, err := db.Exec(`PRAGMA application_id = 1212764225; CREATE TABLE legacy (note TEXT)`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		os.Chmod(path, 0o600)
		s, err := Open(context.Background(), path)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		baks, _ := filepath.Glob(path + ".bak-*")
		if len(baks) != 1 {
			t.Fatalf("backups %v, want one", baks)
		}
		newPath := filepath.Join(dir, "fresh.db")
		syscall.Umask(mask)
		s, err = Open(context.Background(), newPath)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, f := range []string{baks[0], newPath} {
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("umask %03o: %s has mode %v, want 0600", mask, filepath.Base(f), fi.Mode().Perm())
			}
		}
	}
}

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := hipaariskFile(t, t.TempDir())
	for _, immutable := range []bool{false, true} {
		if immutable {
			old := dirWritable
			dirWritable = func(string) bool { return false }
			t.Cleanup(func() { dirWritable = old })
		}
		s, err := OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatalf("immutable=%v: %v", immutable, err)
		}
		list, err := s.ListAssessments(ctx)
		if err != nil || len(list) != 1 {
			t.Errorf("immutable=%v: list %v, %v", immutable, list, err)
		}
		if _, err := s.CreateAssessment(ctx, NewAssessment{Practice: "Q"}); !errors.Is(err, ErrNotWritable) {
			t.Errorf("immutable=%v: a write on a read-only store gave %v, want ErrNotWritable", immutable, err)
		}
		if !s.ReadOnly() {
			t.Error("ReadOnly() is false")
		}
		s.Close()
	}
	if _, err := OpenReadOnly(ctx, filepath.Join(t.TempDir(), "missing.db")); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing file gave %v, want ErrNotFound", err)
	}
}

func TestDiskErrorsAreExplained(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "h.db"))
	id, err := s.CreateAssessment(ctx, NewAssessment{Practice: "P"})
	if err != nil {
		t.Fatal(err)
	}
	// A page limit makes SQLite answer exactly as it does on a full disk.
	if _, err := s.w.ExecContext(ctx, `PRAGMA max_page_count = 8`); err != nil {
		t.Fatal(err)
	}
	err = s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q", Value: assessment.Yes, Note: strings.Repeat("x", 200_000)})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "what was saved before is intact") {
		t.Errorf("full: %v, want ErrDiskFull with a reassurance", err)
	}

	db, err := sql.Open("sqlite", fileURI(filepath.Join(t.TempDir(), "missing", "h.db"))+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = classify("/x/h.db", "open", db.PingContext(ctx))
	if !errors.Is(err, ErrNotWritable) || !strings.Contains(err.Error(), "read-only disk or mount") {
		t.Errorf("cannot open: %v, want ErrNotWritable naming a read-only mount", err)
	}
}
