package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func validOverride(o assessment.Override) error {
	switch {
	case strings.TrimSpace(o.RiskID) == "":
		return fmt.Errorf("%w: the override names no risk", ErrInvalid)
	case strings.TrimSpace(o.Reason) == "":
		return fmt.Errorf("%w: the override of %s needs a reason", ErrInvalid, o.RiskID)
	case o.Likelihood != assessment.LevelUnset && !o.Likelihood.Valid(),
		o.Impact != assessment.LevelUnset && !o.Impact.Valid():
		return fmt.Errorf("%w: the override of %s has a level outside very low..very high", ErrInvalid, o.RiskID)
	case o.Likelihood == assessment.LevelUnset && o.Impact == assessment.LevelUnset:
		return fmt.Errorf("%w: the override of %s sets neither likelihood nor impact", ErrInvalid, o.RiskID)
	}
	return nil
}

// SetOverride stores the user's likelihood and/or impact for a risk, with the
// mandatory reason, replacing an earlier override of the same risk. By and At
// are taken from the store's actor and clock.
func (s *Store) SetOverride(ctx context.Context, id int64, o assessment.Override) error {
	if err := validOverride(o); err != nil {
		return s.fail("set override", err)
	}
	o.CarriedForward = false // set by the user: reviewed
	return s.update(ctx, "set override", id, func(w *wtx) error {
		old, err := w.oldOverride(o.RiskID)
		if err != nil {
			return err
		}
		return w.putOverride(old, o)
	})
}

// EditOverride changes the override of riskID with edit, which gets the
// stored override (or an empty one naming riskID) and changes only what it
// means to; the read, the change and the write are one transaction, so two
// edits of different fields at the same time both take effect. It returns
// the override as stored.
func (s *Store) EditOverride(ctx context.Context, id int64, riskID string, edit func(*assessment.Override) error) (assessment.Override, error) {
	var o assessment.Override
	err := s.update(ctx, "set override", id, func(w *wtx) error {
		old, err := w.oldOverride(riskID)
		if err != nil {
			return err
		}
		o = assessment.Override{RiskID: riskID}
		if old != nil {
			o = *old
		}
		if err := edit(&o); err != nil {
			return err
		}
		o.RiskID, o.CarriedForward = riskID, false
		if err := validOverride(o); err != nil {
			return err
		}
		return w.putOverride(old, o)
	})
	return o, err
}

// putOverride upserts o, recording the store's actor and clock, and its
// change from old in the audit log.
func (w *wtx) putOverride(old *assessment.Override, o assessment.Override) error {
	o.By, o.At = w.who, w.now
	if _, err := w.exec(`INSERT INTO risk_override (assessment_id, risk_id, likelihood, impact, reason, who, at, carried_forward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, risk_id) DO UPDATE SET likelihood = excluded.likelihood,
			impact = excluded.impact, reason = excluded.reason, who = excluded.who, at = excluded.at,
			carried_forward = excluded.carried_forward`,
		w.id, o.RiskID, int(o.Likelihood), int(o.Impact), o.Reason, o.By, fmtTime(o.At), o.CarriedForward); err != nil {
		return err
	}
	return w.audit("set_override", "override:"+o.RiskID, old, o)
}

const overrideCols = `risk_id, likelihood, impact, reason, who, at, carried_forward`

func scanOverride(sc scanner) (assessment.Override, error) {
	var o assessment.Override
	var at string
	if err := sc.Scan(&o.RiskID, &o.Likelihood, &o.Impact, &o.Reason, &o.By, &at, &o.CarriedForward); err != nil {
		return o, err
	}
	var err error
	o.At, err = parseTime(at)
	return o, err
}

