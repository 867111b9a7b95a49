package app

import (
	"context"
	"errors"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// List returns every assessment in the file, newest first.
func (a *App) List(ctx context.Context) ([]AssessmentSummary, error) {
	return a.st.ListAssessments(ctx)
}

// Assessment returns one assessment without its inputs.
func (a *App) Assessment(ctx context.Context, id int64) (assessment.Assessment, error) {
	return a.st.Assessment(ctx, id)
}

// Bank returns the question bank assessment id is answered with.
func (a *App) Bank(ctx context.Context, id int64) (*questionnaire.Bank, error) {
	as, err := a.st.Assessment(ctx, id)
	if err != nil {
		return nil, err
	}
	return BankFor(as)
}

func (n NewAssessment) stored() (data.NewAssessment, error) {
	if n.BankVersion == "" {
		bank, err := questionnaire.Load()
		if err != nil {
			return data.NewAssessment{}, err
		}
		n.BankVersion = bank.Version
	}
	return data.NewAssessment{Practice: n.Practice, Assessor: n.Assessor, Scope: n.Scope, Profile: n.Profile, BankVersion: n.BankVersion}, nil
}

// Create starts a new draft assessment and returns its id.
func (a *App) Create(ctx context.Context, n NewAssessment) (int64, error) {
	dn, err := n.stored()
	if err != nil {
		return 0, err
	}
	return a.st.CreateAssessment(ctx, dn)
}

// CarryForward starts a new draft from assessment from: its answers and
// inventories are copied and marked for review. Empty fields of n (and a
// zero profile) are taken from the earlier assessment; the new draft is
// answered against the current bank unless n names another.
//
// Answers carry into the new draft's bank as questionnaire.Bank.Carry
// decides: an answer whose question no longer exists stays behind, and
// NotCarried lists it.
func (a *App) CarryForward(ctx context.Context, from int64, n NewAssessment) (int64, error) {
	dn, err := n.stored()
	if err != nil {
		return 0, err
	}
	bank, err := questionnaire.LoadVersion(dn.BankVersion)
	if err != nil {
		return 0, err
	}
	dn.CarryAnswer = func(ans assessment.Answer) (assessment.Answer, bool) {
		c, note := bank.Carry(ans)
		return c, note == nil || !note.Dropped
	}
	return a.st.CopyForward(ctx, from, dn)
}

// NotCarried lists the answers of the assessment an assessment was carried
// forward from that did not carry, or carried without their decision, into
// its bank. It is empty for an assessment that was not carried forward, or
// whose source was deleted.
func (a *App) NotCarried(ctx context.Context, id int64) ([]questionnaire.CarryNote, error) {
	as, err := a.st.Assessment(ctx, id)
	if err != nil || as.CopiedFrom == 0 {
		return nil, err
	}
	bank, err := BankFor(as)
	if err != nil {
		return nil, err
	}
	old, err := a.st.Answers(ctx, as.CopiedFrom)
	if errors.Is(err, data.ErrNotFound) { // the earlier assessment was deleted
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return bank.CarryNotes(old), nil
}

// Delete removes a draft assessment with everything in it.
func (a *App) Delete(ctx context.Context, id int64) error { return a.st.DeleteAssessment(ctx, id) }

// UpdateDetails changes the practice name, assessor and scope.
func (a *App) UpdateDetails(ctx context.Context, id int64, practice, assessor, scope string) error {
	return a.st.UpdateDetails(ctx, id, practice, assessor, scope)
}

// UpdateProfile replaces the practice profile.
func (a *App) UpdateProfile(ctx context.Context, id int64, p assessment.Profile) error {
	return a.st.UpdateProfile(ctx, id, p)
}

// Audit returns an assessment's audit log, oldest first.
func (a *App) Audit(ctx context.Context, id int64) ([]AuditEntry, error) { return a.st.Audit(ctx, id) }

// Verify proves what can be proved about an assessment from the file: the
// audit log's hash chain holds and replays to exactly the stored data, and
// a final assessment's inputs still have the digest recorded when it was
// finalized.
func (a *App) Verify(ctx context.Context, id int64) (Integrity, error) {
	return a.st.CheckIntegrity(ctx, id)
}

// ValidationError is input that the question bank refuses (an unknown
// question, a value the question does not offer).
type ValidationError struct{ Err error }

func (e *ValidationError) Error() string { return e.Err.Error() }
func (e *ValidationError) Unwrap() error { return e.Err }

// Answer validates one answer against the assessment's bank, as an import
// file is validated, and records it. It returns the question answered.
func (a *App) Answer(ctx context.Context, id int64, ans assessment.Answer) (*questionnaire.Question, error) {
	bank, err := a.Bank(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := bank.ValidateDocument(&questionnaire.Document{Answers: map[string]assessment.Answer{ans.QuestionID: ans}}); err != nil {
		return nil, &ValidationError{err}
	}
	if err := a.st.SaveAnswer(ctx, id, ans); err != nil {
		return nil, err
	}
	q, _ := bank.Question(ans.QuestionID)
	return q, nil
}

// AnswerEdit is like Answer, but edit gets the stored answer (or an
// empty one) and changes only what it means to, so a new value keeps the
// note, evidence, flag and decision; the edited answer is checked against
// the bank inside the same transaction. It returns the question and the
// answer as stored.
func (a *App) AnswerEdit(ctx context.Context, id int64, questionID string, edit func(*assessment.Answer)) (*questionnaire.Question, assessment.Answer, error) {
	bank, err := a.Bank(ctx, id)
	if err != nil {
		return nil, assessment.Answer{}, err
	}
	ans, err := a.st.EditAnswer(ctx, id, questionID, func(ans *assessment.Answer) error {
		edit(ans)
		if err := bank.ValidateDocument(&questionnaire.Document{Answers: map[string]assessment.Answer{questionID: *ans}}); err != nil {
			return &ValidationError{err}
		}
		return nil
	})
	if err != nil {
		return nil, ans, err
	}
	q, _ := bank.Question(questionID)
	return q, ans, nil
}

// SaveAnswer records an answer chosen from the question's own options.
func (a *App) SaveAnswer(ctx context.Context, id int64, ans assessment.Answer) error {
	return a.st.SaveAnswer(ctx, id, ans)
}

// ClearAnswer removes an answer.
func (a *App) ClearAnswer(ctx context.Context, id int64, questionID string) error {
	return a.st.ClearAnswer(ctx, id, questionID)
}

// Answers returns an assessment's answers by question id.
func (a *App) Answers(ctx context.Context, id int64) (map[string]assessment.Answer, error) {
	return a.st.Answers(ctx, id)
}
