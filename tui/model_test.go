package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// start runs Init and the first messages at the given size.
func start(tb testing.TB, a *wizard, w, h int) *model {
	tb.Helper()
	m := newModel(a)
	return drive(tb, m, tea.WindowSizeMsg{Width: w, Height: h}, tea.Msg(tea.BatchMsg{m.Init()})).(*model)
}

func TestHomeKeys(t *testing.T) {
	tests := []struct {
		name      string
		keys      []string
		cursor    int
		confirm   bool
		remaining int
	}{
		{"down moves", []string{"down"}, 1, false, 3},
		{"j moves, k back", []string{"j", "j", "k"}, 1, false, 3},
		{"cursor stops at the end", []string{"down", "down", "down", "down"}, 2, false, 3},
		{"d asks first", []string{"d"}, 0, true, 3},
		{"n keeps it", []string{"d", "n"}, 0, false, 3},
		{"y deletes", []string{"down", "d", "y"}, 1, false, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			for _, p := range []string{"Alder Clinic", "Birch Family Medicine", "Cedar Pediatrics"} {
				seed(t, a, p, assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
			}
			m := start(t, a, 80, 24)
			m = drive(t, m, keySeq(tc.keys...)...).(*model)
			h := m.stack[0].(*home)
			if h.cursor != tc.cursor || h.confirm != tc.confirm {
				t.Errorf("cursor %d confirm %v, want %d %v", h.cursor, h.confirm, tc.cursor, tc.confirm)
			}
			list, err := a.core.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tc.remaining || len(h.list) != tc.remaining {
				t.Errorf("%d assessments stored, %d listed, want %d", len(list), len(h.list), tc.remaining)
			}
		})
	}
}

func TestFirstRunOpensNewAssessment(t *testing.T) {
	m := start(t, testApp(t, nil), 80, 24)
	p, ok := m.top().(*profileScreen)
	if !ok || !p.firstRun || p.sess != nil {
		t.Fatalf("top screen is %T, want the new-assessment form on first run", m.top())
	}
	if v := m.View(); !strings.Contains(v, "walks you through") || !strings.Contains(v, "Practice name") {
		t.Errorf("first run view lacks the explanation or the form:\n%s", v)
	}
}

// openFirstQuestion opens an assessment and its first unanswered question.
func openFirstQuestion(tb testing.TB, a *wizard, id int64) *model {
	tb.Helper()
	m := start(tb, a, 80, 24)
	m = drive(tb, m, keyMsg("enter"), keyMsg("x")).(*model)
	if _, ok := m.top().(*question); !ok {
		tb.Fatalf("top screen is %T, want a question; status %q\n%s", m.top(), m.status, m.View())
	}
	return m
}

// firstOfKind returns the first visible question, required or addressable,
// that takes all five answers; a recognized or good practice is neither.
func firstOfKind(tb testing.TB, m *model, required bool) questionnaire.Question {
	tb.Helper()
	for _, q := range m.sess.visibleQuestions() {
		all := true
		for _, v := range assessment.AnswerValues {
			all = all && q.Allows(v)
		}
		if q.Required == required && (required || q.Addressable()) && all {
			return q
		}
	}
	tb.Fatalf("no question with required=%v", required)
	return questionnaire.Question{}
}

