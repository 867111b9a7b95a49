//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// openPTY opens a pseudo-terminal: the master this side reads and types
// into, and the terminal the program gets as its own.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		unix.Close(fd)
		t.Fatalf("unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		unix.Close(fd)
		t.Fatalf("name the pseudo-terminal: %v", err)
	}
	// Non-blocking, so the runtime poller reads it and Close ends a read.
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Fatalf("open the terminal: %v", err)
	}
	return master, tty
}

// ptyProgram is the real program running on a pseudo-terminal; the test
// reads its screen and types into it as a person does.
type ptyProgram struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd

	mu     sync.Mutex
	screen []byte // everything written to the terminal, typed echo included
	seen   int    // how far expect has read
	asked  int    // cursor position queries answered
	more   chan struct{}
	closed chan struct{} // the terminal has no writer left
	exited chan error
}

// startPTY runs the test binary as the program (see TestMain) in dir with
// the given TERM and arguments.
func startPTY(t *testing.T, dir, term string, args ...string) *ptyProgram {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	master, tty := openPTY(t)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "TERM", "ACCESSIBLE", "NO_COLOR", "HIPAARISK_DB", "HIPAARISK_ACTOR", runMainEnv:
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, "TERM="+term, runMainEnv+"=1", "HIPAARISK_ACTOR=Dana Reyes")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// Its own session with the terminal as controlling terminal, so Ctrl+C
	// typed into it interrupts the program as in a real terminal.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the program: %v", err)
	}
	tty.Close()
	p := &ptyProgram{t: t, master: master, cmd: cmd, more: make(chan struct{}, 1), closed: make(chan struct{}), exited: make(chan error, 1)}
	go p.read()
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.exited
		}
		master.Close()
	})
	return p
}

func (p *ptyProgram) read() {
	defer close(p.closed)
	buf := make([]byte, 4096)
	for {
		n, err := p.master.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.screen = append(p.screen, buf[:n]...)
			p.answerQueries()
			p.mu.Unlock()
			select {
			case p.more <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return // EIO once the program has closed the terminal
		}
	}
}

// startupQuery is what the terminal library under the full-screen wizard
// (bubbletea v1, in its package initialisation) asks any terminal that is
// not dumb, before the program has read its flags: the background colour,
// then the cursor position. A terminal answers and shows nothing; the
// accessible mode itself writes no escape sequence.
const startupQuery = "\x1b]11;?\x1b\\\x1b[6n"

// answerQueries answers cursor position queries as a terminal without
// colour queries does, so the library goes on at once. p.mu is held.
func (p *ptyProgram) answerQueries() {
	for n := bytes.Count(p.screen, []byte("\x1b[6n")); p.asked < n; p.asked++ {
		p.master.Write([]byte("\x1b[1;1R"))
	}
}

func (p *ptyProgram) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return string(p.screen)
}

// expect waits until text appears after what was expected before, and
// reports which of texts came first.
func (p *ptyProgram) expect(texts ...string) string {
	p.t.Helper()
	deadline := time.NewTimer(e2eDeadline)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		best, at := "", -1
		for _, text := range texts {
			if i := bytes.Index(p.screen[p.seen:], []byte(text)); i >= 0 && (at < 0 || i < at) {
				best, at = text, i
			}
		}
		if at >= 0 {
			p.seen += at + len(best)
			p.mu.Unlock()
			return best
		}
		rest := string(p.screen[p.seen:])
		p.mu.Unlock()
		select {
		case <-p.more:
		case <-p.closed:
			select {
			case <-p.more:
				continue // read what came last
			default:
			}
			p.t.Fatalf("the program closed the terminal before %q appeared; after the last prompt it wrote:\n%s", texts, rest)
		case <-deadline.C:
			p.t.Fatalf("%q did not appear; after the last prompt the program wrote:\n%s", texts, rest)
		}
	}
}

// answer waits for a prompt, then types a line and Enter.
func (p *ptyProgram) answer(prompt, line string) {
	p.t.Helper()
	p.expect(prompt)
	p.typeRaw(line + "\r")
}

func (p *ptyProgram) typeRaw(s string) {
	p.t.Helper()
	if _, err := p.master.Write([]byte(s)); err != nil {
		p.t.Fatalf("type %q: %v", s, err)
	}
}

// wait waits for the program to end and returns its exit code.
func (p *ptyProgram) wait() int {
	p.t.Helper()
	select {
	case err := <-p.exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			p.t.Fatalf("wait for the program: %v", err)
		}
		return 0
	case <-time.After(e2eDeadline):
		p.t.Fatalf("the program did not end; it wrote:\n%s", p.output())
	}
	return -1
}

// journeyProfile is what the journey enters as the practice profile.
var journeyProfile = assessment.Profile{Providers: 2, Staff: 6, Locations: 1, CloudServices: []string{"aws"}}

