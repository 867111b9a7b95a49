package tui

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/export"
)

// safeView keeps a rendered frame from steering the terminal: the only
// escape sequences it lets through are the colour and style (SGR) sequences
// the theme writes, ESC [ digits ; : m. Everything else that a terminal
// would act on, which can only come from stored text such as a practice
// name or a note, is shown visibly by export.TerminalSafe (ESC as "^[").
// One filter over the whole frame covers every screen.
func safeView(frame string) string {
	var b strings.Builder
	b.Grow(len(frame) + 16)
	start := 0 // start of the text not yet written
	for i := 0; i < len(frame); i++ {
		if frame[i] != 0x1b {
			continue
		}
		if n := sgrLen(frame[i:]); n > 0 {
			b.WriteString(export.TerminalSafe(frame[start:i]))
			b.WriteString(frame[i : i+n])
			i += n - 1
			start = i + 1
		}
	}
	if start == 0 {
		return export.TerminalSafe(frame)
	}
	b.WriteString(export.TerminalSafe(frame[start:]))
	return b.String()
}

// sgrLen returns the length of the SGR sequence at the start of s, or 0
// when s does not start with one.
func sgrLen(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return 0
	}
	for j := 2; j < len(s); j++ {
		switch c := s[j]; {
		case c == 'm':
			return j + 1
		case c >= '0' && c <= '9', c == ';', c == ':':
		default:
			return 0
		}
	}
	return 0
}
