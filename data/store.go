// Package data keeps assessments in a local SQLite file: opening and
// checking the file, embedded schema migrations, one repository method per
// stored input, and a hash-chained audit log of every change.
//
// It is the only package that imports the SQLite driver (modernc.org/sqlite,
// pure Go). Every method takes a context first and every error names the
// database file.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors returned by the store. Test for them with errors.Is; the returned
// errors wrap them with the database path and details.
var (
	ErrNotFound     = errors.New("not found")
	ErrFinalized    = errors.New("assessment is final and cannot be changed")
	ErrBusy         = errors.New("database is busy: another hipaarisk is writing to it")
	ErrNotHipaarisk = errors.New("not a hipaarisk database")
	ErrNewerSchema  = errors.New("database was written by a newer hipaarisk")
	ErrInvalid      = errors.New("invalid input")
	// ErrCorrupt: the file is an SQLite database but it is damaged.
	ErrCorrupt = errors.New("database file is damaged")
	// ErrNotWritable: the file or its folder cannot be written.
	ErrNotWritable = errors.New("not writable")
)

// applicationID marks a hipaarisk database ("HIPA").
const applicationID = 0x48495041

// Store is an open hipaarisk database. It is safe for concurrent use.
// Writes go through one connection that starts every transaction with
// BEGIN IMMEDIATE; reads use a small pool of read-only connections.
type Store struct {
	path  string
	actor string
	now   func() time.Time
	w     *sql.DB
	r     *sql.DB
}

type config struct {
	actor string
	now   func() time.Time
	busy  time.Duration
}

// Option configures Open.
type Option func(*config)

// WithActor sets who is recorded in answers and in the audit log. The
// default is the operating-system user name.
func WithActor(name string) Option { return func(c *config) { c.actor = name } }

// WithClock sets the clock used for every recorded time.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithBusyTimeout sets how long a write waits for another process that is
// writing the same file before it gives up with ErrBusy (default 5 s).
func WithBusyTimeout(d time.Duration) Option { return func(c *config) { c.busy = d } }

// DefaultPath is the per-user database file: $XDG_DATA_HOME/hipaarisk or
// ~/.local/share/hipaarisk on Linux and other Unix systems,
// ~/Library/Application Support/hipaarisk on macOS and %AppData%\hipaarisk on
// Windows, each holding hipaarisk.db.
func DefaultPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the default database: %w", err)
	}
	return defaultPath(runtime.GOOS, os.Getenv, home)
}

