package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrap breaks text on word boundaries to width cells; a word longer than the
// width is split only when it cannot fit on a line of its own.
func wrap(s string, width int) string {
	if width < 1 {
		width = 1
	}
	return ansi.Wrap(s, width, "")
}

// wrapLines wraps s and returns its lines.
func wrapLines(s string, width int) []string {
	return strings.Split(wrap(s, width), "\n")
}

// indent wraps s to width and indents every line by pad spaces.
func indent(s string, pad, width int) string {
	p := strings.Repeat(" ", pad)
	lines := wrapLines(s, width-pad)
	for i := range lines {
		lines[i] = p + lines[i]
	}
	return strings.Join(lines, "\n")
}

// clip cuts one line to width cells with an ellipsis; used only for table
// cells and headers, never for prose.
func clip(s string, width int) string {
	if width < 1 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// pad clips or right-pads a cell to exactly width cells.
func pad(s string, width int) string {
	s = clip(s, width)
	if w := ansi.StringWidth(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// fitHeight returns exactly height lines: the body's first lines, padded
// with empty ones.
func fitHeight(body string, height int) []string {
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}

// window returns the range [start, end) of n rows to show in height rows so
// that the cursor stays visible, keeping it near the middle when scrolling.
func window(n, cursor, height int) (int, int) {
	if height < 1 {
		height = 1
	}
	if n <= height {
		return 0, n
	}
	start := cursor - height/2
	if start < 0 {
		start = 0
	}
	if start+height > n {
		start = n - height
	}
	return start, start + height
}

// scrollLines shows height lines of a long text starting at offset, with a
// marker when more lies below or above.
func scrollLines(lines []string, offset, height int) []string {
	if offset > len(lines)-height {
		offset = len(lines) - height
	}
	if offset < 0 {
		offset = 0
	}
	end := offset + height
	if end > len(lines) {
		end = len(lines)
	}
	out := append([]string(nil), lines[offset:end]...)
	if offset > 0 && len(out) > 0 {
		out[0] = "  ↑ more above"
	}
	if end < len(lines) && len(out) > 0 {
		out[len(out)-1] = "  ↓ more below"
	}
	return out
}

// moveCursor applies up/down/page keys to a cursor over n rows.
func moveCursor(cursor, n, delta int) int {
	cursor += delta
	if cursor >= n {
		cursor = n - 1
	}
	if cursor < 0 {
		cursor = 0
	}
	return cursor
}

// cells renders a table row whose last column wraps: lead holds the fixed
// columns (already padded), text wraps into the width left, and the
// continuation lines are indented under it.
func cells(lead, text string, width int) []string {
	w := ansi.StringWidth(lead)
	lines := wrapLines(text, width-w)
	for i := range lines {
		if i == 0 {
			lines[i] = lead + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", w) + lines[i]
		}
	}
	return lines
}

// rows lays out items of one or more lines in height lines, scrolling by
// whole items so that the cursor's item is in view. Every line gets a two
// cell margin; the cursor's item is marked with "> " (readable without
// colour) and styled with sel.
func rows(items [][]string, cursor, height int, sel func(...string) string) []string {
	start, used := cursor, 0
	for i := cursor; i >= 0; i-- {
		used += len(items[i])
		if used > height && i < cursor {
			break
		}
		start = i
	}
	var out []string
	for i := start; i < len(items) && len(out) < height; i++ {
		for j, l := range items[i] {
			if len(out) == height {
				break
			}
			switch {
			case i == cursor && j == 0:
				l = sel("> " + l)
			case i == cursor:
				l = sel("  " + l)
			default:
				l = "  " + l
			}
			out = append(out, l)
		}
	}
	return out
}
