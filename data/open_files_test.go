package data

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"golang.org/x/sys/unix"
)

// Opening files: creation, foreign and damaged files, read-only places,
// migration backups, a busy file and the default path.

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
