package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// NewAssessment is what a new assessment starts with.
type NewAssessment struct {
	Practice, Assessor, Scope string
	Profile                   assessment.Profile
	BankVersion               string
	// CarryAnswer, when set, decides how CopyForward carries each earlier
	// answer into the new assessment: the answer as it carries, and false to
	// leave it behind (questionnaire.Bank.Carry says this for a bank).
	CarryAnswer func(assessment.Answer) (assessment.Answer, bool) `json:"-"`
}

// AssessmentSummary is an assessment with the figures a list shows.
type AssessmentSummary struct {
	assessment.Assessment
	Answers    int       // answers stored
	LastChange time.Time // newest audit row
}

// details is what the audit log records for the assessment's own fields.
type details struct {
	Practice    string `json:"practice"`
	Assessor    string `json:"assessor"`
	Scope       string `json:"scope"`
	BankVersion string `json:"bankVersion,omitempty"`
	CopiedFrom  int64  `json:"copiedFrom,omitempty"`
}

func validPractice(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: the practice name is empty", ErrInvalid)
	}
	return nil
}

// CreateAssessment starts a new draft assessment and returns its id.
func (s *Store) CreateAssessment(ctx context.Context, n NewAssessment) (int64, error) {
	var id int64
	err := s.transact(ctx, "create assessment", func(tx *sql.Tx, now time.Time) error {
		w, err := s.insertAssessment(ctx, tx, now, n, 0)
		if err != nil {
			return err
		}
		id = w.id
		return w.done()
	})
	return id, err
}

// insertAssessment adds the assessment row and its first audit rows and
// returns the change, for the caller to add to and finish with done.
func (s *Store) insertAssessment(ctx context.Context, tx *sql.Tx, now time.Time, n NewAssessment, from int64) (*wtx, error) {
	if err := validPractice(n.Practice); err != nil {
		return nil, err
	}
	profile, err := json.Marshal(n.Profile)
	if err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO assessment
		(practice, assessor, scope, profile, bank_version, created_at, updated_at, copied_from)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Practice, n.Assessor, n.Scope, string(profile), n.BankVersion, fmtTime(now), fmtTime(now), from)
	if err != nil {
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	w := &wtx{ctx: ctx, tx: tx, id: id, who: s.actorFor(n.Assessor), now: now}
	d := details{Practice: n.Practice, Assessor: n.Assessor, Scope: n.Scope, BankVersion: n.BankVersion, CopiedFrom: from}
	if err := w.audit("create", "assessment", nil, d); err != nil {
		return nil, err
	}
	if err := w.audit("set_profile", "profile", nil, n.Profile); err != nil {
		return nil, err
	}
	return w, nil
}

const assessmentCols = `id, practice, assessor, scope, profile, bank_version, ` + statusCol + `,
	created_at, updated_at, finalized_at, digest, copied_from, risk_tolerance`

// statusCol reads an assessment's status from the final lock, which a
// rewrite of the assessment row cannot undo.
const statusCol = `CASE WHEN EXISTS (SELECT 1 FROM final_lock WHERE final_lock.assessment_id = assessment.id)
	THEN 'final' ELSE status END`

type scanner interface{ Scan(dest ...any) error }

func scanAssessment(sc scanner, extra ...any) (assessment.Assessment, error) {
	var a assessment.Assessment
	var profile, status, created, updated, finalized string
	dest := append([]any{&a.ID, &a.Practice, &a.Assessor, &a.Scope, &profile, &a.BankVersion, &status,
		&created, &updated, &finalized, &a.Digest, &a.CopiedFrom, &a.RiskTolerance}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return a, err
	}
	a.Status = assessment.AssessmentStatus(status)
	if err := json.Unmarshal([]byte(profile), &a.Profile); err != nil {
		return a, fmt.Errorf("assessment %d: stored profile: %w", a.ID, err)
	}
	var err error
	if a.CreatedAt, err = parseTime(created); err != nil {
		return a, err
	}
	if a.UpdatedAt, err = parseTime(updated); err != nil {
		return a, err
	}
	a.FinalizedAt, err = parseTime(finalized)
	return a, err
}

