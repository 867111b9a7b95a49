package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

// The choices of the cloud checks, in their order.
const (
	cloudSnapshot = iota
	cloudCheckNow
	cloudNoAWS
	cloudSkip
	cloudResults
	cloudBack
)

// cloud runs the AWS checks: from a snapshot file a consultant collected,
// or now with this computer's AWS sign-in; or records that the practice
// does not use AWS.
func (l *linear) cloud() error {
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		l.c.say("Cloud checks (AWS). The checks only read settings; nothing in the account changes.")
		runs := s.l.Inputs.Runs
		opts := []string{
			"Load a snapshot file a consultant collected",
			"Check now with this computer's AWS sign-in",
			"Record that the practice does not use AWS (takes AWS off the practice profile)",
			"Skip the cloud checks for now (recorded; the report lists unchecked AWS as an area for review)",
			"Read the results of the latest check",
			"Back to the main menu",
		}
		if len(runs) == 0 {
			l.c.say("No cloud check is recorded for this assessment yet.")
			opts[cloudResults] = ""
		} else {
			l.c.say("%s", runLine(runs[len(runs)-1], s.l.Inputs.Findings))
		}
		if !s.assessment().Profile.UsesService("aws") {
			l.c.say("The practice profile says the practice does not use AWS.")
			opts[cloudNoAWS] = ""
		}
		if d, ok := app.CloudDecision(s.l.Inputs.Reviews); ok && d.Key == app.CloudSkipped {
			l.c.say("Recorded: the cloud checks were skipped (%s, %s).", d.By, d.At.Format("2006-01-02"))
			opts[cloudSkip] = ""
		}
		i, err := l.c.choose(menu{title: "What next?", label: "Choice", options: opts, current: -1})
		if err != nil {
			return err
		}
		switch i {
		case cloudBack:
			return nil
		case cloudSnapshot:
			err = l.loadSnapshot()
		case cloudCheckNow:
			err = l.checkNow()
		case cloudNoAWS:
			err = l.noAWS()
		case cloudSkip:
			if err = l.save("the decision to skip the cloud checks", func(ctx context.Context) error {
				return l.a.core.SetCloudDecision(ctx, l.s.id, app.CloudSkipped)
			}); err == nil {
				l.c.say("Recorded: the cloud checks are skipped for now. The report lists AWS as an area for review until they run.")
			}
		case cloudResults:
			l.cloudResults(s)
		}
		if !l.settle(err) {
			return err
		}
		l.c.blank()
	}
}

func runLine(r app.ProbeRun, fs []assessment.Finding) string {
	return fmt.Sprintf("Latest check: account %s, %s, regions %s: %s.", r.AccountID, r.FinishedAt.Format("2006-01-02 15:04"),
		strings.Join(r.Regions, ", "), countsLine(app.Counts(fs)))
}

func countsLine(c map[assessment.Status]int) string {
	return fmt.Sprintf("%d pass, %d fail, %d error, %d not assessed",
		c[assessment.Pass], c[assessment.Fail], c[assessment.Error], c[assessment.NotAssessed])
}

// record stores a snapshot as a probe run and says what it found.
func (l *linear) record(snap *probes.Snapshot) error {
	var res *app.ProbeResult
	err := l.save("the cloud check", func(ctx context.Context) (err error) {
		res, err = l.a.core.RecordProbe(ctx, l.s.id, snap, nil, 0)
		return err
	})
	if err != nil {
		return err
	}
	l.c.say("Recorded the check of account %s: %s.", snap.AccountID, countsLine(res.Counts))
	if res.Drift != nil {
		for _, d := range app.DriftSentences(*res.Drift) {
			l.c.say("- %s", d)
		}
	}
	if v := res.Vendor; v != nil {
		l.c.say("The vendor list now records %s with the business associate agreement %s.", v.Name, map[bool]string{true: "accepted", false: "not accepted"}[v.BAASigned])
	}
	l.c.say("Choose 4 to read the results; the questions and risks use them from now on.")
	return nil
}

