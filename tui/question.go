package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// answerKeys map the answer keys to values, in the order they are offered.
var answerKeys = []struct {
	b key.Binding
	v assessment.AnswerValue
}{
	{keys.Yes, assessment.Yes}, {keys.Partial, assessment.Partial}, {keys.No, assessment.No},
	{keys.NotApplicable, assessment.NotApplicable}, {keys.Unknown, assessment.Unknown},
}

// checkEvidence is what the latest probe run says about one check linked to
// a question.
type checkEvidence struct {
	title                  string
	pass, fail, unassessed int
	failures               []string // reasons of failed resources
}

// evidenceFor gathers the latest findings linked to q, per check, and the
// answer they suggest: all pass → yes, some fail → partly, all fail → no.
// Findings that could not be assessed suggest nothing.
func evidenceFor(q questionnaire.Question, fs []assessment.Finding) ([]checkEvidence, assessment.AnswerValue) {
	var out []checkEvidence
	idx := map[string]int{}
	pass, fail := 0, 0
	for _, f := range fs {
		if !slices.Contains(f.Questions, q.ID) && !slices.Contains(q.Checks, f.CheckID) {
			continue
		}
		i, ok := idx[f.CheckID]
		if !ok {
			i = len(out)
			idx[f.CheckID] = i
			out = append(out, checkEvidence{title: f.Title})
		}
		e := &out[i]
		switch {
		case f.Suppressed != nil || f.Status == assessment.Pass:
			e.pass++
			pass++
		case f.Status == assessment.Fail:
			e.fail++
			fail++
			e.failures = append(e.failures, f.Resource+": "+f.Reason)
		default:
			e.unassessed++
		}
	}
	switch {
	case pass+fail == 0:
		return out, ""
	case fail == 0:
		return out, assessment.Yes
	case pass == 0:
		return out, assessment.No
	}
	return out, assessment.Partial
}

// question shows one question and takes its answer.
type question struct {
	app   *wizard
	sess  *session
	id    string
	width int
	formHost
	// pending is the question a write is in flight for; advance says to
	// move to the next question once it is saved.
	pending string
	advance bool
	// typed holds what the overlays edit, so a failed write keeps it.
	note      string
	decision  assessment.DecisionKind
	justify   string
	retry     int // which overlay to reopen when its write fails
	savedMark bool
	scroll    int
}

const (
	retryNone = iota
	retryNote
	retryDecision
)

func newQuestion(a *wizard, s *session, id string) *question {
	return &question{app: a, sess: s, id: id}
}

func (v *question) q() questionnaire.Question {
	for _, q := range v.sess.bank().Questions {
		if q.ID == v.id {
			return q
		}
	}
	return questionnaire.Question{ID: v.id}
}

func (v *question) title() string {
	qs := v.sess.visibleQuestions()
	for i, q := range qs {
		if q.ID == v.id {
			return fmt.Sprintf("Question %d of %d · %s", i+1, len(qs), v.sess.sectionTitle(q.Section))
		}
	}
	return v.id
}

func (v *question) bindings() []key.Binding {
	if v.ov != nil {
		return overlayKeys
	}
	q := v.q()
	var b []key.Binding
	for _, ak := range answerKeys {
		if q.Allows(ak.v) {
			b = append(b, ak.b)
		}
	}
	b = append(b, keys.Note, keys.Flag)
	if a, ok := v.sess.answer(v.id); ok && q.NeedsDecision(a) {
		b = append(b, keys.Decision)
	}
	if _, sug := evidenceFor(q, v.sess.l.Inputs.Findings); sug != "" {
		b = append(b, keys.Accept)
	}
	return append(b, keys.Prev, keys.Next, keys.NextUnanswered, keys.Clear, withHelp(keys.Help, "guidance"), withHelp(keys.Back, "list"))
}

// save writes the answer; the screen moves on only when the store has it.
func (v *question) save(a assessment.Answer, what string, advance bool) tea.Cmd {
	a.QuestionID = v.id
	v.pending, v.advance, v.retry = v.id, advance, retryNone
	return v.app.write(v.sess.id, what, func(ctx context.Context) error {
		return v.app.core.SaveAnswer(ctx, v.sess.id, a)
	})
}