func loadAssessment(ctx context.Context, tx *sql.Tx, id int64) (assessment.Assessment, error) {
	a, err := scanAssessment(tx.QueryRowContext(ctx, `SELECT `+assessmentCols+` FROM assessment WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("assessment %d: %w", id, ErrNotFound)
	}
	return a, err
}

// Assessment returns one assessment.
func (s *Store) Assessment(ctx context.Context, id int64) (assessment.Assessment, error) {
	var a assessment.Assessment
	err := s.read(ctx, "read assessment", func(tx *sql.Tx) error {
		var err error
		a, err = loadAssessment(ctx, tx, id)
		return err
	})
	return a, err
}

// ListAssessments returns every assessment, newest first.
func (s *Store) ListAssessments(ctx context.Context) ([]AssessmentSummary, error) {
	var out []AssessmentSummary
	err := s.read(ctx, "list assessments", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+assessmentCols+`,
			(SELECT count(*) FROM answer WHERE assessment_id = assessment.id),
			coalesce((SELECT at FROM audit WHERE assessment_id = assessment.id ORDER BY seq DESC LIMIT 1), '')
			FROM assessment ORDER BY created_at DESC, id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sum AssessmentSummary
			var last string
			if sum.Assessment, err = scanAssessment(rows, &sum.Answers, &last); err != nil {
				return err
			}
			if sum.LastChange, err = parseTime(last); err != nil {
				return err
			}
			out = append(out, sum)
		}
		return rows.Err()
	})
	return out, err
}

// UpdateDetails changes the practice name, assessor and scope.
func (s *Store) UpdateDetails(ctx context.Context, id int64, practice, assessor, scope string) error {
	if err := validPractice(practice); err != nil {
		return s.fail("update details", err)
	}
	return s.update(ctx, "update details", id, func(w *wtx) error {
		var old details
		if err := w.tx.QueryRowContext(ctx, `SELECT practice, assessor, scope FROM assessment WHERE id = ?`, id).
			Scan(&old.Practice, &old.Assessor, &old.Scope); err != nil {
			return err
		}
		if _, err := w.exec(`UPDATE assessment SET practice = ?, assessor = ?, scope = ? WHERE id = ?`,
			practice, assessor, scope, id); err != nil {
			return err
		}
		return w.audit("update_details", "assessment", old, details{Practice: practice, Assessor: assessor, Scope: scope})
	})
}

// UpdateProfile replaces the practice profile.
func (s *Store) UpdateProfile(ctx context.Context, id int64, p assessment.Profile) error {
	return s.update(ctx, "update profile", id, func(w *wtx) error { return w.setProfile(p) })
}

func (w *wtx) setProfile(p assessment.Profile) error {
	var oldText string
	if err := w.tx.QueryRowContext(w.ctx, `SELECT profile FROM assessment WHERE id = ?`, w.id).Scan(&oldText); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode profile: %w", err)
	}
	if _, err := w.exec(`UPDATE assessment SET profile = ? WHERE id = ?`, string(b), w.id); err != nil {
		return err
	}
	return w.audit("set_profile", "profile", json.RawMessage(oldText), p)
}

// DeleteAssessment removes a draft assessment with everything it holds,
// its audit log included. A final assessment is kept (ErrFinalized).
func (s *Store) DeleteAssessment(ctx context.Context, id int64) error {
	return s.transact(ctx, "delete assessment", func(tx *sql.Tx, now time.Time) error {
		w, err := s.draft(ctx, tx, now, id)
		if err != nil {
			return err
		}
		return w.execOne(fmt.Sprintf("assessment %d", id), `DELETE FROM assessment WHERE id = ?`, id)
	})
}

