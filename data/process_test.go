package data

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// The multi-process tests re-run this test binary as a helper that writes
// answers to a shared file and prints "ACK <question id>" after each
// SaveAnswer has returned, i.e. after its commit.
const (
	helperMode   = "HIPAARISK_DATA_HELPER"
	helperDB     = "HIPAARISK_DATA_HELPER_DB"
	helperID     = "HIPAARISK_DATA_HELPER_ID"
	helperPrefix = "HIPAARISK_DATA_HELPER_PREFIX"
	helperCount  = "HIPAARISK_DATA_HELPER_COUNT"
	// helperFirstUse makes the child open (and so maybe create) the file,
	// add one assessment and print "OK".
	helperFirstUse = "HIPAARISK_DATA_HELPER_FIRST_USE"
	// helperEdit makes the child edit one field of answer q1 and of
	// override R-1 ("note" or "flag"), then print "OK".
	helperEdit = "HIPAARISK_DATA_HELPER_EDIT"
	// helperFinalize makes the child fill and finalize new assessments in
	// a loop, printing "FINAL <id>" after each Finalize has returned.
	helperFinalize = "HIPAARISK_DATA_HELPER_FINALIZE"
)

func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperMode) == "" {
		t.Skip("runs only as a child of the multi-process tests")
	}
	ctx := context.Background()
	if os.Getenv(helperFinalize) != "" {
		finalizeLoop(t, ctx)
		return
	}
	if os.Getenv(helperFirstUse) != "" {
		s, err := Open(ctx, os.Getenv(helperDB))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.CreateAssessment(ctx, NewAssessment{Practice: "P"}); err != nil {
			t.Fatal(err)
		}
		fmt.Println("OK")
		return
	}
	id, err := strconv.ParseInt(os.Getenv(helperID), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if field := os.Getenv(helperEdit); field != "" {
		editOneField(t, id, field)
		return
	}
	n, err := strconv.Atoi(os.Getenv(helperCount))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, os.Getenv(helperDB), WithActor(os.Getenv(helperPrefix)))
	if errors.Is(err, ErrBusy) {
		fmt.Println("BUSY")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := 0; i < n; i++ {
		qid := fmt.Sprintf("%s-%d", os.Getenv(helperPrefix), i)
		if i%3 == 1 { // every third change is a plan edit, as plan set makes it
			_, err := s.EditTracking(ctx, id, "P-"+qid, func(t *assessment.Tracking) error {
				t.Owner, t.Status = "owner of "+qid, assessment.InProgress
				return nil
			})
			if errors.Is(err, ErrBusy) {
				fmt.Println("BUSY")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			fmt.Println("ACK P-" + qid)
			continue
		}
		err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: qid, Value: assessment.Partial, Note: strings.Repeat("n", i%300)})
		if errors.Is(err, ErrBusy) {
			fmt.Println("BUSY")
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("ACK " + qid)
	}
}

// helper starts a child that saves n answers named prefix-0, prefix-1, ...
// The returned channel yields its output lines and closes when it exits.
func helper(t *testing.T, path string, id int64, prefix string, n int) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperMode+"=1", helperDB+"="+path, helperID+"="+strconv.FormatInt(id, 10),
		helperPrefix+"="+prefix, helperCount+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		io.Copy(io.Discard, out)
	}()
	return cmd, lines
}

