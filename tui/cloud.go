package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

// cloudParams say which AWS account to read and how.
type cloudParams struct {
	Profile, Regions, Endpoint string
}

// collectFunc reads an account into a snapshot (app.CollectAWS; tests
// replace it).
type collectFunc func(ctx context.Context, opts awscollect.Options) (*probes.Snapshot, error)

// options turns the entered parameters into collector options.
func (p cloudParams) options(version string) awscollect.Options {
	var regions []string
	for _, r := range strings.Split(p.Regions, ",") {
		if r = strings.TrimSpace(r); r != "" && !strings.EqualFold(r, "all") {
			regions = append(regions, r)
		}
	}
	return awscollect.Options{Profile: strings.TrimSpace(p.Profile), Regions: regions, EndpointURL: strings.TrimSpace(p.Endpoint), ToolVersion: version}
}

// progressMsg carries one progress event and the channel to read the next.
type progressMsg struct {
	ev awscollect.Progress
	ch <-chan tea.Msg
}

// waitFor reads the next message of a running probe.
func waitFor(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		return m
	}
}

// runProbe returns the commands of one probe run: the run itself, which
// collects the account, records the run (with the AWS vendor entry) and
// reloads the assessment, and the reader of its progress. Nothing starts
// until bubbletea runs the commands; progress events arrive through a
// channel that the run closes when it ends, read one at a time by waitFor.
func (a *wizard) runProbe(id int64, p cloudParams) tea.Cmd {
	ch := make(chan tea.Msg, 16)
	run := func() tea.Msg {
		defer close(ch)
		opts := p.options(a.opts.Version)
		opts.Progress = func(ev awscollect.Progress) {
			select {
			case ch <- progressMsg{ev: ev, ch: ch}:
			case <-a.ctx.Done():
			}
		}
		snap, err := a.collect(a.ctx, opts)
		if err != nil {
			return probeFailedMsg{err: err}
		}
		return a.recordSnapshot(id, snap)
	}
	return tea.Batch(run, waitFor(ch))
}

// recordSnapshot records a snapshot as a probe run and reloads the
// assessment.
func (a *wizard) recordSnapshot(id int64, snap *probes.Snapshot) tea.Msg {
	if _, err := a.core.RecordProbe(a.ctx, id, snap, nil, 0); err != nil {
		return probeFailedMsg{err: fmt.Errorf("record the cloud check: %w", err)}
	}
	l, err := a.core.Load(a.ctx, id)
	if err != nil {
		return probeFailedMsg{err: fmt.Errorf("reload after the cloud check: %w", err)}
	}
	return savedMsg{what: "the cloud check results", l: l}
}

// cloud runs the AWS checks and shows their results, the drift since the
// previous run and the shared-responsibility table.
type cloud struct {
	app    *wizard
	sess   *session
	params cloudParams
	formHost
	width    int
	running  bool
	progress map[string]string // "service in region" → state
	done     int               // reads finished, of total
	total    int
	pane     int
	scroll   int
	// choice is the cursor on the three ways to check; explain shows what
	// a check reads and the policy to give before the check starts.
	choice  int
	explain bool
	file    string
}

const (
	paneResults = iota
	paneDrift
	paneShared
	panes
	// paneChoices offers the ways to check (not reached with tab).
	paneChoices = -1
)

var paneNames = []string{"Results", "Changes since last run", "Who does what (shared responsibility)"}

func newCloud(a *wizard, s *session) *cloud {
	c := &cloud{app: a, sess: s, params: cloudParams{Regions: "us-east-1"}}
	if len(s.l.Inputs.Runs) == 0 {
		c.pane = paneChoices
	}
	return c
}

func (v *cloud) title() string  { return "Cloud checks (AWS)" }
func (v *cloud) flush() tea.Cmd { return nil } // parameters are not assessment data

func (v *cloud) bindings() []key.Binding {
	switch {
	case v.ov != nil:
		return overlayKeys
	case v.explain:
		return []key.Binding{keys.Up, keys.Down, withHelp(keys.Enter, "continue"), withHelp(keys.Back, "choices")}
	case v.running:
		return []key.Binding{keys.Up, keys.Down}
	case v.choosing():
		return []key.Binding{keys.Up, keys.Down, withHelp(keys.Enter, "choose"), withHelp(keys.Run, "check now"), keys.LoadFile,
			keys.Skip, withHelp(keys.Back, "assessments")}
	}
	return []key.Binding{keys.Up, keys.Down, withHelp(keys.Tab, "next view"), keys.Run, keys.LoadFile,
		withHelp(keys.Skip, "other choices"), withHelp(keys.Back, "assessments")}
}

// choosing is true while the three ways to check are offered: before any
// run, unless the user chose to see the results pane.
func (v *cloud) choosing() bool {
	return len(v.sess.l.Inputs.Runs) == 0 && v.pane == paneChoices
}

func (v *cloud) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.width = msg.Width
	case progressMsg:
		if v.running {
			v.progress[msg.ev.Service+" in "+msg.ev.Region] = "read"
			v.done, v.total = msg.ev.Done, msg.ev.Total
		}
		return v, nil
	case savedMsg:
		if v.running {
			v.running, v.pane, v.scroll = false, paneResults, 0
		}
		return v, nil
	case probeFailedMsg:
		v.running = false
		return v, func() tea.Msg { return statusMsg{text: plainCloudError(msg), err: true} }
	}
	if cmd, ok := v.updateForm(msg); ok {
		return v, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	if v.running {
		return v, v.scrollKey(k)
	}
	if v.explain || v.choosing() {
		return v, v.chooseKey(k)
	}
	switch {
	case key.Matches(k, keys.Tab):
		v.pane, v.scroll = (v.pane+1)%panes, 0
	case key.Matches(k, keys.Run):
		v.explain, v.scroll = true, 0
	case key.Matches(k, keys.LoadFile):
		return v, v.askFile()
	case key.Matches(k, keys.Skip):
		v.pane, v.scroll = paneChoices, 0
	case key.Matches(k, keys.Back):
		return v, goHome
	default:
		return v, v.scrollKey(k)
	}
	return v, nil
}

