package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// lineReader hands out one line per Read. huh's accessible prompts wrap the
// reader in a fresh scanner for every prompt; a scanner that could read
// ahead would swallow the answers to later prompts when input is piped.
type lineReader struct {
	br   *bufio.Reader
	rest []byte
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{br: bufio.NewReader(r)} }

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.rest) == 0 {
		line, err := l.br.ReadBytes('\n')
		if len(line) == 0 {
			return 0, err
		}
		l.rest = line
	}
	n := copy(p, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}

// more reports whether another line can be read (it waits for one).
func (l *lineReader) more() bool {
	if len(l.rest) > 0 {
		return true
	}
	_, err := l.br.Peek(1)
	return err == nil
}

// errInputEnded stops the linear mode when the input runs out; everything
// answered before is saved.
var errInputEnded = errors.New("input ended")

// linear is the accessible mode: plain prompts, one at a time.
type linear struct {
	a   *wizard
	in  *lineReader
	out io.Writer
}

// runAccessible runs the linear mode until the user stops, the input ends
// or ctx is cancelled.
func runAccessible(a *wizard) error {
	l := &linear{a: a, in: newLineReader(a.opts.In), out: a.opts.Out}
	done := make(chan error, 1)
	go func() { done <- l.run(a.ctx) }()
	select {
	case err := <-done:
		if errors.Is(err, errInputEnded) {
			l.say("Input ended. Everything answered so far is saved.")
			return nil
		}
		if a.ctx.Err() != nil {
			return ErrInterrupted
		}
		return err
	case <-a.ctx.Done():
		return ErrInterrupted
	}
}

func (l *linear) say(format string, args ...any) {
	fmt.Fprintf(l.out, format+"\n", args...)
}

// ask runs one field as a form in huh's accessible mode.
func (l *linear) ask(f huh.Field) (err error) {
	if !l.in.more() {
		return errInputEnded
	}
	defer func() {
		// huh cannot report a prompt cut off by the end of input.
		if recover() != nil {
			err = errInputEnded
		}
	}()
	form := huh.NewForm(huh.NewGroup(f)).WithTheme(l.a.th.formTheme()).WithAccessible(true).WithInput(l.in).WithOutput(l.out)
	if err := form.Run(); err != nil {
		return fmt.Errorf("prompt: %w", err)
	}
	return nil
}

// choose asks to pick one of opts; with no default, an empty line asks again.
func choose[T comparable](l *linear, title string, opts ...huh.Option[T]) (T, error) {
	f := huh.NewSelect[T]().Title(title).Options(opts...)
	if err := l.ask(f); err != nil {
		var zero T
		return zero, err
	}
	return f.GetValue().(T), nil
}

func (l *linear) run(ctx context.Context) error {
	l.say("hipaarisk: HIPAA Security Rule risk analysis, one question at a time. Every answer is saved as soon as you give it.")
	list, err := l.a.core.List(ctx)
	if err != nil {
		return fmt.Errorf("list assessments: %w", err)
	}
	var id int64
	if len(list) == 0 {
		l.say("%s", firstRunText(1<<20))
	} else {
		opts := []huh.Option[int64]{huh.NewOption("Start a new assessment", int64(0))}
		for _, s := range list {
			opts = append(opts, huh.NewOption(fmt.Sprintf("Continue %s (%s, %d answers, started %s)",
				s.Practice, s.Status, s.Answers, s.CreatedAt.Format("2006-01-02")), s.ID))
		}
		if id, err = choose(l, "Which assessment?", opts...); err != nil {
			return err
		}
	}
	if id == 0 {
		if id, err = l.newAssessment(ctx); err != nil {
			return err
		}
	}
	return l.questions(ctx, id)
}

func (l *linear) newAssessment(ctx context.Context) (int64, error) {
	v := valuesOf(l.a.bank, assessment.Assessment{}, l.a.opts.Actor)
	defaults := []string{"", v.Assessor, v.Scope}
	for i, f := range profileFields(l.a.bank, v) {
		switch {
		case i >= len(defaults):
			l.say("%s", l.a.bank.ProfileFields[i-len(defaults)].Help)
		case defaults[i] != "":
			l.say("Press enter to keep: %s", defaults[i])
		}
		if err := l.ask(f); err != nil {
			return 0, err
		}
	}
	id, err := l.a.saveProfile(ctx, l.a.bank, 0, v)
	if err != nil {
		return 0, err
	}
	l.say("Saved the new assessment for %s.", strings.TrimSpace(v.Practice))
	return id, nil
}

