package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// burst hands msgs to m one after another without running what they start,
// as the terminal reader does with characters that arrive together, and
// then runs the commands they started.
func burst(tb testing.TB, m tea.Model, msgs ...tea.Msg) tea.Model {
	tb.Helper()
	var cmds []tea.Cmd
	for _, msg := range msgs {
		var c tea.Cmd
		m, c = m.Update(msg)
		cmds = append(cmds, c)
	}
	return drive(tb, m, tea.BatchMsg(cmds))
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// keyByKey is s as one key message per character.
func keyByKey(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		if r == ' ' {
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{r}})
			continue
		}
		out = append(out, runes(string(r)))
	}
	return out
}

// burstCases are the ways text arrives in a burst, with what the field
// must hold afterwards.
var burstCases = []struct {
	name string
	msgs []tea.Msg
	want string
}{
	{"one message x esc y", []tea.Msg{runes("x esc y")}, "x esc y"},
	{"key by key x esc y", keyByKey("x esc y"), "x esc y"},
	{"one message", []tea.Msg{runes("Goes home with Maria")}, "Goes home with Maria"},
	{"key by key", keyByKey("Goes home with Maria"), "Goes home with Maria"},
	{"in chunks", []tea.Msg{runes("Goes "), runes("home"), runes(" with Maria")}, "Goes home with Maria"},
	{"an Esc inside", []tea.Msg{runes("x"), tea.KeyMsg{Type: tea.KeyEsc}, runes("y")}, "xy"},
	{"an Esc sequence inside", []tea.Msg{runes("x"), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y"), Alt: true}}, "xy"},
	{"a chunk named like a key", []tea.Msg{runes("x "), runes("esc"), runes(" y")}, "x esc y"},
}

// TestBurstsAreText types bursts into every text field of the full-screen
// forms and checks what is stored.
func TestBurstsAreText(t *testing.T) {
	ctx := context.Background()
	enters := func(n int) []tea.Msg {
		out := make([]tea.Msg, n)
		for i := range out {
			out[i] = keyMsg("enter")
		}
		return out
	}
	asset := func(f func(assessment.Asset) string) func(*wizard, int64) string {
		return func(a *wizard, id int64) string {
			xs, _ := a.core.Assets(ctx, id)
			if len(xs) < 2 {
				return "(not saved)"
			}
			return f(xs[len(xs)-1])
		}
	}
	vendor := func(f func(assessment.Vendor) string) func(*wizard, int64) string {
		return func(a *wizard, id int64) string {
			xs, _ := a.core.Vendors(ctx, id)
			if len(xs) < 2 {
				return "(not saved)"
			}
			return f(xs[len(xs)-1])
		}
	}
	fields := []struct {
		name          string
		before, after []tea.Msg
		prefix        string
		got           func(*wizard, int64) string
	}{
		{"asset name", keySeq("3", "a"), enters(8), "", asset(func(x assessment.Asset) string { return x.Name })},
		{"asset location", append(keySeq("3", "a", "PC"), enters(2)...), enters(6), "", asset(func(x assessment.Asset) string { return x.Location })},
		{"who looks after it", append(keySeq("3", "a", "PC"), enters(3)...), enters(5), "", asset(func(x assessment.Asset) string { return x.Owner })},
		{"encryption how", append(keySeq("3", "a", "PC"), enters(6)...), enters(2), "", asset(func(x assessment.Asset) string { return x.EncryptionNote })},
		{"asset notes", append(keySeq("3", "a", "PC"), enters(7)...), enters(1), "", asset(func(x assessment.Asset) string { return x.Notes })},
		{"vendor name", keySeq("4", "a"), enters(6), "", vendor(func(x assessment.Vendor) string { return x.Name })},
		{"vendor service", append(keySeq("4", "a", "Acme"), enters(1)...), enters(5), "", vendor(func(x assessment.Vendor) string { return x.Service })},
		{"vendor notes", append(keySeq("4", "a", "Acme"), enters(5)...), enters(1), "", vendor(func(x assessment.Vendor) string { return x.Notes })},
		{"plan owner", keySeq("7", "e"), enters(9), "Security official", func(a *wizard, id int64) string {
			ts, _ := a.core.Tracking(ctx, id)
			if len(ts) == 0 {
				return "(not saved)"
			}
			return ts[0].Owner
		}},
		{"question note", keySeq("x", "e"), enters(1), "", func(a *wizard, id int64) string {
			ans, _ := a.core.Answers(ctx, id)
			for _, x := range ans {
				if !strings.HasPrefix(x.Note, "note ") {
					return x.Note
				}
			}
			return "(not saved)"
		}},
		{"practice name", keySeq("1"), keySeq("esc"), "Alder Clinic", func(a *wizard, id int64) string {
			as, _ := a.core.Assessment(ctx, id)
			return as.Practice
		}},
	}
	for _, f := range fields {
		for _, bc := range burstCases {
			t.Run(f.name+"/"+bc.name, func(t *testing.T) {
				a := testApp(t, nil)
				id := seedAnswered(t, a)
				m := start(t, a, 80, 24)
				m = drive(t, m, append(keySeq("enter"), f.before...)...).(*model)
				if !isTyping(m.top()) {
					t.Fatalf("no text field has focus:\n%s", m.View())
				}
				m = burst(t, m, bc.msgs...).(*model)
				if !isTyping(m.top()) {
					t.Fatalf("the burst left the text field:\n%s", m.View())
				}
				m = drive(t, m, f.after...).(*model)
				if got := f.got(a, id); got != f.prefix+bc.want {
					t.Errorf("stored %q, want %q; the screen shows:\n%s", got, f.prefix+bc.want, m.View())
				}
			})
		}
	}
}

// TestEscAloneCancels checks that an Esc that arrives by itself still
// closes a form without saving.
func TestEscAloneCancels(t *testing.T) {
	a := testApp(t, nil)
	id := seedAnswered(t, a)
	m := start(t, a, 80, 24)
	m = drive(t, m, keySeq("enter", "3", "a", "Scanner")...).(*model)
	m = drive(t, m, keyMsg("esc")).(*model)
	inv, ok := m.top().(*inventory)
	if !ok || inv.ov != nil {
		t.Fatalf("esc left the form open:\n%s", m.View())
	}
	if xs, _ := a.core.Assets(context.Background(), id); len(xs) != 1 {
		t.Errorf("esc saved the asset: %+v", xs)
	}
}

// Keys that arrive after a new assessment was saved, before the wizard has
// moved on, never save it a second time (it once created two assessments
// from one form on a busy machine).
func TestNewAssessmentSavedOnce(t *testing.T) {
	a := testApp(t, nil)
	p := newProfile(a, nil, 80)
	p.v.Practice = "Elm Street Clinic"
	p.form.State = huh.StateCompleted
	_, cmd := p.update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil || !p.saving {
		t.Fatal("the completed form did not save")
	}
	saved, ok := cmd().(profileSavedMsg)
	if !ok || saved.err != nil {
		t.Fatalf("save: %+v", saved)
	}
	p.update(saved) // the next screen is on its way, not yet shown
	// Keys, and messages that are not keys (a resize, a cursor blink).
	for _, msg := range []tea.Msg{tea.KeyMsg{Type: tea.KeyEnter}, tea.WindowSizeMsg{Width: 80, Height: 24}, struct{}{}, tea.KeyMsg{Type: tea.KeyEnter}} {
		if _, cmd := p.update(msg); cmd != nil {
			if msg, ok := cmd().(profileSavedMsg); ok {
				t.Errorf("a message after saving saved again: assessment %d", msg.id)
			}
		}
	}
	list, err := a.core.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Errorf("%d assessments, %v; want 1", len(list), err)
	}
}
