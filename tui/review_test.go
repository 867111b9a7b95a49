package tui

import (
	"context"
	"strings"
	"testing"
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
