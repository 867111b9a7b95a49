package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ReportInputs is everything a report about one assessment shows, read in
// one transaction so that the digest, the content, the audit summary and
// the history all describe the same committed state.
type ReportInputs struct {
	Inputs
	// Digest is the digest Finalize recorded, or for a draft the digest of
	// its inputs as they are now.
	Digest string
	Audit  AuditCheck
	// Integrity is the whole verification: the chain, the replay of the
	// audit log against the data and, for a final assessment, the digest
	// recomputed from the inputs.
	Integrity Integrity
	// History holds the other assessments of the same practice (names
	// compared without case and surrounding spaces) created before this
	// one, oldest first.
	History []Inputs
}

// LoadReport reads everything a report needs about assessment id.
func (s *Store) LoadReport(ctx context.Context, id int64) (ReportInputs, error) {
	var r ReportInputs
	err := s.read(ctx, "load report", func(tx *sql.Tx) error {
		var err error
		if r.Inputs, err = loadInputs(ctx, tx, id); err != nil {
			return err
		}
		a := r.Assessment
		if r.Integrity, err = checkIntegrity(ctx, tx, id); err != nil {
			return err
		}
		r.Audit = r.Integrity.Audit
		if r.Digest = r.Integrity.Recorded; r.Digest == "" {
			r.Digest = r.Integrity.Current
		}
		earlier, err := samePracticeBefore(ctx, tx, a.ID, a.Practice, a.CreatedAt)
		if err != nil {
			return err
		}
		for _, oid := range earlier {
			in, err := loadInputs(ctx, tx, oid)
			if err != nil {
				return err
			}
			r.History = append(r.History, in)
		}
		return nil
	})
	return r, err
}

// samePracticeBefore lists, oldest first, the assessments of the practice
// created before the given time.
func samePracticeBefore(ctx context.Context, tx *sql.Tx, id int64, practice string, created time.Time) ([]int64, error) {
	type row struct {
		id       int64
		practice string
		created  string
	}
	rows, err := loadList(ctx, tx, `SELECT id, practice, created_at FROM assessment WHERE id <> ? ORDER BY created_at, id`, id,
		func(sc scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.id, &r.practice, &r.created)
		})
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, r := range rows {
		t, err := parseTime(r.created)
		if err != nil {
			return nil, err
		}
		if t.Before(created) && strings.EqualFold(strings.TrimSpace(r.practice), strings.TrimSpace(practice)) {
			out = append(out, r.id)
		}
	}
	return out, nil
}

// verifyAudit checks assessment id's hash chain inside tx.
func verifyAudit(ctx context.Context, tx *sql.Tx, id int64) (AuditCheck, error) {
	var headSeq int64
	var head string
	err := tx.QueryRowContext(ctx, `SELECT audit_seq, audit_head FROM assessment WHERE id = ?`, id).Scan(&headSeq, &head)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditCheck{}, fmt.Errorf("assessment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return AuditCheck{}, err
	}
	entries, err := loadAudit(ctx, tx, id)
	if err != nil {
		return AuditCheck{}, err
	}
	return verifyChain(id, entries, headSeq, head), nil
}
