package tui

import (
	"io"
	"os"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/muesli/termenv"
)

// theme holds every style the wizard uses, all built from one renderer so
// that colour can be switched off in one place. Colour never carries meaning
// alone: severities and states are always spelled out as text.
type theme struct {
	r        *lipgloss.Renderer
	plain    bool
	title    lipgloss.Style
	heading  lipgloss.Style
	faint    lipgloss.Style
	selected lipgloss.Style
	errText  lipgloss.Style
	okText   lipgloss.Style
	badge    lipgloss.Style
	levels   map[assessment.Level]lipgloss.Style
	help     help.Styles
}

// plainRequested reports whether colour must be off: the caller asked for it
// or NO_COLOR is set to anything non-empty.
func plainRequested(noColor bool) bool {
	return noColor || os.Getenv("NO_COLOR") != ""
}

func newTheme(out io.Writer, noColor bool) *theme {
	r := lipgloss.NewRenderer(out)
	plain := plainRequested(noColor)
	if plain {
		r.SetColorProfile(termenv.Ascii)
	}
	// Fixed colours: the terminal is never queried for its background.
	r.SetHasDarkBackground(true)
	accent := lipgloss.Color("39")
	t := &theme{
		r:        r,
		plain:    plain,
		title:    r.NewStyle().Bold(true).Foreground(accent),
		heading:  r.NewStyle().Bold(true),
		faint:    r.NewStyle().Foreground(lipgloss.Color("245")),
		selected: r.NewStyle().Bold(true).Foreground(lipgloss.Color("231")).Background(lipgloss.Color("24")),
		errText:  r.NewStyle().Bold(true).Foreground(lipgloss.Color("203")),
		okText:   r.NewStyle().Foreground(lipgloss.Color("78")),
		badge:    r.NewStyle().Foreground(lipgloss.Color("180")),
		levels: map[assessment.Level]lipgloss.Style{
			assessment.VeryHigh: r.NewStyle().Bold(true).Foreground(lipgloss.Color("196")),
			assessment.High:     r.NewStyle().Foreground(lipgloss.Color("208")),
			assessment.Moderate: r.NewStyle().Foreground(lipgloss.Color("220")),
			assessment.Low:      r.NewStyle().Foreground(lipgloss.Color("114")),
			assessment.VeryLow:  r.NewStyle().Foreground(lipgloss.Color("246")),
		},
	}
	keyStyle := r.NewStyle().Foreground(lipgloss.Color("250"))
	descStyle := r.NewStyle().Foreground(lipgloss.Color("244"))
	sep := r.NewStyle().Foreground(lipgloss.Color("240"))
	t.help = help.Styles{
		Ellipsis: sep, ShortKey: keyStyle, ShortDesc: descStyle, ShortSeparator: sep,
		FullKey: keyStyle, FullDesc: descStyle, FullSeparator: sep,
	}
	return t
}

// level renders a risk level as text, coloured when colour is on.
func (t *theme) level(l assessment.Level) string {
	if s, ok := t.levels[l]; ok {
		return s.Render(l.String())
	}
	return l.String()
}

// screenFormTheme is the theme of the full-screen forms: the base theme
// with the chosen button of a yes/no question marked by "> ", so the
// choice reads without colour or reverse video.
func (t *theme) screenFormTheme() *huh.Theme {
	th := huh.ThemeBase()
	for _, s := range []*huh.FieldStyles{&th.Focused, &th.Blurred} {
		s.FocusedButton = s.FocusedButton.SetString(">")
		s.BlurredButton = s.BlurredButton.SetString(" ")
	}
	return th
}
