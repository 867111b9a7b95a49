package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// carriedIn counts the answers of a section still marked as carried
// forward: they count as unconfirmed until the section is reviewed.
func (s *session) carriedIn(section string) int {
	n := 0
	for _, q := range s.visibleQuestions() {
		if a, ok := s.entry(q.ID); ok && q.Section == section && a.CarriedForward {
			n++
		}
	}
	return n
}

// reviewedLine says who confirmed a section as reviewed, or "".
func (s *session) reviewedLine(section string) string {
	if r, ok := app.SectionReview(s.l.Inputs.Reviews, section); ok {
		return "Reviewed by " + r.By + " on " + r.At.Format("2006-01-02")
	}
	return ""
}

// reviewSection records that the section was reviewed by the assessor;
// its carried answers count as confirmed from then on.
func (a *wizard) reviewSection(s *session, section string) tea.Cmd {
	id := s.id
	return a.write(id, "the review of "+s.sectionTitle(section), func(ctx context.Context) error {
		return a.core.ReviewSection(ctx, id, section)
	})
}

// needsReview reports whether an answer is an area for review: unanswered,
// no, partly, don't know, flagged or carried and not confirmed.
func needsReview(a assessment.Answer, ok bool) bool {
	if !ok || a.Value == "" || a.Flagged || a.CarriedForward {
		return true
	}
	switch a.Value {
	case assessment.No, assessment.Partial, assessment.Unknown:
		return true
	}
	return false
}

// reviewList is the summary of one section (what is in place, what needs
// review, with the guidance for each), or, for every section, the list of
// flagged and "don't know" questions. Enter opens a question.
type reviewList struct {
	app     *wizard
	sess    *session
	section string // "" for the flagged and don't-know list
	cursor  int
	// ended says the summary opened because the section's last question
	// was answered; next is the section esc goes on to.
	ended bool
	next  string
}

func newReviewList(a *wizard, s *session, section string) *reviewList {
	return &reviewList{app: a, sess: s, section: section}
}

// newSectionEnd is the summary shown when the last question of a section
// is answered; next names the section esc goes on to ("" after the last).
func newSectionEnd(a *wizard, s *session, section, next string) *reviewList {
	v := newReviewList(a, s, section)
	v.ended = true
	v.next = next
	return v
}

func (v *reviewList) title() string {
	if v.section == "" {
		return "Flagged and \"don't know\""
	}
	return "Section summary · " + v.sess.sectionTitle(v.section)
}
func (v *reviewList) capturing() bool { return false }
func (v *reviewList) flush() tea.Cmd  { return nil }
func (v *reviewList) bindings() []key.Binding {
	b := []key.Binding{keys.Up, keys.Down, withHelp(keys.Enter, "open question")}
	if v.section != "" {
		b = append(b, keys.ReviewSection)
	}
	if v.ended && v.next != "" {
		return append(b, withHelp(keys.Back, "next section"))
	}
	return append(b, withHelp(keys.Back, "back"))
}

// entries are the questions listed, those needing review first.
func (v *reviewList) entries() (review, inPlace []questionnaire.Question) {
	if v.section != "" {
		return v.sess.sectionState(v.section)
	}
	for _, q := range v.sess.visibleQuestions() {
		if a, ok := v.sess.entry(q.ID); ok && (a.Flagged || a.Value == assessment.Unknown) {
			review = append(review, q)
		}
	}
	return review, nil
}

// sectionState splits a section's questions into those that need review
// and those in place.
func (s *session) sectionState(section string) (review, inPlace []questionnaire.Question) {
	for _, q := range s.visibleQuestions() {
		if q.Section != section {
			continue
		}
		if a, ok := s.entry(q.ID); needsReview(a, ok && a.Value != "") {
			review = append(review, q)
		} else {
			inPlace = append(inPlace, q)
		}
	}
	return review, inPlace
}

// answerState describes what is stored for a question in a few words:
// the answer or "not answered", flagged, carried and not confirmed.
func (s *session) answerState(id string) string {
	a, ok := s.entry(id)
	if !ok {
		return "not answered"
	}
	var parts []string
	if a.Value != "" {
		parts = append(parts, answerLabel(a.Value))
	} else {
		parts = append(parts, "not answered")
	}
	if a.Flagged {
		parts = append(parts, "flagged")
	}
	if a.CarriedForward {
		parts = append(parts, "carried, not confirmed")
	}
	return strings.Join(parts, ", ")
}

func (v *reviewList) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	review, inPlace := v.entries()
	all := append(review, inPlace...)
	switch {
	case key.Matches(k, keys.Up):
		v.cursor = moveCursor(v.cursor, len(all), -1)
	case key.Matches(k, keys.Down):
		v.cursor = moveCursor(v.cursor, len(all), 1)
	case key.Matches(k, keys.Enter) && v.cursor < len(all):
		return v, v.app.openQuestion(v.sess, all[v.cursor].ID)
	case key.Matches(k, keys.ReviewSection) && v.section != "":
		return v, v.app.reviewSection(v.sess, v.section)
	case key.Matches(k, keys.Back):
		return v, back
	}
	return v, nil
}

func (v *reviewList) item(q questionnaire.Question, tag string, width int) []string {
	lines := cells(pad(tag, 9), q.Text+" ("+v.sess.answerState(q.ID)+")", width-2)
	if g := q.Guidance.Action; g != "" && v.section != "" && tag == "REVIEW" {
		lines = append(lines, cells(pad("", 9)+"To do: ", g, width-2)...)
	}
	return lines
}

func (v *reviewList) view(width, height int) string {
	th := v.app.th
	review, inPlace := v.entries()
	var head []string
	if v.ended {
		end := "End of this section."
		if v.next != "" {
			end += " Press esc to go on to " + v.next + "."
		} else {
			end += " That was the last section."
		}
		head = append(head, th.heading.Render(wrap(end, width)))
	}
	if v.section != "" {
		head = append(head, wrapLines(fmt.Sprintf("%d in place, %d need review.", len(inPlace), len(review)), width)...)
		if line := v.sess.reviewedLine(v.section); line != "" {
			head = append(head, th.okText.Render(line+"."))
		} else {
			head = append(head, th.faint.Render(clip("Press R to confirm the section as reviewed.", width)))
		}
	} else if len(review) == 0 {
		head = append(head, wrapLines("No question is flagged or answered \"don't know\".", width)...)
	}
	head = append(head, "")
	var items [][]string
	for i, q := range append(review, inPlace...) {
		tag := "REVIEW"
		if i >= len(review) {
			tag = "IN PLACE"
		}
		items = append(items, v.item(q, tag, width))
	}
	if len(items) == 0 {
		return strings.Join(head, "\n")
	}
	return strings.Join(append(head, rows(items, v.cursor, height-len(head), th.selected.Render)...), "\n")
}
