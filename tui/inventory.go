package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// inventory edits the assets holding ePHI, or the vendors and business
// associates.
type inventory struct {
	app     *wizard
	sess    *session
	vendors bool
	cursor  int
	confirm bool
	width   int
	formHost
	asset  assessment.Asset  // being edited
	vendor assessment.Vendor // being edited
	retry  bool              // a write from the form is in flight
}

func newInventory(a *wizard, s *session, vendors bool) *inventory {
	return &inventory{app: a, sess: s, vendors: vendors}
}

func (v *inventory) title() string {
	if v.vendors {
		return "Vendors and business associates"
	}
	return "Assets holding patient information"
}

func (v *inventory) count() int {
	if v.vendors {
		return len(v.sess.l.Inputs.Vendors)
	}
	return len(v.sess.l.Inputs.Assets)
}

func (v *inventory) bindings() []key.Binding {
	switch {
	case v.ov != nil:
		return overlayKeys
	case v.confirm:
		return []key.Binding{keys.Confirm, keys.Cancel}
	case v.count() == 0:
		return []key.Binding{keys.Add, withHelp(keys.Back, "assessments")}
	}
	return []key.Binding{keys.Up, keys.Down, keys.Add, keys.Edit, keys.Delete, withHelp(keys.Back, "assessments")}
}

func (v *inventory) update(msg tea.Msg) (screen, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		v.width = ws.Width
	}
	if cmd, ok := v.updateForm(msg); ok {
		return v, cmd
	}
	if sm, ok := msg.(savedMsg); ok {
		v.cursor = moveCursor(v.cursor, v.count(), 0)
		retry := v.retry
		v.retry = false
		if sm.err != nil && retry {
			return v, v.edit() // reopen with what was typed
		}
		return v, nil
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	if v.confirm {
		v.confirm = false
		if key.Matches(k, keys.Confirm) {
			return v, v.remove()
		}
		return v, nil
	}
	n := v.count()
	switch {
	case key.Matches(k, keys.Up):
		v.cursor = moveCursor(v.cursor, n, -1)
	case key.Matches(k, keys.Down):
		v.cursor = moveCursor(v.cursor, n, 1)
	case key.Matches(k, keys.Add):
		v.asset = assessment.Asset{HoldsEPHI: true, Encrypted: assessment.EncryptionUnknown, Kind: "workstation"}
		v.vendor = assessment.Vendor{HoldsEPHI: true}
		return v, v.edit()
	case (key.Matches(k, keys.Edit) || key.Matches(k, keys.Enter)) && v.cursor < n:
		if v.vendors {
			v.vendor = v.sess.l.Inputs.Vendors[v.cursor]
		} else {
			v.asset = v.sess.l.Inputs.Assets[v.cursor]
		}
		return v, v.edit()
	case key.Matches(k, keys.Delete) && v.cursor < n:
		v.confirm = true
	case key.Matches(k, keys.Back):
		return v, goHome
	}
	return v, nil
}

func (v *inventory) remove() tea.Cmd {
	id := v.sess.id
	if v.vendors {
		x := v.sess.l.Inputs.Vendors[v.cursor]
		return v.app.write(id, "the removal of "+x.Name, func(ctx context.Context) error {
			return v.app.core.DeleteVendor(ctx, id, x.ID)
		})
	}
	x := v.sess.l.Inputs.Assets[v.cursor]
	return v.app.write(id, "the removal of "+x.Name, func(ctx context.Context) error {
		return v.app.core.DeleteAsset(ctx, id, x.ID)
	})
}

func required(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(what + " is needed")
		}
		return nil
	}
}

func validDate(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err != nil {
		return errors.New("use the form YYYY-MM-DD, such as 2025-03-31")
	}
	return nil
}

