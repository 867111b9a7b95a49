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
	// ErrDiskFull: the disk holding the file has no room left.
	ErrDiskFull = errors.New("the disk is full")
)

// applicationID marks a hipaarisk database ("HIPA").
const applicationID = 0x48495041

// Store is an open hipaarisk database. It is safe for concurrent use.
// Writes go through one connection that starts every transaction with
// BEGIN IMMEDIATE; reads use a small pool of read-only connections.
type Store struct {
	path  string
	actor string
	// named is true when the caller named the actor; otherwise each
	// change is recorded as made by the assessment's assessor, and the
	// login name only when the assessment names none.
	named    bool
	now      func() time.Time
	w        *sql.DB // nil when read-only
	r        *sql.DB
	readOnly bool
}

type config struct {
	actor string
	named bool
	now   func() time.Time
	busy  time.Duration
}

// Option configures Open.
type Option func(*config)

// WithActor sets who is recorded in answers and in the audit log. Without
// it each change is recorded as made by the assessment's assessor, or by
// the operating-system user when the assessment names no assessor.
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
// hipaarisk database (also an empty one), or that a newer hipaarisk wrote, is
// refused and left untouched. Several processes may open a new path at once:
// one creates the file and the others open it.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	cfg := newConfig(opts)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	st, err := inspect(ctx, abs, cfg.busy)
	if err != nil {
		return nil, err
	}
	if !st.exists {
		if err := create(ctx, abs); err != nil {
			return nil, err
		}
		if st, err = inspect(ctx, abs, cfg.busy); err != nil {
			return nil, err
		}
	}
	if err := ensureWritable(abs); err != nil {
		return nil, err
	}
	s := &Store{path: abs, actor: cfg.actor, named: cfg.named, now: cfg.now}
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

// OpenReadOnly opens an existing, up-to-date hipaarisk database for reading
// only, for a file or folder hipaarisk may not write (a read-only mount, a
// shared folder, a copy on a CD). Every change through the returned store
// fails with ErrNotWritable.
func OpenReadOnly(ctx context.Context, path string, opts ...Option) (*Store, error) {
	cfg := newConfig(opts)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	st, err := inspect(ctx, abs, cfg.busy)
	switch {
	case err != nil:
		return nil, err
	case !st.exists:
		return nil, fmt.Errorf("open %s: %w: there is no database file there", abs, ErrNotFound)
	case st.version < latestVersion():
		return nil, fmt.Errorf("open %s: %w: the file needs a schema upgrade (version %d to %d), which cannot be written there; copy it to a writable folder and open the copy",
			abs, ErrNotWritable, st.version, latestVersion())
	}
	s := &Store{path: abs, actor: cfg.actor, named: cfg.named, now: cfg.now, readOnly: true}
	query := fmt.Sprintf("?mode=ro&_pragma=busy_timeout(%d)&_pragma=query_only(1)", cfg.busy.Milliseconds())
	if !dirWritable(filepath.Dir(abs)) {
		// A WAL database needs its shared-memory file beside it; where that
		// cannot be created nobody can be writing the file either.
		query += "&immutable=1"
	}
	if s.r, err = sql.Open("sqlite", fileURI(abs)+query); err != nil {
		return nil, s.fail("open", err)
	}
	s.r.SetMaxOpenConns(4)
	if err := s.r.PingContext(ctx); err != nil {
		s.r.Close()
		return nil, s.fail("open", err)
	}
	return s, nil
}

func newConfig(opts []Option) config {
	cfg := config{now: time.Now, busy: 5 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	cfg.named = cfg.actor != ""
	if cfg.actor == "" {
		cfg.actor = osUser()
	}
	return cfg
}

// Close releases the database.
func (s *Store) Close() error {
	if s.w == nil {
		return s.r.Close()
	}
	return errors.Join(s.r.Close(), s.w.Close())
}

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Actor is who the store records as the author of changes to an
// assessment that names no assessor (or to every assessment, when the
// actor was named with WithActor).
func (s *Store) Actor() string { return s.actor }

// ActorNamed reports whether the actor was named with WithActor.
func (s *Store) ActorNamed() bool { return s.named }

// actorFor is who a change to an assessment with this assessor is
// recorded as made by: the named actor, else the assessor, else the
// login name.
func (s *Store) actorFor(assessor string) string { return s.ActorFor(assessor) }

// ActorFor is who a change to an assessment with this assessor is recorded
// as made by.
func (s *Store) ActorFor(assessor string) string {
	if a := strings.TrimSpace(assessor); !s.named && a != "" {
		return a
	}
	return s.actor
}

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
		return fileState{}, fmt.Errorf("open %s: %w: the file is empty, so hipaarisk did not create it; it was left unchanged (remove it, or name a new file with --db)", path, ErrNotHipaarisk)
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

	query := fmt.Sprintf("?mode=ro&_pragma=busy_timeout(%d)", busy.Milliseconds())
	if !dirWritable(filepath.Dir(path)) {
		query += "&immutable=1" // a WAL file cannot be read there otherwise; nobody can be writing it either
	}
	db, err := sql.Open("sqlite", fileURI(path)+query)
	if err != nil {
		return fileState{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var appID, version, tables int
	check := ""
	err = db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err == nil && appID != applicationID && (appID != 0 || tables > 0 || version == 0) {
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

// ensureWritable checks, before SQLite touches anything, that the existing
// file can be written and that its folder can hold the journal files beside
// it.
func ensureWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w: the file is not writable: %v", path, ErrNotWritable, err)
	}
	f.Close()
	if dir := filepath.Dir(path); !dirWritable(dir) {
		return fmt.Errorf("open %s: %w: the folder %s is not writable, and SQLite keeps its journal beside the file", path, ErrNotWritable, dir)
	}
	return nil
}

// dirWritable reports whether a file can be created in dir.
var dirWritable = func(dir string) bool {
	probe, err := os.CreateTemp(dir, ".hipaarisk-write-check-*")
	if err != nil {
		return false
	}
	probe.Close()
	return os.Remove(probe.Name()) == nil
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
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%s %s: %w; the change was not saved, and what was saved before is intact", op, path, ErrDiskFull)
		case sqlite3.SQLITE_IOERR:
			if se.Code() == sqlite3.SQLITE_IOERR_SHMSIZE || diskFull(path) {
				return fmt.Errorf("%s %s: %w; the change was not saved, and what was saved before is intact", op, path, ErrDiskFull)
			}
			return fmt.Errorf("%s %s: the disk reported an error reading or writing the file (%v); check the disk, then try again", op, path, err)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("%s %s: %w: the file cannot be opened for writing; the folder may be missing or on a read-only disk or mount", op, path, ErrNotWritable)
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
