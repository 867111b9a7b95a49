package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// validRecognized checks what the store itself can: a framework id and a
// YYYY-MM-DD date. Whether the bank knows the framework is the caller's
// check (questionnaire.Bank.CheckPractice).
func validRecognized(p assessment.RecognizedPractice) error {
	if strings.TrimSpace(p.Framework) == "" {
		return fmt.Errorf("%w: the recognized practice names no framework", ErrInvalid)
	}
	if _, err := time.Parse(time.DateOnly, p.Since); err != nil {
		return fmt.Errorf("%w: framework %s: since %q is not a date: write it as YYYY-MM-DD", ErrInvalid, p.Framework, p.Since)
	}
	return nil
}

// SetPractice records that the practice follows a recognized security
// framework since a day, replacing an earlier record of the same framework.
func (s *Store) SetPractice(ctx context.Context, id int64, p assessment.RecognizedPractice) error {
	if err := validRecognized(p); err != nil {
		return s.fail("set recognized practice", err)
	}
	return s.update(ctx, "set recognized practice", id, func(w *wtx) error { return w.setPractice(p) })
}

func (w *wtx) setPractice(p assessment.RecognizedPractice) error {
	if err := validRecognized(p); err != nil {
		return err
	}
	p.By, p.At = w.who, w.now
	old, err := w.oldPractice(p.Framework)
	if err != nil {
		return err
	}
	if _, err := w.exec(`INSERT INTO recognized_practice (assessment_id, framework, since, note, who, at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, framework) DO UPDATE SET since = excluded.since, note = excluded.note,
			who = excluded.who, at = excluded.at`,
		w.id, p.Framework, p.Since, p.Note, p.By, fmtTime(p.At)); err != nil {
		return err
	}
	return w.audit("set_practice", "practice:"+p.Framework, old, p)
}

// ClearPractice removes the record of a recognized framework.
func (s *Store) ClearPractice(ctx context.Context, id int64, framework string) error {
	return s.update(ctx, "clear recognized practice", id, func(w *wtx) error { return w.clearPractice(framework) })
}

func (w *wtx) clearPractice(framework string) error {
	old, err := w.oldPractice(framework)
	if err != nil {
		return err
	}
	if old == nil {
		return fmt.Errorf("recognized practice %s in assessment %d: %w", framework, w.id, ErrNotFound)
	}
	if _, err := w.exec(`DELETE FROM recognized_practice WHERE assessment_id = ? AND framework = ?`, w.id, framework); err != nil {
		return err
	}
	return w.audit("clear_practice", "practice:"+framework, old, nil)
}

// replacePractices makes the stored frameworks exactly ps.
func (w *wtx) replacePractices(ps []assessment.RecognizedPractice) error {
	old, err := loadPractices(w.ctx, w.tx, w.id)
	if err != nil {
		return err
	}
	for _, p := range old {
		if err := w.clearPractice(p.Framework); err != nil {
			return err
		}
	}
	for _, p := range ps {
		if err := w.setPractice(p); err != nil {
			return err
		}
	}
	return nil
}

func (w *wtx) oldPractice(framework string) (*assessment.RecognizedPractice, error) {
	p, err := scanPractice(w.tx.QueryRowContext(w.ctx, `SELECT `+practiceCols+` FROM recognized_practice
		WHERE assessment_id = ? AND framework = ?`, w.id, framework))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

const practiceCols = `framework, since, note, who, at`

func scanPractice(sc scanner) (assessment.RecognizedPractice, error) {
	var p assessment.RecognizedPractice
	var at string
	if err := sc.Scan(&p.Framework, &p.Since, &p.Note, &p.By, &at); err != nil {
		return p, err
	}
	var err error
	p.At, err = parseTime(at)
	return p, err
}

func loadPractices(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.RecognizedPractice, error) {
	return loadList(ctx, tx, `SELECT `+practiceCols+` FROM recognized_practice WHERE assessment_id = ? ORDER BY framework`, id, scanPractice)
}

// Practices returns the recognized frameworks the practice follows, by
// framework id.
func (s *Store) Practices(ctx context.Context, id int64) ([]assessment.RecognizedPractice, error) {
	return readList(s, ctx, "read recognized practices", id, loadPractices)
}
