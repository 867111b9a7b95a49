package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// errNextQuestion: the user skipped a question for now.
var errNextQuestion = errors.New("skip the question")

// answerWords are typed answers besides the numbers and the labels.
var answerWords = map[assessment.AnswerValue][]string{
	assessment.Yes: {"y"}, assessment.Partial: {"p", "partial"}, assessment.No: {"n"},
	assessment.NotApplicable: {"na", "n/a"}, assessment.Unknown: {"u", "unknown", "dont know"},
}

// sections lists the sections with their progress; a section is walked
// question by question.
func (l *linear) sections() error {
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		var rows []string
		var ids []string
		current := -1
		for _, sp := range s.l.Analysis.Completeness.Sections {
			if sp.Applicable == 0 {
				continue
			}
			if current < 0 && sp.Answered < sp.Applicable {
				current = len(ids)
			}
			row := fmt.Sprintf("%s: %d of %d answered", sp.Title, sp.Answered, sp.Applicable)
			if sp.Review > 0 {
				row += fmt.Sprintf(", %d for review", sp.Review)
			}
			rows, ids = append(rows, row), append(ids, sp.Section)
		}
		i, err := l.c.choose(menu{title: "Questions, section by section:", label: "Section", options: rows, current: current,
			help: "Type a section's number to answer its questions; Enter goes to the first section with questions left. b goes back to the main menu."})
		if err != nil {
			return err
		}
		l.c.blank()
		if err := l.section(ids[i]); err != nil && !errors.Is(err, errBack) {
			return err
		}
	}
}

// section lists one section's questions with their answers and walks them
// from the one chosen.
func (l *linear) section(id string) error {
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		var qs []questionnaire.Question
		var rows []string
		current := -1
		for _, q := range s.visibleQuestions() {
			if q.Section != id {
				continue
			}
			ans := "Not answered"
			if a, ok := s.answer(q.ID); ok {
				ans = answerLabel(a.Value)
				if a.Flagged {
					ans += ", flagged"
				}
			} else if current < 0 {
				current = len(qs)
			}
			qs, rows = append(qs, q), append(rows, ans+": "+q.Text)
		}
		if current < 0 {
			current = 0
		}
		title := s.sectionTitle(id) + ":"
		if sec, ok := s.bank().Section(id); ok && sec.Intro != "" {
			title = s.sectionTitle(id) + ". " + sec.Intro
		}
		i, err := l.c.choose(menu{title: title, label: "Start at question", options: rows, current: current,
			help: "Type a question's number to start there; Enter starts at the first one not answered. b goes back to the sections."})
		if err != nil {
			return err
		}
		err = l.walkQuestions(s.sectionTitle(id), qs, i)
		if !errors.Is(err, errBack) {
			return err
		}
	}
}

// walkQuestions asks qs from start to the end of the section; b at a
// question's answer goes to the question before it.
func (l *linear) walkQuestions(title string, qs []questionnaire.Question, start int) error {
	for i := start; i < len(qs); {
		err := l.question(qs[i], i+1, len(qs))
		switch {
		case errors.Is(err, errBack):
			if i == 0 {
				return errBack
			}
			i--
		case err != nil:
			return err
		default:
			i++
		}
	}
	l.c.blank()
	l.c.say("That was the last question in %s.", title)
	if len(qs) == 0 {
		return nil
	}
	return l.sectionEnd(qs[0].Section, title)
}

// sectionEnd sums up a section when its last question is answered: what
// is in place, what needs review with what to do, and asks to confirm the
// section as reviewed, which the report prints.
func (l *linear) sectionEnd(section, title string) error {
	s, err := l.fresh()
	if err != nil {
		return err
	}
	review, inPlace := s.sectionState(section)
	l.c.say("Summary of %s: %d in place, %d need review.", title, len(inPlace), len(review))
	for _, q := range review {
		l.c.say("- Needs review: %s (%s).", q.Text, s.answerState(q.ID))
		if g := q.Guidance.Action; g != "" {
			l.c.say("  To do: %s", g)
		}
	}
	if line := s.reviewedLine(section); line != "" {
		l.c.say("%s.", line)
		return nil
	}
	who := l.a.core.ActorFor(s.assessment())
	yes, err := l.c.confirm("Confirm "+title+" as reviewed by "+who,
		"Type y to record that "+who+" reviewed this section today (the report prints it), n to leave it for later.", nil)
	if err != nil || !yes {
		return err
	}
	if err := l.save("the review of "+title, func(ctx context.Context) error {
		return l.a.core.ReviewSection(ctx, l.s.id, section)
	}); err != nil {
		return err
	}
	l.c.say("Recorded: %s reviewed by %s.", title, who)
	return nil
}

