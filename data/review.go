package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Review is a review mark: who confirmed something and when. Kind
// "section" marks a section of questions as reviewed (Key is its id);
// kind "cloud" records the cloud decision when AWS is not checked (Key
// "not_used" or "skipped").
type Review struct {
	Kind string    `json:"kind"`
	Key  string    `json:"key"`
	By   string    `json:"by,omitempty"`
	At   time.Time `json:"at,omitzero"`
}

// Review kinds and cloud decisions.
const (
	ReviewSection = "section"
	ReviewCloud   = "cloud"
	CloudNotUsed  = "not_used"
	CloudSkipped  = "skipped"
)

func validReview(kind, key string) error {
	switch {
	case kind != ReviewSection && kind != ReviewCloud:
		return fmt.Errorf("%w: %q is not a kind of review", ErrInvalid, kind)
	case key == "":
		return fmt.Errorf("%w: the review names nothing", ErrInvalid)
	case kind == ReviewCloud && key != CloudNotUsed && key != CloudSkipped:
		return fmt.Errorf("%w: %q is not a cloud decision: use not_used or skipped", ErrInvalid, key)
	}
	return nil
}

// SetReview records a review mark, replacing an earlier one of the same
// kind and key. A cloud decision replaces the other one.
func (s *Store) SetReview(ctx context.Context, id int64, kind, key string) error {
	if err := validReview(kind, key); err != nil {
		return s.fail("record review", err)
	}
	return s.update(ctx, "record review", id, func(w *wtx) error {
		if kind == ReviewCloud {
			for _, other := range []string{CloudNotUsed, CloudSkipped} {
				if other != key {
					if err := w.clearReview(kind, other); err != nil {
						return err
					}
				}
			}
		}
		return w.putReview(kind, key)
	})
}

// ClearReview removes a review mark; removing one that is not there is
// not an error.
func (s *Store) ClearReview(ctx context.Context, id int64, kind, key string) error {
	return s.update(ctx, "clear review", id, func(w *wtx) error { return w.clearReview(kind, key) })
}

// ReviewCarriedSection confirms section as reviewed: every answer among
// questionIDs still marked carried forward is saved again by the store's
// actor, which clears the mark, and the section's review mark is set.
func (s *Store) ReviewCarriedSection(ctx context.Context, id int64, section string, questionIDs []string) error {
	if err := validReview(ReviewSection, section); err != nil {
		return s.fail("review section", err)
	}
	return s.update(ctx, "review section", id, func(w *wtx) error {
		answers, err := loadAnswers(ctx, w.tx, id)
		if err != nil {
			return err
		}
		for _, qid := range questionIDs {
			if a, ok := answers[qid]; ok && a.CarriedForward {
				if err := w.saveAnswer(a); err != nil {
					return err
				}
			}
		}
		return w.putReview(ReviewSection, section)
	})
}

func (w *wtx) oldReview(kind, key string) (*Review, error) {
	r, err := scanReview(w.tx.QueryRowContext(w.ctx, `SELECT `+reviewCols+` FROM review
		WHERE assessment_id = ? AND kind = ? AND key = ?`, w.id, kind, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func (w *wtx) putReview(kind, key string) error {
	old, err := w.oldReview(kind, key)
	if err != nil {
		return err
	}
	r := Review{Kind: kind, Key: key, By: w.who, At: w.now}
	if _, err := w.exec(`INSERT INTO review (assessment_id, kind, key, who, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, kind, key) DO UPDATE SET who = excluded.who, at = excluded.at`,
		w.id, kind, key, r.By, fmtTime(r.At)); err != nil {
		return err
	}
	return w.audit("set_review", "review:"+kind+"|"+key, old, r)
}

func (w *wtx) clearReview(kind, key string) error {
	old, err := w.oldReview(kind, key)
	if err != nil || old == nil {
		return err
	}
	if _, err := w.exec(`DELETE FROM review WHERE assessment_id = ? AND kind = ? AND key = ?`, w.id, kind, key); err != nil {
		return err
	}
	return w.audit("clear_review", "review:"+kind+"|"+key, old, nil)
}

const reviewCols = `kind, key, who, at`

func scanReview(sc scanner) (Review, error) {
	var r Review
	var at string
	if err := sc.Scan(&r.Kind, &r.Key, &r.By, &at); err != nil {
		return r, err
	}
	var err error
	r.At, err = parseTime(at)
	return r, err
}

func loadReviews(ctx context.Context, tx *sql.Tx, id int64) ([]Review, error) {
	return loadList(ctx, tx, `SELECT `+reviewCols+` FROM review WHERE assessment_id = ? ORDER BY kind, key`, id, scanReview)
}

// SectionReview returns the review mark of a section, if any.
func SectionReview(rs []Review, section string) (Review, bool) {
	i := slices.IndexFunc(rs, func(r Review) bool { return r.Kind == ReviewSection && r.Key == section })
	if i < 0 {
		return Review{}, false
	}
	return rs[i], true
}

// CloudDecision returns the cloud decision recorded, if any.
func CloudDecision(rs []Review) (Review, bool) {
	i := slices.IndexFunc(rs, func(r Review) bool { return r.Kind == ReviewCloud })
	if i < 0 {
		return Review{}, false
	}
	return rs[i], true
}
