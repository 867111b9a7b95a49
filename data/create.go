package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// create makes a new hipaarisk database at path atomically: the schema is
// written to a temporary file in the same folder, which is then linked into
// place. A crash leaves either no file or a complete one, never an empty or
// half-made file; when several processes create the same path at once, the
// first link wins and the others open its file.
func create(ctx context.Context, path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("open %s: %w: the folder %s cannot be created: %v", path, ErrNotWritable, dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("open %s: %w: the folder %s is not writable: %v", path, ErrNotWritable, dir, err)
	}
	name := tmp.Name()
	tmp.Close()
	defer removeDB(name)
	if err := os.Chmod(name, 0o600); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := initialize(ctx, name); err != nil {
		return classify(path, "create", err)
	}
	err = os.Link(name, path)
	switch {
	case err == nil, errors.Is(err, fs.ErrExist):
		return nil // ours, or another process's: both are complete files
	case errors.Is(err, os.ErrPermission) || isNotSupported(err):
		// Some file systems have no hard links; a rename is atomic too,
		// only without the first-one-wins rule.
		if _, serr := os.Stat(path); serr == nil {
			return nil
		}
		if err := os.Rename(name, path); err != nil {
			return fmt.Errorf("open %s: %w: %v", path, ErrNotWritable, err)
		}
		return nil
	}
	return fmt.Errorf("open %s: %w: %v", path, ErrNotWritable, err)
}

// initialize writes the whole schema into the empty database file name.
func initialize(ctx context.Context, name string) error {
	db, err := sql.Open("sqlite", fileURI(name)+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		return err
	}
	if err := applyMigrations(ctx, tx, 0); err != nil {
		tx.Rollback()
		db.Close()
		return err
	}
	if err := tx.Commit(); err != nil {
		db.Close()
		return err
	}
	return db.Close() // checkpoints the WAL into the file and removes it
}

// removeDB removes a database file and the journal files SQLite may have
// left beside it.
func removeDB(name string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(name + suffix)
	}
}

func isNotSupported(err error) bool {
	var le *os.LinkError
	return errors.As(err, &le) && errors.Is(le.Err, errors.ErrUnsupported)
}
