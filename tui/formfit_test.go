package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestFormsFitWithErrors opens every full-screen form at 80×24, makes it
// show an error or a long value, and checks that the focused field and the
// error are on screen.
func TestFormsFitWithErrors(t *testing.T) {
	ctrlU := tea.KeyMsg{Type: tea.KeyCtrlU}
	long := "Kept in the locked cabinet behind reception; the office manager takes it home on Fridays for the backup."
	tests := []struct {
		name  string
		keys  []tea.Msg
		wants []string
	}{
		{"form-new-empty-name", keySeq("n", "enter"), []string{"Practice name", "Error: the practice name is needed"}},
		{"form-profile-providers", append(keySeq("enter", "1", "enter", "enter", "enter"), keyMsg("three"), keyMsg("enter")),
			[]string{"How many providers", "three", "Error:"}},
		{"form-profile-address", append(keySeq("enter", "1", "enter", "enter", "enter", "2", "enter", "8", "enter", "1", "enter"), keyMsg(long)),
			[]string{"address", "Fridays for the backup."}},
		{"form-asset-empty-name", keySeq("enter", "3", "a", "enter"), []string{"Name", "Error: a name is needed"}},
		{"form-asset-notes", append(keySeq("enter", "3", "a", "PC", "enter", "enter", "enter", "enter", "enter", "enter", "enter"), keyMsg(long)),
			[]string{"Notes", "Fridays for the backup."}},
		{"form-vendor-date", append(keySeq("enter", "4", "a", "Acme", "enter", "enter", "enter", "enter"), keyMsg("31/12/2025"), keyMsg("enter")),
			[]string{"Date the agreement", "Error: use the form YYYY-MM-DD"}},
		{"form-plan-due", append(keySeq("enter", "7", "e", "enter"), keyMsg("soon"), keyMsg("enter")),
			[]string{"Due date", "Error: use the form YYYY-MM-DD"}},
		{"form-plan-accept", keySeq("enter", "7", "e", "enter", "enter", "down", "down", "down", "enter", "enter"),
			[]string{"Why the risk is accepted", "Error: accepting a risk needs a reason"}},
		{"form-risk-reason", keySeq("enter", "6", "e", "enter", "enter", "enter"), []string{"Why (required)", "Error: a reason is needed"}},
		{"form-cloud-regions", append(keySeq("enter", "5", "enter", "enter", "enter"), ctrlU, keyMsg("enter")),
			[]string{"Regions", "Error: at least one region is needed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			a.collect = fakeCollect
			seedAnswered(t, a)
			m := start(t, a, 80, 24)
			m = drive(t, m, tc.keys...).(*model)
			v := m.View()
			checkFits(t, v, 80, 24)
			for _, w := range tc.wants {
				if !strings.Contains(v, w) {
					t.Errorf("the view lacks %q:\n%s", w, v)
				}
			}
			golden(t, tc.name+"-80x24", v)
		})
	}
}