// questionSteps asks one question: the answer, a note, the evidence, the
// flag and, when the answer leaves an addressable specification not in
// place, the practice's decision. Each is saved as it is given.
type questionSteps struct {
	l        *linear
	s        *session
	q        questionnaire.Question
	cur      assessment.Answer
	answered bool
	kind     assessment.DecisionKind
}

func (l *linear) question(q questionnaire.Question, n, total int) error {
	s, err := l.fresh()
	if err != nil {
		return err
	}
	qs := &questionSteps{l: l, s: s, q: q}
	qs.cur, qs.answered = s.answer(q.ID)
	err = walk(func() error { return qs.answer(n, total) }, qs.note, qs.evidence, qs.flag, qs.decisionKind, qs.justification)
	if errors.Is(err, errNextQuestion) {
		return nil
	}
	return err
}

// store saves the answer as it now stands.
func (qs *questionSteps) store(a assessment.Answer, what string) error {
	a.QuestionID = qs.q.ID
	err := qs.l.save(what, func(ctx context.Context) error { return qs.l.a.core.SaveAnswer(ctx, qs.s.id, a) })
	if err == nil {
		a.CarriedForward = false
		qs.cur, qs.answered = a, true
	}
	return err
}

func (qs *questionSteps) header(n, total int) {
	say, q := qs.l.c.say, qs.q
	qs.l.c.blank()
	kind := "Addressable"
	if q.Required {
		kind = "Required"
	}
	ref := q.ID
	if len(q.Citations) > 0 {
		ref += ", 45 CFR " + strings.Join(q.Citations, ", ")
	} else {
		kind = "Good practice"
	}
	say("Question %d of %d, %s. %s. %s.", n, total, qs.s.sectionTitle(q.Section), kind, ref)
	say("%s", q.Text)
	if qs.answered {
		now := "Answer now: " + answerLabel(qs.cur.Value)
		if qs.cur.Flagged {
			now += ", flagged for review"
		}
		if qs.cur.CarriedForward {
			now += ", carried forward from the last assessment; Enter confirms it"
		}
		say("%s.", now)
	}
	for _, c := range qs.s.l.Analysis.Conflicts {
		if c.QuestionID == q.ID {
			say("Conflict with the cloud checks: %s %s", sentence(c.Detail), c.Action)
		}
	}
	ev, sug := evidenceFor(q, qs.s.l.Inputs.Findings)
	for _, e := range ev {
		say("Cloud check %s: %d of %d fail.", e.title, e.fail, e.pass+e.fail+e.unassessed)
	}
	if sug != "" {
		say("The cloud checks suggest: %s.", answerLabel(sug))
	}
}

func (qs *questionSteps) answer(n, total int) error {
	qs.header(n, total)
	q := qs.q
	opts := make([]string, len(assessment.AnswerValues))
	extra := map[string]int{"s": -2}
	current := -1
	for i, v := range assessment.AnswerValues {
		if !q.Allows(v) {
			continue
		}
		opts[i] = answerLabel(v)
		for _, w := range answerWords[v] {
			extra[w] = i
		}
		if qs.answered && qs.cur.Value == v {
			current = i
		}
	}
	return qs.l.c.keep(func() error {
		i, err := qs.l.c.choose(menu{label: "Answer", options: opts, current: current, extra: extra, extraHint: "s skips for now",
			help: guidanceText(q)})
		if err != nil {
			return err
		}
		if i == -2 {
			return errNextQuestion
		}
		v := assessment.AnswerValues[i]
		if !q.Allows(v) {
			return fmt.Errorf("%s is not an answer to this question", answerLabel(v))
		}
		if qs.answered && v == qs.cur.Value && !qs.cur.CarriedForward {
			return nil // kept
		}
		a := qs.cur
		a.Value = v
		if !q.NeedsDecision(assessment.Answer{Value: v}) {
			a.Decision = nil
		}
		if err := qs.store(a, "the answer"); err != nil {
			return err
		}
		qs.l.c.say("Saved: %s.", answerLabel(v))
		return nil
	})
}

