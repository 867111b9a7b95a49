package assessment

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

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
	// Reason, Approver and Review record a risk acceptance: why the risk is
	// accepted, who approved it and when the acceptance is reviewed
	// (YYYY-MM-DD). All three are needed for status accepted.
	Reason   string `json:"reason,omitempty"`
	Approver string `json:"approver,omitempty"`
	Review   string `json:"review,omitempty"`
	// Completed (YYYY-MM-DD) and Evidence record a done item.
	Completed string `json:"completed,omitempty"`
	Evidence  string `json:"evidence,omitempty"`
	// Residual is the level the practice assessed once the item is done;
	// LevelUnset keeps the computed one.
	Residual Level     `json:"residual,omitempty"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at,omitzero"`
	// CarriedForward marks tracking copied from an earlier assessment and
	// not reviewed since.
	CarriedForward bool `json:"carriedForward,omitempty"`
}

// Validate reports every reason the tracking entry cannot be recorded: no
// item id, an unknown status, a date not in the form YYYY-MM-DD, an invalid
// residual level, and an acceptance without its reason, approver or review
// date.
func (t Tracking) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(t.ItemID) == "" {
		bad("the remediation item has no id")
	}
	if !slices.Contains(PlanStatuses, t.Status) {
		bad("%q is not a status for %s: use todo, in_progress, done or accepted", t.Status, t.ItemID)
	}
	for _, d := range []struct{ name, v string }{{"due date", t.Due}, {"review date", t.Review}, {"completion date", t.Completed}} {
		if d.v != "" && !ValidDate(d.v) {
			bad("the %s %q of %s is not a date in the form YYYY-MM-DD", d.name, d.v, t.ItemID)
		}
	}
	if t.Residual != LevelUnset && !t.Residual.Valid() {
		bad("the residual level of %s is outside very low..very high", t.ItemID)
	}
	if t.Status == Accepted {
		var missing []string
		if strings.TrimSpace(t.Reason) == "" {
			missing = append(missing, "a reason")
		}
		if strings.TrimSpace(t.Approver) == "" {
			missing = append(missing, "who approved it")
		}
		if strings.TrimSpace(t.Review) == "" {
			missing = append(missing, "a review date")
		}
		if len(missing) > 0 {
			bad("accepting the risk of %s needs %s", t.ItemID, strings.Join(missing, ", "))
		}
	}
	return errors.Join(errs...)
}

// ValidDate reports whether s is a calendar date in the form YYYY-MM-DD.
func ValidDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