// newPractice answers the new-assessment prompts, correcting one invalid
// value.
func (p *ptyProgram) newPractice(bank *questionnaire.Bank, practice string) {
	p.t.Helper()
	p.answer("Practice name:", practice)
	p.answer("Who is doing this assessment?", "")
	p.answer("Scope (", "")
	nums := map[string]int{"providers": journeyProfile.Providers, "staff": journeyProfile.Staff, "locations": journeyProfile.Locations}
	for _, f := range bank.ProfileFields {
		switch f.Kind {
		case questionnaire.FieldInt:
			if f.Key == "providers" {
				p.answer(f.Prompt, "many")
				p.expect(`Not accepted: "many" is not a whole number`)
			}
			p.answer(f.Prompt, fmt.Sprint(nums[f.Key]))
		case questionnaire.FieldBool:
			p.answer(f.Prompt, "n")
		case questionnaire.FieldList:
			p.answer("Numbers of those that apply", "1") // AWS
		default:
			p.answer(f.Prompt, "")
		}
	}
	p.expect("Saved the new assessment for " + practice)
}

// firstSection is the title and the number of questions of the first
// section that applies to the journey's practice.
func firstSection(t *testing.T, bank *questionnaire.Bank) (string, int) {
	t.Helper()
	for _, sec := range bank.Sections {
		n := 0
		for _, q := range bank.SectionQuestions(sec.ID) {
			if ok, _ := bank.Visible(q, journeyProfile); ok {
				n++
			}
		}
		if n > 0 && !sec.Profile {
			return sec.Title, n
		}
	}
	t.Fatal("no section applies")
	return "", 0
}

