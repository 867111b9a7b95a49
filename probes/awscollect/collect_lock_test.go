package awscollect

import (
	"context"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

// TestCollectImmutableLogStorage reads the trail bucket's object lock over
// the wire: locked for six years passes, no lock fails, a denied read is
// not assessed and throttling is retried.
func TestCollectImmutableLogStorage(t *testing.T) {
	const trail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail"
	locked := func(a *fakeaws.Account) {
		for i := range a.Buckets {
			if a.Buckets[i].Name == "audit-logs" {
				a.Buckets[i].ObjectLock = &fakeaws.ObjectLock{Mode: "COMPLIANCE", Years: 6}
			}
		}
	}
	tests := []struct {
		name   string
		setup  func(*fakeaws.Account)
		faults []fakeaws.Fault
		want   assessment.Status
		code   string
	}{
		{"locked six years", locked, nil, assessment.Pass, ""},
		{"no object lock", nil, nil, assessment.Fail, ""},
		{"denied", locked, []fakeaws.Fault{{Operation: "s3:GetObjectLockConfiguration", Code: "AccessDenied", Status: 403}}, assessment.NotAssessed, "AccessDenied"},
		{"throttled", locked, []fakeaws.Fault{{Operation: "s3:GetObjectLockConfiguration", Code: "SlowDown", Status: 503, Times: 3}}, assessment.Pass, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			acct := sampleAccount()
			if tt.setup != nil {
				tt.setup(acct)
			}
			fake := fakeaws.New(acct)
			defer fake.Close()
			for _, f := range tt.faults {
				fake.Inject(f)
			}
			opts := testOptions(fake.URL)
			opts.Regions = []string{"us-east-1"}
			snap, err := Collect(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			fs := probes.Evaluate(snap, fixtureNow, nil)
			f := find(t, fs, "immutable log finding", func(f assessment.Finding) bool {
				return f.CheckID == assessment.CheckCloudTrailImmutableLogs && f.Resource == trail
			})
			if f.Status != tt.want || f.ErrorCode != tt.code {
				t.Errorf("%s %q (%s), want %s %q", f.Status, f.ErrorCode, f.Reason, tt.want, tt.code)
			}
		})
	}
}