func TestAnswerKeysSave(t *testing.T) {
	tests := []struct {
		key      string
		required bool
		want     assessment.AnswerValue
		followUp bool // the addressable follow-up opens instead of moving on
	}{
		{"y", true, assessment.Yes, false},
		{"p", true, assessment.Partial, false},
		{"n", true, assessment.No, false},
		{"a", true, assessment.NotApplicable, false},
		{"u", true, assessment.Unknown, false},
		{"y", false, assessment.Yes, false},
		{"n", false, assessment.No, true},
		{"p", false, assessment.Partial, true},
	}
	for _, tc := range tests {
		t.Run(tc.key+map[bool]string{true: " required", false: " addressable"}[tc.required], func(t *testing.T) {
			a := testApp(t, nil)
			id := seed(t, a, "Alder Clinic", assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
			m := openFirstQuestion(t, a, id)
			q := firstOfKind(t, m, tc.required)
			m.top().(*question).show(q.ID)
			m = drive(t, m, keyMsg(tc.key)).(*model)
			got, err := a.core.Answers(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if got[q.ID].Value != tc.want {
				t.Errorf("stored %q, want %q", got[q.ID].Value, tc.want)
			}
			v := m.top().(*question)
			if tc.followUp {
				if v.ov == nil || v.id != q.ID {
					t.Errorf("follow-up not open on %s (on %s)", q.ID, v.id)
				}
				return
			}
			if v.id == q.ID {
				t.Errorf("still on %s after saving", q.ID)
			}
			if !strings.Contains(m.View(), "Saved") {
				t.Errorf("no saved mark:\n%s", m.View())
			}
		})
	}
}

func TestQuestionNavigation(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Alder Clinic", assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
	m := openFirstQuestion(t, a, id)
	qs := m.sess.visibleQuestions()
	tests := []struct {
		key  string
		want string
	}{
		{"right", qs[1].ID}, {"l", qs[2].ID}, {"h", qs[1].ID}, {"left", qs[0].ID}, {"left", qs[0].ID},
		{"y", qs[1].ID}, // answering moves on
		{"x", qs[2].ID}, // next unanswered after qs[1]
	}
	for _, tc := range tests {
		k := keyMsg(tc.key)
		switch tc.key {
		case "right":
			k = tea.KeyMsg{Type: tea.KeyRight}
		case "left":
			k = tea.KeyMsg{Type: tea.KeyLeft}
		}
		m = drive(t, m, k).(*model)
		if got := m.top().(*question).id; got != tc.want {
			t.Fatalf("after %s on question %s, want %s", tc.key, got, tc.want)
		}
	}
	m = drive(t, m, keyMsg("esc")).(*model)
	if _, ok := m.top().(*questionList); ok {
		t.Fatalf("esc from a question opened by x should go back to the sections, got %T", m.top())
	}
}

func TestFlagNoteAndClear(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Alder Clinic", assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
	m := openFirstQuestion(t, a, id)
	q := m.top().(*question).id
	answers := func() map[string]assessment.Answer {
		got, err := a.core.Answers(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	answered := func() int { return m.sess.l.Analysis.Completeness.Overall.Answered }
	// f and e on an unanswered question flag it and note it without
	// answering it.
	m = drive(t, m, keyMsg("f"), keyMsg("e"), keyMsg("Ask Dana")).(*model)
	m = drive(t, m, keyMsg("enter")).(*model)
	if got := answers()[q]; got.Value != "" || !got.Flagged || got.Note != "Ask Dana" {
		t.Fatalf("after f and e: %+v", got)
	}
	if n := answered(); n != 0 {
		t.Fatalf("a flag and a note count as %d answered", n)
	}
	if v := m.View(); !strings.Contains(v, "not yet answered · flagged") || !strings.Contains(v, "Ask Dana") {
		t.Errorf("the question does not show the flag and note:\n%s", v)
	}
	m = drive(t, m, keyMsg("f"), keyMsg("u"), tea.KeyMsg{Type: tea.KeyLeft}, keyMsg("f")).(*model)
	if got := answers()[q]; got.Value != assessment.Unknown || !got.Flagged || got.Note != "Ask Dana" {
		t.Fatalf("after f, u, back, f: %+v", got)
	}
	drive(t, m, keyMsg("backspace"))
	if _, ok := answers()[q]; ok {
		t.Fatalf("backspace did not clear the answer")
	}
}

func TestWriteFailureStaysOnQuestion(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(a *wizard, id int64) error
		want  string
	}{
		{"store closed", func(a *wizard, id int64) error { return a.core.Close() }, "try again"},
		{"assessment final", func(a *wizard, id int64) error {
			complete(t, a, id)
			_, err := a.core.Finalize(context.Background(), id)
			return err
		}, "carry it forward"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			id := seed(t, a, "Alder Clinic", assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
			m := openFirstQuestion(t, a, id)
			q := m.top().(*question).id
			if err := tc.spoil(a, id); err != nil {
				t.Fatal(err)
			}
			m = drive(t, m, keyMsg("y")).(*model)
			if got := m.top().(*question).id; got != q {
				t.Errorf("moved to %s although the write failed", got)
			}
			if !m.statErr || !strings.Contains(m.View(), tc.want) {
				t.Errorf("failure not shown:\n%s", m.View())
			}
		})
	}
}

func TestQuitKeys(t *testing.T) {
	tests := []struct {
		key  tea.Msg
		want tea.Msg
	}{
		{keyMsg("q"), tea.QuitMsg{}},
		{keyMsg("ctrl+c"), tea.InterruptMsg{}},
	}
	for _, tc := range tests {
		a := testApp(t, nil)
		seed(t, a, "Alder Clinic", assessment.Profile{})
		m := start(t, a, 80, 24)
		_, cmd := m.Update(tc.key)
		got := []tea.Msg{cmd()}
		if cmds, _, ok := cmdList(got[0]); ok {
			got = nil
			for _, c := range cmds {
				if c != nil {
					got = append(got, c())
				}
			}
		}
		if len(got) == 0 || got[len(got)-1] != tc.want {
			t.Errorf("%v gave %v, want to end with %T", tc.key, got, tc.want)
		}
	}
}

func TestEvidenceSuggestsAnswer(t *testing.T) {
	q := questionnaire.Question{ID: "q1", Checks: []string{"s3-bucket-default-encryption"}}
	f := func(status assessment.Status, supp bool) assessment.Finding {
		x := assessment.Finding{CheckID: "s3-bucket-default-encryption", Title: "Default encryption", Status: status, Resource: "b"}
		if supp {
			x.Suppressed = &assessment.Suppression{Reason: "accepted"}
		}
		return x
	}
	other := assessment.Finding{CheckID: "iam-root-mfa", Status: assessment.Fail}
	linked := assessment.Finding{CheckID: "iam-root-mfa", Status: assessment.Pass, Questions: []string{"q1"}}
	tests := []struct {
		name   string
		fs     []assessment.Finding
		want   assessment.AnswerValue
		checks int
	}{
		{"none", nil, "", 0},
		{"unrelated only", []assessment.Finding{other}, "", 0},
		{"all pass", []assessment.Finding{f(assessment.Pass, false), f(assessment.Pass, false)}, assessment.Yes, 1},
		{"some fail", []assessment.Finding{f(assessment.Pass, false), f(assessment.Fail, false)}, assessment.Partial, 1},
		{"all fail", []assessment.Finding{f(assessment.Fail, false), f(assessment.Fail, false), other}, assessment.No, 1},
		{"not assessed suggests nothing", []assessment.Finding{f(assessment.NotAssessed, false), f(assessment.Error, false)}, "", 1},
		{"accepted failure counts as pass", []assessment.Finding{f(assessment.Fail, true)}, assessment.Yes, 1},
		{"linked by question id", []assessment.Finding{f(assessment.Fail, false), linked}, assessment.Partial, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, got := evidenceFor(q, tc.fs)
			if got != tc.want || len(ev) != tc.checks {
				t.Errorf("got %q with %d checks, want %q with %d", got, len(ev), tc.want, tc.checks)
			}
		})
	}
}

func TestWindowKeepsCursorVisible(t *testing.T) {
	tests := []struct{ n, cursor, height, start, end int }{
		{5, 0, 10, 0, 5},
		{50, 0, 10, 0, 10},
		{50, 25, 10, 20, 30},
		{50, 49, 10, 40, 50},
		{50, 3, 0, 3, 4},
	}
	for _, tc := range tests {
		s, e := window(tc.n, tc.cursor, tc.height)
		if s != tc.start || e != tc.end || tc.cursor < s || tc.cursor >= e {
			t.Errorf("window(%d, %d, %d) = %d, %d; want %d, %d", tc.n, tc.cursor, tc.height, s, e, tc.start, tc.end)
		}
	}
}

func TestWrapKeepsWords(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"protect patient information everywhere", 16, "protect patient\ninformation\neverywhere"},
		{"short", 80, "short"},
		{"a verylongwordthatcannotfit here", 10, "a\nverylongwo\nrdthatcann\notfit here"},
	}
	for _, tc := range tests {
		if got := wrap(tc.in, tc.width); got != tc.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
