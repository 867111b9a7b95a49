package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrExists: an output file would replace an existing file.
var ErrExists = errors.New("the file already exists")

// WriteFile writes a file hipaarisk produces (a report, exported answers, a
// probe snapshot): they describe a practice's security weaknesses, so the
// file is readable by its owner alone (0600) whatever the umask. It refuses
// to write over the open database (also through a link or another name for
// it) or its journal and backup files, and over any existing file unless
// replace is set. The file is written to a temporary file beside it and
// renamed into place, so a half-written file never replaces a good one. It
// returns the absolute path written.
func (a *App) WriteFile(path string, b []byte, replace bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := a.refuseDatabase(abs); err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err == nil {
		switch {
		case fi.IsDir():
			return "", fmt.Errorf("write %s: it is a folder; name a file", abs)
		case !replace:
			return "", fmt.Errorf("write %s: %w; add --force to replace it, or choose another name", abs, ErrExists)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("write %s: %w", abs, err)
	}
	return abs, writeAtomic(abs, b)
}

// refuseDatabase refuses a path that is the open database or one of the
// files SQLite and hipaarisk keep beside it, compared by the file itself
// (so a symbolic or hard link to it is refused too) and by name.
func (a *App) refuseDatabase(abs string) error {
	db := a.Path()
	target, err := os.Stat(abs)
	if err == nil {
		if dbInfo, err := os.Stat(db); err == nil && os.SameFile(target, dbInfo) {
			return fmt.Errorf("write %s: that is the assessment database %s; choose another file name", abs, db)
		}
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	if resolvedDB, err := filepath.EvalSymlinks(db); err == nil {
		db = resolvedDB
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if abs == db+suffix {
			return fmt.Errorf("write %s: that file belongs to the assessment database %s; choose another file name", abs, db)
		}
	}
	if strings.HasPrefix(abs, db+".bak-") {
		return fmt.Errorf("write %s: that is a backup of the assessment database %s; choose another file name", abs, db)
	}
	return nil
}

// writeAtomic writes b to a temporary file in abs's folder (created 0600),
// syncs it and renames it over abs.
func writeAtomic(abs string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w (is the folder writable?)", abs, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), abs)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", abs, err)
	}
	return nil
}
