package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/hipaarisk/hipaarisk/assessment"
)

func waitText(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func enter(t *testing.T, p *settled, tm *teatest.TestModel, n int) {
	t.Helper()
	for range n {
		p.send(t, tm, tea.KeyMsg{Type: tea.KeyEnter})
	}
}

// fieldsAfterName is how many enters take the new-assessment form from the
// practice name to its end.
func fieldsAfterName(a *wizard) int { return 2 + len(a.bank.ProfileFields) + 1 }

// TestFlowNewAnswerQuitReopen: new assessment → profile → three answers →
// quit → reopen → the answers are there.
func TestFlowNewAnswerQuitReopen(t *testing.T) {
	st := openStore(t, "")
	a := testApp(t, st)
	p, tm := startProgram(t, newModel(a), 80, 24)
	waitText(t, tm, "Practice name")
	p.typeText(t, tm, "Elm Street Clinic")
	enter(t, p, tm, fieldsAfterName(a))
	waitText(t, tm, "Questions by section")
	p.typeText(t, tm, "x")
	waitText(t, tm, "Question 1 of")
	for i, k := range []string{"y", "u", "y"} {
		p.typeText(t, tm, k)
		waitText(t, tm, fmt.Sprintf("Question %d of", i+2))
	}
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))

	list, err := st.List(context.Background())
	if err != nil || len(list) != 1 || list[0].Practice != "Elm Street Clinic" {
		t.Fatalf("assessments %+v, %v", list, err)
	}
	got, err := st.Answers(context.Background(), list[0].ID)
	if err != nil || len(got) != 3 {
		t.Fatalf("stored %d answers (%v), want 3: %+v", len(got), err, got)
	}

	// Reopen with a new wizard on the same database.
	p2, tm2 := startProgram(t, newModel(testApp(t, st)), 80, 24)
	waitText(t, tm2, "Elm Street Clinic")
	enter(t, p2, tm2, 1)
	waitText(t, tm2, "3 of ")
	tm2.Type("q")
	tm2.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
}

// syncBuffer is a bytes.Buffer safe for the program's writer goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// waitOutput polls until text appears in what the program wrote after the
// first from bytes.
func waitOutput(t *testing.T, out *syncBuffer, from int, text string) {
	t.Helper()
	deadline := time.Now().Add(driveDeadline)
	for !strings.Contains(out.String()[from:], text) {
		if time.Now().After(deadline) {
			t.Fatalf("%q never appeared; output:\n%s", text, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// keyStep is input written to the program and what it shows once the
// input has been handled (empty for the last, Ctrl+C).
type keyStep struct{ in, then string }

// TestCtrlCMidFormLosesNothing drives Run itself: typing a practice name
// and pressing Ctrl+C keeps the new assessment and reports an interruption.
func TestCtrlCMidFormLosesNothing(t *testing.T) {
	tests := []struct {
		name  string
		setup func(a *wizard)
		keys  []keyStep // written one at a time after the wait text shows
		wait  string
		check func(t *testing.T, a *wizard)
	}{
		{
			name: "new assessment form", wait: "Practice name", keys: []keyStep{{"Oak Clinic", "Oak Clinic"}, {"\x03", ""}},
			check: func(t *testing.T, a *wizard) {
				list, err := a.core.List(context.Background())
				if err != nil || len(list) != 1 || list[0].Practice != "Oak Clinic" {
					t.Errorf("assessments %+v, %v", list, err)
				}
			},
		},
		{
			name:  "note being typed",
			setup: func(a *wizard) { seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1}) },
			wait:  "Pine Clinic", keys: []keyStep{{"\r", "Questions by section"}, {"x", "Question 1 of"}, {"e", "Note for"},
				{"Keys are with the office manager", "Keys are with the office manager"}, {"\x03", ""}},
			check: func(t *testing.T, a *wizard) {
				list, _ := a.core.List(context.Background())
				got, err := a.core.Answers(context.Background(), list[0].ID)
				if err != nil || len(got) != 1 {
					t.Fatalf("answers %+v, %v", got, err)
				}
				for _, ans := range got {
					if ans.Note != "Keys are with the office manager" {
						t.Errorf("note %q", ans.Note)
					}
				}
			},
		},
		{
			name:  "asset being added",
			setup: func(a *wizard) { seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1}) },
			wait:  "Pine Clinic", keys: []keyStep{{"\r", "Questions by section"}, {"3", "Assets holding patient information"}, {"a", "Name"},
				{"Server closet NAS", "Server closet NAS"}, {"\x03", ""}},
			check: func(t *testing.T, a *wizard) {
				list, _ := a.core.List(context.Background())
				got, err := a.core.Assets(context.Background(), list[0].ID)
				if err != nil || len(got) != 1 || got[0].Name != "Server closet NAS" {
					t.Errorf("assets %+v, %v", got, err)
				}
			},
		},
		{
			name:  "empty asset form is not saved",
			setup: func(a *wizard) { seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1}) },
			wait:  "Pine Clinic", keys: []keyStep{{"\r", "Questions by section"}, {"3", "Assets holding patient information"}, {"a", "Name"}, {"\x03", ""}},
			check: func(t *testing.T, a *wizard) {
				list, _ := a.core.List(context.Background())
				if got, err := a.core.Assets(context.Background(), list[0].ID); err != nil || len(got) != 0 {
					t.Errorf("assets %+v, %v", got, err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t, "")
			a := testApp(t, st)
			if tc.setup != nil {
				tc.setup(a)
			}
			in, w := io.Pipe()
			out := &syncBuffer{}
			done := make(chan error, 1)
			go func() {
				done <- Run(context.Background(), st, a.bank, Options{NoColor: true, In: in, Out: out, Now: clock, Actor: "tester"})
			}()
			waitOutput(t, out, 0, tc.wait)
			for _, k := range tc.keys {
				// Each key lands on the screen it is meant for: the next is
				// written once the program shows it has handled this one.
				from := out.Len()
				if _, err := io.WriteString(w, k.in); err != nil {
					t.Fatal(err)
				}
				if k.then != "" {
					waitOutput(t, out, from, k.then)
				}
			}
			select {
			case err := <-done:
				if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
					t.Errorf("Run returned %v, want an interruption", err)
				}
			case <-time.After(driveDeadline):
				t.Fatal("Ctrl+C did not stop the wizard")
			}
			w.Close()
			tc.check(t, a)
		})
	}
}
