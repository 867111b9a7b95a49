package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	sql     string
}

// migrations are the embedded schema steps, in version order. The file
// 000N_name.sql brings the schema to user_version N.
var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			panic(fmt.Sprintf("migration %s: name must start with its version number", n))
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			panic(fmt.Sprintf("migration versions must be 1, 2, 3...: found %d at position %d", m.version, i+1))
		}
	}
	return ms
}

func latestVersion() int { return len(migrations) }

// migrate brings the schema up to date. An existing file that needs a
// migration is first copied, consistently, to PATH.bak-v<old>-<time>-<n>.
// The steps run in one BEGIN IMMEDIATE transaction that re-reads the
// version, so two processes upgrading the same file do not collide; the one
// that finds the work already done removes its backup again.
func (s *Store) migrate(ctx context.Context, st fileState) error {
	if st.version == latestVersion() {
		return nil
	}
	bak, err := s.backup(ctx, st.version)
	if err != nil {
		return err
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.fail("upgrade", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return s.fail("upgrade", err)
	}
	if version == latestVersion() {
		os.Remove(bak)
		return nil
	}
	if err := applyMigrations(ctx, tx, version); err != nil {
		return s.fail("upgrade", err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail("upgrade", err)
	}
	return nil
}

// backup copies the database, consistently, to a new file beside it that
// only the owner can read, and returns its name.
func (s *Store) backup(ctx context.Context, version int) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), fmt.Sprintf("%s.bak-v%d-%s-*", filepath.Base(s.path), version, s.now().UTC().Format("20060102T150405Z")))
	if err != nil {
		return "", s.fail("back up before upgrading", err)
	}
	bak := f.Name()
	f.Close()
	os.Remove(bak) // VACUUM INTO writes only a new file
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, bak); err != nil {
		return "", s.fail("back up before upgrading", err)
	}
	if err := os.Chmod(bak, 0o600); err != nil {
		return "", s.fail("back up before upgrading", err)
	}
	return bak, nil
}

// applyMigrations runs the steps after version inside tx and marks the file
// as hipaarisk's.
func applyMigrations(ctx context.Context, tx *sql.Tx, version int) error {
	for _, m := range migrations[min(version, latestVersion()):] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("upgrade to schema version %d: %w", m.version, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID))
	return err
}
