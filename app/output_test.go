package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileRefusesTheDatabase(t *testing.T) {
	a, _ := newApp(t)
	db := a.Path()
	dir := t.TempDir()
	symlink := filepath.Join(dir, "report.md")
	if err := os.Symlink(db, symlink); err != nil {
		t.Fatal(err)
	}
	hardlink := filepath.Join(dir, "copy.db")
	if err := os.Link(db, hardlink); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{db, symlink, hardlink, db + "-wal", db + ".bak-v1-20260101T000000Z-1"} {
		if _, err := a.WriteFile(path, []byte("# not a database"), true); err == nil || !strings.Contains(err.Error(), "database") {
			t.Errorf("%s: %v, want a refusal naming the database", path, err)
		}
	}
	after, err := os.ReadFile(db)
	if err != nil || string(after) != string(before) {
		t.Fatal("the database file changed")
	}
	if _, err := a.List(t.Context()); err != nil {
		t.Errorf("the database no longer opens: %v", err)
	}
}

func TestWriteFileReplacesOnlyWhenAsked(t *testing.T) {
	a, _ := newApp(t)
	path := filepath.Join(t.TempDir(), "report.md")
	if err := os.WriteFile(path, []byte("last year's"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.WriteFile(path, []byte("this year's"), false); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("over an existing file: %v, want ErrExists naming --force", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "last year's" {
		t.Fatalf("the existing file changed: %q", b)
	}
	if _, err := a.WriteFile(path, []byte("this year's"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "this year's" {
		t.Fatalf("replace wrote %q", b)
	}
}

// Reports describe security weaknesses: they are the owner's alone,
// whatever the umask.
func TestWriteFileMode(t *testing.T) {
	a, _ := newApp(t)
	for _, mask := range []int{0o022, 0o077, 0o000} {
		path := filepath.Join(t.TempDir(), "r.pdf")
		old := syscall.Umask(mask)
		_, err := a.WriteFile(path, []byte("%PDF-"), false)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("umask %03o: mode %v, %v; want 0600", mask, fi.Mode().Perm(), err)
		}
	}
}