// current is what is stored for the question, its note and flag kept
// even before it is answered.
func (v *question) current() assessment.Answer {
	a, _ := v.sess.entry(v.id)
	return a
}

func (v *question) answerWith(val assessment.AnswerValue) tea.Cmd {
	q := v.q()
	if !q.Allows(val) {
		return func() tea.Msg {
			return statusMsg{text: answerLabel(val) + " is not an answer to this question.", err: true}
		}
	}
	a := v.current()
	a.Value = val
	if !q.NeedsDecision(assessment.Answer{Value: val}) {
		a.Decision = nil
	}
	return v.save(a, "the answer to "+v.id, true)
}

func (v *question) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.width = msg.Width
	case savedMsg:
		return v, v.saved(msg)
	}
	if cmd, ok := v.updateForm(msg); ok {
		return v, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	q := v.q()
	for _, ak := range answerKeys {
		if key.Matches(k, ak.b) {
			return v, v.answerWith(ak.v)
		}
	}
	qs := v.sess.visibleQuestions()
	pos := slices.IndexFunc(qs, func(x questionnaire.Question) bool { return x.ID == v.id })
	switch {
	case key.Matches(k, keys.Accept):
		if _, sug := evidenceFor(q, v.sess.l.Inputs.Findings); sug != "" {
			return v, v.answerWith(sug)
		}
	case key.Matches(k, keys.Note):
		return v, v.editNote(v.current().Note)
	case key.Matches(k, keys.Flag):
		// Flagging does not answer: an unanswered question stays
		// unanswered, with the flag.
		a := v.current()
		a.Flagged = !a.Flagged
		what := "the flag on " + v.id
		return v, v.save(a, what, false)
	case key.Matches(k, keys.Decision):
		if a, ok := v.sess.answer(v.id); ok && q.NeedsDecision(a) {
			return v, v.openDecision()
		}
	case key.Matches(k, keys.Clear):
		if _, ok := v.sess.entry(v.id); ok {
			v.pending, v.advance = v.id, false
			return v, v.app.write(v.sess.id, "the cleared answer to "+v.id, func(ctx context.Context) error {
				return v.app.core.ClearAnswer(ctx, v.sess.id, v.id)
			})
		}
	case key.Matches(k, keys.Next) && pos >= 0 && pos+1 < len(qs):
		v.show(qs[pos+1].ID)
	case key.Matches(k, keys.Prev) && pos > 0:
		v.show(qs[pos-1].ID)
	case key.Matches(k, keys.NextUnanswered):
		if i := v.sess.nextUnanswered(qs, pos); i >= 0 {
			v.show(qs[i].ID)
		} else {
			return v, func() tea.Msg { return statusMsg{text: "Every question that applies is answered."} }
		}
	case key.Matches(k, keys.Down):
		v.scroll++
	case key.Matches(k, keys.Up) && v.scroll > 0:
		v.scroll--
	case key.Matches(k, keys.Back):
		return v, back
	}
	return v, nil
}

func (v *question) show(id string) {
	v.id, v.savedMark, v.scroll = id, false, 0
}

// saved handles the store's answer to a write made here.
func (v *question) saved(msg savedMsg) tea.Cmd {
	if v.pending == "" {
		return nil
	}
	id, advance := v.pending, v.advance
	v.pending, v.advance = "", false
	if msg.err != nil {
		// Reopen what was typed so the user can retry; the root shows the error.
		switch v.retry {
		case retryNote:
			return v.editNote(v.note)
		case retryDecision:
			return v.editDecision(v.decision, v.justify)
		}
		return nil
	}
	v.savedMark = true
	q := v.q()
	a, _ := v.sess.answer(id)
	if q.NeedsDecision(a) && a.Decision == nil {
		return v.openDecision()
	}
	if !advance {
		return nil
	}
	qs := v.sess.visibleQuestions()
	pos := slices.IndexFunc(qs, func(x questionnaire.Question) bool { return x.ID == id })
	if pos < 0 {
		return nil
	}
	section := qs[pos].Section
	if pos+1 < len(qs) {
		v.show(qs[pos+1].ID)
		v.savedMark = false
		saved := func() tea.Msg { return statusMsg{text: "✓ Saved: " + answerLabel(a.Value) + " for " + id + "."} }
		if qs[pos+1].Section == section {
			return saved
		}
		// The section is done: its summary first, then esc goes on to
		// the next section's first question.
		return tea.Batch(saved, nav(newSectionEnd(v.app, v.sess, section, v.sess.sectionTitle(qs[pos+1].Section))))
	}
	return tea.Batch(func() tea.Msg {
		return statusMsg{text: "✓ Saved. That was the last question; esc goes back to it, 8 opens the summary."}
	}, nav(newSectionEnd(v.app, v.sess, section, "")))
}

