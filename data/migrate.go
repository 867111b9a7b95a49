package data

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
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
// migration is first copied, consistently, to PATH.bak-v<old>-<time>.
// Every step runs in one BEGIN IMMEDIATE transaction that re-reads the
// version, so two processes opening the same new file do not collide.
func (s *Store) migrate(ctx context.Context, st fileState) error {
	if st.version == latestVersion() {
		return nil
	}
	if st.exists {
		bak := fmt.Sprintf("%s.bak-v%d-%s", s.path, st.version, s.now().UTC().Format("20060102T150405Z"))
		if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, bak); err != nil {
			return s.fail("back up before upgrading", err)
		}
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
	for _, m := range migrations[min(version, latestVersion()):] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return s.fail(fmt.Sprintf("upgrade to schema version %d", m.version), err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
			return s.fail("upgrade", err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
		return s.fail("upgrade", err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail("upgrade", err)
	}
	return nil
}
