package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

var statusLabels = map[assessment.PlanStatus]string{
	assessment.Todo: "to do", assessment.InProgress: "in progress", assessment.Done: "done", assessment.Accepted: "risk accepted",
}

// plan is the risk management plan with owner, due date and status.
type plan struct {
	app    *wizard
	sess   *session
	cursor int
	width  int
	formHost
	track assessment.Tracking // being edited
	retry bool
}

func newPlan(a *wizard, s *session) *plan { return &plan{app: a, sess: s} }

func (v *plan) title() string { return "Risk management plan" }

func (v *plan) items() []scoring.PlanItem { return v.sess.l.Analysis.Plan }

func (v *plan) bindings() []key.Binding {
	switch {
	case v.ov != nil:
		return overlayKeys
	case len(v.items()) == 0:
		return []key.Binding{withHelp(keys.Back, "assessments")}
	}
	return []key.Binding{keys.Up, keys.Down, withHelp(keys.Edit, "owner, due, status"), withHelp(keys.Back, "assessments")}
}

func (v *plan) update(msg tea.Msg) (screen, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		v.width = ws.Width
	}
	if cmd, ok := v.updateForm(msg); ok {
		return v, cmd
	}
	if sm, ok := msg.(savedMsg); ok {
		retry := v.retry
		v.retry = false
		if sm.err != nil && retry {
			return v, v.edit(v.track)
		}
		return v, nil
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	items := v.items()
	switch {
	case key.Matches(k, keys.Up):
		v.cursor = moveCursor(v.cursor, len(items), -1)
	case key.Matches(k, keys.Down):
		v.cursor = moveCursor(v.cursor, len(items), 1)
	case (key.Matches(k, keys.Edit) || key.Matches(k, keys.Enter)) && v.cursor < len(items):
		it := items[v.cursor]
		t := assessment.Tracking{ItemID: it.ID, Owner: it.Owner, Due: it.Due, Status: it.Status, Note: it.Note,
			Reason: it.Reason, Approver: it.Approver, Review: it.Review, Completed: it.Completed, Evidence: it.Evidence}
		if it.ResidualAssessed {
			t.Residual = it.ResidualLevel
		}
		return v, v.edit(t)
	case key.Matches(k, keys.Back):
		return v, goHome
	}
	return v, nil
}

func (v *plan) edit(t assessment.Tracking) tea.Cmd {
	if t.Status == "" {
		t.Status = assessment.Todo
	}
	v.track = t
	x := &v.track
	id := v.sess.id
	var opts []huh.Option[assessment.PlanStatus]
	for _, s := range assessment.PlanStatuses {
		opts = append(opts, huh.NewOption(statusLabels[s], s))
	}
	today := v.app.now().Format(time.DateOnly)
	whenAccepted := func(what string) func(string) error {
		return func(s string) error {
			if x.Status == assessment.Accepted && strings.TrimSpace(s) == "" {
				return fmt.Errorf("accepting a risk needs %s", what)
			}
			return nil
		}
	}
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		e := *x
		for _, f := range []*string{&e.Owner, &e.Due, &e.Note, &e.Reason, &e.Approver, &e.Review, &e.Completed, &e.Evidence} {
			*f = strings.TrimSpace(*f)
		}
		what := "the plan item " + e.ItemID
		if e.Due != "" && e.Due < today && (e.Status == assessment.Todo || e.Status == assessment.InProgress) {
			what += "; its due date " + e.Due + " is past, so the plan flags it as overdue"
		}
		v.retry = true
		return v.app.write(id, what, func(ctx context.Context) error {
			return v.app.core.SetTracking(ctx, id, e)
		})
	},
		huh.NewInput().Title("Owner").Description("The person or role who will do it.").Value(&x.Owner),
		huh.NewInput().Title("Due date (YYYY-MM-DD)").Value(&x.Due).Validate(validDate),
		huh.NewSelect[assessment.PlanStatus]().Title("Status").Options(opts...).Value(&x.Status),
		huh.NewInput().Title("Why the risk is accepted").Description("Needed when the status is accepted.").Value(&x.Reason).
			Validate(whenAccepted("a reason")),
		huh.NewInput().Title("Who approved accepting it").Description("Needed when the status is accepted.").Value(&x.Approver).
			Validate(whenAccepted("who approved it")),
		huh.NewInput().Title("Review the acceptance by (YYYY-MM-DD)").Description("Needed when the status is accepted.").Value(&x.Review).
			Validate(func(s string) error {
				if err := whenAccepted("a review date")(s); err != nil {
					return err
				}
				return validDate(s)
			}),
		huh.NewInput().Title("Done on (YYYY-MM-DD)").Description("When the status is done; empty means today.").Value(&x.Completed).Validate(validDate),
		huh.NewInput().Title("What shows it is done").Description("A document, ticket or screenshot.").Value(&x.Evidence),
		huh.NewText().Title("Note").Value(&x.Note).Lines(2),
	)
	v.ov.above = func(width int) int { return len(v.formHead(width)) }
	return v.ov.form.Init()
}

// formHead is what the edit form shows above it: the weakness and what to
// do, at most six lines so the form keeps its room.
func (v *plan) formHead(width int) []string {
	it := v.items()[v.cursor]
	head := []string{v.app.th.heading.Render(clip(it.Vulnerability, width))}
	acts := wrapLines(strings.Join(it.Actions, " "), width)
	if len(acts) > 4 {
		acts = append(acts[:3], "…")
	}
	return append(append(head, acts...), "")
}

// carried reports whether the item's tracking was carried forward and not
// reviewed since.
func (v *plan) carried(itemID string) bool {
	for _, t := range v.sess.l.Inputs.Tracking {
		if t.ItemID == itemID {
			return t.CarriedForward
		}
	}
	return false
}

func (v *plan) view(width, height int) string {
	if v.ov != nil {
		head := v.formHead(width)
		return strings.Join(head, "\n") + "\n" + v.ov.view(width, height-len(head))
	}
	th := v.app.th
	items := v.items()
	if len(items) == 0 {
		return wrap("The plan is empty: it lists what to do for each risk once there are risks.", width)
	}
	var lines []string
	lines = append(lines, th.heading.Render(fmt.Sprintf("  %-2s %-10s %-13s %-10s %-18s %s", "P", "Level", "Status", "Due", "Owner", "What to fix")))
	// The selected item's actions are shown under the table.
	var actions []string
	if v.cursor < len(items) {
		it := items[v.cursor]
		actions = append([]string{""}, wrapLines("To do: "+strings.Join(it.Actions, " "), width)...)
		if len(actions) > 5 {
			actions = append(actions[:4], "  … (e shows all)")
		}
	}
	rowItems := make([][]string, len(items))
	for i, it := range items {
		lead := fmt.Sprintf("%-2d %-10s %-13s %-10s %s ", it.Priority, it.Level, statusLabels[it.Status], it.Due, pad(it.Owner, 18))
		text := it.Vulnerability
		if v.carried(it.ID) {
			text += " (carried forward: e to review)"
		}
		rowItems[i] = cells(lead, text, width-2)
	}
	lines = append(lines, rows(rowItems, v.cursor, height-1-len(actions), th.selected.Render)...)
	return strings.Join(append(lines, actions...), "\n")
}
