package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

type (
	listMsg struct {
		list []app.AssessmentSummary
		err  error
	}
	// statsMsg carries the figures of the home table that need an analysis.
	statsMsg  map[int64]homeStats
	homeStats struct {
		percent float64
		byLevel []scoring.LevelCount
	}
	deletedMsg struct {
		id  int64
		err error
	}
	createdMsg struct {
		id  int64
		err error
	}
)

func (a *wizard) loadList() tea.Cmd {
	return func() tea.Msg {
		l, err := a.core.List(a.ctx)
		if err != nil {
			err = fmt.Errorf("list assessments: %w", err)
		}
		return listMsg{list: l, err: err}
	}
}

// loadStats analyses every listed assessment; it runs after the list is on
// screen so startup never waits for it.
func (a *wizard) loadStats(ids []int64) tea.Cmd {
	return func() tea.Msg {
		out := statsMsg{}
		for _, id := range ids {
			l, err := a.core.Load(a.ctx, id)
			if err != nil {
				continue // the row keeps its "…"; opening it shows the error
			}
			s := l.Analysis.Summary
			out[id] = homeStats{percent: s.Completeness.Percent, byLevel: s.ByLevel}
		}
		return out
	}
}

// home lists the assessments in the database.
type home struct {
	app      *wizard
	loaded   bool
	list     []app.AssessmentSummary
	stats    map[int64]homeStats
	cursor   int
	confirm  bool // asking whether to delete the selected assessment
	carry    bool // asking whether to carry the selected assessment forward
	firstRun bool
	err      error
}

func newHome(a *wizard) *home { return &home{app: a, stats: map[int64]homeStats{}} }

func (h *home) title() string   { return "Assessments" }
func (h *home) capturing() bool { return false }
func (h *home) flush() tea.Cmd  { return nil }
func (h *home) selected() (app.AssessmentSummary, bool) {
	if h.cursor < len(h.list) {
		return h.list[h.cursor], true
	}
	return app.AssessmentSummary{}, false
}

func (h *home) bindings() []key.Binding {
	if h.confirm || h.carry {
		yes := withHelp(keys.Confirm, "yes, delete")
		if h.carry {
			yes = withHelp(keys.Confirm, "yes, carry forward")
		}
		return []key.Binding{yes, keys.Cancel}
	}
	b := []key.Binding{keys.New}
	if len(h.list) > 0 {
		b = append([]key.Binding{keys.Up, keys.Down, withHelp(keys.Enter, "resume")}, append(b, keys.Carry, keys.Delete)...)
	}
	return b
}

// withHelp relabels a binding for one screen.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case listMsg:
		h.loaded, h.list, h.err = true, msg.list, msg.err
		h.cursor = moveCursor(h.cursor, len(h.list), 0)
		if msg.err == nil && len(msg.list) == 0 && !h.firstRun {
			h.firstRun = true
			ps := newProfile(h.app, nil, 0)
			ps.firstRun = true
			return h, nav(ps)
		}
		ids := make([]int64, len(msg.list))
		for i, s := range msg.list {
			ids[i] = s.ID
		}
		return h, h.app.loadStats(ids)
	case statsMsg:
		for id, s := range msg {
			h.stats[id] = s
		}
	case deletedMsg:
		if msg.err != nil {
			text := "Could not delete: " + msg.err.Error()
			if errors.Is(msg.err, app.ErrFinalized) {
				text = "A final assessment is kept as a record and cannot be deleted."
			}
			return h, func() tea.Msg { return statusMsg{text: text, err: true} }
		}
		return h, tea.Batch(h.app.loadList(), func() tea.Msg { return statusMsg{text: "Assessment deleted."} })
	case createdMsg:
		if msg.err != nil {
			return h, func() tea.Msg { return statusMsg{text: "Could not carry forward: " + msg.err.Error(), err: true} }
		}
		return h, h.app.open(msg.id, areaProfile)
	case tea.KeyMsg:
		return h.key(msg)
	}
	return h, nil
}

func (h *home) key(msg tea.KeyMsg) (screen, tea.Cmd) {
	sel, ok := h.selected()
	if h.carry {
		h.carry = false
		if key.Matches(msg, keys.Confirm) {
			return h, h.app.carryForward(sel.Assessment)
		}
		return h, nil
	}
	if h.confirm {
		switch {
		case key.Matches(msg, keys.Confirm):
			h.confirm = false
			return h, h.app.deleteAssessment(sel.ID)
		case key.Matches(msg, keys.Cancel):
			h.confirm = false
		}
		return h, nil
	}
	switch {
	case key.Matches(msg, keys.Up):
		h.cursor = moveCursor(h.cursor, len(h.list), -1)
	case key.Matches(msg, keys.Down):
		h.cursor = moveCursor(h.cursor, len(h.list), 1)
	case key.Matches(msg, keys.New):
		return h, nav(newProfile(h.app, nil, 0))
	case !ok:
	case key.Matches(msg, keys.Enter):
		return h, h.app.open(sel.ID, areaSections)
	case key.Matches(msg, keys.Carry):
		h.carry = true
	case key.Matches(msg, keys.Delete):
		h.confirm = true
	}
	return h, nil
}

