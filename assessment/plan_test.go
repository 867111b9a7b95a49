package assessment

import (
	"strings"
	"testing"
)

func TestTrackingValidate(t *testing.T) {
	tests := []struct {
		name string
		tr   Tracking
		want string // a fragment of the error; "" wants none
	}{
		{"todo", Tracking{ItemID: "P-a", Status: Todo, Due: "2027-01-31"}, ""},
		{"no id", Tracking{Status: Todo}, "has no id"},
		{"bad status", Tracking{ItemID: "P-a", Status: "maybe"}, "not a status"},
		{"bad due date", Tracking{ItemID: "P-a", Status: Todo, Due: "31/01/2027"}, "due date"},
		{"accepted without anything", Tracking{ItemID: "P-a", Status: Accepted}, "needs a reason, who approved it, a review date"},
		{"accepted without approver", Tracking{ItemID: "P-a", Status: Accepted, Reason: "r", Review: "2027-01-31"}, "needs who approved it"},
		{"accepted without review date", Tracking{ItemID: "P-a", Status: Accepted, Reason: "r", Approver: "a"}, "needs a review date"},
		{"accepted with blank reason", Tracking{ItemID: "P-a", Status: Accepted, Reason: "  ", Approver: "a", Review: "2027-01-31"}, "needs a reason"},
		{"accepted in full", Tracking{ItemID: "P-a", Status: Accepted, Reason: "r", Approver: "a", Review: "2027-01-31"}, ""},
		{"done with evidence", Tracking{ItemID: "P-a", Status: Done, Completed: "2026-11-02", Evidence: "invoice", Residual: Low}, ""},
		{"bad completion date", Tracking{ItemID: "P-a", Status: Done, Completed: "yesterday"}, "completion date"},
		{"bad residual", Tracking{ItemID: "P-a", Status: Done, Residual: 7}, "residual level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.tr.Validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Validate = %v, want %q", err, tt.want)
			}
		})
	}
}
