package tui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// TestCarriedSectionConfirm carries an assessment forward, shows its
// answers as unconfirmed, and confirms a section with one key.
func TestCarriedSectionConfirm(t *testing.T) {
	a := testApp(t, nil)
	seedAnswered(t, a)
	m := start(t, a, 80, 24)
	m = drive(t, m, keySeq("c", "y", "esc", "enter")...).(*model)
	v := m.View()
	if !strings.Contains(v, "carried forward, not confirmed: R confirms") {
		t.Fatalf("the sections do not show carried answers as unconfirmed:\n%s", v)
	}
	golden(t, "sections-carried-80x24", v)
	m = drive(t, m, keyMsg("R")).(*model)
	sec := m.top().(*sections).rows()[0].Section
	if n := m.sess.carriedIn(sec); n != 0 {
		t.Errorf("%d answers still carried after R", n)
	}
	if line := m.sess.reviewedLine(sec); line != "Reviewed by tester on 2026-03-02" {
		t.Errorf("review line %q", line)
	}
	r, err := a.core.Report(context.Background(), m.sess.id, exportSignOff())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(r.ReviewNotes, " "), "reviewed by tester on 2026-03-02") {
		t.Errorf("the report does not print the review: %q", r.ReviewNotes)
	}
}

func TestSectionSummaryAndFlaggedList(t *testing.T) {
	a := testApp(t, nil)
	seedAnswered(t, a)
	m := start(t, a, 80, 24)
	m = drive(t, m, keySeq("enter", "enter", "v")...).(*model)
	v := m.View()
	for _, want := range []string{"in place", "need review", "REVIEW", "To do:"} {
		if !strings.Contains(v, want) {
			t.Errorf("the section summary lacks %q:\n%s", want, v)
		}
	}
	golden(t, "section-summary-80x24", v)
	m = drive(t, m, keySeq("esc", "esc", "f")...).(*model)
	v = m.View()
	if !strings.Contains(v, "Don't know") {
		t.Errorf("the flagged list lacks the don't-know answer:\n%s", v)
	}
	golden(t, "flagged-list-80x24", v)
	m = drive(t, m, keyMsg("enter")).(*model)
	if _, ok := m.top().(*question); !ok {
		t.Errorf("enter on the list shows %T", m.top())
	}
}

// Answering a section's last question shows the section's summary; esc
// goes on to the next section's first question.
func TestSectionEndShowsItsSummary(t *testing.T) {
	a := testApp(t, nil)
	seedAnswered(t, a)
	m := start(t, a, 80, 24)
	m = drive(t, m, keySeq("enter", "enter")...).(*model)
	list, ok := m.top().(*questionList)
	if !ok {
		t.Fatalf("enter, enter shows %T", m.top())
	}
	qs := list.questions()
	for range len(qs) - 1 {
		m = drive(t, m, keyMsg("down")).(*model)
	}
	m = drive(t, m, keySeq("enter", "y")...).(*model)
	end, ok := m.top().(*reviewList)
	if !ok || !end.ended || end.section != qs[0].Section {
		t.Fatalf("answering the section's last question shows %T", m.top())
	}
	all := m.sess.visibleQuestions()
	next := all[slices.IndexFunc(all, func(q questionnaire.Question) bool { return q.ID == qs[len(qs)-1].ID })+1]
	v := m.View()
	for _, want := range []string{"End of this section.", "in place", "need review"} {
		if !strings.Contains(v, want) {
			t.Errorf("the section's end lacks %q:\n%s", want, v)
		}
	}
	golden(t, "section-end-80x24", v)
	m = drive(t, m, keyMsg("esc")).(*model)
	if q, ok := m.top().(*question); !ok || q.id != next.ID {
		t.Errorf("esc after the summary shows %T, want question %s", m.top(), next.ID)
	}
}
