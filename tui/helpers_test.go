package tui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// updating reports whether -update was given (the flag is defined by the
// golden package that teatest brings in).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// fixedNow is the clock of every test.
var fixedNow = time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

func TestMain(m *testing.M) {
	// huh and bubbles draw some parts with the default renderer.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// openStore opens a fresh assessment file with a fixed clock and actor.
func openStore(tb testing.TB, path string) *app.App {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "test.db")
	}
	st, err := app.Open(context.Background(), path, app.Options{Actor: "tester", Now: clock, Version: "test"})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func loadBank(tb testing.TB) *questionnaire.Bank {
	tb.Helper()
	b, err := questionnaire.Load()
	if err != nil {
		tb.Fatalf("load bank: %v", err)
	}
	return b
}

// testApp is an app on a fresh store, colour off, fixed clock.
func testApp(tb testing.TB, st *app.App) *wizard {
	tb.Helper()
	if st == nil {
		st = openStore(tb, "")
	}
	return newApp(context.Background(), st, loadBank(tb), Options{NoColor: true, Now: clock, Version: "test", Actor: "tester", Out: os.Stdout})
}

// seed creates an assessment with a profile and returns its id.
func seed(tb testing.TB, a *wizard, practice string, p assessment.Profile) int64 {
	tb.Helper()
	id, err := a.core.Create(context.Background(), app.NewAssessment{
		Practice: practice, Assessor: "Dana Reyes", Scope: "All ePHI", Profile: p, BankVersion: a.bank.Version,
	})
	if err != nil {
		tb.Fatalf("create assessment: %v", err)
	}
	return id
}

// drive feeds each message to the model in turn and, before the next one,
// runs the commands it returns, feeding their messages back until nothing is
// left. A command that does not answer within a short time (a cursor blink,
// a tick) is dropped.
func drive(tb testing.TB, m tea.Model, msgs ...tea.Msg) tea.Model {
	tb.Helper()
	for _, in := range msgs {
		queue := []tea.Msg{in}
		for steps := 0; len(queue) > 0; steps++ {
			if steps > 500 {
				tb.Fatal("drive: too many messages")
			}
			msg := queue[0]
			queue = queue[1:]
			if msg == nil {
				continue
			}
			if cmds, ok := cmdList(msg); ok {
				for _, c := range cmds {
					queue = append(queue, runCmd(c))
				}
				continue
			}
			switch msg.(type) {
			case tea.QuitMsg, tea.InterruptMsg:
				return m
			}
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			queue = append(queue, runCmd(cmd))
		}
	}
	return m
}

// cmdList unpacks tea.Batch and tea.Sequence messages.
func cmdList(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

func runCmd(c tea.Cmd) tea.Msg {
	if c == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case m := <-ch:
		return m
	case <-time.After(150 * time.Millisecond):
		return nil
	}
}

func keyMsg(s string) tea.Msg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func keySeq(ss ...string) []tea.Msg {
	out := make([]tea.Msg, len(ss))
	for i, s := range ss {
		out[i] = keyMsg(s)
	}
	return out
}

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if string(want) != got {
		tb.Errorf("%s differs from the golden file; run go test ./tui -update after checking.\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// checkFits fails when a rendered line is wider than the terminal or there
// are more lines than rows.
func checkFits(tb testing.TB, view string, w, h int) {
	tb.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		tb.Errorf("view has %d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if n := lipgloss.Width(l); n > w {
			tb.Errorf("line %d is %d cells wide, terminal is %d: %q", i, n, w, l)
		}
	}
}
