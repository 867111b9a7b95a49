package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// visibleQuestions are the questions branching shows for the profile, in
// bank order.
func (s *session) visibleQuestions() []questionnaire.Question {
	hidden := map[string]bool{}
	for _, h := range s.l.Analysis.Completeness.Hidden {
		hidden[h.QuestionID] = true
	}
	var out []questionnaire.Question
	for _, q := range s.bank().Questions {
		if !hidden[q.ID] {
			out = append(out, q)
		}
	}
	return out
}

// nextUnanswered is the index in qs of the first unanswered question after
// from (wrapping round), or -1 when all are answered.
func (s *session) nextUnanswered(qs []questionnaire.Question, from int) int {
	for i := 1; i <= len(qs); i++ {
		j := (from + i) % len(qs)
		if _, ok := s.answer(qs[j].ID); !ok {
			return j
		}
	}
	return -1
}

func (s *session) sectionTitle(id string) string {
	for _, sec := range s.bank().Sections {
		if sec.ID == id {
			return sec.Title
		}
	}
	return id
}

// openQuestion shows the question with the given id, or the next
// unanswered one when id is "".
func (a *wizard) openQuestion(s *session, id string) tea.Cmd {
	qs := s.visibleQuestions()
	idx := -1
	for i, q := range qs {
		if q.ID == id {
			idx = i
		}
	}
	if id == "" {
		idx = s.nextUnanswered(qs, len(qs)-1)
	}
	if idx < 0 {
		return func() tea.Msg { return statusMsg{text: "Every question that applies is answered."} }
	}
	return nav(newQuestion(a, s, qs[idx].ID))
}

// sections lists the sections with their progress; enter opens a section's
// question list.
type sections struct {
	app    *wizard
	sess   *session
	cursor int
}

func newSections(a *wizard, s *session) *sections { return &sections{app: a, sess: s} }

func (v *sections) title() string   { return "Questions by section" }
func (v *sections) capturing() bool { return false }
func (v *sections) flush() tea.Cmd  { return nil }
func (v *sections) bindings() []key.Binding {
	return []key.Binding{keys.Up, keys.Down, keys.Enter, keys.NextUnanswered, keys.FlaggedList, keys.ReviewSection,
		withHelp(keys.Back, "assessments"), keys.Profile, keys.Risks, keys.Summary}
}

func (v *sections) rows() []scoring.SectionProgress {
	var out []scoring.SectionProgress
	for _, sp := range v.sess.l.Analysis.Completeness.Sections {
		if sp.Applicable > 0 {
			out = append(out, sp)
		}
	}
	return out
}

func (v *sections) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	rows := v.rows()
	switch {
	case key.Matches(k, keys.Up):
		v.cursor = moveCursor(v.cursor, len(rows), -1)
	case key.Matches(k, keys.Down):
		v.cursor = moveCursor(v.cursor, len(rows), 1)
	case key.Matches(k, keys.Enter) && v.cursor < len(rows):
		return v, nav(newQuestionList(v.app, v.sess, rows[v.cursor].Section))
	case key.Matches(k, keys.NextUnanswered):
		return v, v.app.openQuestion(v.sess, "")
	case key.Matches(k, keys.FlaggedList):
		return v, nav(newReviewList(v.app, v.sess, ""))
	case key.Matches(k, keys.ReviewSection) && v.cursor < len(rows):
		return v, v.app.reviewSection(v.sess, rows[v.cursor].Section)
	case key.Matches(k, keys.Back):
		return v, goHome
	}
	return v, nil
}

func (v *sections) view(width, height int) string {
	th := v.app.th
	c := v.sess.l.Analysis.Completeness
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d of %d applicable questions answered (%.0f%%), %d for review. Press x for the next unanswered question.\n\n",
		th.heading.Render("Progress:"), c.Overall.Answered, c.Overall.Applicable, c.Overall.Percent, len(c.Review))
	head := wrap(b.String(), width)
	rs := v.rows()
	items := make([][]string, len(rs))
	nameW := width - 36
	for i, r := range rs {
		mark := "  "
		if r.Answered == r.Applicable {
			mark = "✓ "
		}
		items[i] = []string{fmt.Sprintf("%s%s %3d/%-3d answered  %2d for review", mark, pad(r.Title, nameW), r.Answered, r.Applicable, r.Review)}
		switch n := v.sess.carriedIn(r.Section); {
		case n > 0:
			items[i] = append(items[i], th.faint.Render(clip(fmt.Sprintf("    %d carried forward, not confirmed: R confirms the section", n), width-2)))
		case v.sess.reviewedLine(r.Section) != "":
			items[i] = append(items[i], th.faint.Render(clip("    "+v.sess.reviewedLine(r.Section), width-2)))
		}
	}
	return head + strings.Join(rows(items, v.cursor, height-strings.Count(head, "\n"), th.selected.Render), "\n")
}

// questionList lists one section's questions with their answers.
type questionList struct {
	app     *wizard
	sess    *session
	section string
	cursor  int
}

func newQuestionList(a *wizard, s *session, section string) *questionList {
	return &questionList{app: a, sess: s, section: section}
}

func (v *questionList) title() string   { return v.sess.sectionTitle(v.section) }
func (v *questionList) capturing() bool { return false }
func (v *questionList) flush() tea.Cmd  { return nil }
func (v *questionList) bindings() []key.Binding {
	return []key.Binding{keys.Up, keys.Down, withHelp(keys.Enter, "answer"), keys.NextUnanswered, keys.SectionSummary,
		keys.ReviewSection, withHelp(keys.Back, "sections")}
}

func (v *questionList) questions() []questionnaire.Question {
	var out []questionnaire.Question
	for _, q := range v.sess.visibleQuestions() {
		if q.Section == v.section {
			out = append(out, q)
		}
	}
	return out
}

func (v *questionList) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	qs := v.questions()
	switch {
	case key.Matches(k, keys.Up):
		v.cursor = moveCursor(v.cursor, len(qs), -1)
	case key.Matches(k, keys.Down):
		v.cursor = moveCursor(v.cursor, len(qs), 1)
	case key.Matches(k, keys.Enter) && v.cursor < len(qs):
		return v, v.app.openQuestion(v.sess, qs[v.cursor].ID)
	case key.Matches(k, keys.NextUnanswered):
		return v, v.app.openQuestion(v.sess, "")
	case key.Matches(k, keys.SectionSummary):
		return v, nav(newReviewList(v.app, v.sess, v.section))
	case key.Matches(k, keys.ReviewSection):
		return v, v.app.reviewSection(v.sess, v.section)
	case key.Matches(k, keys.Back):
		return v, back
	}
	return v, nil
}

func (v *questionList) view(width, height int) string {
	th := v.app.th
	qs := v.questions()
	items := make([][]string, len(qs))
	for i, q := range qs {
		ans := "—"
		if a, ok := v.sess.entry(q.ID); ok {
			if a.Value != "" {
				ans = answerLabel(a.Value)
			}
			if a.Flagged {
				ans += ", flagged"
			}
			if a.CarriedForward {
				ans += ", carried"
			}
		}
		items[i] = cells(pad(ans, 16)+" ", q.Text, width-2)
	}
	return strings.Join(rows(items, v.cursor, height, th.selected.Render), "\n")
}

var answerLabels = map[assessment.AnswerValue]string{
	assessment.Yes: "Yes", assessment.Partial: "Partly", assessment.No: "No",
	assessment.NotApplicable: "Not applicable", assessment.Unknown: "Don't know",
}

func answerLabel(v assessment.AnswerValue) string {
	if l, ok := answerLabels[v]; ok {
		return l
	}
	return string(v)
}