func (w *wtx) oldOverride(riskID string) (*assessment.Override, error) {
	o, err := scanOverride(w.tx.QueryRowContext(w.ctx, `SELECT `+overrideCols+` FROM risk_override
		WHERE assessment_id = ? AND risk_id = ?`, w.id, riskID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// ClearOverride removes the override of a risk.
func (s *Store) ClearOverride(ctx context.Context, id int64, riskID string) error {
	return s.update(ctx, "clear override", id, func(w *wtx) error {
		old, err := w.oldOverride(riskID)
		if err != nil {
			return err
		}
		if old == nil {
			return fmt.Errorf("override of %s in assessment %d: %w", riskID, id, ErrNotFound)
		}
		if _, err := w.exec(`DELETE FROM risk_override WHERE assessment_id = ? AND risk_id = ?`, id, riskID); err != nil {
			return err
		}
		return w.audit("clear_override", "override:"+riskID, old, nil)
	})
}

func loadOverrides(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.Override, error) {
	return loadList(ctx, tx, `SELECT `+overrideCols+` FROM risk_override WHERE assessment_id = ? ORDER BY risk_id`, id, scanOverride)
}

// Overrides returns the assessment's overrides by risk id.
func (s *Store) Overrides(ctx context.Context, id int64) ([]assessment.Override, error) {
	return readList(s, ctx, "read overrides", id, loadOverrides)
}

// readList is the public read of one list: the assessment must exist.
func readList[T any](s *Store, ctx context.Context, op string, id int64, load func(context.Context, *sql.Tx, int64) ([]T, error)) ([]T, error) {
	var out []T
	err := s.read(ctx, op, func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = load(ctx, tx, id)
		return err
	})
	return out, err
}

func validTracking(t assessment.Tracking) error {
	if err := t.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// SetTracking stores the owner, due date, status and note of a remediation
// item, with the reason, approver and review date of an acceptance and the
// completion date, evidence and assessed residual level of a done item,
// replacing earlier ones. An acceptance without its reason, approver or
// review date is refused (assessment.Tracking.Validate). A done item
// without a completion date is recorded as completed today. By and At come
// from the store's actor and clock.
func (s *Store) SetTracking(ctx context.Context, id int64, t assessment.Tracking) error {
	if err := validTracking(t); err != nil {
		return s.fail("set tracking", err)
	}
	t.CarriedForward = false // saving reviews what was carried
	return s.update(ctx, "set tracking", id, func(w *wtx) error {
		old, err := w.oldTracking(t.ItemID)
		if err != nil {
			return err
		}
		return w.putTracking(old, t)
	})
}

// EditTracking changes the tracking of itemID with edit, which gets the
// stored tracking (or an empty one naming itemID, Status "") and changes only
// what it means to. The read, the change and the write are one transaction,
// so two edits of different fields at the same time both take effect. It
// returns the tracking as stored.
func (s *Store) EditTracking(ctx context.Context, id int64, itemID string, edit func(*assessment.Tracking) error) (assessment.Tracking, error) {
	var t assessment.Tracking
	err := s.update(ctx, "set tracking", id, func(w *wtx) error {
		old, err := w.oldTracking(itemID)
		if err != nil {
			return err
		}
		t = assessment.Tracking{ItemID: itemID}
		if old != nil {
			t = *old
		}
		if err := edit(&t); err != nil {
			return err
		}
		t.ItemID, t.CarriedForward = itemID, false // an edit reviews what was carried
		if err := validTracking(t); err != nil {
			return err
		}
		return w.putTracking(old, t)
	})
	return t, err
}

// oldTracking returns the stored tracking of itemID, or nil.
func (w *wtx) oldTracking(itemID string) (*assessment.Tracking, error) {
	o, err := scanTracking(w.tx.QueryRowContext(w.ctx, `SELECT `+trackingCols+` FROM tracking
		WHERE assessment_id = ? AND item_id = ?`, w.id, itemID))
	switch {
	case err == nil:
		return &o, nil
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	}
	return nil, err
}

// putTracking upserts t, recording the store's actor and clock (and today
// as the completion date of a done item that has none), and its change from
// old in the audit log.
func (w *wtx) putTracking(old *assessment.Tracking, t assessment.Tracking) error {
	t.By, t.At = w.who, w.now
	if t.Status == assessment.Done && t.Completed == "" {
		t.Completed = w.now.UTC().Format("2006-01-02")
	}
	if _, err := w.exec(`INSERT INTO tracking (assessment_id, item_id, owner, due, status, note, who, at,
			reason, approver, review, completed, evidence, residual, carried_forward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, item_id) DO UPDATE SET owner = excluded.owner, due = excluded.due,
			status = excluded.status, note = excluded.note, who = excluded.who, at = excluded.at,
			reason = excluded.reason, approver = excluded.approver, review = excluded.review,
			completed = excluded.completed, evidence = excluded.evidence, residual = excluded.residual,
			carried_forward = excluded.carried_forward`,
		w.id, t.ItemID, t.Owner, t.Due, string(t.Status), t.Note, t.By, fmtTime(t.At),
		t.Reason, t.Approver, t.Review, t.Completed, t.Evidence, int(t.Residual), t.CarriedForward); err != nil {
		return err
	}
	return w.audit("set_tracking", "tracking:"+t.ItemID, old, t)
}

const trackingCols = `item_id, owner, due, status, note, who, at, reason, approver, review, completed, evidence, residual, carried_forward`

func scanTracking(sc scanner) (assessment.Tracking, error) {
	var t assessment.Tracking
	var status, at string
	if err := sc.Scan(&t.ItemID, &t.Owner, &t.Due, &status, &t.Note, &t.By, &at,
		&t.Reason, &t.Approver, &t.Review, &t.Completed, &t.Evidence, &t.Residual, &t.CarriedForward); err != nil {
		return t, err
	}
	t.Status = assessment.PlanStatus(status)
	var err error
	t.At, err = parseTime(at)
	return t, err
}

func loadTracking(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.Tracking, error) {
	return loadList(ctx, tx, `SELECT `+trackingCols+` FROM tracking WHERE assessment_id = ? ORDER BY item_id`, id, scanTracking)
}

// Tracking returns what was recorded for the remediation items, by item id.
func (s *Store) Tracking(ctx context.Context, id int64) ([]assessment.Tracking, error) {
	return readList(s, ctx, "read tracking", id, loadTracking)
}

// SetRiskTolerance records the highest level of risk the practice accepts
// without action; LevelUnset returns to the default (Low).
func (s *Store) SetRiskTolerance(ctx context.Context, id int64, l assessment.Level) error {
	if l != assessment.LevelUnset && !l.Valid() {
		return s.fail("set risk tolerance", fmt.Errorf("%w: the risk tolerance is outside very low..very high", ErrInvalid))
	}
	return s.update(ctx, "set risk tolerance", id, func(w *wtx) error {
		var old assessment.Level
		if err := w.tx.QueryRowContext(ctx, `SELECT risk_tolerance FROM assessment WHERE id = ?`, id).Scan(&old); err != nil {
			return err
		}
		if _, err := w.exec(`UPDATE assessment SET risk_tolerance = ? WHERE id = ?`, int(l), id); err != nil {
			return err
		}
		return w.audit("set_risk_tolerance", "assessment", old, l)
	})
}

// AddSuppression records a decision to accept failed findings of a check
// (on resources matching sp.Resource) until sp.Expires. A suppression for
// the same check and resource pattern is replaced.
func (s *Store) AddSuppression(ctx context.Context, id int64, sp assessment.Suppression) error {
	switch {
	case strings.TrimSpace(sp.CheckID) == "":
		return s.fail("add suppression", fmt.Errorf("%w: the suppression names no check", ErrInvalid))
	case strings.TrimSpace(sp.Reason) == "":
		return s.fail("add suppression", fmt.Errorf("%w: the suppression of %s needs a reason", ErrInvalid, sp.CheckID))
	}
	return s.update(ctx, "add suppression", id, func(w *wtx) error {
		var old *assessment.Suppression
		o, err := scanSuppression(w.tx.QueryRowContext(ctx, `SELECT `+suppressionCols+` FROM suppression
			WHERE assessment_id = ? AND check_id = ? AND resource = ?`, id, sp.CheckID, sp.Resource))
		switch {
		case err == nil:
			old = &o
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := w.exec(`INSERT INTO suppression (assessment_id, check_id, resource, reason, expires) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (assessment_id, check_id, resource) DO UPDATE SET reason = excluded.reason, expires = excluded.expires`,
			id, sp.CheckID, sp.Resource, sp.Reason, fmtTime(sp.Expires)); err != nil {
			return err
		}
		return w.audit("add_suppression", "suppression:"+sp.CheckID+"|"+sp.Resource, old, sp)
	})
}

const suppressionCols = `check_id, resource, reason, expires`

func scanSuppression(sc scanner) (assessment.Suppression, error) {
	var sp assessment.Suppression
	var expires string
	if err := sc.Scan(&sp.CheckID, &sp.Resource, &sp.Reason, &expires); err != nil {
		return sp, err
	}
	var err error
	sp.Expires, err = parseTime(expires)
	return sp, err
}

func loadSuppressions(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.Suppression, error) {
	return loadList(ctx, tx, `SELECT `+suppressionCols+` FROM suppression WHERE assessment_id = ? ORDER BY check_id, resource`, id, scanSuppression)
}

// Suppressions returns the assessment's suppressions by check and resource.
func (s *Store) Suppressions(ctx context.Context, id int64) ([]assessment.Suppression, error) {
	return readList(s, ctx, "read suppressions", id, loadSuppressions)
}
