package questionnaire

import (
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestCondition(t *testing.T) {
	p := assessment.Profile{Staff: 12, Providers: 2, Locations: 1, RemoteWork: true, CloudServices: []string{"aws"}}
	tests := []struct {
		expr string
		want bool
		desc string
	}{
		{"remote_work", true, "staff work remotely"},
		{"clearinghouse", false, "the practice acts as a health care clearinghouse"},
		{"not clearinghouse", true, "it is not the case that the practice acts as a health care clearinghouse"},
		{"uses_cloud and cloud:aws", true, "the practice uses cloud services and the practice uses AWS"},
		{"cloud:azure or portable_devices", false, "either the practice uses Microsoft Azure or laptops, tablets, phones or removable media hold patient information"},
		{"staff > 10", true, "the practice has more than 10 staff members"},
		{"staff>12", false, ""},
		{"staff >= 12", true, ""},
		{"providers < 2", false, ""},
		{"providers <= 2", true, ""},
		{"locations = 1", true, "the practice has exactly 1 locations"},
		{"locations != 1", false, ""},
		{"not (clearinghouse or group_health_plan) and remote_work", true, ""},
		{"clearinghouse or group_health_plan and remote_work", false, ""}, // and binds tighter
		{"not not ehr_hosted", false, ""},
		{"cloud:other", false, "the practice uses another cloud service"},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.expr, []string{"aws", "azure", "other"})
		if err != nil {
			t.Errorf("%q: %v", tt.expr, err)
			continue
		}
		if got := c.Eval(p); got != tt.want {
			t.Errorf("%q: Eval = %v, want %v", tt.expr, got, tt.want)
		}
		if tt.desc != "" && c.Describe() != tt.desc {
			t.Errorf("%q: Describe = %q, want %q", tt.expr, c.Describe(), tt.desc)
		}
	}
	if !(Condition{}).Eval(assessment.Profile{}) {
		t.Error("the zero condition should hold")
	}
}

func TestConditionErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"", "empty"},
		{"clearinghous", `unknown term "clearinghous" — did you mean "clearinghouse"?`},
		{"cloud:amazon", `unknown cloud service "amazon"`},
		{"cloud:", `unknown cloud service ""`},
		{"staff > ten", "needs a whole number"},
		{"staff", "must be compared"},
		{"staff > -1", "needs a whole number"},
		{"(remote_work", `missing ")"`},
		{"remote_work)", `unexpected ")"`},
		{"remote_work and", "ends too early"},
		{"remote_work $ x", "unexpected character"},
	}
	for _, tt := range tests {
		_, err := ParseCondition(tt.expr, []string{"aws"})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want one containing %q", tt.expr, err, tt.want)
		}
	}
}
