package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestLogRetentionCheck(t *testing.T) {
	runCases(t, []checkCase{
		{"retention six years", nil, tid("logs-retention-six-years"), assessment.Pass, "", "log group trail-group kept 2557 days"},
		{"retention never expires", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 0 }, tid("logs-retention-six-years"), assessment.Pass, "", "never expires"},
		{"retention one year", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 365 }, tid("logs-retention-six-years"), assessment.Fail, "", "log group trail-group kept 365 days"},
		{"retention 2191 days", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 2191 }, tid("logs-retention-six-years"), assessment.Fail, "", "2191 days"},
		{"bucket lifecycle expires early", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
		}, tid("logs-retention-six-years"), assessment.Fail, "", `bucket trail-logs rule "expire" expires objects after 365 days`},
		{"bucket lifecycle disabled rule", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Disabled", ExpirationDays: 365}}
		}, tid("logs-retention-six-years"), assessment.Pass, "", "no lifecycle rule expiring"},
		{"bucket lifecycle covered by object lock", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = &ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 7}
		}, tid("logs-retention-six-years"), assessment.Pass, "", "object lock COMPLIANCE retention covers 6 years"},
		{"bucket lifecycle with short object lock", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = &ObjectLock{Enabled: true, Mode: "GOVERNANCE", Days: 30}
		}, tid("logs-retention-six-years"), assessment.Fail, "", "365 days"},
		{"log groups denied", func(s *Snapshot) { r0(s).LogGroups = nil; r0(s).LogGroupsErr = denied("logs:DescribeLogGroups") },
			tid("logs-retention-six-years"), assessment.NotAssessed, "AccessDenied", "log group trail-group"},
		{"short group wins over unreadable lifecycle", func(s *Snapshot) {
			r0(s).LogGroups[0].RetentionDays = 30
			s.S3.Buckets[1].LifecycleErr = denied("s3:GetBucketLifecycleConfiguration")
		}, tid("logs-retention-six-years"), assessment.Fail, "", "30 days"},
		{"trail bucket in another account", func(s *Snapshot) { tr0(s).S3BucketName = "central-logs"; tr0(s).CloudWatchLogsGroupARN = "" },
			tid("logs-retention-six-years"), assessment.NotAssessed, "", "central-logs (not in this account)"},
		{"trail bucket with bucket list denied", func(s *Snapshot) {
			tr0(s).CloudWatchLogsGroupARN = ""
			s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets")
		}, tid("logs-retention-six-years"), assessment.NotAssessed, "AccessDenied", "bucket trail-logs"},
		{"log group region not scanned", func(s *Snapshot) {
			tr0(s).CloudWatchLogsGroupARN = "arn:aws:logs:eu-west-1:111122223333:log-group:g:*"
			tr0(s).S3BucketName = ""
		}, tid("logs-retention-six-years"), assessment.NotAssessed, "", "region eu-west-1 not scanned"},
		{"trail without destinations", func(s *Snapshot) { tr0(s).CloudWatchLogsGroupARN = ""; tr0(s).S3BucketName = "" },
			tid("logs-retention-six-years"), assessment.Fail, "", "no log destination"},
	})
}