func (v *question) editNote(text string) tea.Cmd {
	v.note = text
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		// A note does not answer: on an unanswered question it is kept
		// with the empty value, which counts as not answered.
		a := v.current()
		a.Note = strings.TrimSpace(v.note)
		cmd := v.save(a, "the note on "+v.id, false)
		v.retry = retryNote
		return cmd
	}, huh.NewText().Title("Note for "+v.id).Description("Who does it, where the evidence is, what is missing.").Value(&v.note).Lines(4))
	return v.ov.form.Init()
}

// openDecision opens the addressable follow-up with what is stored.
func (v *question) openDecision() tea.Cmd {
	if d := v.current().Decision; d != nil {
		return v.editDecision(d.Kind, d.Justification)
	}
	return v.editDecision(assessment.DecisionAlternative, "")
}

func (v *question) editDecision(kind assessment.DecisionKind, justification string) tea.Cmd {
	v.decision, v.justify = kind, justification
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		a, _ := v.sess.answer(v.id)
		a.Decision = &assessment.AddressableDecision{Kind: v.decision, Justification: strings.TrimSpace(v.justify)}
		cmd := v.save(a, "the follow-up for "+v.id, false)
		v.retry = retryDecision
		return cmd
	},
		huh.NewNote().Title("This is an addressable specification").Description(
			"When it is not fully in place, record what you do instead, or why neither it nor an alternative is reasonable for the practice."),
		huh.NewSelect[assessment.DecisionKind]().Title("What did the practice decide?").Options(
			huh.NewOption("An equivalent alternative measure is in place", assessment.DecisionAlternative),
			huh.NewOption("Neither it nor an alternative is reasonable here", assessment.DecisionNotReasonable),
		).Value(&v.decision),
		huh.NewText().Title("Justification").Description("Describe the alternative, or the reason.").Value(&v.justify).Lines(3).
			Validate(required("a justification")),
	).onlyIf(func() bool { return strings.TrimSpace(v.justify) != "" })
	return v.ov.form.Init()
}

func (v *question) view(width, height int) string {
	if v.ov != nil {
		return v.ov.view(width, height)
	}
	th := v.app.th
	q := v.q()
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	badge, cites := questionBadge(q)
	add(th.badge.Render(badge) + " " + wrap(q.ID+cites, width-len(badge)-1))
	add("")
	add(th.heading.Render(wrap(q.Text, width)))
	add("")
	v.answerLines(add, q, width)
	var choices []string
	for _, ak := range answerKeys {
		if q.Allows(ak.v) {
			choices = append(choices, ak.b.Help().Key+" "+answerLabel(ak.v))
		}
	}
	add(th.faint.Render(wrap("Keys: "+strings.Join(choices, " · "), width)))
	for _, c := range v.sess.l.Analysis.Conflicts {
		if c.QuestionID == q.ID {
			add("")
			add(th.errText.Render(wrap("CONFLICT: "+c.Detail, width)))
			if c.Action != "" {
				add(indent(c.Action, 2, width))
			}
		}
	}
	v.evidenceLines(add, q, width)
	return strings.Join(scrollLines(lines, v.scroll, height), "\n")
}

