package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// risks is the risk register, highest level first, with overrides.
type risks struct {
	app    *wizard
	sess   *session
	cursor int
	detail bool
	scroll int
	width  int
	formHost
	// the override being edited, kept for a retry when the write fails
	over  assessment.Override
	retry bool
}

func newRisks(a *wizard, s *session) *risks { return &risks{app: a, sess: s} }

func (v *risks) title() string { return "Risk register" }

func (v *risks) list() []scoring.Risk { return v.sess.l.Analysis.Risks }

func (v *risks) bindings() []key.Binding {
	switch {
	case v.ov != nil:
		return overlayKeys
	case len(v.list()) == 0:
		return []key.Binding{withHelp(keys.Back, "assessments")}
	case v.detail:
		return []key.Binding{keys.Up, keys.Down, withHelp(keys.Edit, "change rating"), withHelp(keys.Clear, "undo change"), withHelp(keys.Back, "register")}
	}
	return []key.Binding{keys.Up, keys.Down, withHelp(keys.Enter, "details"), withHelp(keys.Edit, "change rating"), withHelp(keys.Back, "assessments")}
}

func (v *risks) update(msg tea.Msg) (screen, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		v.width = ws.Width
	}
	if cmd, ok := v.updateForm(msg); ok {
		return v, cmd
	}
	if sm, ok := msg.(savedMsg); ok {
		retry := v.retry
		v.retry = false
		v.cursor = moveCursor(v.cursor, len(v.list()), 0)
		if sm.err != nil && retry {
			return v, v.editOverride(v.over)
		}
		return v, nil
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	rs := v.list()
	switch {
	case key.Matches(k, keys.Up) && v.detail:
		v.scroll = max(v.scroll-1, 0)
	case key.Matches(k, keys.Down) && v.detail:
		v.scroll++
	case key.Matches(k, keys.Up):
		v.cursor = moveCursor(v.cursor, len(rs), -1)
	case key.Matches(k, keys.Down):
		v.cursor = moveCursor(v.cursor, len(rs), 1)
	case key.Matches(k, keys.Enter) && v.cursor < len(rs):
		v.detail, v.scroll = true, 0
	case key.Matches(k, keys.Edit) && v.cursor < len(rs):
		r := rs[v.cursor]
		o := assessment.Override{RiskID: r.ID, Likelihood: r.Likelihood, Impact: r.Impact}
		if r.Override != nil {
			o.Reason = r.Override.Reason
		}
		return v, v.editOverride(o)
	case key.Matches(k, keys.Clear) && v.detail && v.cursor < len(rs) && rs[v.cursor].Override != nil:
		id, riskID := v.sess.id, rs[v.cursor].ID
		return v, v.app.write(id, "the default rating of "+riskID, func(ctx context.Context) error {
			return v.app.core.ClearOverride(ctx, id, riskID)
		})
	case key.Matches(k, keys.Back) && v.detail:
		v.detail = false
	case key.Matches(k, keys.Back):
		return v, goHome
	}
	return v, nil
}

func levelOptions() []huh.Option[assessment.Level] {
	var out []huh.Option[assessment.Level]
	for _, l := range assessment.Levels {
		out = append(out, huh.NewOption(l.String(), l))
	}
	return out
}

// editOverride asks for a new likelihood and impact with the reason, which
// the store requires.
func (v *risks) editOverride(o assessment.Override) tea.Cmd {
	v.over = o
	x := &v.over
	id := v.sess.id
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		e := *x
		e.Reason = strings.TrimSpace(e.Reason)
		v.retry = true
		return v.app.write(id, "the rating of "+e.RiskID, func(ctx context.Context) error {
			return v.app.core.SetOverride(ctx, id, e)
		})
	},
		huh.NewSelect[assessment.Level]().Title("Likelihood").Options(levelOptions()...).Value(&x.Likelihood),
		huh.NewSelect[assessment.Level]().Title("Impact").Options(levelOptions()...).Value(&x.Impact),
		huh.NewText().Title("Why (required)").Description("What makes this risk more or less likely or severe for the practice.").
			Value(&x.Reason).Lines(3).Validate(required("a reason")),
	).onlyIf(func() bool { return strings.TrimSpace(x.Reason) != "" })
	return v.ov.form.Init()
}

func (v *risks) view(width, height int) string {
	if v.ov != nil {
		return v.ov.view(width, height)
	}
	th := v.app.th
	rs := v.list()
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	if n := len(v.sess.l.Analysis.Conflicts); n > 0 {
		add(th.errText.Render(wrap(fmt.Sprintf("%d CONFLICT(S) between answers and cloud checks — see the summary (8) or the questions concerned.", n), width)))
		add("")
	}
	if len(rs) == 0 {
		add(wrap("No risks yet: risks come from answers of no, partly or don't know, and from failed cloud checks.", width))
		return strings.Join(lines, "\n")
	}
	if v.detail && v.cursor < len(rs) {
		return strings.Join(append(lines, scrollLines(v.riskDetail(rs[v.cursor], width), v.scroll, height-len(lines))...), "\n")
	}
	add(th.heading.Render(fmt.Sprintf("    %-10s %-10s %-10s %s", "Level", "Likelihood", "Impact", "Threat / weakness")))
	items := make([][]string, len(rs))
	for i, r := range rs {
		mark := " "
		if r.Override != nil {
			mark = "*"
		}
		items[i] = cells(fmt.Sprintf("%s %-10s %-10s %-10s ", mark, r.Level, r.Likelihood, r.Impact), r.Threat+" / "+r.Vulnerability, width-2)
	}
	if slices.ContainsFunc(rs, func(r scoring.Risk) bool { return r.Override != nil }) {
		add(th.faint.Render("* rating changed by the practice"))
	}
	lines = append(lines, rows(items, v.cursor, height-len(lines), th.selected.Render)...)
	return strings.Join(lines, "\n")
}

func (v *risks) riskDetail(r scoring.Risk, width int) []string {
	th := v.app.th
	var out []string
	add := func(s string) { out = append(out, strings.Split(s, "\n")...) }
	add(th.heading.Render(wrap(r.Threat, width)))
	add(wrap("Weakness: "+r.Vulnerability, width))
	add(wrap(fmt.Sprintf("Level %s (likelihood %s, impact %s)", th.level(r.Level), r.Likelihood, r.Impact), width))
	if r.Override != nil {
		line := fmt.Sprintf("Changed from likelihood %s, impact %s by %s: %s", r.DefaultLikelihood, r.DefaultImpact, r.Override.By, r.Override.Reason)
		if r.Override.CarriedForward {
			line += " (carried forward; press e to confirm or change it)"
		}
		add(indent(line, 2, width))
	}
	for _, b := range r.Basis {
		add(indent("• "+b, 2, width))
	}
	if len(r.Sources.Answers) > 0 {
		var s []string
		for _, a := range r.Sources.Answers {
			s = append(s, a.QuestionID+" ("+answerLabel(a.Value)+")")
		}
		add(wrap("Raised by answers: "+strings.Join(s, ", "), width))
	}
	if len(r.Sources.Findings) > 0 {
		add(wrap(fmt.Sprintf("Raised by %d failed cloud check(s)", len(r.Sources.Findings)), width))
	}
	if len(r.Sources.Vendors) > 0 {
		add(wrap("Vendors without an agreement: "+strings.Join(r.Sources.Vendors, ", "), width))
	}
	if len(r.Citations) > 0 {
		add(wrap("45 CFR "+strings.Join(r.Citations, ", "), width))
	}
	return out
}