// edit opens the entry form over v.asset or v.vendor; saving adds or
// updates by id.
func (v *inventory) edit() tea.Cmd {
	id := v.sess.id
	if v.vendors {
		x := &v.vendor
		v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
			e := *x
			e.Name, e.BAADate = strings.TrimSpace(e.Name), strings.TrimSpace(e.BAADate)
			v.retry = true
			return v.app.write(id, "vendor "+e.Name, func(ctx context.Context) error {
				_, err := v.app.core.SaveVendor(ctx, id, e)
				return err
			})
		},
			huh.NewInput().Title("Vendor name").Value(&x.Name).Validate(required("a name")),
			huh.NewInput().Title("What they do for the practice").Value(&x.Service),
			huh.NewConfirm().Title("Do they create, receive, keep or send patient information?").Value(&x.HoldsEPHI),
			huh.NewConfirm().Title("Is a business associate agreement signed?").Value(&x.BAASigned),
			huh.NewInput().Title("Date the agreement was signed (YYYY-MM-DD)").Value(&x.BAADate).Validate(validDate),
			huh.NewInput().Title("Notes").Value(&x.Notes),
		).onlyIf(func() bool { return strings.TrimSpace(x.Name) != "" })
		return v.ov.form.Init()
	}
	x := &v.asset
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		e := *x
		e.Name = strings.TrimSpace(e.Name)
		v.retry = true
		return v.app.write(id, "asset "+e.Name, func(ctx context.Context) error {
			_, err := v.app.core.SaveAsset(ctx, id, e)
			return err
		})
	},
		huh.NewInput().Title("Name").Description("For example: front desk PC, billing laptop, EHR").Value(&x.Name).Validate(required("a name")),
		huh.NewSelect[string]().Title("Kind").Options(huh.NewOptions(questionnaire.AssetKinds...)...).Value(&x.Kind),
		huh.NewInput().Title("Where it is").Value(&x.Location),
		huh.NewInput().Title("Who looks after it").Value(&x.Owner),
		huh.NewConfirm().Title("Does it hold patient information?").Value(&x.HoldsEPHI),
		huh.NewSelect[assessment.Encryption]().Title("Is it encrypted at rest?").Options(
			huh.NewOption("Yes", assessment.EncryptionYes), huh.NewOption("No", assessment.EncryptionNo),
			huh.NewOption("Don't know", assessment.EncryptionUnknown)).Value(&x.Encrypted),
		huh.NewInput().Title("How (for example BitLocker, FileVault)").Value(&x.EncryptionNote),
		huh.NewInput().Title("Notes").Value(&x.Notes),
	).onlyIf(func() bool { return strings.TrimSpace(x.Name) != "" })
	return v.ov.form.Init()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (v *inventory) view(width, height int) string {
	if v.ov != nil {
		return v.ov.view(width, height)
	}
	th := v.app.th
	var b strings.Builder
	if v.confirm {
		b.WriteString(th.errText.Render(wrap("Remove this entry? (y/n)", width)) + "\n\n")
		height -= 2
	}
	if v.count() == 0 {
		what := "No assets listed yet. List every system, device and service that holds patient information: press a to add one."
		if v.vendors {
			what = "No vendors listed yet. List everyone outside the practice who handles patient information for it: press a to add one."
		}
		b.WriteString(wrap(what, width))
		return b.String()
	}
	var head []string
	var rows [][]string
	var widths []int
	if v.vendors {
		head, widths = []string{"Name", "Service", "ePHI", "Agreement"}, []int{0, 22, 5, 22}
		for _, x := range v.sess.l.Inputs.Vendors {
			baa := "NOT SIGNED"
			if x.BAASigned {
				baa = strings.TrimSpace("signed " + x.BAADate)
			}
			rows = append(rows, []string{x.Name, x.Service, yesNo(x.HoldsEPHI), baa})
		}
	} else {
		head, widths = []string{"Name", "Kind", "ePHI", "Encrypted", "Where"}, []int{0, 15, 5, 10, 16}
		for _, x := range v.sess.l.Inputs.Assets {
			rows = append(rows, []string{x.Name, x.Kind, yesNo(x.HoldsEPHI), string(x.Encrypted), x.Location})
		}
	}
	widths[0] = width - 2 - len(widths)
	for _, w := range widths[1:] {
		widths[0] -= w
	}
	line := func(cells []string) string {
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = pad(c, widths[i])
		}
		return strings.Join(parts, " ")
	}
	b.WriteString(th.heading.Render("  "+line(head)) + "\n")
	start, end := window(len(rows), v.cursor, height-1-strings.Count(b.String(), "\n"))
	for i := start; i < end; i++ {
		if i == v.cursor {
			b.WriteString(th.selected.Render("> "+line(rows[i])) + "\n")
		} else {
			b.WriteString("  " + line(rows[i]) + "\n")
		}
	}
	return b.String()
}
