package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestLogRetentionCheck(t *testing.T) {
	const check = "logs-retention-six-years"
	group := FindingID(check, usEast, "arn:aws:logs:us-east-1:111122223333:log-group:trail-group")
	app := FindingID(check, usEast, "arn:aws:logs:us-east-1:111122223333:log-group:app")
	addApp := func(days int32) func(s *Snapshot) {
		return func(s *Snapshot) {
			r0(s).LogGroups = append(r0(s).LogGroups, LogGroup{Name: "app", ARN: "arn:aws:logs:us-east-1:111122223333:log-group:app:*", RetentionDays: days})
		}
	}
	runCases(t, []checkCase{
		{"trail group six years", nil, group, assessment.Pass, "", "audit log group trail-group (trail main) kept 2557 days"},
		{"trail group never expires", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 0 }, group, assessment.Pass, "", "never expires"},
		{"trail group one year", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 365 }, group, assessment.Fail, "", "audit log group trail-group (trail main) kept 365 days"},
		{"trail group 2191 days", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 2191 }, group, assessment.Fail, "", "2191 days"},
		{"application group 30 days", addApp(30), app, assessment.Fail, "", "log group app kept 30 days, less than 6 years"},
		{"application group kept", addApp(3653), app, assessment.Pass, "", "log group app kept 3653 days"},
		{"trail bucket", nil, tid(check), assessment.Pass, "", "bucket trail-logs has no lifecycle rule"},
		{"bucket lifecycle expires early", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = nil
		}, tid(check), assessment.Fail, "", `bucket trail-logs rule "expire" expires objects after 365 days`},
		{"bucket lifecycle disabled rule", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Disabled", ExpirationDays: 365}}
		}, tid(check), assessment.Pass, "", "no lifecycle rule expiring"},
		{"bucket lifecycle covered by object lock", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = &ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 7}
		}, tid(check), assessment.Pass, "", "object lock COMPLIANCE retention covers 6 years"},
		{"bucket lifecycle with short object lock", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = &ObjectLock{Enabled: true, Mode: "GOVERNANCE", Days: 30}
		}, tid(check), assessment.Fail, "", "365 days"},
		{"log groups denied", func(s *Snapshot) { r0(s).LogGroups = nil; r0(s).LogGroupsErr = denied("logs:DescribeLogGroups") },
			rid(check), assessment.NotAssessed, "AccessDenied", "log groups"},
		{"lifecycle unreadable", func(s *Snapshot) { s.S3.Buckets[1].LifecycleErr = denied("s3:GetBucketLifecycleConfiguration") },
			tid(check), assessment.NotAssessed, "AccessDenied", "lifecycle of bucket trail-logs"},
		{"trail bucket in another account", func(s *Snapshot) { tr0(s).S3BucketName = "central-logs"; tr0(s).CloudWatchLogsGroupARN = "" },
			tid(check), assessment.NotAssessed, "", "central-logs (not in this account)"},
		{"trail bucket with bucket list denied", func(s *Snapshot) {
			tr0(s).CloudWatchLogsGroupARN = ""
			s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets")
		}, tid(check), assessment.NotAssessed, "AccessDenied", "bucket trail-logs"},
		{"log group region not scanned", func(s *Snapshot) {
			tr0(s).CloudWatchLogsGroupARN = "arn:aws:logs:eu-west-1:111122223333:log-group:g:*"
			tr0(s).S3BucketName = ""
		}, tid(check), assessment.NotAssessed, "", "region eu-west-1 not scanned"},
		{"trail group only: reported by the group", func(s *Snapshot) { tr0(s).S3BucketName = "" }, tid(check), "", "", ""},
		{"trail without destinations", func(s *Snapshot) { tr0(s).CloudWatchLogsGroupARN = ""; tr0(s).S3BucketName = "" },
			tid(check), assessment.Fail, "", "no log destination"},
		{"no log groups", func(s *Snapshot) { r0(s).LogGroups = []LogGroup{}; tr0(s).CloudWatchLogsGroupARN = "" }, rid(check), assessment.Pass, "", "no CloudWatch Logs log group"},
	})
}

// TestLogRetentionSeverity: audit log groups (a trail's, or named as audit
// logs in the input) rate high, other log groups medium.
func TestLogRetentionSeverity(t *testing.T) {
	s := goodSnapshot()
	for _, name := range []string{"app", "ehr-audit"} {
		r0(s).LogGroups = append(r0(s).LogGroups, LogGroup{Name: name, ARN: "arn:aws:logs:us-east-1:111122223333:log-group:" + name + ":*", RetentionDays: 30})
	}
	r0(s).LogGroups[0].RetentionDays = 90
	fs := EvaluateInput(s, Input{Now: testNow, AuditLogGroups: []string{"ehr-audit"}})
	want := map[string]assessment.Severity{"trail-group": assessment.HighSev, "ehr-audit": assessment.HighSev, "app": assessment.Medium}
	for name, sev := range want {
		f := findByID(t, fs, FindingID("logs-retention-six-years", usEast, "arn:aws:logs:us-east-1:111122223333:log-group:"+name))
		if f.Status != assessment.Fail || f.Severity != sev {
			t.Errorf("%s: %s %s, want fail %s (%s)", name, f.Status, f.Severity, sev, f.Reason)
		}
	}
}
