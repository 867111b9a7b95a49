package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// timeFormat is fixed-width UTC so that stored text sorts in time order.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// read runs fn in one read-only transaction, so that everything it reads
// comes from the same committed state.
func (s *Store) read(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(op, err)
	}
	return nil
}

// wtx is one write transaction on one assessment. Every change made through
// it appends an audit row; done stores the new chain head on the
// assessment row, inside the same transaction.
type wtx struct {
	ctx  context.Context
	tx   *sql.Tx
	id   int64
	who  string
	now  time.Time
	seq  int64
	head string
	// digest, when set, makes done also mark the assessment final.
	digest string
}

// update runs fn in one BEGIN IMMEDIATE transaction on the draft assessment
// id and then stores the new audit chain head.
func (s *Store) update(ctx context.Context, op string, id int64, fn func(w *wtx) error) error {
	return s.transact(ctx, op, func(tx *sql.Tx, now time.Time) error {
		w, err := s.draft(ctx, tx, now, id)
		if err != nil {
			return err
		}
		if err := fn(w); err != nil {
			return err
		}
		return w.done()
	})
}

// draft starts a change on assessment id, which must exist and be a draft.
func (s *Store) draft(ctx context.Context, tx *sql.Tx, now time.Time, id int64) (*wtx, error) {
	w := &wtx{ctx: ctx, tx: tx, id: id, now: now}
	var status, assessor string
	err := tx.QueryRowContext(ctx, `SELECT `+statusCol+`, audit_seq, audit_head, assessor FROM assessment WHERE id = ?`, id).
		Scan(&status, &w.seq, &w.head, &assessor)
	w.who = s.actorFor(assessor)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("assessment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if assessment.AssessmentStatus(status) == assessment.Final {
		return nil, fmt.Errorf("assessment %d: %w", id, ErrFinalized)
	}
	return w, nil
}

// transact runs fn in one BEGIN IMMEDIATE transaction on the writer
// connection and commits it.
func (s *Store) transact(ctx context.Context, op string, fn func(tx *sql.Tx, now time.Time) error) error {
	if s.w == nil {
		return fmt.Errorf("%s %s: %w: the file was opened read-only because it or its folder cannot be written", op, s.path, ErrNotWritable)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx, s.now().UTC()); err != nil {
		return s.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(op, err)
	}
	return nil
}

func (w *wtx) exec(query string, args ...any) (sql.Result, error) {
	return w.tx.ExecContext(w.ctx, query, args...)
}

// execOne runs a statement that must change exactly one row; none means
// what is named by target does not exist in this assessment.
func (w *wtx) execOne(target, query string, args ...any) error {
	res, err := w.exec(query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s in assessment %d: %w", target, w.id, ErrNotFound)
	}
	return nil
}

// audit appends one row to the assessment's audit log. old and new are
// stored as JSON ("" for nil).
func (w *wtx) audit(action, target string, old, new any) error {
	e := AuditEntry{Seq: w.seq + 1, At: w.now, Who: w.who, Action: action, Target: target}
	var err error
	if e.OldValue, err = jsonText(old); err != nil {
		return err
	}
	if e.NewValue, err = jsonText(new); err != nil {
		return err
	}
	e.Hash = chainHash(w.head, w.id, e)
	if _, err := w.exec(`INSERT INTO audit (assessment_id, seq, at, who, action, target, old_value, new_value, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.id, e.Seq, fmtTime(e.At), e.Who, e.Action, e.Target, e.OldValue, e.NewValue, e.Hash); err != nil {
		return fmt.Errorf("record %s in the audit log: %w", action, err)
	}
	w.seq, w.head = e.Seq, e.Hash
	return nil
}

// done stores the audit chain head (and, when finalizing, the final status)
// on the assessment row. Finalizing then sets the lock, which from then on
// refuses every change to the assessment.
func (w *wtx) done() error {
	if w.digest != "" {
		if _, err := w.exec(`UPDATE assessment SET audit_seq = ?, audit_head = ?, updated_at = ?,
			status = 'final', digest = ?, finalized_at = ? WHERE id = ?`,
			w.seq, w.head, fmtTime(w.now), w.digest, fmtTime(w.now), w.id); err != nil {
			return err
		}
		_, err := w.exec(`INSERT INTO final_lock (assessment_id, digest, at) VALUES (?, ?, ?)`, w.id, w.digest, fmtTime(w.now))
		return err
	}
	_, err := w.exec(`UPDATE assessment SET audit_seq = ?, audit_head = ?, updated_at = ? WHERE id = ?`,
		w.seq, w.head, fmtTime(w.now), w.id)
	return err
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode audit value: %w", err)
	}
	return string(b), nil
}

// chainHash is sha256(prev || canonical fields of e), hex encoded. Each
// field is written as its byte length, ':', the bytes and ';', so no two
// different rows encode alike.
func chainHash(prev string, assessment int64, e AuditEntry) string {
	h := sha256.New()
	h.Write([]byte(prev))
	for _, f := range []string{
		strconv.FormatInt(assessment, 10), strconv.FormatInt(e.Seq, 10), fmtTime(e.At),
		e.Who, e.Action, e.Target, e.OldValue, e.NewValue,
	} {
		h.Write([]byte(strconv.Itoa(len(f)) + ":"))
		h.Write([]byte(f))
		h.Write([]byte(";"))
	}
	return hex.EncodeToString(h.Sum(nil))
}
