package probes

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestCompare(t *testing.T) {
	f := func(check, region, res string, st Status) Finding {
		return Finding{ID: FindingID(check, region, res), CheckID: check, Region: region, Resource: res, Status: st}
	}
	base := []Finding{
		f("s3-bucket-versioning", "us-east-1", "arn:aws:s3:::a", Fail),     // fixed
		f("s3-bucket-access-logging", "us-east-1", "arn:aws:s3:::a", Fail), // still failing
		f("s3-bucket-versioning", "us-east-1", "arn:aws:s3:::old", Fail),   // disappears
		f("iam-root-mfa", "global", "1", Pass),                             // regresses
		f("guardduty-enabled", "us-east-1", "1", NotAssessed),              // becomes a failure
		f("rds-multi-az", "us-east-1", "arn:db", Fail),                     // becomes unreadable
	}
	cur := []Finding{
		f("s3-bucket-versioning", "us-east-1", "arn:aws:s3:::a", Pass),
		f("s3-bucket-access-logging", "us-east-1", "arn:aws:s3:::a", Fail),
		f("iam-root-mfa", "global", "1", Fail),
		f("guardduty-enabled", "us-east-1", "1", Fail),
		f("rds-multi-az", "us-east-1", "arn:db", Error),
		f("s3-bucket-versioning", "us-west-2", "arn:aws:s3:::new", Fail), // new resource, new failure
		f("s3-bucket-access-logging", "us-west-2", "arn:aws:s3:::new", Pass),
	}
	baseRef := RunRef{ID: 1, At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), AccountID: "1"}
	curRef := RunRef{ID: 2, At: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), AccountID: "1"}
	d := Compare(base, cur, baseRef, curRef)

	ids := func(fs []Finding) []string {
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
