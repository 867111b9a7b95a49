// Package service holds the operations that the command line and the wizard
// share: loading an assessment and analysing it against the bank it was
// answered with, building and writing reports, and recording probe runs.
package service

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

// Service wires the store to the pure packages.
type Service struct {
	Store   *data.Store
	Version string           // tool version recorded in probe runs and reports
	Now     func() time.Time // nil: time.Now
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Loaded is an assessment's stored inputs with the bank they were answered
// against and the analysis derived from them.
type Loaded struct {
	Inputs   data.Inputs
	Bank     *questionnaire.Bank
	Analysis scoring.Analysis
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

// ScoringInput builds the pure scoring input from stored inputs.
func ScoringInput(in data.Inputs, bank *questionnaire.Bank, now time.Time) scoring.Input {
	return scoring.Input{
		Bank:      bank,
		Profile:   in.Assessment.Profile,
		Answers:   in.Answers,
		Assets:    in.Assets,
		Vendors:   in.Vendors,
		Findings:  probes.ApplySuppressions(in.Findings, suppressions(in), now),
		Overrides: in.Overrides,
		Tracking:  in.Tracking,
		Practices: in.Practices,
		Assessor:  in.Assessment.Assessor,
		Scope:     in.Assessment.Scope,
		Config:    scoring.DefaultConfig(),
		Now:       now,
	}
}

// suppressions are the assessment's recorded suppressions plus those a
// probe run applied from a file, which its stored findings carry. Applying
// them again at analysis time keeps both visible and lets expired ones stop.
func suppressions(in data.Inputs) []assessment.Suppression {
	sups := slices.Clone(in.Suppressions)
	for _, f := range in.Findings {
		if f.Suppressed != nil {
			sups = append(sups, *f.Suppressed)
		}
	}
	return sups
}

// Load reads an assessment and analyses it.
func (s *Service) Load(ctx context.Context, id int64) (*Loaded, error) {
	in, err := s.Store.LoadInputs(ctx, id)
	if err != nil {
		return nil, err
	}
	bank, err := BankFor(in.Assessment)
	if err != nil {
		return nil, err
	}
	return &Loaded{Inputs: in, Bank: bank, Analysis: scoring.Analyze(ScoringInput(in, bank, s.now()))}, nil
}
