package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// step is one action in a scripted session: type text, press a key, or
// wait for text on screen.
type step struct {
	typ, val string
	key      tea.KeyType
}

func typ(s string) step  { return step{typ: "type", val: s} }
func wait(s string) step { return step{typ: "wait", val: s} }
func press(k tea.KeyType, n int) []step {
	out := make([]step, n)
	for i := range out {
		out[i] = step{typ: "key", key: k}
	}
	return out
}

func script(parts ...any) []step {
	var out []step
	for _, p := range parts {
		switch p := p.(type) {
		case step:
			out = append(out, p)
		case []step:
			out = append(out, p...)
		}
	}
	return out
}

// play runs the steps; each key is handled, with everything it started,
// before the next one is sent (forms move focus through commands).
func play(t *testing.T, p *settled, tm *teatest.TestModel, steps []step) {
	t.Helper()
	for _, s := range steps {
		switch s.typ {
		case "type":
			p.typeText(t, tm, s.val)
		case "key":
			p.send(t, tm, tea.KeyMsg{Type: s.key})
		case "wait":
			t.Logf("waiting for %q", s.val)
			waitText(t, tm, s.val)
		}
	}
}

// fakeCollect returns a small snapshot after reporting progress for two
// services, as the real collector would.
func fakeCollect(ctx context.Context, o awscollect.Options) (*probes.Snapshot, error) {
	for i, svc := range []string{"s3", "iam"} {
		o.Progress(awscollect.Progress{Service: svc, Region: "us-east-1", Done: i + 1, Total: 2})
	}
	return &probes.Snapshot{
		SchemaVersion: probes.SnapshotSchemaVersion, Provider: "aws", AccountID: "111122223333", Partition: "aws",
		StartedAt: fixedNow, FinishedAt: fixedNow, Regions: o.Regions,
		S3: probes.S3Data{Buckets: []probes.Bucket{{Name: "practice-scans", Region: "us-east-1"}}},
	}, nil
}

