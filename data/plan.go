package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
	switch {
	case strings.TrimSpace(t.ItemID) == "":
		return fmt.Errorf("%w: the remediation item has no id", ErrInvalid)
	case !slices.Contains(assessment.PlanStatuses, t.Status):
		return fmt.Errorf("%w: %q is not a status for %s: use todo, in_progress, done or accepted", ErrInvalid, t.Status, t.ItemID)
	case t.Due != "" && !validDate(t.Due):
		return fmt.Errorf("%w: the due date %q of %s is not a date in the form YYYY-MM-DD", ErrInvalid, t.Due, t.ItemID)
	}
	return nil
}

// SetTracking stores the owner, due date, status and note of a remediation
// item, replacing earlier ones. By and At come from the store's actor and clock.
func (s *Store) SetTracking(ctx context.Context, id int64, t assessment.Tracking) error {
	if err := validTracking(t); err != nil {
		return s.fail("set tracking", err)
	}
	return s.update(ctx, "set tracking", id, func(w *wtx) error {
		t.By, t.At, t.CarriedForward = w.who, w.now, false
		var old *assessment.Tracking
		o, err := scanTracking(w.tx.QueryRowContext(ctx, `SELECT `+trackingCols+` FROM tracking
			WHERE assessment_id = ? AND item_id = ?`, id, t.ItemID))
		switch {
		case err == nil:
			old = &o
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		return w.putTracking(old, t)
	})
}

// putTracking upserts t as given and records its change from old.
func (w *wtx) putTracking(old *assessment.Tracking, t assessment.Tracking) error {
	if _, err := w.exec(`INSERT INTO tracking (assessment_id, item_id, owner, due, status, note, who, at, carried_forward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, item_id) DO UPDATE SET owner = excluded.owner, due = excluded.due,
			status = excluded.status, note = excluded.note, who = excluded.who, at = excluded.at,
			carried_forward = excluded.carried_forward`,
		w.id, t.ItemID, t.Owner, t.Due, string(t.Status), t.Note, t.By, fmtTime(t.At), t.CarriedForward); err != nil {
		return err
	}
	return w.audit("set_tracking", "tracking:"+t.ItemID, old, t)
}

const trackingCols = `item_id, owner, due, status, note, who, at, carried_forward`

func scanTracking(sc scanner) (assessment.Tracking, error) {
	var t assessment.Tracking
	var status, at string
	if err := sc.Scan(&t.ItemID, &t.Owner, &t.Due, &status, &t.Note, &t.By, &at, &t.CarriedForward); err != nil {
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