func (l *linear) loadSnapshot() error {
	return l.c.ask(text{label: "Snapshot file", required: true,
		help: "The JSON file saved with hipaarisk probe --snapshot-out. Type its path; a relative path starts in " + workDir() + ".",
		set: func(v string) error {
			path := strings.Trim(v, `"'`)
			snap, err := app.ReadSnapshot(path)
			if err != nil {
				return err
			}
			return l.record(snap)
		}})
}

func workDir() string {
	d, err := os.Getwd()
	if err != nil {
		return "the current folder"
	}
	return filepath.Clean(d)
}

// checkNow asks which account to read and reads it, saying how far it got.
func (l *linear) checkNow() error {
	p := cloudParams{Regions: "us-east-1"}
	keep := func(v *string) func(string) error { return func(s string) error { *v = s; return nil } }
	l.c.say("%s Whoever manages the account should give this sign-in read-only access: type ? at the next prompt to read the policy to give.", awsReadsExplanation)
	err := walk(
		func() error {
			return l.c.ask(text{label: "AWS profile", current: p.Profile, set: keep(&p.Profile),
				help: "The name of a profile in your AWS settings. Enter alone uses the default sign-in of this computer. " +
					"The sign-in needs only this read-only policy (hipaarisk probe --print-policy prints it too):\n" + strings.TrimRight(app.AWSPolicy(), "\n")})
		},
		func() error {
			return l.c.ask(text{label: "Regions, separated by commas, or all", current: p.Regions, required: true, set: keep(&p.Regions),
				help: "The AWS regions where the practice keeps anything, for example us-east-1."})
		},
		func() error {
			return l.c.ask(text{label: "Endpoint", current: p.Endpoint, set: keep(&p.Endpoint),
				help: "Only for a test endpoint; leave it empty for AWS."})
		},
	)
	if err != nil {
		return err
	}
	l.c.say("Checking the account. This can take a minute; Ctrl+C stops it and records nothing.")
	opts := p.options(l.a.opts.Version)
	var mu sync.Mutex
	said := 0
	opts.Progress = func(ev awscollect.Progress) {
		mu.Lock()
		defer mu.Unlock()
		// A line at each quarter: enough to know it is working, few
		// enough for a screen reader.
		if q := ev.Done * 4 / max(ev.Total, 1); q > said {
			said = q
			l.c.say("%d of %d reads done.", ev.Done, ev.Total)
		}
	}
	snap, err := l.a.collect(l.a.ctx, opts)
	if err != nil {
		if l.a.ctx.Err() != nil {
			return ErrInterrupted
		}
		return fmt.Errorf("the cloud check did not finish, nothing was recorded: %w", err)
	}
	return l.record(snap)
}

// noAWS records that the practice does not use AWS; that also takes AWS
// off the practice profile's cloud services.
func (l *linear) noAWS() error {
	l.c.say("The practice profile lists AWS among the cloud services the practice uses. Taking it off hides the AWS questions; recorded checks stay in the history.")
	yes, err := l.c.confirm("The practice does not use AWS", "", nil)
	if err != nil || !yes {
		return err
	}
	if err := l.save("the decision that AWS is not used", func(ctx context.Context) error {
		return l.a.core.SetCloudDecision(ctx, l.s.id, app.CloudNotUsed)
	}); err != nil {
		return err
	}
	l.c.say("Recorded: the practice does not use AWS.")
	return nil
}

// cloudResults says the latest check's findings, what needs action first,
// and what changed since the check before.
func (l *linear) cloudResults(s *session) {
	fs := s.l.Inputs.Findings
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
		l.c.say("%s: %d.", g.label, len(group))
		for _, f := range group {
			line := fmt.Sprintf("- %s: %s, %s. %s", g.label, f.Title, f.Resource, sentence(f.Reason))
			if f.ErrorCode != "" {
				line += " Error code " + f.ErrorCode + "."
			}
			if f.Suppressed != nil {
				line += " Accepted: " + sentence(f.Suppressed.Reason)
			}
			l.c.say("%s", line)
		}
	}
	if d := s.l.Drift; d != nil {
		l.c.say("Compared with the check of %s: %d new failures, %d fixed, %d still failing.",
			d.Baseline.At.Format("2006-01-02 15:04"), len(d.NewFailures), len(d.Fixed), len(d.StillFailing))
		for _, line := range app.DriftSentences(*d) {
			l.c.say("- %s", line)
		}
	}
}
