package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// SaveAnswer stores the answer to a.QuestionID, replacing an earlier one. It
// records the store's actor and clock as By and At and clears CarriedForward:
// only CopyForward sets that mark, and any save through the store means the
// user has reviewed the item.
func (s *Store) SaveAnswer(ctx context.Context, id int64, a assessment.Answer) error {
	return s.update(ctx, "save answer", id, func(w *wtx) error { return w.saveAnswer(a) })
}

// EditAnswer changes the answer to questionID with edit, which gets the
// stored answer (or an empty one for that question) and changes only what
// it means to: re-answering with a new value keeps the note, evidence, flag
// and decision. The read, the change and the write are one transaction, so
// two edits of different fields at the same time both take effect. It
// returns the answer as stored.
func (s *Store) EditAnswer(ctx context.Context, id int64, questionID string, edit func(*assessment.Answer) error) (assessment.Answer, error) {
	var a assessment.Answer
	err := s.update(ctx, "save answer", id, func(w *wtx) error {
		old, err := w.oldAnswer(questionID)
		if err != nil {
			return err
		}
		a = assessment.Answer{QuestionID: questionID}
		if old != nil {
			a = *old
		}
		if err := edit(&a); err != nil {
			return err
		}
		a.QuestionID = questionID
		a.By, a.At, a.CarriedForward = w.who, w.now, false
		return w.putAnswer(a)
	})
	return a, err
}

func (w *wtx) saveAnswer(a assessment.Answer) error {
	a.By, a.At, a.CarriedForward = w.who, w.now, false
	return w.putAnswer(a)
}

// stampDecision records who decided and when on a decision that does not
// say: the person saving it, today.
func (w *wtx) stampDecision(a *assessment.Answer) {
	if a.Decision == nil {
		return
	}
	d := *a.Decision
	if strings.TrimSpace(d.DecidedBy) == "" {
		d.DecidedBy = w.who
	}
	if d.DecidedAt == "" {
		d.DecidedAt = w.now.UTC().Format(time.DateOnly)
	}
	a.Decision = &d
}

func validAnswer(a assessment.Answer) error {
	if strings.TrimSpace(a.QuestionID) == "" {
		return fmt.Errorf("%w: the answer has no question id", ErrInvalid)
	}
	// The empty value is a question noted or flagged but not answered yet.
	if a.Value != "" && !slices.Contains(assessment.AnswerValues, a.Value) {
		return fmt.Errorf("%w: %q is not an answer to %s: use yes, partial, no, not_applicable or unknown", ErrInvalid, a.Value, a.QuestionID)
	}
	if d := a.Decision; d != nil && d.Kind != "" && d.Kind != assessment.DecisionAlternative && d.Kind != assessment.DecisionNotReasonable {
		return fmt.Errorf("%w: %q is not a decision for %s: use alternative or not_reasonable", ErrInvalid, d.Kind, a.QuestionID)
	}
	return nil
}

// putAnswer upserts a as given and records it in the audit log.
func (w *wtx) putAnswer(a assessment.Answer) error {
	if err := validAnswer(a); err != nil {
		return err
	}
	if !a.CarriedForward {
		w.stampDecision(&a)
	}
	old, err := w.oldAnswer(a.QuestionID)
	if err != nil {
		return err
	}
	var decision any // NULL when there is none
	if a.Decision != nil {
		b, err := json.Marshal(a.Decision)
		if err != nil {
			return fmt.Errorf("encode decision: %w", err)
		}
		decision = string(b)
	}
	if _, err := w.exec(`INSERT INTO answer (assessment_id, question_id, value, note, evidence, flagged, decision, carried_forward, who, at, na_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, question_id) DO UPDATE SET value = excluded.value, note = excluded.note,
			evidence = excluded.evidence, flagged = excluded.flagged, decision = excluded.decision,
			carried_forward = excluded.carried_forward, who = excluded.who, at = excluded.at, na_reason = excluded.na_reason`,
		w.id, a.QuestionID, string(a.Value), a.Note, a.Evidence, a.Flagged, decision, a.CarriedForward, a.By, fmtTime(a.At), a.NAReason); err != nil {
		return err
	}
	return w.audit("save_answer", "answer:"+a.QuestionID, old, a)
}

