// Package app holds the use cases that the command line and the wizard
// share: opening the assessment file, reading an assessment and analysing it
// against the bank it was answered with, recording answers, inventories and
// decisions, recording probe runs, comparing them, and building and writing
// reports. It owns the store; callers never reach it directly.
package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// Errors the callers map to messages and exit codes. Test for them with
// errors.Is.
var (
	ErrNotFound     = data.ErrNotFound
	ErrFinalized    = data.ErrFinalized
	ErrBusy         = data.ErrBusy
	ErrNotHipaarisk = data.ErrNotHipaarisk
	ErrNewerSchema  = data.ErrNewerSchema
	ErrInvalid      = data.ErrInvalid
	ErrCorrupt      = data.ErrCorrupt
	ErrNotWritable  = data.ErrNotWritable
	ErrDiskFull     = data.ErrDiskFull
)

// Stored records, as the store returns them.
type (
	// Inputs is everything stored for one assessment.
	Inputs = data.Inputs
	// AssessmentSummary is an assessment with the figures a list shows.
	AssessmentSummary = data.AssessmentSummary
	// ProbeRun is one recorded run of the probes.
	ProbeRun = data.ProbeRun
	// AuditEntry is one row of an assessment's audit log.
	AuditEntry = data.AuditEntry
	// AuditCheck is the result of verifying an audit log.
	AuditCheck = data.AuditCheck
	// Integrity is the whole verification of an assessment's stored data.
	Integrity = data.Integrity
)

// NewAssessment is what a new assessment starts with. An empty
// BankVersion means the current question bank.
type NewAssessment struct {
	Practice, Assessor, Scope string
	Profile                   assessment.Profile
	BankVersion               string
}

// Options configure Open.
type Options struct {
	// Actor is who is recorded as making each change; empty means the
	// operating-system user.
	Actor string
	// Version is the tool version recorded in reports.
	Version string
	// Now is the clock of every recorded and evaluated time; nil means
	// time.Now.
	Now func() time.Time
	// BusyTimeout is how long a write waits for another process writing
	// the same file (0: the store's default).
	BusyTimeout time.Duration
	// ReadOnly opens an existing, up-to-date file for reading only (a
	// read-only disk or a shared folder); every change then fails with
	// ErrNotWritable.
	ReadOnly bool
}

// App is an open assessment file and what the use cases need around it.
// It is safe for concurrent use.
type App struct {
	st      *data.Store
	version string
	now     func() time.Time
}

// DefaultPath is the per-user assessment file.
func DefaultPath() (string, error) { return data.DefaultPath() }

// Open opens (creating or upgrading when needed) the assessment file at
// path.
func Open(ctx context.Context, path string, opts Options) (*App, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	var dopts []data.Option
	if opts.Actor != "" {
		dopts = append(dopts, data.WithActor(opts.Actor))
	}
	if opts.Now != nil {
		dopts = append(dopts, data.WithClock(opts.Now))
	}
	if opts.BusyTimeout > 0 {
		dopts = append(dopts, data.WithBusyTimeout(opts.BusyTimeout))
	}
	open := data.Open
	if opts.ReadOnly {
		open = data.OpenReadOnly
	}
	st, err := open(ctx, path, dopts...)
	if err != nil {
		return nil, err
	}
	return &App{st: st, version: opts.Version, now: now}, nil
}

// Close releases the file.
func (a *App) Close() error { return a.st.Close() }

// Path is the absolute path of the assessment file.
func (a *App) Path() string { return a.st.Path() }

// Actor is who is recorded as making changes when the actor was named
// (--as), or when an assessment names no assessor: then the login name.
func (a *App) Actor() string { return a.st.Actor() }

// ActorNamed reports whether the actor was named (--as or
// HIPAARISK_ACTOR) rather than taken from the login.
func (a *App) ActorNamed() bool { return a.st.ActorNamed() }

// ActorFor is who changes to assessment as are recorded as made by: the
// named actor, else its assessor, else the login name.
func (a *App) ActorFor(as assessment.Assessment) string { return a.st.ActorFor(as.Assessor) }

// Version is the tool version recorded in reports.
func (a *App) Version() string { return a.version }

// Loaded is an assessment's stored inputs with the bank they were answered
// against and what is derived from them: the analysis, and the comparison
// of the newest probe run with its baseline (nil when there is none).
type Loaded struct {
	Inputs   Inputs
	Bank     *questionnaire.Bank
	Analysis scoring.Analysis
	Drift    *probes.Drift
}

// BankFor returns the question bank an assessment was answered with.
func BankFor(a assessment.Assessment) (*questionnaire.Bank, error) {
	if a.BankVersion == "" {
		return questionnaire.Load()
	}
	b, err := questionnaire.LoadVersion(a.BankVersion)
	if err != nil {
		return nil, fmt.Errorf("assessment %d: %w", a.ID, err)
	}
	return b, nil
}

// scoringInput builds the pure scoring input from stored inputs.
func scoringInput(in Inputs, bank *questionnaire.Bank, now time.Time) scoring.Input {
	return scoring.Input{
		Bank:      bank,
		Profile:   in.Assessment.Profile,
		Answers:   Answered(in.Answers),
		Assets:    in.Assets,
		Vendors:   in.Vendors,
		Findings:  probes.ApplySuppressions(in.Findings, suppressions(in), now),
		Overrides: in.Overrides,
		Tracking:  in.Tracking,
		Practices: in.Practices,
		Assessor:  in.Assessment.Assessor,
		Scope:     in.Assessment.Scope,
		Config:    scoring.DefaultConfig(),
		// The practice's recorded risk tolerance; unset means the default.
		RiskTolerance: in.Assessment.RiskTolerance,
		Now:           now,
	}
}

// Answered are the answers that give a value: a question that was only
// noted or flagged (an answer row with the empty value) is not answered.
func Answered(all map[string]assessment.Answer) map[string]assessment.Answer {
	out := make(map[string]assessment.Answer, len(all))
	for id, a := range all {
		if a.Value != "" {
			out[id] = a
		}
	}
	return out
}

// suppressions are the assessment's recorded suppressions plus those a
// probe run applied from a file, which its stored findings carry. Applying
// them again at analysis time keeps both visible and lets expired ones stop.
func suppressions(in Inputs) []assessment.Suppression {
	sups := slices.Clone(in.Suppressions)
	for _, f := range in.Findings {
		if f.Suppressed != nil {
			sups = append(sups, *f.Suppressed)
		}
	}
	return sups
}

// analyse derives everything Loaded holds from stored inputs.
func analyse(in Inputs, now time.Time) (*Loaded, error) {
	bank, err := BankFor(in.Assessment)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Inputs: in, Bank: bank, Analysis: scoring.Analyze(scoringInput(in, bank, now))}
	if n := len(in.Runs); n > 0 {
		if l.Drift, err = RunDrift(in, in.Runs[n-1].ID); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Load reads an assessment in one transaction and analyses it.
func (a *App) Load(ctx context.Context, id int64) (*Loaded, error) {
	in, err := a.st.LoadInputs(ctx, id)
	if err != nil {
		return nil, err
	}
	return analyse(in, a.now())
}
