package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a detached tmux session on a
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

// waitFor polls the pane until it shows text.
func (s *tmuxSession) waitFor(text string) {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
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
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := s.tmux("has-session", "-t", "e2e"); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	screen, _ := s.tmux("capture-pane", "-p", "-t", "e2e")
	s.t.Fatalf("the wizard did not quit; the screen shows:\n%s", screen)
}

func TestEndToEndInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI")
		}
		t.Skip("tmux is not installed")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hipaarisk")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = ".."
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "e2e.db")
	s := &tmuxSession{t: t, socket: fmt.Sprintf("hipaarisk-e2e-%d", os.Getpid())}
	t.Cleanup(func() { s.tmux("kill-server") })
	run := []string{"env", "NO_COLOR=1", bin, "--db", db}

	s.start(run...)
	s.waitFor("Practice name")
	s.text("Elm Street Clinic")
	for range fieldsAfterName(testApp(t, nil)) {
		s.keys("Enter")
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

	st := openStore(t, db)
	list, err := st.List(context.Background())
	if err != nil || len(list) != 1 || list[0].Answers != 3 {
		t.Fatalf("after the first run: %+v, %v", list, err)
	}
	st.Close()

	s.start(run...)
	s.waitFor("Elm Street Clinic")
	s.keys("Enter")
	s.waitFor("Progress: 3 of")
	s.keys("C-c")
	s.waitExit()
}
