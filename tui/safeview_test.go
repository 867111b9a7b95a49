package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/app"
)

func TestSafeView(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Harbor Pediatrics\nnext line", "Harbor Pediatrics\nnext line"},
		{"theme colours kept", "\x1b[1;38;5;63mhipaarisk\x1b[0m · home", "\x1b[1;38;5;63mhipaarisk\x1b[0m · home"},
		{"stored title and clear shown", "\x1b[1mDana\x1b]0;pwned\a\x1b[2J\x1b[0m",
			"\x1b[1mDana^[]0;pwned^G^[[2J\x1b[0m"},
		{"cursor moves shown", "a\x1b[10;1Hb\x1b[Kc", "a^[[10;1Hb^[[Kc"},
		{"bidi override", "invoice\u202efdp.exe", "invoice\uFFFDfdp.exe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeView(tt.in); got != tt.want {
				t.Errorf("safeView(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// A practice name and assessor imported with escape sequences are shown,
// not obeyed, on the home screen and inside the open assessment.
func TestStoredEscapesAreShownNotObeyed(t *testing.T) {
	a := testApp(t, nil)
	_, err := a.core.Create(context.Background(), app.NewAssessment{
		Practice: "Clinic\x1b[2J\x1b]0;pwned\a", Assessor: "Dana\x1b[31m", Scope: "All ePHI", BankVersion: a.bank.Version,
	})
	if err != nil {
		t.Fatal(err)
	}
	m := start(t, a, 80, 24)
	for _, keys := range [][]tea.Msg{nil, keySeq("enter")} {
		m = drive(t, m, keys...).(*model)
		v := m.View()
		for i := 0; i < len(v); i++ {
			if v[i] == 0x1b && sgrLen(v[i:]) == 0 || v[i] == '\a' {
				t.Fatalf("raw control character at %d in:\n%q", i, v)
			}
		}
		if !strings.Contains(v, "Clinic^[[2J") {
			t.Errorf("the name's escape is not shown visibly:\n%s", v)
		}
	}
}