func (v *cloud) scrollKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, keys.Up):
		v.scroll = max(v.scroll-1, 0)
	case key.Matches(k, keys.Down):
		v.scroll++
	}
	return nil
}

func (v *cloud) askParams() tea.Cmd {
	id := v.sess.id
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		v.running, v.progress, v.done, v.total = true, map[string]string{}, 0, 0
		return v.app.runProbe(id, v.params)
	},
		huh.NewInput().Title("AWS profile").Description("Empty: the default credentials.").Value(&v.params.Profile),
		huh.NewInput().Title("Regions").Description("Comma-separated, or \"all\".").Value(&v.params.Regions).Validate(required("at least one region")),
		huh.NewInput().Title("Endpoint").Description("Only for a test endpoint; leave empty for AWS.").Value(&v.params.Endpoint),
	)
	return v.ov.form.Init()
}

// statusOrder is how results are grouped: what needs action first.
var statusOrder = []struct {
	s     assessment.Status
	label string
}{
	{assessment.Fail, "FAIL"}, {assessment.Error, "ERROR"}, {assessment.NotAssessed, "NOT ASSESSED"}, {assessment.Pass, "PASS"},
}

func (v *cloud) view(width, height int) string {
	if v.ov != nil {
		return v.ov.view(width, height)
	}
	th := v.app.th
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	if v.explain {
		return strings.Join(scrollLines(v.explanation(width), v.scroll, height), "\n")
	}
	if v.choosing() && !v.running {
		return strings.Join(scrollLines(v.choices(width), v.scroll, height), "\n")
	}
	if v.running {
		add(th.heading.Render(wrap(fmt.Sprintf("Checking… %d of %d reads done. Ctrl+C stops; nothing is recorded until the run finishes.", v.done, v.total), width)))
		keys := make([]string, 0, len(v.progress))
		for k := range v.progress {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			add(fmt.Sprintf("  %-32s %s", k, v.progress[k]))
		}
		return strings.Join(scrollLines(lines, v.scroll, height), "\n")
	}
	var tabs []string
	for i, n := range paneNames {
		if i == v.pane {
			n = th.selected.Render("[" + n + "]")
		}
		tabs = append(tabs, n)
	}
	add(wrap(strings.Join(tabs, "  "), width))
	add("")
	switch v.pane {
	case paneResults:
		v.results(width, add)
	case paneDrift:
		v.drift(width, add)
	case paneShared:
		v.shared(width, add)
	}
	return strings.Join(scrollLines(lines, v.scroll, height), "\n")
}

func (v *cloud) results(width int, add func(string)) {
	runs := v.sess.l.Inputs.Runs
	fs := v.sess.l.Inputs.Findings
	if len(runs) == 0 {
		add(wrap("No cloud check has run for this assessment. Press r to check an AWS account, l to load a file a consultant collected.", width))
		return
	}
	last := runs[len(runs)-1]
	add(wrap(fmt.Sprintf("Account %s, checked %s in %s.", last.AccountID, last.FinishedAt.Format("2006-01-02 15:04"), strings.Join(last.Regions, ", ")), width))
	for _, g := range statusOrder {
		var group []assessment.Finding
		for _, f := range fs {
			if f.Status == g.s {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		add("")
		add(v.app.th.heading.Render(fmt.Sprintf("%s (%d)", g.label, len(group))))
		for _, f := range group {
			head := fmt.Sprintf("[%s] %s — %s (%s)", g.label, f.Title, f.Resource, f.Region)
			if f.Suppressed != nil {
				head += " · accepted: " + f.Suppressed.Reason
			}
			add(indent(head, 2, width))
			ev := f.Reason
			if f.ErrorCode != "" {
				ev += " (" + f.ErrorCode + ")"
			}
			add(indent(ev, 6, width))
		}
	}
}

func (v *cloud) drift(width int, add func(string)) {
	d := v.sess.l.Drift
	if d == nil {
		add(wrap("There is nothing to compare yet: changes show once the same account has been checked twice.", width))
		return
	}
	add(wrap(fmt.Sprintf("Compared with the run of %s: %d new failure(s), %d fixed, %d still failing.",
		d.Baseline.At.Format("2006-01-02 15:04"), len(d.NewFailures), len(d.Fixed), len(d.StillFailing)), width))
	for _, s := range app.DriftSentences(*d) {
		add(indent("• "+s, 2, width))
	}
}

var controlLabels = map[string]string{"met": "MET", "not_met": "NOT MET", "not_assessed": "NOT ASSESSED", "unknown": "UNKNOWN"}

func (v *cloud) shared(width int, add func(string)) {
	sr := v.sess.l.Analysis.SharedResponsibility
	if len(sr) == 0 {
		add(wrap("No cloud services in use, or none checked yet.", width))
		return
	}
	for _, s := range sr {
		add(v.app.th.heading.Render(s.Name))
		add(indent("AWS operates: "+strings.Join(s.AWSOperates, "; "), 2, width))
		for _, c := range s.Practice {
			add(indent(fmt.Sprintf("Practice: %s — %s", c.Control, controlLabels[string(c.Status)]), 2, width))
		}
		add("")
	}
}
