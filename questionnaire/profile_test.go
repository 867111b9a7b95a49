package questionnaire

import (
	"slices"
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
		{"provders", "3", "", `did you mean "providers"?`},
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

// Every key Get produces can be read back by Set.
func TestProfileGetSetRoundTrip(t *testing.T) {
	p := Profile{Address: "x", Providers: 2, Staff: 9, Locations: 1, EHR: "E", EHRHosted: true,
		CloudServices: []string{"aws", "azure"}, RemoteWork: true, PortableDevices: true, Clearinghouse: true, GroupHealthPlan: true}
	var q Profile
	for _, k := range fieldsOf(profileType, "yaml").names {
		if err := q.Set(k, p.Get(k)); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	if !slices.Equal(p.CloudServices, q.CloudServices) || p.Address != q.Address || p.Staff != q.Staff || !q.GroupHealthPlan || !q.EHRHosted {
		t.Errorf("got %+v, want %+v", q, p)
	}
}

func TestValidateProfile(t *testing.T) {
	b := mustLoad(t)
	if err := b.ValidateProfile(Profile{Staff: 3, CloudServices: []string{"aws", "other"}}); err != nil {
		t.Errorf("valid profile: %v", err)
	}
	err := b.ValidateProfile(Profile{Staff: -3, CloudServices: []string{"azur"}})
	want := "staff: -3 is negative\ncloud_services: \"azur\" is not one of aws, azure, google-cloud, microsoft-365, google-workspace, other — did you mean \"azure\"?"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestVendorIsAWS(t *testing.T) {
	tests := []struct {
		v    Vendor
		want bool
	}{
		{Vendor{Name: "AWS"}, true},
		{Vendor{Name: "Amazon Web Services, Inc."}, true},
		{Vendor{Name: "aws (hosting)"}, true},
		{Vendor{Name: "Acme IT", Service: "Managed AWS hosting"}, false}, // runs on AWS, is not AWS
		{Vendor{Name: "Lawson Billing"}, false},
		{Vendor{Name: "Amazon Business"}, false},
	}
	for _, tt := range tests {
		if got := tt.v.IsAWS(); got != tt.want {
			t.Errorf("%+v: IsAWS() = %v, want %v", tt.v, got, tt.want)
		}
	}
}
