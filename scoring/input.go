// Package scoring turns an assessment's stored inputs into its risk analysis
// and risk management plan. Everything here is a pure function: no I/O, no
// clock, no globals; time is passed in.
package scoring

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Input is everything an analysis is derived from.
type Input struct {
	Bank      *questionnaire.Bank
	Profile   assessment.Profile
	Answers   map[string]assessment.Answer // by question id
	Assets    []assessment.Asset
	Vendors   []assessment.Vendor
	Findings  []assessment.Finding // latest run's findings, suppressions applied
	Overrides []assessment.Override
	Tracking  []assessment.Tracking
	// RiskTolerance is the highest level the practice accepts without
	// action; LevelUnset means DefaultRiskTolerance.
	RiskTolerance assessment.Level
	// Practices are the recognized security frameworks the practice
	// follows.
	Practices []assessment.RecognizedPractice
	// Assessor and Scope are the assessment's details; finalising needs
	// both.
	Assessor, Scope string
	Config          Config
	Now             time.Time
}

// DefaultRiskTolerance is the risk tolerance of a practice that has not
// recorded one: risks rated Low or Very Low are accepted without action.
const DefaultRiskTolerance = assessment.Low

// Config holds the tunable parts of the plan.
type Config struct {
	// DueDays is the suggested number of days to remediate a risk of each
	// level, counted from Input.Now.
	DueDays map[assessment.Level]int `json:"dueDays"`
}

// DefaultConfig: Very High 30 days, High 60, Moderate 90, Low 180, Very Low 365.
func DefaultConfig() Config {
	return Config{DueDays: map[assessment.Level]int{
		assessment.VeryHigh: 30, assessment.High: 60, assessment.Moderate: 90,
		assessment.Low: 180, assessment.VeryLow: 365,
	}}
}
