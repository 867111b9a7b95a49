package tui

import (
	"context"
	"errors"
	"fmt"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
)

// linear is the accessible mode: the whole wizard as plain numbered
// prompts for a screen reader or a dumb terminal. Every value is saved the
// moment it is given, as in the full-screen wizard.
type linear struct {
	a *wizard
	c *console
	// s is the open assessment; dirty says a write happened since it was
	// loaded.
	s     *session
	dirty bool
}

// runAccessible runs the linear mode until the user quits, the input ends
// or ctx is cancelled (ErrInterrupted).
func runAccessible(a *wizard) error {
	c := newConsole(a.ctx, a.opts.In, a.opts.Out)
	defer c.close()
	l := &linear{a: a, c: c}
	c.say("hipaarisk: HIPAA Security Rule risk analysis, one prompt at a time.")
	c.say("%s", keysText)
	err := l.home()
	switch {
	case a.ctx.Err() != nil, errors.Is(err, ErrInterrupted):
		return ErrInterrupted
	case err == nil, errors.Is(err, errQuit):
		c.say("Everything you entered is saved. Goodbye.")
		return nil
	case errors.Is(err, errInputEnded):
		c.say("Input ended. Everything entered so far is saved.")
		return nil
	}
	return err
}

// open makes id the open assessment.
func (l *linear) open(id int64) error {
	ld, err := l.a.core.Load(l.a.ctx, id)
	if err != nil {
		return fmt.Errorf("open assessment %d: %w", id, err)
	}
	l.s, l.dirty = &session{id: id, l: ld}, false
	return nil
}

// fresh reloads the open assessment after writes, so lists, scores and the
// plan show their consequences.
func (l *linear) fresh() (*session, error) {
	if l.dirty {
		if err := l.open(l.s.id); err != nil {
			return nil, fatal{err}
		}
	}
	return l.s, nil
}

// save runs one write. A final assessment refuses every write; that stops
// the step instead of asking again.
func (l *linear) save(what string, fn func(ctx context.Context) error) error {
	if err := fn(l.a.ctx); err != nil {
		err = fmt.Errorf("%s was not saved: %w", what, err)
		if errors.Is(err, app.ErrFinalized) {
			return fatal{err}
		}
		return err
	}
	l.dirty = true
	return nil
}

// settle says what an area's error means and reports whether the menu
// that started the area goes on (false: leave with err).
func (l *linear) settle(err error) bool {
	switch {
	case err == nil, errors.Is(err, errBack):
		return true
	case errors.Is(err, errQuit), errors.Is(err, errInputEnded), errors.Is(err, ErrInterrupted), l.a.ctx.Err() != nil:
		return false
	case errors.Is(err, app.ErrFinalized):
		l.c.say("This assessment is final and kept as a record: nothing in it can change. To change it, carry it forward from the list of assessments.")
		return true
	}
	l.c.say("That did not work: %s", sentence(err.Error()))
	return true
}

// The choices of the first menu, in their order.
const (
	homeOpen = iota
	homeNew
	homeCarry
	homeDelete
	homeQuit
)

// home lists the assessments and opens, starts, carries forward or deletes
// one. With none yet it starts a new one at once.
func (l *linear) home() error {
	first := true
	for {
		list, err := l.a.core.List(l.a.ctx)
		if err != nil {
			return fmt.Errorf("list assessments: %w", err)
		}
		if len(list) == 0 && first {
			first = false
			l.c.blank()
			l.c.say("There are no assessments in this file yet. hipaarisk walks you through the HIPAA Security Rule risk analysis of your practice and turns your answers into a risk register and a plan. Start by describing the practice.")
			if err := l.enter(l.newAssessment()); err != nil {
				return err
			}
			continue
		}
		first = false
		err = l.homeMenu(list)
		if errors.Is(err, errBack) {
			l.c.say("This is the first menu: q quits.")
			continue
		}
		if !l.settle(err) {
			return err
		}
	}
}

