package tui

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

// probeFailedMsg reports a cloud check or snapshot that could not be
// recorded; nothing was stored.
type probeFailedMsg struct {
	err   error
	plain string // the message in plain words, when already worded
}

// plainCloudError says in plain words what went wrong with a cloud check
// and what to do next.
func plainCloudError(msg probeFailedMsg) string {
	if msg.plain != "" {
		return msg.plain
	}
	err := msg.err
	alt := " Or load a file a consultant collected (l), or skip the cloud checks for now (s)."
	switch {
	case errors.Is(err, awscollect.ErrNoCredentials):
		return "This computer is not signed in to AWS, so nothing was checked. Next step: ask whoever manages your AWS account " +
			"to give you read-only access (r shows the policy to give them) and to sign this computer in." + alt
	case errors.Is(err, awscollect.ErrBadCredentials):
		return "AWS refused this computer's sign-in: it has expired or is wrong. Next step: sign in again " +
			"(for example with aws sso login) and press r." + alt
	case errors.Is(err, awscollect.ErrNetwork):
		return "AWS could not be reached. Next step: check the internet connection and press r again." + alt
	case errors.Is(err, awscollect.ErrNotReadOnly):
		return "The check stopped because it was about to do more than read: nothing was changed. Please report this." + alt
	case errors.Is(err, context.Canceled):
		return "The cloud check was stopped; nothing was recorded."
	}
	return "The cloud check did not finish, so nothing was recorded (" + err.Error() + ")." + alt
}

// cloudChoices are the ways to deal with the cloud checks, in order.
var cloudChoices = []struct{ title, detail string }{
	{"Check now with this computer's AWS sign-in", "Reads the account's settings; changes nothing."},
	{"Load a file a consultant collected", "The file made with hipaarisk probe --snapshot-out."},
	{"We do not use AWS", "Recorded with the assessment and printed in the report."},
	{"Skip the cloud checks for now", "Recorded; the report lists unchecked AWS as an area for review."},
}

func (v *cloud) choices(width int) []string {
	th := v.app.th
	lines := wrapLines(th.heading.Render("How should the practice's AWS account be checked?"), width)
	lines = append(lines, wrapLines("hipaarisk can read the settings of an Amazon Web Services account and check them against the Security Rule.", width)...)
	lines = append(lines, "")
	if d, ok := app.CloudDecision(v.sess.l.Inputs.Reviews); ok {
		what := "AWS is not used"
		if d.Key == app.CloudSkipped {
			what = "the cloud checks are skipped for now"
		}
		lines = append(lines, wrapLines(th.okText.Render("Recorded: "+what+" ("+d.By+", "+d.At.Format("2006-01-02")+")."), width)...)
		lines = append(lines, "")
	}
	items := make([][]string, len(cloudChoices))
	for i, c := range cloudChoices {
		items[i] = append(cells("", c.title, width-2), cells("  ", th.faint.Render(c.detail), width-2)...)
	}
	return append(lines, rows(items, v.choice, len(items)*2, th.selected.Render)...)
}

// explanation is shown before a check: what is read, and the policy to
// give to whoever manages the account.
// awsReadsExplanation tells a non-expert what checking with this
// computer's AWS sign-in reads, in both the full-screen and the linear mode.
const awsReadsExplanation = "The check uses the AWS sign-in already set up on this computer (for example with aws configure " +
	"or aws sso login). It only reads settings: who can sign in and how, encryption of storage and databases, logging, " +
	"backups and whether they are kept apart and tested, network exposure and firewalls, how servers are patched and scanned " +
	"for known weaknesses, what is shared outside the account, whether anything looks for patient data in storage, and " +
	"whether the AWS business associate addendum is accepted. It reads no patient data and changes nothing."

func (v *cloud) explanation(width int) []string {
	th := v.app.th
	var lines []string
	lines = append(lines, wrapLines(th.heading.Render("Checking with this computer's AWS sign-in"), width)...)
	lines = append(lines, wrapLines(awsReadsExplanation+" Whoever manages the account should give this sign-in read-only access with the policy below.", width)...)
	lines = append(lines, "", th.heading.Render("Policy to give (read-only)"))
	lines = append(lines, strings.Split(strings.TrimRight(app.AWSPolicy(), "\n"), "\n")...)
	lines = append(lines, "", th.faint.Render("Press enter to continue, esc to go back."))
	return lines
}

// chooseKey handles the keys of the choices and of the explanation.
func (v *cloud) chooseKey(k tea.KeyMsg) tea.Cmd {
	if v.explain {
		switch {
		case key.Matches(k, keys.Enter):
			v.explain = false
			return v.askParams()
		case key.Matches(k, keys.Back):
			v.explain, v.scroll = false, 0
		default:
			return v.scrollKey(k)
		}
		return nil
	}
	switch {
	case key.Matches(k, keys.Run):
		v.explain, v.scroll = true, 0
	case key.Matches(k, keys.LoadFile):
		return v.askFile()
	case key.Matches(k, keys.Skip):
		return v.decide(app.CloudSkipped, "that the cloud checks are skipped")
	case key.Matches(k, keys.Up):
		v.choice = moveCursor(v.choice, len(cloudChoices), -1)
	case key.Matches(k, keys.Down):
		v.choice = moveCursor(v.choice, len(cloudChoices), 1)
	case key.Matches(k, keys.Back):
		if len(v.sess.l.Inputs.Runs) > 0 {
			v.pane = paneResults
			return nil
		}
		return goHome
	case key.Matches(k, keys.Enter):
		switch v.choice {
		case 0:
			v.explain, v.scroll = true, 0
		case 1:
			return v.askFile()
		case 2:
			return v.decide(app.CloudNotUsed, "that AWS is not used")
		case 3:
			return v.decide(app.CloudSkipped, "that the cloud checks are skipped")
		}
	}
	return nil
}

func (v *cloud) decide(decision, what string) tea.Cmd {
	id := v.sess.id
	return v.app.write(id, "the decision "+what, func(ctx context.Context) error {
		return v.app.core.SetCloudDecision(ctx, id, decision)
	})
}

// askFile asks for the snapshot file and records it as a probe run.
func (v *cloud) askFile() tea.Cmd {
	id := v.sess.id
	v.ov = newOverlay(v.app.th, v.width, func() tea.Cmd {
		path := strings.TrimSpace(v.file)
		v.running, v.progress, v.done, v.total = true, map[string]string{}, 0, 0
		return func() tea.Msg {
			snap, err := app.ReadSnapshot(path)
			if err != nil {
				return probeFailedMsg{err: err, plain: "That file could not be used, so nothing was recorded (" + err.Error() +
					"). Next step: check the path, or ask the consultant for the file made with hipaarisk probe --snapshot-out."}
			}
			return v.app.recordSnapshot(id, snap)
		}
	},
		huh.NewInput().Title("File a consultant collected").
			Description("The path of the snapshot file (hipaarisk probe --snapshot-out).").
			Value(&v.file).Validate(required("the file's path")),
	)
	return v.ov.form.Init()
}
