package assessment

import (
	"strings"
	"testing"
)

func TestProfileSetGet(t *testing.T) {
	tests := []struct {
		key, value string
		get        string // what Get returns afterwards
		err        string // part of the error, "" for none
	}{
		{"providers", " 4 ", "4", ""},
		{"staff", "0", "0", ""},
		{"staff", "-1", "", "not a whole number"},
		{"locations", "two", "", "not a whole number"},
		{"ehr_hosted", "Yes", "yes", ""},
		{"remote_work", "false", "no", ""},
		{"clearinghouse", "y", "yes", ""},
		{"group_health_plan", "sometimes", "", "not yes or no"},
		{"cloud_services", "AWS, microsoft-365,, aws", "aws, microsoft-365", ""},
		{"cloud_services", "", "", ""},
		{"ehr", "CareChart", "CareChart", ""},
		{"address", "1 Main St", "1 Main St", ""},
		{"provders", "3", "", `use one of address, providers, staff`},
	}
	for _, tt := range tests {
		var p Profile
		err := p.Set(tt.key, tt.value)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Set(%q, %q) = %v, want error containing %q", tt.key, tt.value, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Set(%q, %q): %v", tt.key, tt.value, err)
			continue
		}
		if got := p.Get(tt.key); got != tt.get {
			t.Errorf("after Set(%q, %q): Get = %q, want %q", tt.key, tt.value, got, tt.get)
		}
	}
	if (Profile{}).Get("nope") != "" {
		t.Error("Get of an unknown key should be empty")
	}
}
