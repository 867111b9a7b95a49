package questionnaire

import (
	"slices"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// Every key Get produces can be read back by Set.
func TestProfileGetSetRoundTrip(t *testing.T) {
	p := assessment.Profile{Address: "x", Providers: 2, Staff: 9, Locations: 1, EHR: "E", EHRHosted: true,
		CloudServices: []string{"aws", "azure"}, RemoteWork: true, PortableDevices: true, Clearinghouse: true, GroupHealthPlan: true}
	var q assessment.Profile
	for _, k := range inputfile.Fields(profileType, "yaml").Names {
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
	if err := b.ValidateProfile(assessment.Profile{Staff: 3, CloudServices: []string{"aws", "other"}}); err != nil {
		t.Errorf("valid profile: %v", err)
	}
	err := b.ValidateProfile(assessment.Profile{Staff: -3, CloudServices: []string{"azur"}})
	want := "staff: -3 is negative\ncloud_services: \"azur\" is not one of aws, azure, google-cloud, microsoft-365, google-workspace, other — did you mean \"azure\"?"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestVendorIsAWS(t *testing.T) {
	tests := []struct {
		v    assessment.Vendor
		want bool
	}{
		{assessment.Vendor{Name: "AWS"}, true},
		{assessment.Vendor{Name: "Amazon Web Services, Inc."}, true},
		{assessment.Vendor{Name: "aws (hosting)"}, true},
		{assessment.Vendor{Name: "Acme IT", Service: "Managed AWS hosting"}, false}, // runs on AWS, is not AWS
		{assessment.Vendor{Name: "Lawson Billing"}, false},
		{assessment.Vendor{Name: "Amazon Business"}, false},
	}
	for _, tt := range tests {
		if got := tt.v.IsAWS(); got != tt.want {
			t.Errorf("%+v: IsAWS() = %v, want %v", tt.v, got, tt.want)
		}
	}
}
