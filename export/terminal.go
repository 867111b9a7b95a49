package export

import (
	"io"
	"strings"
	"unicode/utf8"
)

// TerminalSafe returns s with every character a terminal could act on
// replaced by a visible stand-in, so that text a person typed or imported
// (a practice name, a note, a vendor) can never move the cursor, clear the
// screen, retitle the window or reorder what is shown. C0 control characters
// other than line feed and tab become caret notation (ESC is "^["), DEL is
// "^?", and C1 controls, bidirectional overrides and invalid UTF-8 become
// U+FFFD.
func TerminalSafe(s string) string { return terminalSafe(s, false) }

// TerminalLine is TerminalSafe for a one-line place such as a table cell:
// line breaks and tabs become spaces too.
func TerminalLine(s string) string { return terminalSafe(s, true) }

func terminalSafe(s string, oneLine bool) string {
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		clean = c >= 0x20 && c < 0x7f || !oneLine && (c == '\n' || c == '\t')
	}
	if clean { // the common case: plain ASCII text
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\n' || r == '\t':
			if oneLine {
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@')
		case r == 0x7f:
			b.WriteString("^?")
		case r == utf8.RuneError && n == 1, r >= 0x80 && r <= 0x9f, isBidiControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidiControl reports the characters that change the display order of
// text around them (the "trojan source" characters).
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// TerminalWriter passes everything written to it through TerminalSafe, for
// the command line's plain-text output, which never means to send a
// terminal a control sequence of its own.
func TerminalWriter(w io.Writer) io.Writer { return terminalWriter{w} }

type terminalWriter struct{ w io.Writer }

func (t terminalWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(t.w, TerminalSafe(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
