package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
)

type exportedMsg struct {
	path string
	err  error
}

// summary shows where the assessment stands and exports the report.
type summary struct {
	app    *wizard
	sess   *session
	scroll int
	width  int
	formHost
	// export choices, kept for a retry
	format, path, signer, signerTitle string
	written                           string
	// confirming asks whether to finalize; digest is what finalizing
	// recorded.
	confirming bool
	digest     string
}

func newSummary(a *wizard, s *session) *summary { return &summary{app: a, sess: s, format: "pdf"} }

func (v *summary) title() string  { return "Summary" }
func (v *summary) flush() tea.Cmd { return nil } // export choices are not assessment data

func (v *summary) bindings() []key.Binding {
	switch {
	case v.ov != nil:
		return overlayKeys
	case v.confirming:
		return []key.Binding{withHelp(keys.Confirm, "yes, finalize"), withHelp(keys.Cancel, "not now")}
	}
	b := []key.Binding{keys.Up, keys.Down, withHelp(keys.Export, "export report")}
	if v.sess.assessment().Status != assessment.Final {
		b = append(b, keys.Finalize)
	}
	return append(b, withHelp(keys.Back, "assessments"))
}

func (v *summary) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.width = msg.Width
	case exportedMsg:
		if msg.err != nil {
			return v, tea.Batch(v.openExport(), func() tea.Msg {
				return statusMsg{text: "The report was not written: " + msg.err.Error(), err: true}
			})
		}
		v.written = msg.path
		return v, func() tea.Msg { return statusMsg{text: "Report written to " + msg.path} }
	case finalizedMsg:
		if msg.l == nil && msg.err != nil {
			return v, nav(newRefusal(v.app, v.sess, msg.err))
		}
		v.digest = msg.digest
		return v, func() tea.Msg { return savedMsg{what: "the final assessment", l: msg.l, err: msg.err} }
	}
	if cmd, ok := v.updateForm(msg); ok {
		return v, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	if v.confirming {
		v.confirming = false
		if key.Matches(k, keys.Confirm) {
			return v, v.app.finalize(v.sess.id)
		}
		return v, nil
	}
	switch {
	case key.Matches(k, keys.Finalize) && v.sess.assessment().Status != assessment.Final:
		v.confirming, v.scroll = true, 0
	case key.Matches(k, keys.Up):
		v.scroll = max(v.scroll-1, 0)
	case key.Matches(k, keys.Down):
		v.scroll++
	case key.Matches(k, keys.Export):
		a := v.sess.assessment()
		if v.path == "" {
			format, _ := splitFormat(v.format)
			v.path = app.ReportFileName(a.Practice, format, a)
			v.signer = a.Assessor
		}
		return v, v.openExport()
	case key.Matches(k, keys.Back):
		return v, goHome
	}
	return v, nil
}

// exportFormats are offered in this order; a CSV choice names its table
// after a colon.
var exportFormats = []huh.Option[string]{
	huh.NewOption("PDF report", "pdf"), huh.NewOption("Markdown", "md"), huh.NewOption("JSON", "json"),
	huh.NewOption("CSV: risk register", "csv:risks"), huh.NewOption("CSV: risk management plan", "csv:plan"),
	huh.NewOption("CSV: cloud findings", "csv:findings"), huh.NewOption("CSV: questions and answers", "csv:answers"),
}

// splitFormat splits an export choice into the writer's format and the CSV
// table.
func splitFormat(choice string) (format, table string) {
	format, table, _ = strings.Cut(choice, ":")
	return format, table
}

func (v *summary) openExport() tea.Cmd {
	id := v.sess.id
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		format, table := splitFormat(v.format)
		path := strings.TrimSpace(v.path)
		if e := extOf(path); isExportExt(e) && e != format {
			path = strings.TrimSuffix(path, e) + format
		}
		v.path = path
		sign := export.SignOff{Name: strings.TrimSpace(v.signer), Title: strings.TrimSpace(v.signerTitle)}
		return func() tea.Msg {
			p, err := v.app.core.WriteReport(v.app.ctx, id, format, export.Options{Table: table}, sign, path, false)
			return exportedMsg{path: p, err: err}
		}
	},
		huh.NewSelect[string]().Title("Format").Options(exportFormats...).Value(&v.format),
		huh.NewInput().Title("File").Description("A new name or folder path; the extension follows the format.").Value(&v.path),
		huh.NewInput().Title("Signed off by").Value(&v.signer),
		huh.NewInput().Title("Their title").Value(&v.signerTitle),
	)
	return v.ov.form.Init()
}