// oldAnswer returns the stored answer to questionID, or nil.
func (w *wtx) oldAnswer(questionID string) (*assessment.Answer, error) {
	a, err := scanAnswer(w.tx.QueryRowContext(w.ctx, `SELECT `+answerCols+` FROM answer
		WHERE assessment_id = ? AND question_id = ?`, w.id, questionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// ClearAnswer removes the answer to questionID.
func (s *Store) ClearAnswer(ctx context.Context, id int64, questionID string) error {
	return s.update(ctx, "clear answer", id, func(w *wtx) error {
		old, err := w.oldAnswer(questionID)
		if err != nil {
			return err
		}
		if old == nil {
			return fmt.Errorf("answer to %s in assessment %d: %w", questionID, id, ErrNotFound)
		}
		if _, err := w.exec(`DELETE FROM answer WHERE assessment_id = ? AND question_id = ?`, id, questionID); err != nil {
			return err
		}
		return w.audit("clear_answer", "answer:"+questionID, old, nil)
	})
}

// Answers returns the assessment's answers by question id.
func (s *Store) Answers(ctx context.Context, id int64) (map[string]assessment.Answer, error) {
	var out map[string]assessment.Answer
	err := s.read(ctx, "read answers", func(tx *sql.Tx) error {
		if err := mustExist(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = loadAnswers(ctx, tx, id)
		return err
	})
	return out, err
}

const answerCols = `question_id, value, note, evidence, flagged, decision, carried_forward, who, at, na_reason`

func scanAnswer(sc scanner) (assessment.Answer, error) {
	var a assessment.Answer
	var value, at string
	var decision sql.NullString
	if err := sc.Scan(&a.QuestionID, &value, &a.Note, &a.Evidence, &a.Flagged, &decision, &a.CarriedForward, &a.By, &at, &a.NAReason); err != nil {
		return a, err
	}
	a.Value = assessment.AnswerValue(value)
	if decision.Valid {
		a.Decision = new(assessment.AddressableDecision)
		if err := json.Unmarshal([]byte(decision.String), a.Decision); err != nil {
			return a, fmt.Errorf("stored decision for %s: %w", a.QuestionID, err)
		}
	}
	var err error
	a.At, err = parseTime(at)
	return a, err
}

func loadAnswers(ctx context.Context, tx *sql.Tx, id int64) (map[string]assessment.Answer, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+answerCols+` FROM answer WHERE assessment_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]assessment.Answer{}
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return nil, err
		}
		out[a.QuestionID] = a
	}
	return out, rows.Err()
}

// mustExist reports ErrNotFound when assessment id does not exist.
func mustExist(ctx context.Context, tx *sql.Tx, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM assessment WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("assessment %d: %w", id, ErrNotFound)
	}
	return err
}

func validAsset(a assessment.Asset) error {
	if strings.TrimSpace(a.Name) == "" {
		return fmt.Errorf("%w: the asset has no name", ErrInvalid)
	}
	switch a.Encrypted {
	case "", assessment.EncryptionYes, assessment.EncryptionNo, assessment.EncryptionUnknown:
		return nil
	}
	return fmt.Errorf("%w: asset %q: %q is not an encryption state: use yes, no or unknown", ErrInvalid, a.Name, a.Encrypted)
}

// AddAsset adds an asset to the inventory and returns its id.
func (s *Store) AddAsset(ctx context.Context, id int64, a assessment.Asset) (int64, error) {
	var assetID int64
	err := s.update(ctx, "add asset", id, func(w *wtx) error {
		a.CarriedForward = false
		var err error
		assetID, err = w.insertAsset(a)
		return err
	})
	return assetID, err
}

func (w *wtx) insertAsset(a assessment.Asset) (int64, error) {
	if err := validAsset(a); err != nil {
		return 0, err
	}
	res, err := w.exec(`INSERT INTO asset (assessment_id, name, kind, location, owner, holds_ephi, encrypted, encryption_note, notes, carried_forward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.id, a.Name, a.Kind, a.Location, a.Owner, a.HoldsEPHI, string(a.Encrypted), a.EncryptionNote, a.Notes, a.CarriedForward)
	if err != nil {
		return 0, err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	return a.ID, w.audit("add_asset", "asset:"+strconv.FormatInt(a.ID, 10), nil, a)
}

// UpdateAsset replaces the asset a.ID and clears its CarriedForward mark.
func (s *Store) UpdateAsset(ctx context.Context, id int64, a assessment.Asset) error {
	if err := validAsset(a); err != nil {
		return s.fail("update asset", err)
	}
	a.CarriedForward = false
	return s.update(ctx, "update asset", id, func(w *wtx) error {
		target := "asset:" + strconv.FormatInt(a.ID, 10)
		old, err := w.oneAsset(a.ID)
		if err != nil {
			return err
		}
		if err := w.execOne(target, `UPDATE asset SET name = ?, kind = ?, location = ?, owner = ?, holds_ephi = ?,
			encrypted = ?, encryption_note = ?, notes = ?, carried_forward = ? WHERE id = ? AND assessment_id = ?`,
			a.Name, a.Kind, a.Location, a.Owner, a.HoldsEPHI, string(a.Encrypted), a.EncryptionNote, a.Notes, a.CarriedForward,
			a.ID, w.id); err != nil {
			return err
		}
		return w.audit("update_asset", target, old, a)
	})
}

// DeleteAsset removes an asset from the inventory.
func (s *Store) DeleteAsset(ctx context.Context, id int64, assetID int64) error {
	return s.update(ctx, "delete asset", id, func(w *wtx) error { return w.deleteAsset(assetID) })
}

func (w *wtx) deleteAsset(assetID int64) error {
	old, err := w.oneAsset(assetID)
	if err != nil {
		return err
	}
	target := "asset:" + strconv.FormatInt(assetID, 10)
	if err := w.execOne(target, `DELETE FROM asset WHERE id = ? AND assessment_id = ?`, assetID, w.id); err != nil {
		return err
	}
	return w.audit("delete_asset", target, old, nil)
}

func (w *wtx) oneAsset(assetID int64) (assessment.Asset, error) {
	a, err := scanAsset(w.tx.QueryRowContext(w.ctx, `SELECT `+assetCols+` FROM asset WHERE id = ? AND assessment_id = ?`, assetID, w.id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("asset %d in assessment %d: %w", assetID, w.id, ErrNotFound)
	}
	return a, err
}

// Assets returns the asset inventory in the order the assets were added.
func (s *Store) Assets(ctx context.Context, id int64) ([]assessment.Asset, error) {
	return readList(s, ctx, "read assets", id, loadAssets)
}

const assetCols = `id, name, kind, location, owner, holds_ephi, encrypted, encryption_note, notes, carried_forward`

func scanAsset(sc scanner) (assessment.Asset, error) {
	var a assessment.Asset
	var enc string
	err := sc.Scan(&a.ID, &a.Name, &a.Kind, &a.Location, &a.Owner, &a.HoldsEPHI, &enc, &a.EncryptionNote, &a.Notes, &a.CarriedForward)
	a.Encrypted = assessment.Encryption(enc)
	return a, err
}

func loadAssets(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.Asset, error) {
	return loadList(ctx, tx, `SELECT `+assetCols+` FROM asset WHERE assessment_id = ? ORDER BY id`, id, scanAsset)
}

// loadList runs a query with one argument and scans every row with scan.
func loadList[T any](ctx context.Context, tx *sql.Tx, query string, id int64, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func validVendor(v assessment.Vendor) error {
	if strings.TrimSpace(v.Name) == "" {
		return fmt.Errorf("%w: the vendor has no name", ErrInvalid)
	}
	if v.BAADate != "" && !validDate(v.BAADate) {
		return fmt.Errorf("%w: vendor %q: the agreement date %q is not a date in the form YYYY-MM-DD", ErrInvalid, v.Name, v.BAADate)
	}
	return nil
}

func validDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Format(time.DateOnly) == s
}

// AddVendor adds a vendor or business associate and returns its id.
func (s *Store) AddVendor(ctx context.Context, id int64, v assessment.Vendor) (int64, error) {
	var vendorID int64
	err := s.update(ctx, "add vendor", id, func(w *wtx) error {
		v.CarriedForward = false
		var err error
		vendorID, err = w.insertVendor(v)
		return err
	})
	return vendorID, err
}

func (w *wtx) insertVendor(v assessment.Vendor) (int64, error) {
	if err := validVendor(v); err != nil {
		return 0, err
	}
	res, err := w.exec(`INSERT INTO vendor (assessment_id, name, service, holds_ephi, baa_signed, baa_date, notes, carried_forward)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		w.id, v.Name, v.Service, v.HoldsEPHI, v.BAASigned, v.BAADate, v.Notes, v.CarriedForward)
	if err != nil {
		return 0, err
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	return v.ID, w.audit("add_vendor", "vendor:"+strconv.FormatInt(v.ID, 10), nil, v)
}

// UpdateVendor replaces the vendor v.ID and clears its CarriedForward mark.
func (s *Store) UpdateVendor(ctx context.Context, id int64, v assessment.Vendor) error {
	if err := validVendor(v); err != nil {
		return s.fail("update vendor", err)
	}
	v.CarriedForward = false
	return s.update(ctx, "update vendor", id, func(w *wtx) error {
		target := "vendor:" + strconv.FormatInt(v.ID, 10)
		old, err := w.oneVendor(v.ID)
		if err != nil {
			return err
		}
		if err := w.execOne(target, `UPDATE vendor SET name = ?, service = ?, holds_ephi = ?, baa_signed = ?, baa_date = ?,
			notes = ?, carried_forward = ? WHERE id = ? AND assessment_id = ?`,
			v.Name, v.Service, v.HoldsEPHI, v.BAASigned, v.BAADate, v.Notes, v.CarriedForward, v.ID, w.id); err != nil {
			return err
		}
		return w.audit("update_vendor", target, old, v)
	})
}

// DeleteVendor removes a vendor.
func (s *Store) DeleteVendor(ctx context.Context, id int64, vendorID int64) error {
	return s.update(ctx, "delete vendor", id, func(w *wtx) error { return w.deleteVendor(vendorID) })
}

func (w *wtx) deleteVendor(vendorID int64) error {
	old, err := w.oneVendor(vendorID)
	if err != nil {
		return err
	}
	target := "vendor:" + strconv.FormatInt(vendorID, 10)
	if err := w.execOne(target, `DELETE FROM vendor WHERE id = ? AND assessment_id = ?`, vendorID, w.id); err != nil {
		return err
	}
	return w.audit("delete_vendor", target, old, nil)
}

func (w *wtx) oneVendor(vendorID int64) (assessment.Vendor, error) {
	v, err := scanVendor(w.tx.QueryRowContext(w.ctx, `SELECT `+vendorCols+` FROM vendor WHERE id = ? AND assessment_id = ?`, vendorID, w.id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("vendor %d in assessment %d: %w", vendorID, w.id, ErrNotFound)
	}
	return v, err
}

// Vendors returns the vendor inventory in the order the vendors were added.
func (s *Store) Vendors(ctx context.Context, id int64) ([]assessment.Vendor, error) {
	return readList(s, ctx, "read vendors", id, loadVendors)
}

const vendorCols = `id, name, service, holds_ephi, baa_signed, baa_date, notes, carried_forward`

func scanVendor(sc scanner) (assessment.Vendor, error) {
	var v assessment.Vendor
	err := sc.Scan(&v.ID, &v.Name, &v.Service, &v.HoldsEPHI, &v.BAASigned, &v.BAADate, &v.Notes, &v.CarriedForward)
	return v, err
}

func loadVendors(ctx context.Context, tx *sql.Tx, id int64) ([]assessment.Vendor, error) {
	return loadList(ctx, tx, `SELECT `+vendorCols+` FROM vendor WHERE assessment_id = ? ORDER BY id`, id, scanVendor)
}