// questionBadge says what backs a question: the rule (required or
// addressable, with its citations) or a recognized or good practice.
func questionBadge(q questionnaire.Question) (badge, cites string) {
	switch {
	case len(q.Citations) == 0 && q.Basis == questionnaire.BasisRecognized:
		return "[Recognized practice]", ""
	case len(q.Citations) == 0:
		return "[Good practice]", ""
	case q.Required:
		return "[Required]", " · 45 CFR " + strings.Join(q.Citations, ", ")
	}
	return "[Addressable]", " · 45 CFR " + strings.Join(q.Citations, ", ")
}

// answerLines describes the stored answer, who gave it, its note and the
// follow-up an addressable gap needs.
func (v *question) answerLines(add func(string), q questionnaire.Question, width int) {
	th := v.app.th
	a, answered := v.sess.answer(q.ID)
	if !answered {
		line := "Answer: not yet answered"
		if e, ok := v.sess.entry(q.ID); ok {
			if e.Flagged {
				line += " · flagged for later"
			}
			if e.Note != "" {
				line += "\n  Note: " + e.Note
			}
		}
		add(wrap(line, width))
		return
	}
	line := "Answer: " + answerLabel(a.Value)
	if a.Flagged {
		line += " · flagged for later"
	}
	if a.CarriedForward {
		line += " · carried forward from the last assessment; confirm it"
	}
	if v.savedMark {
		line += "  ✓ saved"
	}
	add(th.okText.Render(wrap(line, width)))
	if a.By != "" {
		add(th.faint.Render(wrap("Answered by "+a.By+" on "+a.At.Format("2006-01-02"), width)))
	}
	if a.Note != "" {
		add(indent("Note: "+a.Note, 2, width))
	}
	if q.NeedsDecision(a) {
		if a.Decision == nil {
			add(th.errText.Render(wrap("Follow-up needed: press d to record the alternative in place or why it is not reasonable.", width)))
		} else {
			kind := "Alternative in place"
			if a.Decision.Kind == assessment.DecisionNotReasonable {
				kind = "Not reasonable and appropriate"
			}
			add(indent(kind+": "+a.Decision.Justification, 2, width))
		}
	}
}

// evidenceLines shows what the latest cloud checks say about the question,
// with a suggested answer.
func (v *question) evidenceLines(add func(string), q questionnaire.Question, width int) {
	th := v.app.th
	ev, sug := evidenceFor(q, v.sess.l.Inputs.Findings)
	if len(ev) == 0 {
		return
	}
	add("")
	add(th.heading.Render("Cloud check evidence (latest run)"))
	for _, e := range ev {
		total := e.pass + e.fail + e.unassessed
		s := fmt.Sprintf("%s: %d of %d fail", e.title, e.fail, total)
		if e.unassessed > 0 {
			s += fmt.Sprintf(", %d could not be checked", e.unassessed)
		}
		add(indent(s, 2, width))
		for i, f := range e.failures {
			if i == 3 {
				add(indent(fmt.Sprintf("… and %d more", len(e.failures)-3), 4, width))
				break
			}
			add(indent(f, 4, width))
		}
	}
	if sug != "" {
		mark := ""
		if a, answered := v.sess.answer(q.ID); answered && a.Value != sug {
			mark = " (differs from your answer)"
		}
		add(indent("Suggested answer: "+answerLabel(sug)+mark+". Press s to take it, or answer yourself to overrule it.", 2, width))
	}
}

// guidance is shown on `?`: why the question matters, what good looks like,
// what to do if not.
func (v *question) guidance(width, height int) string {
	th := v.app.th
	g := v.q().Guidance
	var lines []string
	for _, part := range []struct{ head, text string }{
		{"Why it matters", g.Why}, {"What good looks like", g.Good}, {"If not", g.IfNot}, {"What to do", g.Action},
	} {
		if part.text == "" {
			continue
		}
		lines = append(lines, th.heading.Render(part.head))
		lines = append(lines, wrapLines(part.text, width)...)
		lines = append(lines, "")
	}
	lines = append(lines, th.faint.Render("Press ? again to go back to the question."))
	return strings.Join(scrollLines(lines, v.scroll, height), "\n")
}