// Answers in the linear mode, besides the five values.
const (
	choiceExplain = "explain"
	choiceSkip    = "skip"
	choiceStop    = "stop"
)

func (l *linear) questions(ctx context.Context, id int64) error {
	ld, err := l.a.core.Load(ctx, id)
	if err != nil {
		return err
	}
	s := &session{id: id, l: ld}
	qs := s.visibleQuestions()
	var todo []questionnaire.Question
	for _, q := range qs {
		if _, ok := s.answer(q.ID); !ok {
			todo = append(todo, q)
		}
	}
	l.say("%d of %d questions that apply are still open.", len(todo), len(qs))
	for i, q := range todo {
		stop, err := l.question(ctx, s, q, i+1, len(todo))
		if err != nil {
			return err
		}
		if stop {
			break
		}
	}
	if ld, err = l.a.core.Load(ctx, id); err != nil {
		return err
	}
	c := ld.Analysis.Summary
	l.say("Progress: %d of %d questions answered (%.0f%%).", c.Completeness.Answered, c.Completeness.Applicable, c.Completeness.Percent)
	var parts []string
	for _, lc := range c.ByLevel {
		parts = append(parts, fmt.Sprintf("%s: %d", lc.Level, lc.Count))
	}
	l.say("Risks by level: %s.", strings.Join(parts, ", "))
	return nil
}

// question asks one question until it is answered, skipped or the user
// stops; it reports whether to stop.
func (l *linear) question(ctx context.Context, s *session, q questionnaire.Question, n, total int) (bool, error) {
	badge := "[Addressable]"
	if q.Required {
		badge = "[Required]"
	}
	l.say("")
	l.say("Question %d of %d. %s. %s %s, 45 CFR %s.", n, total, s.sectionTitle(q.Section), badge, q.ID, strings.Join(q.Citations, ", "))
	var opts []huh.Option[string]
	for _, ak := range answerKeys {
		if q.Allows(ak.v) {
			opts = append(opts, huh.NewOption(answerLabel(ak.v), string(ak.v)))
		}
	}
	opts = append(opts, huh.NewOption("Explain this question", choiceExplain),
		huh.NewOption("Skip for now", choiceSkip), huh.NewOption("Stop here (everything so far is saved)", choiceStop))
	for {
		c, err := choose(l, q.Text, opts...)
		if err != nil {
			return true, err
		}
		switch c {
		case choiceStop:
			return true, nil
		case choiceSkip:
			return false, nil
		case choiceExplain:
			g := q.Guidance
			for _, p := range []struct{ h, t string }{{"Why it matters", g.Why}, {"What good looks like", g.Good}, {"If not", g.IfNot}} {
				if p.t != "" {
					l.say("%s: %s", p.h, p.t)
				}
			}
			continue
		}
		a := assessment.Answer{QuestionID: q.ID, Value: assessment.AnswerValue(c)}
		if err := l.ask(huh.NewInput().Title("Note (optional; press enter to skip)").Value(&a.Note)); err != nil {
			return true, err
		}
		if q.NeedsDecision(a) {
			d := &assessment.AddressableDecision{}
			l.say("This is an addressable specification that is not fully in place: record what the practice decided.")
			kind, err := choose(l, "What did the practice decide?",
				huh.NewOption("An equivalent alternative measure is in place", assessment.DecisionAlternative),
				huh.NewOption("Neither it nor an alternative is reasonable here", assessment.DecisionNotReasonable))
			if err != nil {
				return true, err
			}
			d.Kind = kind
			if err := l.ask(huh.NewInput().Title("Justification").Value(&d.Justification).Validate(required("a justification"))); err != nil {
				return true, err
			}
			a.Decision = d
		}
		a.Note = strings.TrimSpace(a.Note)
		if err := l.a.core.SaveAnswer(ctx, s.id, a); err != nil {
			return true, fmt.Errorf("save the answer to %s: %w", q.ID, err)
		}
		l.say("Saved: %s.", answerLabel(a.Value))
		return false, nil
	}
}