// checkFile reopens the file and verifies that every acknowledged answer is
// there, the SQLite integrity check passes and the audit chain holds.
func checkFile(t *testing.T, path string, id int64, acked map[string]bool) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.w.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	answers, err := s.Answers(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	tracking, err := s.Tracking(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	plan := map[string]bool{}
	for _, tr := range tracking {
		plan[tr.ItemID] = true
	}
	for key := range acked {
		if _, ok := answers[key]; !ok && !plan[key] {
			t.Errorf("acknowledged change %s is missing", key)
		}
	}
	if in, err := s.CheckIntegrity(ctx, id); err != nil || !in.OK() {
		t.Errorf("CheckIntegrity after a kill: %v %v", in.Problems(), err)
	}
}

func sharedFile(t *testing.T) (string, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.CreateAssessment(context.Background(), NewAssessment{Practice: "P"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, id
}

func TestDurabilityUnderKill(t *testing.T) {
	path, id := sharedFile(t)
	acked := map[string]bool{}
	for round := range 20 {
		cmd, lines := helper(t, path, id, fmt.Sprintf("r%d", round), 1_000_000)
		// Half the rounds are killed at a random moment after start (which
		// may fall while the child opens the file), half at a random moment
		// after its first acknowledged save.
		wait := time.After(time.Duration(rand.IntN(150)) * time.Millisecond)
		if round%2 == 1 {
			select {
			case l, ok := <-lines:
				if ok && strings.HasPrefix(l, "ACK ") {
					acked[strings.TrimPrefix(l, "ACK ")] = true
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the child saved nothing in 30 s")
			}
			wait = time.After(time.Duration(rand.IntN(200)) * time.Millisecond)
		}
		<-wait
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for l := range lines {
			if strings.HasPrefix(l, "ACK ") {
				acked[strings.TrimPrefix(l, "ACK ")] = true
			}
		}
		cmd.Wait()
		checkFile(t, path, id, acked)
	}
	if len(acked) < 10 {
		t.Errorf("only %d saves were acknowledged; the test did not exercise much", len(acked))
	}
	t.Logf("%d acknowledged saves survived 20 kills", len(acked))
}

func TestTwoWritersOneFile(t *testing.T) {
	path, id := sharedFile(t)
	const n = 60
	type child struct {
		cmd   *exec.Cmd
		lines <-chan string
	}
	var children []child
	for _, prefix := range []string{"a", "b"} {
		cmd, lines := helper(t, path, id, prefix, n)
		children = append(children, child{cmd, lines})
	}
	acked := map[string]bool{}
	for i, c := range children {
		count, busy := 0, false
		for l := range c.lines {
			switch {
			case strings.HasPrefix(l, "ACK "):
				acked[strings.TrimPrefix(l, "ACK ")] = true
				count++
			case l == "BUSY":
				busy = true
			}
		}
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("writer %d failed: %v", i, err)
		}
		if count != n && !busy {
			t.Errorf("writer %d stopped after %d saves without reporting ErrBusy", i, count)
		}
	}
	checkFile(t, path, id, acked)
}

// editOneField is the child side of TestConcurrentEditsKeepEveryField.
func editOneField(t *testing.T, id int64, field string) {
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(helperDB), WithBusyTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.EditAnswer(ctx, id, "q1", func(a *assessment.Answer) error {
		if field == "note" {
			a.Note = "checked by " + field
		} else {
			a.Flagged = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.EditOverride(ctx, id, "R-1", func(o *assessment.Override) error {
		if field == "note" {
			o.Likelihood = assessment.High
		} else {
			o.Impact = assessment.Low
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("OK")
}

// Two processes changing different fields of the same answer and override
// at the same moment both win, every time.
func TestConcurrentEditsKeepEveryField(t *testing.T) {
	ctx := context.Background()
	path, id := sharedFile(t)
	for round := range 20 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Value: assessment.Partial}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOverride(ctx, id, assessment.Override{RiskID: "R-1", Likelihood: assessment.VeryLow, Impact: assessment.VeryLow, Reason: "reviewed"}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		var wg sync.WaitGroup
		for _, field := range []string{"note", "flag"} {
			wg.Go(func() {
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), helperMode+"=1", helperDB+"="+path, helperID+"="+strconv.FormatInt(id, 10), helperEdit+"="+field)
				if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "OK") {
					t.Errorf("round %d, %s: %v\n%s", round, field, err, out)
				}
			})
		}
		wg.Wait()
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		answers, err := s.Answers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		overrides, err := s.Overrides(ctx, id)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if a := answers["q1"]; a.Note != "checked by note" || !a.Flagged || a.Value != assessment.Partial {
			t.Fatalf("round %d: answer %+v lost a field", round, a)
		}
		if len(overrides) != 1 || overrides[0].Likelihood != assessment.High || overrides[0].Impact != assessment.Low || overrides[0].Reason != "reviewed" {
			t.Fatalf("round %d: override %+v lost a field", round, overrides)
		}
	}
}

// finalizeLoop is the child side of TestKillDuringFinalize.
func finalizeLoop(t *testing.T, ctx context.Context) {
	s, err := Open(ctx, os.Getenv(helperDB))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for {
		id, err := s.CreateAssessment(ctx, NewAssessment{Practice: "P", Assessor: "A", Scope: "all"})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: fmt.Sprintf("q%d", i), Value: assessment.Yes}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Finalize(ctx, id); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("FINAL %d\n", id)
	}
}

// A kill at any moment while assessments are finalized leaves each one
// either a draft or final, never half of each, and every one verifies.
func TestKillDuringFinalize(t *testing.T) {
	path, _ := sharedFile(t)
	final := map[int64]bool{}
	for round := range 10 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperMode+"=1", helperFinalize+"=1", helperDB+"="+path, helperID+"=0")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.AfterFunc(time.Duration(20+rand.IntN(200))*time.Millisecond, func() { cmd.Process.Kill() })
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var id int64
			if _, err := fmt.Sscanf(sc.Text(), "FINAL %d", &id); err == nil {
				final[id] = true
			}
		}
		cmd.Wait()
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		list, err := s.ListAssessments(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			in, err := s.CheckIntegrity(context.Background(), a.ID)
			if err != nil || !in.OK() {
				t.Errorf("round %d, assessment %d: %v %v", round, a.ID, in.Problems(), err)
			}
			if final[a.ID] && (a.Status != assessment.Final || !in.Final) {
				t.Errorf("round %d: acknowledged final assessment %d is %s", round, a.ID, a.Status)
			}
			if (a.Status == assessment.Final) != in.Final {
				t.Errorf("round %d: assessment %d status %s but lock %v", round, a.ID, a.Status, in.Final)
			}
		}
		s.Close()
	}
	if len(final) == 0 {
		t.Error("no finalize was acknowledged; the test did not exercise much")
	}
}