// enter opens the main menu of the assessment step chose, unless step
// failed or the user went back.
func (l *linear) enter(id int64, err error) error {
	if err != nil {
		if l.settle(err) {
			return nil
		}
		return err
	}
	if err := l.open(id); err != nil {
		return err
	}
	if err := l.main(); !l.settle(err) {
		return err
	}
	return nil
}

func (l *linear) homeMenu(list []app.AssessmentSummary) error {
	l.c.blank()
	opts := []string{"Open an assessment", "Start a new assessment", "Carry an assessment forward into a new draft", "Delete a draft assessment", "Quit"}
	if len(list) == 0 {
		l.c.say("There are no assessments in this file.")
		opts[homeOpen], opts[homeCarry], opts[homeDelete] = "", "", ""
	} else {
		l.c.say("Assessments in this file:")
		for i, s := range list {
			l.c.say("%d. %s", i+1, summaryLine(s))
		}
	}
	i, err := l.c.choose(menu{title: "What next?", label: "Choice", options: opts, current: -1})
	if err != nil {
		return err
	}
	switch i {
	case homeQuit:
		return errQuit
	case homeNew:
		return l.enter(l.newAssessment())
	case homeOpen:
		return l.enter(l.pick(list, "Open which assessment?", nil))
	case homeCarry:
		return l.enter(l.carryForward(list))
	case homeDelete:
		return l.deleteAssessment(list)
	}
	return nil
}

func summaryLine(s app.AssessmentSummary) string {
	status := "draft"
	if s.Status == assessment.Final {
		status = "final"
	}
	return fmt.Sprintf("%s, %s, %d answers, started %s", s.Practice, status, s.Answers, s.CreatedAt.Format("2006-01-02"))
}

// pick asks which listed assessment; only those ok allows (nil: all) are
// offered.
func (l *linear) pick(list []app.AssessmentSummary, title string, ok func(app.AssessmentSummary) bool) (int64, error) {
	opts := make([]string, len(list))
	some := false
	for i, s := range list {
		if ok == nil || ok(s) {
			opts[i], some = summaryLine(s), true
		}
	}
	if !some {
		return 0, errors.New("no assessment in the list can be chosen for this")
	}
	i, err := l.c.choose(menu{title: title, label: "Assessment", options: opts, current: -1})
	if err != nil {
		return 0, err
	}
	return list[i].ID, nil
}

// carryForward starts a new draft from an earlier assessment, answered
// against the current bank, after a confirmation.
func (l *linear) carryForward(list []app.AssessmentSummary) (int64, error) {
	id, err := l.pick(list, "Carry which assessment forward?", nil)
	if err != nil {
		return 0, err
	}
	var from app.AssessmentSummary
	for _, s := range list {
		if s.ID == id {
			from = s
		}
	}
	l.c.say("A new draft starts with the answers, assets and vendors of %s, each marked for you to confirm. The earlier assessment stays as it is.", from.Practice)
	yes, err := l.c.confirm("Carry it forward", "", nil)
	if err != nil || !yes {
		if err == nil {
			err = errBack
		}
		return 0, err
	}
	nid, err := l.a.core.CarryForward(l.a.ctx, id, app.NewAssessment{
		Practice: from.Practice, Assessor: from.Assessor, Scope: from.Scope, Profile: from.Profile, BankVersion: l.a.bank.Version,
	})
	if err != nil {
		return 0, fmt.Errorf("carry forward assessment %d: %w", id, err)
	}
	l.c.say("Started a new draft for %s from the assessment of %s.", from.Practice, from.CreatedAt.Format("2006-01-02"))
	return nid, nil
}

func (l *linear) deleteAssessment(list []app.AssessmentSummary) error {
	id, err := l.pick(list, "Delete which assessment? Only drafts can be deleted.", func(s app.AssessmentSummary) bool { return s.Status != assessment.Final })
	if err != nil {
		return err
	}
	yes, err := l.c.confirm("Delete it with all its answers? This cannot be undone", "", nil)
	if err != nil || !yes {
		return err
	}
	if err := l.a.core.Delete(l.a.ctx, id); err != nil {
		return fmt.Errorf("delete assessment %d: %w", id, err)
	}
	l.c.say("Assessment deleted.")
	return nil
}
