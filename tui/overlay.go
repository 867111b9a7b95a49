package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// overlay is a small huh form opened over a screen (a note, a follow-up, an
// inventory entry). save builds the command that writes its values; it runs
// when the form is submitted, or on Ctrl+C so nothing typed is lost.
type overlay struct {
	form  *huh.Form
	th    *theme
	save  func() tea.Cmd
	ready func() bool // whether the values may be saved on Ctrl+C; nil: always
	// above is how many body lines the screen shows over the form.
	above func(width int) int
}

func newOverlay(th *theme, width int, save func() tea.Cmd, fields ...huh.Field) *overlay {
	return &overlay{form: screenForm(th, width, huh.NewGroup(fields...)), th: th, save: save}
}

// screenForm builds a full-screen form: the wizard's form theme, no help
// (the wizard's help line shows the keys) and no error footer (formView
// shows the errors where they are always visible).
func screenForm(th *theme, width int, groups ...*huh.Group) *huh.Form {
	f := huh.NewForm(groups...).WithTheme(th.screenFormTheme()).WithShowHelp(false).WithShowErrors(false)
	if width > 0 {
		f = f.WithWidth(width)
	}
	return f
}

// errorReserve is how many lines a form leaves free under it for its
// error message.
const errorReserve = 3

// sizeForm makes f scroll within height lines (less the room for an error),
// so the focused field stays in view however many fields the form has.
func sizeForm(f *huh.Form, width, height int) {
	f.WithWidth(width)
	f.WithHeight(max(height-errorReserve, 3))
}

// formView shows a form in height lines with its errors under it.
func formView(th *theme, f *huh.Form, width, height int) string {
	var errs []string
	for _, err := range f.Errors() {
		errs = append(errs, wrapLines(th.errText.Render("Error: "+err.Error()), width)...)
	}
	if len(errs) > 0 {
		errs = append([]string{""}, errs...)
	}
	lines := fitHeight(f.View(), max(height-len(errs), 1))
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(append(lines, errs...), "\n")
}

// view draws the form in the lines left to it.
func (o *overlay) view(width, height int) string { return formView(o.th, o.form, width, height) }

// setBody fits the form to the body, less the lines the screen shows
// above it.
func (o *overlay) setBody(width, height int) {
	if o.above != nil {
		height -= o.above(width)
	}
	sizeForm(o.form, width, height)
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

func (h *formHost) typing() bool { return h.ov != nil && formTyping(h.ov.form) }

func (h *formHost) setBody(width, height int) {
	if h.ov != nil {
		h.ov.setBody(width, height)
	}
}

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
