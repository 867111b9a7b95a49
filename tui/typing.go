package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// Typed text can arrive in bursts: over SSH, from a paste without
// bracketed paste, or from a fast typist on a slow link. The terminal
// reader then hands over several characters in one key message, and an
// Esc that arrived together with text comes as an Alt modifier or as an
// Esc key immediately followed by more text. While a text field has
// focus none of that may act as a command: a burst whose letters spell
// the name of a key ("home", "esc") is text, and only an Esc that
// arrives alone cancels.

// escWait is how long an Esc pressed in a text field waits for text that
// would make it part of a burst. It is far shorter than a person can type
// after pressing Esc, and longer than the gap inside one burst.
const escWait = 60 * time.Millisecond

// escMsg obeys the held Esc numbered seq unless text arrived after it.
type escMsg struct{ seq int }

// typer screens report whether a text field has the keyboard.
type typer interface {
	typing() bool
}

func isTyping(s screen) bool {
	t, ok := s.(typer)
	return ok && t.typing()
}

// isTextField reports whether f takes free text.
func isTextField(f huh.Field) bool {
	switch f.(type) {
	case *huh.Input, *huh.Text:
		return true
	}
	return false
}

// formTyping reports whether a text field of form f has focus.
func formTyping(f *huh.Form) bool {
	return f != nil && f.State == huh.StateNormal && isTextField(f.GetFocusedField())
}

// typed turns a key that reached a text field into what the field should
// see. An Esc is held (hold is the command that obeys it later, unless
// text follows first); runes lose an Alt that an Esc in the burst added,
// and several runes in one message are marked as pasted so no key binding
// reads them as the name of a key.
func (m *model) typed(k tea.KeyMsg) (out tea.KeyMsg, hold tea.Cmd) {
	if k.Type == tea.KeyEsc && !k.Alt {
		m.escSeq++
		m.escHeld = true
		seq := m.escSeq
		return k, func() tea.Msg {
			time.Sleep(escWait)
			return escMsg{seq: seq}
		}
	}
	// Anything else cancels a held Esc: it came with this key.
	m.escHeld = false
	if k.Type == tea.KeyRunes || k.Type == tea.KeySpace {
		k.Alt = false
		if len(k.Runes) > 1 {
			k.Paste = true
		}
	}
	return k, nil
}