func TestScreenEdits(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		check func(t *testing.T, a *wizard, id int64)
	}{
		{
			name: "add an asset",
			steps: script(typ("3"), wait("Front desk PC"), typ("a"), wait("Name"), typ("Billing laptop"),
				press(tea.KeyEnter, 8), wait("Billing laptop")),
			check: func(t *testing.T, a *wizard, id int64) {
				got, err := a.core.Assets(context.Background(), id)
				if err != nil || len(got) != 2 || got[1].Name != "Billing laptop" || !got[1].HoldsEPHI {
					t.Errorf("assets %+v, %v", got, err)
				}
			},
		},
		{
			name: "add a vendor with a bad date, then fix it",
			steps: script(typ("4"), wait("Shred-It Co"), typ("a"), wait("Vendor name"), typ("Acme Billing"),
				press(tea.KeyEnter, 4), typ("31/12/2025"), press(tea.KeyEnter, 1), wait("YYYY-MM-DD, such as"),
				press(tea.KeyBackspace, 10), typ("2025-12-31"), press(tea.KeyEnter, 2), wait("Acme Billing")),
			check: func(t *testing.T, a *wizard, id int64) {
				got, err := a.core.Vendors(context.Background(), id)
				if err != nil || len(got) != 2 || got[1].Name != "Acme Billing" || got[1].BAADate != "2025-12-31" {
					t.Errorf("vendors %+v, %v", got, err)
				}
			},
		},
		{
			name: "change a risk rating needs a reason",
			steps: script(typ("6"), wait("Likelihood"), typ("e"), wait("Why (required)"), press(tea.KeyEnter, 3),
				wait("a reason is needed"), typ("Laptops are locked in a safe overnight."), press(tea.KeyEnter, 1), wait("Saved the rating")),
			check: func(t *testing.T, a *wizard, id int64) {
				got, err := a.core.Overrides(context.Background(), id)
				if err != nil || len(got) != 1 || got[0].Reason != "Laptops are locked in a safe overnight." {
					t.Errorf("overrides %+v, %v", got, err)
				}
			},
		},
		{
			name: "plan owner and status",
			steps: script(typ("7"), wait("What to fix"), typ("e"), wait("Owner"), press(tea.KeyCtrlU, 1), typ("Dr. Lee"), press(tea.KeyEnter, 2),
				press(tea.KeyDown, 2), press(tea.KeyEnter, 7), wait("Saved the plan item")),
			check: func(t *testing.T, a *wizard, id int64) {
				got, err := a.core.Tracking(context.Background(), id)
				if err != nil || len(got) != 1 || got[0].Owner != "Dr. Lee" || got[0].Status != assessment.Done {
					t.Errorf("tracking %+v, %v", got, err)
				}
			},
		},
		{
			name: "note on a question",
			steps: script(typ("x"), wait("Question 7 of"), typ("e"), wait("Note for"), typ("Binder on the shelf"),
				press(tea.KeyEnter, 1), wait("Binder on the shelf")),
			check: func(t *testing.T, a *wizard, id int64) {
				got, _ := a.core.Answers(context.Background(), id)
				found := false
				for _, ans := range got {
					found = found || ans.Note == "Binder on the shelf"
				}
				if !found {
					t.Errorf("note not stored: %+v", got)
				}
			},
		},
		{
			name: "cloud check runs twice: results, drift and the AWS vendor entry",
			steps: script(typ("5"), wait("How should"), press(tea.KeyEnter, 1), wait("Policy to give"), press(tea.KeyEnter, 1),
				wait("Regions"), press(tea.KeyEnter, 3), wait("Account 111122223333"), typ("r"), wait("Policy to give"),
				press(tea.KeyEnter, 1), wait("Regions"), press(tea.KeyEnter, 3), wait("Account 111122223333"),
				press(tea.KeyTab, 1), wait("still failing")),
			check: func(t *testing.T, a *wizard, id int64) {
				l, err := a.core.Load(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				runs := l.Inputs.Runs
				if len(runs) != 2 || runs[1].AccountID != "111122223333" || app.Counts(l.Inputs.RunFindings[runs[1].ID])[assessment.Fail] == 0 ||
					l.Drift == nil || l.Drift.Baseline.ID != runs[0].ID {
					t.Errorf("runs %+v, drift %+v", runs, l.Drift)
				}
				vendors, _ := a.core.Vendors(context.Background(), id)
				if len(vendors) != 2 || vendors[1].Name != "Amazon Web Services" || vendors[1].BAASigned {
					t.Errorf("vendors %+v", vendors)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			a.collect = fakeCollect
			id := seedAnswered(t, a)
			p, tm := startProgram(t, newModel(a), 100, 30)
			waitText(t, tm, "Alder Clinic")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			waitText(t, tm, "Questions by section")
			play(t, p, tm, tc.steps)
			tm.Type("q")
			tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
			tc.check(t, a, id)
		})
	}
}

// TestStoredEvidenceShownOnQuestion checks that a question linked to a
// failed check shows the evidence and the suggested answer.
func TestStoredEvidenceShownOnQuestion(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Alder Clinic", assessment.Profile{CloudServices: []string{"aws"}})
	var q questionnaire.Question
	for _, x := range a.bank.Questions {
		if len(x.Checks) > 0 {
			if ok, _ := a.bank.Visible(&x, assessment.Profile{CloudServices: []string{"aws"}}); ok {
				q = x
				break
			}
		}
	}
	if q.ID == "" {
		t.Fatal("no visible question is linked to a check")
	}
	fs := []assessment.Finding{
		{ID: "1", CheckID: q.Checks[0], Title: "Check one", Status: assessment.Fail, Resource: "arn:aws:s3:::a", Region: "us-east-1", Reason: "no default encryption", Questions: []string{q.ID}},
		{ID: "2", CheckID: q.Checks[0], Title: "Check one", Status: assessment.Pass, Resource: "arn:aws:s3:::b", Region: "us-east-1", Questions: []string{q.ID}},
	}
	// A run with exactly these findings is stored directly, beside the
	// wizard's own connection to the file.
	st, err := data.Open(context.Background(), a.core.Path(), data.WithActor("tester"), data.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	run := data.ProbeRun{AccountID: "111122223333", Regions: []string{"us-east-1"}, StartedAt: fixedNow, FinishedAt: fixedNow, Findings: fs}
	_, err = st.SaveProbeRun(context.Background(), id, run)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	m := start(t, a, 100, 40)
	m = drive(t, m, keyMsg("enter")).(*model)
	m = drive(t, m, m.app.openQuestion(m.sess, q.ID)()).(*model)
	v := m.View()
	for _, want := range []string{"1 of 2 fail", "no default encryption", "Suggested answer: Partly"} {
		if !strings.Contains(v, want) {
			t.Errorf("question view lacks %q:\n%s", want, v)
		}
	}
	drive(t, m, keyMsg("s"))
	got, _ := a.core.Answers(context.Background(), id)
	if got[q.ID].Value != assessment.Partial {
		t.Errorf("taking the suggestion stored %q", got[q.ID].Value)
	}
}

func TestCarryForward(t *testing.T) {
	a := testApp(t, nil)
	from := seedAnswered(t, a)
	m := start(t, a, 80, 24)
	m = drive(t, m, keyMsg("c")).(*model)
	v := m.View()
	if _, ok := m.top().(*home); !ok || !strings.Contains(v, "Carry forward the assessment of Alder Clinic (#3, 2026, draft)") ||
		!strings.Contains(v, "still a draft") {
		t.Fatalf("c did not ask first:\n%s", v)
	}
	golden(t, "home-carry-80x24", v)
	m = drive(t, m, keyMsg("y")).(*model)
	if _, ok := m.top().(*profileScreen); !ok || m.sess == nil || m.sess.id == from {
		t.Fatalf("after c the top screen is %T on %v, want the new draft's profile", m.top(), m.sess)
	}
	got, err := a.core.Answers(context.Background(), m.sess.id)
	if err != nil || len(got) != 6 {
		t.Fatalf("carried %d answers (%v), want 6", len(got), err)
	}
	for _, ans := range got {
		if !ans.CarriedForward {
			t.Errorf("%s not marked as carried forward", ans.QuestionID)
		}
	}
	if a := m.sess.assessment(); a.CopiedFrom != from || a.Practice != "Alder Clinic" {
		t.Errorf("new draft %+v", a)
	}
	m = drive(t, m, keyMsg("esc")).(*model)
	if v := m.View(); !strings.Contains(v, "carried from #3, 2026") {
		t.Errorf("the home list does not mark the carried assessment:\n%s", v)
	}
}

func TestExportReport(t *testing.T) {
	a := testApp(t, nil)
	seedAnswered(t, a)
	path := filepath.Join(t.TempDir(), "report.md")
	p, tm := startProgram(t, newModel(a), 100, 30)
	waitText(t, tm, "Alder Clinic")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitText(t, tm, "Questions by section")
	play(t, p, tm, script(typ("8"), wait("Completeness"), typ("x"), wait("Format"), press(tea.KeyDown, 1), press(tea.KeyEnter, 1),
		press(tea.KeyCtrlU, 1), typ(path), press(tea.KeyEnter, 3), wait("Report written to")))
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(30*time.Second))
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), "Alder Clinic") {
		t.Fatalf("report %q: %v", b, err)
	}
	if v := tm.FinalModel(t).(*settled).Model.(*model).View(); !strings.Contains(v, path) {
		t.Errorf("the summary does not say where the report went:\n%s", v)
	}
}

func TestCloudProgressShowsLive(t *testing.T) {
	a := testApp(t, nil)
	release := make(chan struct{})
	defer close(release)
	a.collect = func(ctx context.Context, o awscollect.Options) (*probes.Snapshot, error) {
		o.Progress(awscollect.Progress{Service: "s3", Region: "global", Done: 1, Total: 3})
		o.Progress(awscollect.Progress{Service: "ec2", Region: "us-east-1", Done: 2, Total: 3})
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil, context.Canceled
	}
	seedAnswered(t, a)
	m := start(t, a, 80, 24)
	// The run never ends here: drive only until its progress is on screen.
	m = driveUntil(t, m, func(m tea.Model) bool { return strings.Contains(m.View(), "2 of 3 reads done") },
		keySeq("enter", "5", "enter", "enter", "enter", "enter", "enter")...).(*model)
	v := m.View()
	for _, want := range []string{"2 of 3 reads done", "s3 in global", "ec2 in us-east-1"} {
		if !strings.Contains(v, want) {
			t.Errorf("progress view lacks %q:\n%s", want, v)
		}
	}
	checkFits(t, v, 80, 24)
}
