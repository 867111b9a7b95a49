package tui

import (
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// settled wraps a model so that a whole-program test can wait, without
// guessing a time, until everything it sent has been handled: each message
// it sent, every command started since (but those that only wait for a
// clock) and the messages those commands answered with.
type settled struct {
	tea.Model
	busy atomic.Int64
}

// trackedMsg is a message whose handling settled counts.
type trackedMsg struct{ msg tea.Msg }

const teaPkg = "github.com/charmbracelet/bubbletea"

func (s *settled) Init() tea.Cmd { return s.track(s.Model.Init()) }

func (s *settled) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	t, tracked := msg.(trackedMsg)
	if tracked {
		msg = t.msg
	}
	m, cmd := s.Model.Update(msg)
	s.Model = m
	cmd = s.track(cmd)
	if tracked {
		s.busy.Add(-1)
	}
	return s, cmd
}

// track counts c until the message it answers with has been handled.
func (s *settled) track(c tea.Cmd) tea.Cmd {
	if c == nil || isTimer(c) {
		return c
	}
	s.busy.Add(1)
	return func() tea.Msg {
		defer s.busy.Add(-1)
		m := c()
		if cmds, batch, ok := cmdList(m); ok {
			wrapped := make([]tea.Cmd, len(cmds))
			for i, x := range cmds {
				wrapped[i] = s.track(x)
			}
			if batch {
				return tea.BatchMsg(wrapped)
			}
			if seq := tea.Sequence(wrapped...); seq != nil {
				return seq()
			}
			return nil
		}
		if m == nil {
			return nil
		}
		// Messages the program itself acts on (quit, terminal control)
		// must reach it as they are; the model does not change on them.
		if t := reflect.TypeOf(m); t.PkgPath() == teaPkg && t != reflect.TypeOf(tea.KeyMsg{}) && t != reflect.TypeOf(tea.WindowSizeMsg{}) {
			return m
		}
		s.busy.Add(1)
		return trackedMsg{m}
	}
}

// send gives the program one message and waits until it has settled.
func (s *settled) send(t *testing.T, tm *teatest.TestModel, msg tea.Msg) {
	t.Helper()
	s.busy.Add(1)
	tm.Send(trackedMsg{msg})
	s.wait(t)
}

// typeText sends each rune of text as a key press, waiting for each.
func (s *settled) typeText(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	for _, r := range text {
		s.send(t, tm, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// wait polls until nothing sent is still being handled.
func (s *settled) wait(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(driveDeadline)
	for s.busy.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the wizard did not settle within %v (%d pending)", driveDeadline, s.busy.Load())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// startProgram runs m as a whole program in a w×h terminal.
func startProgram(t *testing.T, m tea.Model, w, h int) (*settled, *teatest.TestModel) {
	t.Helper()
	s := &settled{Model: m}
	return s, teatest.NewTestModel(t, s, teatest.WithInitialTermSize(w, h))
}
