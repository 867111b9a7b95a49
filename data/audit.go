package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry is one row of an assessment's audit log.
type AuditEntry struct {
	Seq      int64
	At       time.Time
	Who      string
	Action   string
	Target   string
	OldValue string
	NewValue string
	Hash     string
}

// AuditCheck is the result of VerifyAudit. When OK is false, BadSeq is the
// first row that does not fit the chain and Problem says why.
type AuditCheck struct {
	OK          bool
	Rows        int
	First, Last time.Time // when the oldest and newest rows were written
	BadSeq      int64
	Problem     string
}

// Audit returns the assessment's audit log, oldest first.
func (s *Store) Audit(ctx context.Context, id int64) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.read(ctx, "read audit log", func(tx *sql.Tx) error {
		if _, err := loadAssessment(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = loadAudit(ctx, tx, id)
		return err
	})
	return out, err
}

func loadAudit(ctx context.Context, tx *sql.Tx, id int64) ([]AuditEntry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, at, who, action, target, old_value, new_value, hash
		FROM audit WHERE assessment_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Who, &e.Action, &e.Target, &e.OldValue, &e.NewValue, &e.Hash); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyAudit recomputes the assessment's hash chain. It detects a row that
// was edited, deleted, inserted or moved, and removed newest rows (the chain
// head is also kept on the assessment row).
func (s *Store) VerifyAudit(ctx context.Context, id int64) (AuditCheck, error) {
	var c AuditCheck
	err := s.read(ctx, "verify audit log", func(tx *sql.Tx) error {
		var err error
		c, err = verifyAudit(ctx, tx, id)
		return err
	})
	return c, err
}

func verifyChain(id int64, entries []AuditEntry, headSeq int64, head string) AuditCheck {
	c := AuditCheck{Rows: len(entries)}
	if len(entries) > 0 {
		c.First, c.Last = entries[0].At, entries[len(entries)-1].At
	}
	prev := ""
	for i, e := range entries {
		want := int64(i + 1)
		switch {
		case e.Seq != want:
			c.BadSeq, c.Problem = want, fmt.Sprintf("row %d is missing from the audit log", want)
			return c
		case e.Hash != chainHash(prev, id, e):
			c.BadSeq, c.Problem = e.Seq, fmt.Sprintf("row %d was changed or moved after it was written", e.Seq)
			return c
		}
		prev = e.Hash
	}
	n := int64(len(entries))
	switch {
	case headSeq > n:
		c.BadSeq, c.Problem = n+1, fmt.Sprintf("the log ends at row %d but %d rows were written: the newest rows were removed", n, headSeq)
		return c
	case headSeq < n || head != prev:
		c.BadSeq, c.Problem = n, "the newest row does not match the chain head recorded on the assessment"
		return c
	}
	c.OK = true
	return c
}