// TestAccessibleJourneyOnATerminal runs the real program on a
// pseudo-terminal, chosen by TERM=dumb and by --accessible, and types like
// a person: one line at a time, each only once its prompt is on the screen.
// New assessment, profile with a mistake corrected, a whole section, an
// asset with a note, the sample snapshot, a plan owner, finalize, export a
// PDF.
func TestAccessibleJourneyOnATerminal(t *testing.T) {
	bank, err := questionnaire.Load()
	if err != nil {
		t.Fatal(err)
	}
	snapshot, err := filepath.Abs(filepath.Join("probes", "testdata", "sample-snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	title, questions := firstSection(t, bank)
	tests := []struct {
		name, term string
		args       []string
	}{
		{"TERM=dumb", "dumb", nil},
		{"--accessible", "xterm-256color", []string{"--accessible"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "clinic.db")
			p := startPTY(t, dir, tc.term, append([]string{"--db", db}, tc.args...)...)
			p.newPractice(bank, "Elm Street Clinic")

			p.answerSection(title, questions)
			p.addAsset()
			p.loadSnapshot(snapshot)
			p.setPlanOwner()
			p.finalize(db)
			p.exportPDF()
			p.answer("Choice (1 to 11)", "q")
			p.expect("Goodbye")
			if code := p.wait(); code != 0 {
				t.Fatalf("exit code %d; the program wrote:\n%s", code, p.output())
			}
			out := p.output()
			if tc.term != "dumb" {
				out = strings.TrimPrefix(out, startupQuery)
			}
			if strings.ContainsRune(out, 0x1b) {
				t.Errorf("the program wrote escape sequences:\n%q", out)
			}
			checkJourney(t, db, filepath.Join(dir, "elm-street-clinic-risk-analysis-1.pdf"), questions)
		})
	}
}

// answerSection answers every question of the first section yes.
func (p *ptyProgram) answerSection(title string, questions int) {
	p.t.Helper()
	p.answer("Choice (1 to 11)", "2")
	p.expect("1. " + title + ":")
	p.answer("Section (", "1")
	p.answer("Start at question (", "")
	for i := 1; i <= questions; i++ {
		p.expect(fmt.Sprintf("Question %d of %d", i, questions))
		p.answer("Answer (", "1")
		p.expect("Saved: Yes.")
		p.answer("Note (", "")
		p.answer("Evidence (", "")
		p.answer("Flag it for review (", "")
	}
	p.expect("That was the last question in " + title)
	p.expect(fmt.Sprintf("%d in place, 0 need review", questions))
	p.answer("as reviewed by", "y")
	p.expect("Recorded: " + title + " reviewed by")
	p.answer("Section (", "b")
}

func (p *ptyProgram) addAsset() {
	p.t.Helper()
	p.answer("Choice (1 to 11)", "3")
	p.answer("Choice (1 or 4)", "1")
	for _, l := range [][2]string{{"Name:", "Front desk PC"}, {"Kind (", ""}, {"Where it is", "Reception"},
		{"Who looks after it", ""}, {"Does it hold patient information", ""}, {"Encrypted (", ""},
		{"How it is encrypted", ""}, {"Notes", "Shared by the two receptionists"}} {
		p.answer(l[0], l[1])
	}
	p.expect("Saved the asset Front desk PC")
	p.answer("Choice (1 to 4)", "4")
}

func (p *ptyProgram) loadSnapshot(path string) {
	p.t.Helper()
	p.answer("Choice (1 to 11)", "5")
	p.answer("Choice (1, 2, 3, 4 or 6)", "1")
	p.answer("Snapshot file", path)
	p.expect("Recorded the check of account 123456789012")
	p.answer("Choice (1 to 6)", "6")
}

func (p *ptyProgram) setPlanOwner() {
	p.t.Helper()
	p.answer("Choice (1 to 11)", "7")
	p.answer("Item to update", "1")
	p.answer("Owner (", "Office manager")
	p.answer("Due date", "")
	p.answer("Status (", "")
	p.answer("Note (", "")
	p.expect("The plan item is saved")
	p.answer("Item to update", "b")
}

// finalize locks the assessment. Nothing stops it today; if a refusal is
// ever added, it is said in full and this fails with it.
// finalize asks to finalize; when refused (the journey answers one section
// only), a consultant completes the rest from the command line and the
// person finalizes again.
func (p *ptyProgram) finalize(db string) {
	p.t.Helper()
	p.answer("Choice (1 to 11)", "9")
	p.answer("Finalize the assessment of Elm Street Clinic now", "y")
	if p.expect("Finalized.", "Not finalized:") == "Finalized." {
		return
	}
	complete(p.t, cli{t: p.t, db: db}, "1")
	p.answer("Choice (1 to 11)", "9")
	p.answer("Finalize the assessment of Elm Street Clinic now", "y")
	if p.expect("Finalized.", "Not finalized:") != "Finalized." {
		p.expect("Choice (1 to 11)")
		p.t.Fatalf("finalizing was refused after completing:\n%s", p.output())
	}
}

func (p *ptyProgram) exportPDF() {
	p.t.Helper()
	p.answer("Choice (1 to 11)", "10")
	p.answer("Format (", "")
	p.answer("Signed off by (", "")
	p.answer("Their title (", "Practice manager")
	p.answer("File (", "")
	p.expect("Report written to ")
}

// checkJourney checks what the journey left in the file and the report.
func checkJourney(t *testing.T, db, pdf string, answers int) {
	t.Helper()
	raw, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(raw, []byte("%PDF")) {
		t.Errorf("the report %s: %v, starts %q", pdf, err, raw[:min(len(raw), 8)])
	}
	ctx := context.Background()
	ap, err := app.Open(ctx, db, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ap.Close()
	ld, err := ap.Load(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	in := ld.Inputs
	as := in.Assessment
	if as.Practice != "Elm Street Clinic" || as.Status != assessment.Final || as.Profile.Providers != journeyProfile.Providers || !as.Profile.UsesService("aws") {
		t.Errorf("assessment %+v", as)
	}
	if len(in.Answers) < answers { // the section typed, plus what was completed to finalize
		t.Errorf("%d answers, want at least %d", len(in.Answers), answers)
	}
	if len(in.Assets) != 1 || in.Assets[0].Notes != "Shared by the two receptionists" {
		t.Errorf("assets %+v", in.Assets)
	}
	if len(in.Runs) != 1 {
		t.Errorf("%d probe runs, want 1", len(in.Runs))
	}
	if len(in.Tracking) != 1 || in.Tracking[0].Owner != "Office manager" {
		t.Errorf("tracking %+v", in.Tracking)
	}
}

// TestAccessibleEndsCleanlyOnATerminal: Ctrl+C and Ctrl+D at a prompt end
// the program; the practice name given before is kept.
func TestAccessibleEndsCleanlyOnATerminal(t *testing.T) {
	tests := []struct {
		name, key, says string
		code            int
	}{
		{"Ctrl+C", "\x03", "interrupted: everything saved before the interruption is kept", exitInterrupted},
		{"Ctrl+D", "\x04", "Input ended. Everything entered so far is saved.", exitOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "clinic.db")
			p := startPTY(t, dir, "dumb", "--db", db)
			p.answer("Practice name:", "Oak Clinic")
			p.expect("Who is doing this assessment?")
			p.typeRaw(tc.key)
			p.expect(tc.says)
			if code := p.wait(); code != tc.code {
				t.Fatalf("exit code %d, want %d; the program wrote:\n%s", code, tc.code, p.output())
			}
			ap, err := app.Open(context.Background(), db, app.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ap.Close()
			list, err := ap.List(context.Background())
			if err != nil || len(list) != 1 || list[0].Practice != "Oak Clinic" {
				t.Errorf("assessments %+v, %v", list, err)
			}
		})
	}
}
