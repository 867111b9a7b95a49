package awscollect

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
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
	runWireCases(t, assessment.CheckCloudTrailImmutableLogs, []wireCase{
		{"locked six years", locked, nil, trail, assessment.Pass, "", ""},
		{"no object lock", nil, nil, trail, assessment.Fail, "", ""},
		{"denied", locked, []fakeaws.Fault{{Operation: "s3:GetObjectLockConfiguration", Code: "AccessDenied", Status: 403}}, trail, assessment.NotAssessed, "AccessDenied", ""},
		{"throttled", locked, []fakeaws.Fault{{Operation: "s3:GetObjectLockConfiguration", Code: "SlowDown", Status: 503, Times: 3}}, trail, assessment.Pass, "", ""},
	})
}
