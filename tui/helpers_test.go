package tui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
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

// driveDeadline bounds how long one drive call may wait for the commands
// it runs. It is generous: a command that takes longer has hung.
const driveDeadline = 20 * time.Second

// timerCmds name the commands that only wait for a clock (a cursor blink, a
// tick). drive never runs them: they would fire again and again.
var timerCmds = []string{
	"github.com/charmbracelet/bubbles/cursor.(*Model).BlinkCmd.",
	"github.com/charmbracelet/bubbletea.Tick.",
	"github.com/charmbracelet/bubbletea.Every.",
}

func cmdName(c tea.Cmd) string { return runtime.FuncForPC(reflect.ValueOf(c).Pointer()).Name() }

func isTimer(c tea.Cmd) bool {
	name := cmdName(c)
	for _, t := range timerCmds {
		if strings.HasPrefix(name, t) {
			return true
		}
	}
	return false
}

// runner runs commands as bubbletea does, each on its own goroutine, and
// hands their messages back in the order they arrive.
type runner struct {
	tb       testing.TB
	msgs     chan tea.Msg
	pending  int
	deadline <-chan time.Time
}

// start runs c unless it is nil or only waits for a clock. The commands of
// a batch run at once, those of a sequence one after another.
func (r *runner) start(c tea.Cmd) {
	if c == nil || isTimer(c) {
		return
	}
	r.pending++
	go func() { r.msgs <- c() }()
}

// next returns the next message, or false when no command is running.
func (r *runner) next() (tea.Msg, bool) {
	r.tb.Helper()
	for r.pending > 0 {
		select {
		case m := <-r.msgs:
			r.pending--
			cmds, batch, ok := cmdList(m)
			switch {
			case !ok:
				if m != nil {
					return m, true
				}
			case batch:
				for _, c := range cmds {
					r.start(c)
				}
			default:
				r.start(sequence(cmds))
			}
		case <-r.deadline:
			r.tb.Fatalf("drive: %d command(s) did not answer within %v", r.pending, driveDeadline)
		}
	}
	return nil, false
}

// sequence runs cmds one after another and answers with their messages as
// one batch of ready commands.
func sequence(cmds []tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		var out tea.BatchMsg
		for _, c := range cmds {
			if c == nil || isTimer(c) {
				continue
			}
			m := c()
			out = append(out, func() tea.Msg { return m })
			switch m.(type) {
			case tea.QuitMsg, tea.InterruptMsg:
				return out
			}
		}
		return out
	}
}

// drive feeds each message to the model in turn and, before the next one,
// runs the commands it returns, feeding their messages back as they arrive,
// until no command is left running. Commands that only wait for a clock are
// not run; any other command is waited for, up to driveDeadline.
func drive(tb testing.TB, m tea.Model, msgs ...tea.Msg) tea.Model {
	tb.Helper()
	return driveUntil(tb, m, nil, msgs...)
}

// driveUntil is drive that stops as soon as until holds after an update,
// leaving the commands still running to themselves.
func driveUntil(tb testing.TB, m tea.Model, until func(tea.Model) bool, msgs ...tea.Msg) tea.Model {
	tb.Helper()
	r := &runner{tb: tb, msgs: make(chan tea.Msg, 64), deadline: time.After(driveDeadline)}
	for _, in := range msgs {
		r.start(func() tea.Msg { return in })
		for steps := 0; ; steps++ {
			if steps > 500 {
				tb.Fatal("drive: too many messages")
			}
			msg, ok := r.next()
			if !ok {
				break
			}
			switch msg.(type) {
			case tea.QuitMsg, tea.InterruptMsg:
				return m
			}
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			if until != nil && until(m) {
				return m
			}
			r.start(cmd)
		}
	}
	if until != nil && !until(m) {
		tb.Fatalf("drive: the condition never held; the screen shows:\n%s", m.View())
	}
	return m
}

// cmdList unpacks tea.Batch and tea.Sequence messages; batch is true for a
// tea.Batch.
func cmdList(msg tea.Msg) (cmds []tea.Cmd, batch, ok bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	_, batch = msg.(tea.BatchMsg)
	return out, batch, true
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

// complete answers every question of the bank (yes, or the first answer a
// question allows) and fills the inventories and details, so that nothing
// blocks finalizing the assessment.
func complete(tb testing.TB, a *wizard, id int64) {
	tb.Helper()
	doc := &questionnaire.Document{Assessor: "Dana Reyes", Scope: "All ePHI", Answers: map[string]assessment.Answer{},
		Assets:  []assessment.Asset{{Name: "Front desk PC", Kind: "workstation", HoldsEPHI: true, Encrypted: assessment.EncryptionYes}},
		Vendors: []assessment.Vendor{{Name: "CareChart", Service: "Hosted EHR", HoldsEPHI: true, BAASigned: true, BAADate: "2025-01-15"}}}
	for _, q := range a.bank.Questions {
		v := assessment.Yes
		if len(q.Answers) > 0 && !slices.Contains(q.Answers, v) {
			v = q.Answers[0]
		}
		doc.Answers[q.ID] = assessment.Answer{Value: v, Evidence: "binder, shelf 2"}
	}
	b, err := questionnaire.MarshalDocument(doc, "yaml")
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "complete.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	if _, err := a.core.Import(context.Background(), id, path); err != nil {
		tb.Fatal(err)
	}
}
