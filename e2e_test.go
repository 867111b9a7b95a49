package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// runMainEnv makes the test binary run the program itself instead of the
// tests, so the end-to-end test drives the real program without building
// it again.
const runMainEnv = "HIPAARISK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// e2eDeadline bounds each wait for the screen; it is generous because the
// machine may be busy.
const e2eDeadline = 60 * time.Second

// tmuxSession drives the real program in a detached tmux session on a
// private server socket.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s *tmuxSession) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (s *tmuxSession) start(cmd ...string) {
	s.t.Helper()
	args := append([]string{"new-session", "-d", "-x", "80", "-y", "24", "-s", "e2e", "--"}, cmd...)
	if out, err := s.tmux(args...); err != nil {
		s.t.Fatalf("tmux new-session: %v: %s", err, out)
	}
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	if out, err := s.tmux(append([]string{"send-keys", "-t", "e2e"}, keys...)...); err != nil {
		s.t.Fatalf("tmux send-keys %q: %v: %s", keys, err, out)
	}
}

func (s *tmuxSession) text(text string) {
	s.t.Helper()
	if out, err := s.tmux("send-keys", "-t", "e2e", "-l", text); err != nil {
		s.t.Fatalf("tmux send-keys -l %q: %v: %s", text, err, out)
	}
}

func (s *tmuxSession) screen() string {
	out, _ := s.tmux("capture-pane", "-p", "-t", "e2e")
	return out
}

// press sends one key and polls until the pane shows its effect (the
// screen changes), so the next key reaches the screen it is meant for.
func (s *tmuxSession) press(key string) {
	s.t.Helper()
	before := s.screen()
	s.keys(key)
	deadline := time.Now().Add(e2eDeadline)
	for s.screen() == before {
		if time.Now().After(deadline) {
			s.t.Fatalf("%s changed nothing; the screen shows:\n%s", key, before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitFor polls the pane until it shows text.
func (s *tmuxSession) waitFor(text string) {
	s.t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	var screen string
	for time.Now().Before(deadline) {
		screen, _ = s.tmux("capture-pane", "-p", "-t", "e2e")
		if strings.Contains(screen, text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("%q did not appear; the screen shows:\n%s", text, screen)
}

// waitExit polls until the program has ended and its session is gone.
func (s *tmuxSession) waitExit() {
	s.t.Helper()
	deadline := time.Now().Add(e2eDeadline)
	for time.Now().Before(deadline) {
		if _, err := s.tmux("has-session", "-t", "e2e"); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	screen, _ := s.tmux("capture-pane", "-p", "-t", "e2e")
	s.t.Fatalf("the wizard did not quit; the screen shows:\n%s", screen)
}

// TestEndToEndInTmux runs the program in a real terminal: a new
// assessment, three answers, quit, and a second start that resumes it.
func TestEndToEndInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux is not installed")
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bank, err := questionnaire.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "e2e.db")
	s := &tmuxSession{t: t, socket: fmt.Sprintf("hipaarisk-e2e-%d", os.Getpid())}
	t.Cleanup(func() { s.tmux("kill-server") })
	run := []string{"env", "NO_COLOR=1", runMainEnv + "=1", bin, "--db", db}

	s.start(run...)
	s.waitFor("Practice name")
	s.text("Elm Street Clinic")
	s.waitFor("Elm Street Clinic")
	// The new-assessment form: practice name, assessor, scope, the
	// profile questions, and the last confirmation.
	for range 2 + len(bank.ProfileFields) + 1 {
		s.press("Enter")
	}
	s.waitFor("Questions by section")
	s.text("x")
	s.waitFor("Question 1 of")
	for i, k := range []string{"y", "u", "y"} {
		s.text(k)
		s.waitFor(fmt.Sprintf("Question %d of", i+2))
	}
	s.text("q")
	s.waitExit()

	ap, err := app.Open(context.Background(), db, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	list, err := ap.List(context.Background())
	ap.Close()
	if err != nil || len(list) != 1 || list[0].Answers != 3 {
		t.Fatalf("after the first run: %+v, %v", list, err)
	}

	s.start(run...)
	s.waitFor("Elm Street Clinic")
	s.keys("Enter")
	s.waitFor("Progress: 3 of")
	s.keys("C-c")
	s.waitExit()
}
