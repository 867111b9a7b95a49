package export

import (
	"bytes"
	"fmt"
	"testing"
)

func TestTerminalSafe(t *testing.T) {
	tests := []struct {
		name, in, safe, line string
	}{
		{"plain", "Clínica São José", "Clínica São José", "Clínica São José"},
		{"title and clear", "Dana\x1b]0;pwned\a\x1b[2J", "Dana^[]0;pwned^G^[[2J", "Dana^[]0;pwned^G^[[2J"},
		{"lines and tabs", "a\nb\tc\r", "a\nb\tc^M", "a b c^M"},
		{"DEL and C1 CSI", "x\x7fy\u009b31m", "x^?y\uFFFD31m", "x^?y\uFFFD31m"},
		{"bidi override", "invoice\u202efdp.exe", "invoice\uFFFDfdp.exe", "invoice\uFFFDfdp.exe"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TerminalSafe(tt.in); got != tt.safe {
				t.Errorf("TerminalSafe = %q, want %q", got, tt.safe)
			}
			if got := TerminalLine(tt.in); got != tt.line {
				t.Errorf("TerminalLine = %q, want %q", got, tt.line)
			}
		})
	}
}

func TestTerminalWriter(t *testing.T) {
	var b bytes.Buffer
	w := TerminalWriter(&b)
	n, err := fmt.Fprintf(w, "%s\n", "Dana\x1b[2J")
	if err != nil || n != len("Dana\x1b[2J\n") {
		t.Fatalf("Fprintf = %d, %v", n, err)
	}
	if got, want := b.String(), "Dana^[[2J\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
