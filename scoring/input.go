// Package scoring turns an assessment's stored inputs into its risk analysis
// and risk management plan. Everything here is a pure function: no I/O, no
// clock, no globals; time is passed in.
package scoring

import (
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Override is a user's decision to set a risk's likelihood and/or impact,
// with the mandatory reason. A LevelUnset field keeps the default.
type Override struct {
	RiskID     string              `json:"riskId"`
	Likelihood questionnaire.Level `json:"likelihood,omitempty"`
	Impact     questionnaire.Level `json:"impact,omitempty"`
	Reason     string              `json:"reason"`
	By         string              `json:"by,omitempty"`
	At         time.Time           `json:"at,omitzero"`
}

// PlanStatus is the state of a remediation item.
type PlanStatus string

const (
	Todo       PlanStatus = "todo"
	InProgress PlanStatus = "in_progress"
	Done       PlanStatus = "done"
	Accepted   PlanStatus = "accepted" // risk accepted instead of remediated
)

// PlanStatuses lists the statuses in workflow order.
var PlanStatuses = []PlanStatus{Todo, InProgress, Done, Accepted}

// Tracking is what the user recorded for one remediation item.
type Tracking struct {
	ItemID string     `json:"itemId"`
	Owner  string     `json:"owner,omitempty"`
	Due    string     `json:"due,omitempty"` // YYYY-MM-DD
	Status PlanStatus `json:"status"`
	Note   string     `json:"note,omitempty"`
	By     string     `json:"by,omitempty"`
	At     time.Time  `json:"at,omitzero"`
}

// Input is everything an analysis is derived from.
type Input struct {
	Bank      *questionnaire.Bank
	Profile   questionnaire.Profile
	Answers   map[string]questionnaire.Answer // by question id
	Assets    []questionnaire.Asset
	Vendors   []questionnaire.Vendor
	Findings  []probes.Finding // latest run's findings, suppressions applied
	Overrides []Override
	Tracking  []Tracking
	Config    Config
	Now       time.Time
}

// Config holds the tunable parts of the plan.
type Config struct {
	// DueDays is the suggested number of days to remediate a risk of each
	// level, counted from Input.Now.
	DueDays map[questionnaire.Level]int `json:"dueDays"`
}

// DefaultConfig: Very High 30 days, High 60, Moderate 90, Low 180, Very Low 365.
func DefaultConfig() Config {
	return Config{DueDays: map[questionnaire.Level]int{
		questionnaire.VeryHigh: 30, questionnaire.High: 60, questionnaire.Moderate: 90,
		questionnaire.Low: 180, questionnaire.VeryLow: 365,
	}}
}
