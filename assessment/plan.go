package assessment

import "time"

// Override is a user's decision to set a risk's likelihood and/or impact,
// with the mandatory reason. A LevelUnset field keeps the default.
type Override struct {
	RiskID     string    `json:"riskId"`
	Likelihood Level     `json:"likelihood,omitempty"`
	Impact     Level     `json:"impact,omitempty"`
	Reason     string    `json:"reason"`
	By         string    `json:"by,omitempty"`
	At         time.Time `json:"at,omitzero"`
	// CarriedForward marks an override copied from an earlier assessment
	// and not reviewed since.
	CarriedForward bool `json:"carriedForward,omitempty"`
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
	// CarriedForward marks tracking copied from an earlier assessment and
	// not reviewed since.
	CarriedForward bool `json:"carriedForward,omitempty"`
}
