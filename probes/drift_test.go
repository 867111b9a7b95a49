package probes

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestCompare(t *testing.T) {
	f := func(check, region, res string, st assessment.Status) assessment.Finding {
		return assessment.Finding{ID: FindingID(check, region, res), CheckID: check, Region: region, Resource: res, Status: st}
	}
	base := []assessment.Finding{
		f("s3-bucket-versioning", "us-east-1", "arn:aws:s3:::a", assessment.Fail),     // fixed
		f("s3-bucket-access-logging", "us-east-1", "arn:aws:s3:::a", assessment.Fail), // still failing
		f("s3-bucket-versioning", "us-east-1", "arn:aws:s3:::old", assessment.Fail),   // disappears
		f("iam-root-mfa", "global", "1", assessment.Pass),                             // regresses
		f("guardduty-enabled", "us-east-1", "1", assessment.NotAssessed),              // becomes a failure
		f("rds-multi-az", "us-east-1", "arn:db", assessment.Fail),                     // becomes unreadable
	}
	cur := []assessment.Finding{
		f("s3-bucket-versioning", "us-east-1", "arn:aws:s3:::a", assessment.Pass),
		f("s3-bucket-access-logging", "us-east-1", "arn:aws:s3:::a", assessment.Fail),
		f("iam-root-mfa", "global", "1", assessment.Fail),
		f("guardduty-enabled", "us-east-1", "1", assessment.Fail),
		f("rds-multi-az", "us-east-1", "arn:db", assessment.Error),
		f("s3-bucket-versioning", "us-west-2", "arn:aws:s3:::new", assessment.Fail), // new resource, new failure
		f("s3-bucket-access-logging", "us-west-2", "arn:aws:s3:::new", assessment.Pass),
	}
	baseRef := RunRef{ID: 1, At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), AccountID: "1"}
	curRef := RunRef{ID: 2, At: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), AccountID: "1"}
	d := Compare(base, cur, baseRef, curRef)

	ids := func(fs []assessment.Finding) []string {
		out := []string{}
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"new failures", ids(d.NewFailures), []string{
			"guardduty-enabled|us-east-1|1", "iam-root-mfa|global|1", "s3-bucket-versioning|us-west-2|arn:aws:s3:::new"}},
		{"fixed", ids(d.Fixed), []string{"s3-bucket-versioning|us-east-1|arn:aws:s3:::a"}},
		{"still failing", ids(d.StillFailing), []string{"s3-bucket-access-logging|us-east-1|arn:aws:s3:::a"}},
		{"appeared", d.Appeared, []ResourceRef{{"us-west-2", "arn:aws:s3:::new"}}},
		{"disappeared", d.Disappeared, []ResourceRef{{"us-east-1", "arn:aws:s3:::old"}}},
		{"refs", []RunRef{d.Baseline, d.Current}, []RunRef{baseRef, curRef}},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}

	// JSON round trip keeps everything, and identical runs show no drift.
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Drift
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("JSON round trip changed the drift:\n%+v\n%+v", back, d)
	}
	same := Compare(cur, cur, curRef, curRef)
	if len(same.NewFailures)+len(same.Fixed)+len(same.Appeared)+len(same.Disappeared) != 0 || len(same.StillFailing) != 4 {
		t.Errorf("identical runs: %+v", same)
	}
}