func (a *wizard) deleteAssessment(id int64) tea.Cmd {
	return func() tea.Msg {
		err := a.core.Delete(a.ctx, id)
		if err != nil {
			err = fmt.Errorf("delete assessment %d: %w", id, err)
		}
		return deletedMsg{id: id, err: err}
	}
}

// carryForward starts a new draft from an earlier assessment, answered
// against the current bank.
func (a *wizard) carryForward(from assessment.Assessment) tea.Cmd {
	return func() tea.Msg {
		id, err := a.core.CarryForward(a.ctx, from.ID, app.NewAssessment{
			Practice: from.Practice, Assessor: from.Assessor, Scope: from.Scope,
			Profile: from.Profile, BankVersion: a.bank.Version,
		})
		if err != nil {
			err = fmt.Errorf("carry forward assessment %d: %w", from.ID, err)
		}
		return createdMsg{id: id, err: err}
	}
}

// yearOf is ", YYYY" for the listed assessment id, or "".
func (h *home) yearOf(id int64) string {
	for _, s := range h.list {
		if s.ID == id {
			return s.CreatedAt.Format(", 2006")
		}
	}
	return ""
}

func (h *home) view(width, height int) string {
	th := h.app.th
	switch {
	case h.err != nil:
		return th.errText.Render(wrap("Could not read the assessments: "+h.err.Error(), width))
	case !h.loaded:
		return "Loading…"
	case len(h.list) == 0:
		return wrap("No assessments yet. Press n to start one.", width)
	}
	var b strings.Builder
	if h.confirm {
		sel, _ := h.selected()
		b.WriteString(th.errText.Render(wrap(fmt.Sprintf("Delete the assessment of %s started %s, with all its answers? This cannot be undone. (y/n)",
			sel.Practice, sel.CreatedAt.Format("2006-01-02")), width)))
		b.WriteString("\n\n")
		height -= 3
	}
	if h.carry {
		sel, _ := h.selected()
		text := fmt.Sprintf("Carry forward the assessment of %s (#%d, %s, %s)? A new draft starts with copies of its answers, "+
			"inventories, ratings and plan, each marked as carried until you review it. The original stays as it is. (y/n)",
			sel.Practice, sel.ID, sel.CreatedAt.Format("2006"), sel.Status)
		if sel.Status != assessment.Final {
			text += " Note: it is still a draft, not a finalized record."
		}
		lines := wrapLines(text, width)
		b.WriteString(th.errText.Render(strings.Join(lines, "\n")) + "\n\n")
		height -= len(lines) + 1
	}
	// Columns: practice takes what the fixed ones leave.
	const assessorW, statusW, doneW, risksW, changedW = 12, 6, 5, 17, 10
	practiceW := width - assessorW - statusW - doneW - risksW - changedW - 7
	if practiceW < 10 {
		practiceW = 10
	}
	row := func(sel bool, cells ...string) string {
		ws := []int{practiceW, assessorW, statusW, doneW, risksW, changedW}
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = pad(c, ws[i])
		}
		prefix := "  "
		if sel {
			prefix = "> "
		}
		return prefix + strings.Join(parts, " ")
	}
	b.WriteString(th.heading.Render(row(false, "Practice", "Assessor", "Status", "Done", "Risks VH/H/M/L/VL", "Changed")))
	b.WriteString("\n")
	start, end := window(len(h.list), h.cursor, height-1)
	for i := start; i < end; i++ {
		s := h.list[i]
		done, risks := "…", "…"
		if st, ok := h.stats[s.ID]; ok {
			done = fmt.Sprintf("%.0f%%", st.percent)
			var n []string
			for _, lc := range st.byLevel {
				n = append(n, fmt.Sprint(lc.Count))
			}
			risks = strings.Join(n, "/")
		}
		changed := s.LastChange
		if changed.IsZero() {
			changed = s.UpdatedAt
		}
		name := fmt.Sprintf("#%d %s", s.ID, s.Practice)
		line := row(i == h.cursor, name, s.Assessor, string(s.Status), done, risks, changed.Format("2006-01-02"))
		if i == h.cursor {
			line = th.selected.Render(line)
		}
		b.WriteString(line + "\n")
		if s.CopiedFrom != 0 {
			b.WriteString(th.faint.Render(clip(fmt.Sprintf("     carried from #%d%s", s.CopiedFrom, h.yearOf(s.CopiedFrom)), width)) + "\n")
		}
	}
	return b.String()
}