// Finalize records the digest of the assessment's inputs and locks it: every
// later change fails with ErrFinalized.
func (s *Store) Finalize(ctx context.Context, id int64) (string, error) {
	var digest string
	err := s.update(ctx, "finalize assessment", id, func(w *wtx) error {
		var err error
		if digest, err = digestOf(ctx, w.tx, id); err != nil {
			return err
		}
		w.digest = digest
		return w.audit("finalize", "assessment", nil, map[string]string{"digest": digest})
	})
	return digest, err
}

// Digest returns the SHA-256 of the assessment's inputs as they are now. For
// a final assessment it equals the digest Finalize recorded.
func (s *Store) Digest(ctx context.Context, id int64) (string, error) {
	var digest string
	err := s.read(ctx, "compute digest", func(tx *sql.Tx) error {
		var err error
		digest, err = digestOf(ctx, tx, id)
		return err
	})
	return digest, err
}

// carry copies an earlier assessment's answers (through carryAnswer when
// set), recognized practices, inventories, overrides and plan tracking into
// the assessment of w, marked as carried forward, and returns what was
// carried for the audit log.
func (w *wtx) carry(in Inputs, carryAnswer func(assessment.Answer) (assessment.Answer, bool)) (map[string]any, error) {
	carried := 0
	for _, qid := range slices.Sorted(maps.Keys(in.Answers)) {
		a := in.Answers[qid]
		if carryAnswer != nil {
			var keep bool
			if a, keep = carryAnswer(a); !keep {
				continue
			}
		}
		a.CarriedForward = true
		if err := w.putAnswer(a); err != nil {
			return nil, err
		}
		carried++
	}
	for _, p := range in.Practices {
		if err := w.setPractice(p); err != nil {
			return nil, err
		}
	}
	for _, a := range in.Assets {
		a.CarriedForward = true
		if _, err := w.insertAsset(a); err != nil {
			return nil, err
		}
	}
	for _, v := range in.Vendors {
		v.CarriedForward = true
		if _, err := w.insertVendor(v); err != nil {
			return nil, err
		}
	}
	for _, o := range in.Overrides {
		o.CarriedForward = true
		if err := w.putOverride(nil, o); err != nil {
			return nil, err
		}
	}
	for _, t := range in.Tracking {
		t.CarriedForward = true
		if err := w.putTracking(nil, t); err != nil {
			return nil, err
		}
	}
	summary := map[string]any{"answers": carried, "assets": len(in.Assets), "vendors": len(in.Vendors),
		"overrides": len(in.Overrides), "tracking": len(in.Tracking)}
	if left := len(in.Answers) - carried; left > 0 {
		summary["answersLeftBehind"] = left
	}
	return summary, nil
}

// CopyForward starts a new draft from assessment fromID: its answers, asset
// and vendor inventories, rating overrides and plan tracking are copied and
// marked CarriedForward so that the user reviews them (answers through
// n.CarryAnswer when set), and its recognized practices are copied. Empty fields of n (and a zero profile) are taken
// from the old assessment.
func (s *Store) CopyForward(ctx context.Context, fromID int64, n NewAssessment) (int64, error) {
	var id int64
	err := s.transact(ctx, "copy assessment forward", func(tx *sql.Tx, now time.Time) error {
		old, err := loadAssessment(ctx, tx, fromID)
		if err != nil {
			return err
		}
		for _, f := range []struct {
			dst *string
			src string
		}{
			{&n.Practice, old.Practice}, {&n.Assessor, old.Assessor}, {&n.Scope, old.Scope}, {&n.BankVersion, old.BankVersion},
		} {
			if *f.dst == "" {
				*f.dst = f.src
			}
		}
		if reflect.ValueOf(n.Profile).IsZero() {
			n.Profile = old.Profile
		}
		w, err := s.insertAssessment(ctx, tx, now, n, fromID)
		if err != nil {
			return err
		}
		id = w.id
		in, err := loadInputs(ctx, tx, fromID)
		if err != nil {
			return err
		}
		summary, err := w.carry(in, n.CarryAnswer)
		if err != nil {
			return err
		}
		summary["from"] = fromID
		if err := w.audit("copy_forward", "assessment", nil, summary); err != nil {
			return err
		}
		return w.done()
	})
	return id, err
}