func extOf(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[i+1:]
	}
	return ""
}

func isExportExt(e string) bool {
	for _, f := range export.Formats {
		if e == f {
			return true
		}
	}
	return false
}

// bar draws n as a row of # scaled to width, labelled with the number.
func bar(n, most, width int) string {
	if most == 0 {
		return fmt.Sprintf("%3d", n)
	}
	w := n * width / most
	if n > 0 && w == 0 {
		w = 1
	}
	return fmt.Sprintf("%3d %s", n, strings.Repeat("#", w))
}

func (v *summary) view(width, height int) string {
	if v.ov != nil {
		return v.ov.view(width, height)
	}
	th := v.app.th
	an := v.sess.l.Analysis
	s := an.Summary
	var lines []string
	add := func(x string) { lines = append(lines, strings.Split(x, "\n")...) }
	if v.confirming {
		add(th.heading.Render("Finalize this assessment?"))
		add(wrap(finalizeText, width))
		add("")
		add(th.errText.Render("Press y to finalize, n or esc to keep working."))
		return strings.Join(scrollLines(lines, 0, height), "\n")
	}
	if as := v.sess.assessment(); as.Status == assessment.Final {
		add(th.okText.Render(wrap("Final since "+as.FinalizedAt.Format("2006-01-02")+": locked as the record of this risk analysis.", width)))
		digest := as.Digest
		if digest == "" {
			digest = v.digest
		}
		add(wrap("Digest of its inputs (SHA-256): "+digest, width))
		add("")
	}
	add(th.heading.Render("Completeness"))
	add(wrap(fmt.Sprintf("%d of %d applicable questions answered (%.0f%%); %d areas for review.",
		s.Completeness.Answered, s.Completeness.Applicable, s.Completeness.Percent, len(an.Completeness.Review)), width))
	add("")
	add(th.heading.Render(fmt.Sprintf("Risks by level (%d in all)", s.Risks)))
	most := 0
	for _, lc := range s.ByLevel {
		most = max(most, lc.Count)
	}
	for _, lc := range s.ByLevel {
		add(pad(lc.Level.String(), 10) + " " + bar(lc.Count, most, max(width-16, 1)))
	}
	if len(s.TopRisks) > 0 {
		add("")
		add(th.heading.Render("Top risks"))
		for i, r := range s.TopRisks {
			if i == 5 {
				break
			}
			add(indent(fmt.Sprintf("%s: %s / %s", r.Level, r.Threat, r.Vulnerability), 2, width))
		}
	}
	add("")
	add(th.heading.Render("Compliance by safeguard (citations met / partly / not met / n.a. / unanswered)"))
	for _, sg := range s.Safeguards {
		add(fmt.Sprintf("  %-15s %d / %d / %d / %d / %d of %d", sg.Safeguard, sg.Met, sg.PartiallyMet, sg.NotMet, sg.NotApplicable, sg.NotAnswered, sg.Citations))
	}
	if len(an.Conflicts) > 0 {
		add("")
		add(th.errText.Render(fmt.Sprintf("CONFLICTS between answers and cloud checks: %d", len(an.Conflicts))))
		for _, c := range an.Conflicts {
			add(indent("• "+c.Detail, 2, width))
		}
	}
	if s.MissingBAAs > 0 {
		add("")
		add(th.errText.Render(wrap(fmt.Sprintf("%d vendor(s) hold patient information without a signed agreement.", s.MissingBAAs), width)))
	}
	if s.SafeHarbor != "" {
		add("")
		add(wrap(s.SafeHarbor, width))
	}
	if s.NextReview != "" {
		add(wrap("Next review due: "+s.NextReview, width))
	}
	if v.written != "" {
		add("")
		add(th.okText.Render(wrap("Report written to "+v.written, width)))
	}
	return strings.Join(scrollLines(lines, v.scroll, height), "\n")
}
