package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// overlay is a small huh form opened over a screen (a note, a follow-up, an
// inventory entry). save builds the command that writes its values; it runs
// when the form is submitted, or on Ctrl+C so nothing typed is lost.
type overlay struct {
	form  *huh.Form
	save  func() tea.Cmd
	ready func() bool // whether the values may be saved on Ctrl+C; nil: always
}

func newOverlay(th *theme, width int, save func() tea.Cmd, fields ...huh.Field) *overlay {
	f := huh.NewForm(huh.NewGroup(fields...)).WithTheme(th.formTheme()).WithShowHelp(false)
	if width > 0 {
		f = f.WithWidth(width)
	}
	return &overlay{form: f, save: save}
}

var overlayKeys = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/save")),
	key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
	key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// update feeds msg to the form. It reports whether the overlay is finished
// (submitted or cancelled) and the command to run.
func (o *overlay) update(msg tea.Msg) (tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, keys.Back) {
		return nil, true
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		o.form = o.form.WithWidth(ws.Width)
	}
	f, cmd := o.form.Update(msg)
	o.form = f.(*huh.Form)
	if o.form.State == huh.StateCompleted {
		return o.save(), true
	}
	return cmd, false
}

// onlyIf sets the check a flush needs (the fields the store requires).
func (o *overlay) onlyIf(ready func() bool) *overlay {
	o.ready = ready
	return o
}

// flush saves the values typed so far when they are complete enough.
func (o *overlay) flush() tea.Cmd {
	if o.ready != nil && !o.ready() {
		return nil
	}
	return o.save()
}

// formHost gives a screen an optional overlay form. While one is open it
// takes every key, and Ctrl+C flushes what was typed into it.
type formHost struct{ ov *overlay }

func (h *formHost) capturing() bool { return h.ov != nil }

func (h *formHost) flush() tea.Cmd {
	if h.ov != nil {
		return h.ov.flush()
	}
	return nil
}

// updateForm passes msg to the open form, closing it when it is done;
// handled is false when no form is open.
func (h *formHost) updateForm(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if h.ov == nil {
		return nil, false
	}
	cmd, done := h.ov.update(msg)
	if done {
		h.ov = nil
	}
	return cmd, true
}
