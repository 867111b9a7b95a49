package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

func TestCloudChoices(t *testing.T) {
	ctx := context.Background()
	ctrlU := tea.KeyMsg{Type: tea.KeyCtrlU}
	tests := []struct {
		name  string
		keys  []tea.Msg
		check func(t *testing.T, m *model, a *wizard, id int64)
	}{
		{"no sign-in: plain words and the next step", keySeq("enter", "5", "enter", "enter", "enter", "enter", "enter"),
			func(t *testing.T, m *model, a *wizard, id int64) {
				if !strings.Contains(m.status, "not signed in to AWS") || strings.Contains(m.status, "still here") ||
					!strings.Contains(m.status, "load a file") {
					t.Errorf("status %q", m.status)
				}
				golden(t, "cloud-no-credentials-80x24", m.View())
			}},
		{"the policy is shown before checking", keySeq("enter", "5", "enter"),
			func(t *testing.T, m *model, a *wizard, id int64) {
				if v := m.View(); !strings.Contains(v, "Policy to give") || !strings.Contains(v, "only reads settings") {
					t.Errorf("explanation:\n%s", v)
				}
				golden(t, "cloud-explain-80x24", m.View())
			}},
		{"load a consultant's file", append(keySeq("enter", "5", "down", "enter"), keyMsg("../probes/testdata/sample-snapshot.json"), keyMsg("enter")),
			func(t *testing.T, m *model, a *wizard, id int64) {
				l, _ := a.core.Load(ctx, id)
				if len(l.Inputs.Runs) != 1 {
					t.Errorf("%d runs after loading the file; status %q", len(l.Inputs.Runs), m.status)
				}
			}},
		{"a missing file: plain words", append(keySeq("enter", "5", "down", "enter"), ctrlU, keyMsg("nowhere.json"), keyMsg("enter")),
			func(t *testing.T, m *model, a *wizard, id int64) {
				if !strings.Contains(m.status, "That file could not be used") || !strings.Contains(m.status, "--snapshot-out") {
					t.Errorf("status %q", m.status)
				}
			}},
		{"we do not use AWS", keySeq("enter", "5", "down", "down", "enter"),
			func(t *testing.T, m *model, a *wizard, id int64) {
				l, _ := a.core.Load(ctx, id)
				if d, ok := app.CloudDecision(l.Inputs.Reviews); !ok || d.Key != app.CloudNotUsed || d.By != "tester" {
					t.Errorf("decision %+v, %v", d, ok)
				}
				if v := m.View(); !strings.Contains(v, "Recorded: AWS is not used") {
					t.Errorf("the decision is not shown:\n%s", v)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			a.collect = func(context.Context, awscollect.Options) (*probes.Snapshot, error) {
				return nil, fmt.Errorf("collect: %w", awscollect.ErrNoCredentials)
			}
			id := seedAnswered(t, a)
			m := start(t, a, 80, 24)
			m = drive(t, m, tc.keys...).(*model)
			checkFits(t, m.View(), 80, 24)
			tc.check(t, m, a, id)
		})
	}
}

// TestReportNotesUncheckedAWS checks that AWS in use but not checked is an
// area for review in the report, and that a skip is recorded.
func TestReportNotesUncheckedAWS(t *testing.T) {
	a := testApp(t, nil)
	id := seedAnswered(t, a) // its profile lists AWS
	ctx := context.Background()
	r, err := a.core.Report(ctx, id, exportSignOff())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(r.ReviewNotes, " "), "AWS is in use") {
		t.Errorf("notes %q", r.ReviewNotes)
	}
}

func exportSignOff() export.SignOff { return export.SignOff{} }