func defaultPath(goos string, getenv func(string) string, home string) (string, error) {
	var dir string
	switch goos {
	case "windows":
		dir = getenv("AppData")
		if dir == "" {
			return "", errors.New("find the default database: %AppData% is not set")
		}
	case "darwin", "ios":
		dir = filepath.Join(home, "Library", "Application Support")
	default:
		dir = getenv("XDG_DATA_HOME")
		if dir == "" || !filepath.IsAbs(dir) {
			dir = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(dir, "hipaarisk", "hipaarisk.db"), nil
}

// Open opens the hipaarisk database at path, creating the file (and its
// folder) when it does not exist and bringing an older file's schema up to
// date after writing a backup copy beside it. A file that is not a
// hipaarisk database, or that a newer hipaarisk wrote, is refused and left
// untouched.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now, busy: 5 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.actor == "" {
		cfg.actor = osUser()
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	st, err := inspect(ctx, abs, cfg.busy)
	if err != nil {
		return nil, err
	}
	if err := ensureWritable(abs, st.exists); err != nil {
		return nil, err
	}
	s := &Store{path: abs, actor: cfg.actor, now: cfg.now}
	pragmas := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)", cfg.busy.Milliseconds())
	s.w, err = sql.Open("sqlite", fileURI(abs)+"?"+pragmas+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return nil, s.fail("open", err)
	}
	s.w.SetMaxOpenConns(1)
	s.r, err = sql.Open("sqlite", fileURI(abs)+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		s.w.Close()
		return nil, s.fail("open", err)
	}
	s.r.SetMaxOpenConns(4)
	if err := s.migrate(ctx, st); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Actor is who the store records as the author of changes.
func (s *Store) Actor() string { return s.actor }

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

// fileURI turns an absolute path into an SQLite file: URI, escaping the
// characters that would otherwise start the query part.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// fileState is what inspect learned about the file before anything wrote to it.
type fileState struct {
	exists  bool // the file existed with some content
	version int  // its user_version
}

var sqliteMagic = []byte("SQLite format 3\x00")

// inspect looks at an existing file without writing to it and refuses it
// when it is not a hipaarisk database, comes from a newer hipaarisk, or is
// damaged.
func inspect(ctx context.Context, path string, busy time.Duration) (fileState, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return fileState{}, nil // ensureWritable reports a parent that is not a folder
	case err != nil:
		return fileState{}, fmt.Errorf("open %s: %w", path, err)
	case fi.IsDir():
		return fileState{}, fmt.Errorf("open %s: %w: it is a folder", path, ErrNotHipaarisk)
	case fi.Size() == 0:
		return fileState{}, nil
	}
	head := make([]byte, len(sqliteMagic))
	f, err := os.Open(path)
	if err != nil {
		return fileState{}, fmt.Errorf("open %s: %w", path, err)
	}
	n, _ := f.Read(head)
	f.Close()
	if n < len(head) || string(head) != string(sqliteMagic) {
		return fileState{}, fmt.Errorf("open %s: %w: it is not an SQLite database file; it was left unchanged", path, ErrNotHipaarisk)
	}

	db, err := sql.Open("sqlite", fmt.Sprintf("%s?mode=ro&_pragma=busy_timeout(%d)", fileURI(path), busy.Milliseconds()))
	if err != nil {
		return fileState{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var appID, version, tables int
	check := ""
	err = db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err == nil && appID != applicationID && (appID != 0 || tables > 0) {
		return fileState{}, fmt.Errorf("open %s: %w: it is an SQLite database of another application; it was left unchanged", path, ErrNotHipaarisk)
	}
	if err == nil && version > latestVersion() {
		return fileState{}, fmt.Errorf("open %s: %w (schema version %d, this hipaarisk knows up to %d): update hipaarisk to open it; it was left unchanged",
			path, ErrNewerSchema, version, latestVersion())
	}
	if err == nil {
		err = db.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&check)
	}
	if err == nil && check != "ok" {
		err = errors.New(check)
		return fileState{}, corruptError(path, "open", err)
	}
	if err != nil {
		return fileState{}, classify(path, "open", err)
	}
	return fileState{exists: true, version: version}, nil
}

// ensureWritable checks, before SQLite touches anything, that the file can be
// written and that its folder can hold the journal files beside it. It
// creates the folder (0700) and an empty file (0600) when they are missing.
func ensureWritable(path string, exists bool) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("open %s: %w: the folder %s cannot be created: %v", path, ErrNotWritable, dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if _, serr := os.Stat(path); serr == nil {
			return fmt.Errorf("open %s: %w: the file is not writable: %v", path, ErrNotWritable, err)
		}
		return fmt.Errorf("open %s: %w: the folder %s is not writable: %v", path, ErrNotWritable, dir, err)
	}
	f.Close()
	probe, err := os.CreateTemp(dir, ".hipaarisk-write-check-*")
	if err != nil {
		return fmt.Errorf("open %s: %w: the folder %s is not writable: %v", path, ErrNotWritable, dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// fail wraps err with the operation and the database path, mapping SQLite's
// busy, damaged and read-only conditions and the schema's final-assessment
// guard to the package's errors.
func (s *Store) fail(op string, err error) error { return classify(s.path, op, err) }

func classify(path, op string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("%s %s: %w; please try again in a moment", op, path, ErrBusy)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return corruptError(path, op, err)
		case sqlite3.SQLITE_READONLY:
			return fmt.Errorf("%s %s: %w: the file or its folder cannot be written: %v", op, path, ErrNotWritable, err)
		}
		if strings.Contains(se.Error(), "hipaarisk: assessment is final") {
			return fmt.Errorf("%s %s: %w", op, path, ErrFinalized)
		}
	}
	return fmt.Errorf("%s %s: %w", op, path, err)
}

// corruptError explains that the file is damaged and lists the backup
// copies beside it.
func corruptError(path, op string, cause error) error {
	baks, _ := filepath.Glob(path + ".bak-*")
	hint := "no backup copies were found beside it"
	if len(baks) > 0 {
		hint = "backup copies beside it: " + strings.Join(baks, ", ")
	}
	detail := strings.Join(strings.Fields(fmt.Sprint(cause)), " ") // SQLite's report spans lines
	return fmt.Errorf("%s %s: %w and was not changed (%s); %s", op, path, ErrCorrupt, detail, hint)
}