// guidanceText is what "?" says about a question.
func guidanceText(q questionnaire.Question) string {
	g := q.Guidance
	var parts []string
	for _, p := range []struct{ head, text string }{
		{"Why it matters", g.Why}, {"What good looks like", g.Good}, {"If not", g.IfNot},
		{"What to do", g.Action}, {"Evidence to keep", g.Evidence},
	} {
		if p.text != "" {
			parts = append(parts, p.head+": "+sentence(p.text))
		}
	}
	if len(parts) == 0 {
		return keysText
	}
	return strings.Join(parts, "\n")
}

func (qs *questionSteps) note() error {
	return qs.l.c.ask(text{label: "Note", current: qs.cur.Note,
		help: "A note for the record: who does it, where the evidence is, what is missing.",
		set: func(s string) error {
			a := qs.cur
			a.Note = s
			return qs.store(a, "the note")
		}})
}

func (qs *questionSteps) evidence() error {
	help := "Where the evidence is kept: a document, a screenshot, a contract, a log."
	if e := qs.q.Guidance.Evidence; e != "" {
		help = "Evidence to keep: " + sentence(e) + " Type where it is kept."
	}
	return qs.l.c.ask(text{label: "Evidence", current: qs.cur.Evidence, help: help,
		set: func(s string) error {
			a := qs.cur
			a.Evidence = s
			return qs.store(a, "the evidence")
		}})
}

func (qs *questionSteps) flag() error {
	c := qs.l.c
	return c.keep(func() error {
		v, err := c.confirm("Flag it for review", "A flagged answer is listed under what needs review until you clear the flag.", &qs.cur.Flagged)
		if err != nil || v == qs.cur.Flagged {
			return err
		}
		a := qs.cur
		a.Flagged = v
		return qs.store(a, "the flag")
	})
}

var decisionKinds = []assessment.DecisionKind{assessment.DecisionAlternative, assessment.DecisionNotReasonable}

func (qs *questionSteps) decisionKind() error {
	if !qs.q.NeedsDecision(qs.cur) {
		return errSkip
	}
	current := -1
	if d := qs.cur.Decision; d != nil {
		for i, k := range decisionKinds {
			if k == d.Kind {
				current = i
			}
		}
	}
	qs.l.c.say("This is an addressable specification that is not fully in place: record what the practice decided.")
	i, err := qs.l.c.choose(menu{label: "Decision", current: current, options: []string{
		"An equivalent alternative measure is in place",
		"Neither it nor an alternative is reasonable and appropriate here",
	}, help: "The rule lets a practice put an equivalent measure in place of an addressable specification, or document why neither is reasonable and appropriate for it (45 CFR 164.306(d)(3))."})
	if err != nil {
		return err
	}
	qs.kind = decisionKinds[i]
	return nil
}

func (qs *questionSteps) justification() error {
	if !qs.q.NeedsDecision(qs.cur) {
		return errSkip
	}
	current := ""
	if d := qs.cur.Decision; d != nil {
		current = d.Justification
	}
	return qs.l.c.ask(text{label: "Justification", current: current, required: true, apply: true,
		help: "Describe the alternative measure, or the reason neither it nor an alternative is reasonable.",
		set: func(s string) error {
			a := qs.cur
			a.Decision = &assessment.AddressableDecision{Kind: qs.kind, Justification: s}
			if d := qs.cur.Decision; d != nil && *d == *a.Decision {
				return nil
			}
			return qs.store(a, "the decision")
		}})
}
