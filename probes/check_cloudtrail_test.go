package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestCloudTrailChecks(t *testing.T) {
	all := gid("cloudtrail-enabled-all-regions")
	data := tid("cloudtrail-s3-data-events")
	advanced := func(fields ...FieldSelector) func(s *Snapshot) {
		return func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{Name: "s3", FieldSelectors: append([]FieldSelector{
				{Field: "eventCategory", Equals: []string{"Data"}},
				{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			}, fields...)}}
		}
	}
	runCases(t, []checkCase{
		{"multi-region logging", nil, all, assessment.Pass, "", "multi-region trail main is logging"},
		{"organization trail", func(s *Snapshot) { tr0(s).IsMultiRegion = false; tr0(s).IsOrganization = true }, all, assessment.Pass, "", "organization trail"},
		{"multi-region not logging", func(s *Snapshot) { tr0(s).Status.IsLogging = false }, all, assessment.Fail, "", "main exists but is not logging"},
		{"multi-region data events only", func(s *Snapshot) { tr0(s).EventSelectors[0].IncludeManagementEvents = false }, all, assessment.Fail, "", "main records no management events"},
		{"multi-region advanced data events only", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{FieldSelectors: []FieldSelector{
				{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}}}
		}, all, assessment.Fail, "", "main records no management events"},
		{"multi-region advanced management", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}
		}, all, assessment.Pass, "", "main is logging"},
		{"multi-region selectors unreadable", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).SelectorsErr = denied("cloudtrail:GetEventSelectors")
		},
			all, assessment.Pass, "", "event selectors unreadable"},
		{"single-region only", func(s *Snapshot) { tr0(s).IsMultiRegion = false }, all, assessment.Fail, "", "covers only us-east-1"},
		{"no trail", func(s *Snapshot) { s.CloudTrail.Trails = nil }, all, assessment.Fail, "", "no CloudTrail trail"},
		{"single-region status unreadable", func(s *Snapshot) {
			tr0(s).IsMultiRegion = false
			tr0(s).Status = nil
			tr0(s).StatusErr = denied("cloudtrail:GetTrailStatus")
		}, all, assessment.Fail, "", "single-region trail main (us-east-1), status unreadable"},
		{"logging trail beside an unreadable one", func(s *Snapshot) {
			other := *tr0(s)
			other.Name, other.ARN, other.Status, other.StatusErr = "aaa", "arn:aws:cloudtrail:us-east-1:111122223333:trail/aaa", nil, denied("cloudtrail:GetTrailStatus")
			s.CloudTrail.Trails = append([]Trail{other}, s.CloudTrail.Trails...)
		}, all, assessment.Pass, "", "main is logging"},
		{"trails unreadable", func(s *Snapshot) {
			s.CloudTrail = CloudTrailData{Errs: []RegionalError{{Region: usEast, Err: *denied("cloudtrail:DescribeTrails")}}}
		}, all, assessment.NotAssessed, "AccessDenied", "trails in us-east-1"},
		{"status unreadable", func(s *Snapshot) { tr0(s).Status = nil; tr0(s).StatusErr = denied("cloudtrail:GetTrailStatus") },
			all, assessment.NotAssessed, "AccessDenied", "status of trail main"},

		{"validation on", nil, tid("cloudtrail-log-file-validation"), assessment.Pass, "", "on"},
		{"validation off", func(s *Snapshot) { tr0(s).LogFileValidation = false }, tid("cloudtrail-log-file-validation"), assessment.Fail, "", "off"},
		{"validation region unreadable", func(s *Snapshot) {
			s.CloudTrail.Errs = []RegionalError{{Region: usWest, Err: APIError{Code: "UnrecognizedClientException"}}}
		}, FindingID("cloudtrail-log-file-validation", usWest, acct), assessment.NotAssessed, "UnrecognizedClientException", "trails"},
		{"kms on", nil, tid("cloudtrail-kms-encryption"), assessment.Pass, "", keyARN},
		{"kms off", func(s *Snapshot) { tr0(s).KMSKeyID = "" }, tid("cloudtrail-kms-encryption"), assessment.Fail, "", "no KMS key"},

		{"data events all buckets", nil, data, assessment.Pass, "", "all 2 buckets"},
		{"data events none", func(s *Snapshot) { tr0(s).EventSelectors[0].DataResources = nil }, data, assessment.Fail, "", "no S3 object data events"},
		{"data events read only", func(s *Snapshot) { tr0(s).EventSelectors[0].ReadWriteType = "ReadOnly" }, data, assessment.Fail, "", "object writes not recorded"},
		{"data events split selectors", func(s *Snapshot) {
			sel := tr0(s).EventSelectors[0]
			sel.ReadWriteType = "ReadOnly"
			w := sel
			w.ReadWriteType = "WriteOnly"
			tr0(s).EventSelectors = []EventSelector{sel, w}
		}, data, assessment.Pass, "", "reads and writes"},
		{"data events one bucket", func(s *Snapshot) {
			tr0(s).EventSelectors[0].DataResources[0].Values = []string{"arn:aws:s3:::phi-data/"}
		}, data, assessment.Fail, "", "object reads not recorded for trail-logs; object writes not recorded for trail-logs"},
		{"data events every bucket listed", func(s *Snapshot) {
			tr0(s).EventSelectors[0].DataResources[0].Values = []string{"arn:aws:s3:::phi-data/", "arn:aws:s3:::trail-logs/"}
		}, data, assessment.Pass, "", "reads and writes"},
		{"advanced all objects", advanced(), data, assessment.Pass, "", "reads and writes"},
		{"advanced read only", advanced(FieldSelector{Field: "readOnly", Equals: []string{"true"}}), data, assessment.Fail, "", "object writes not recorded"},
		{"advanced excludes other bucket", advanced(FieldSelector{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::unrelated/"}}), data, assessment.Pass, "", "reads"},
		{"advanced excludes log bucket", advanced(FieldSelector{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::trail-logs/"}}), data, assessment.Fail, "", "not recorded for trail-logs"},
		{"advanced starts with one bucket", advanced(FieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::phi-data/"}}), data, assessment.Fail, "", "trail-logs"},
		{"advanced only some event names", advanced(FieldSelector{Field: "eventName", Equals: []string{"PutObject"}}), data, assessment.Fail, "", "object reads not recorded for phi-data"},
		{"advanced event names excluded", advanced(FieldSelector{Field: "eventName", NotEquals: []string{"GetObject"}}), data, assessment.Fail, "", "not recorded for phi-data"},
		{"advanced one user only", advanced(FieldSelector{Field: "userIdentity.arn", StartsWith: []string{"arn:aws:iam::111122223333:role/app"}}), data, assessment.Fail, "", "not recorded"},
		{"advanced event source s3", advanced(FieldSelector{Field: "eventSource", Equals: []string{"s3.amazonaws.com"}}), data, assessment.Pass, "", "reads and writes"},
		{"advanced write only by not equals", advanced(FieldSelector{Field: "readOnly", NotEquals: []string{"true"}}), data, assessment.Fail, "", "object reads not recorded"},
		{"advanced management only", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}
		}, data, assessment.Fail, "", "no S3 object data events"},
		{"data events one bucket, bucket list denied", func(s *Snapshot) {
			tr0(s).EventSelectors[0].DataResources[0].Values = []string{"arn:aws:s3:::phi-data/"}
			s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets")
		}, data, assessment.NotAssessed, "AccessDenied", "bucket list"},
		{"selectors denied", func(s *Snapshot) { tr0(s).SelectorsErr = denied("cloudtrail:GetEventSelectors") }, data, assessment.NotAssessed, "AccessDenied", "event selectors"},

		{"cloudwatch recent", nil, tid("cloudtrail-cloudwatch-delivery"), assessment.Pass, "", "1h ago"},
		{"cloudwatch not configured", func(s *Snapshot) { tr0(s).CloudWatchLogsGroupARN = "" }, tid("cloudtrail-cloudwatch-delivery"), assessment.Fail, "", "not sent"},
		{"cloudwatch stale", func(s *Snapshot) {
			tr0(s).Status.LatestCloudWatchLogsDelivery = ago(3 * day24)
			tr0(s).Status.LatestCloudWatchLogsDeliveryError = "AccessDenied"
		}, tid("cloudtrail-cloudwatch-delivery"), assessment.Fail, "", "3d ago, delivery error AccessDenied"},
		{"cloudwatch never delivered", func(s *Snapshot) { tr0(s).Status.LatestCloudWatchLogsDelivery = nil }, tid("cloudtrail-cloudwatch-delivery"), assessment.Fail, "", "no delivery"},
		{"cloudwatch status unreadable", func(s *Snapshot) { tr0(s).Status = nil; tr0(s).StatusErr = &APIError{Code: "ThrottlingException"} },
			tid("cloudtrail-cloudwatch-delivery"), assessment.Error, "ThrottlingException", "trail status"},
	})
}

func TestTrailImmutableLogs(t *testing.T) {
	const check = "cloudtrail-immutable-log-storage"
	lock := func(l *ObjectLock) func(s *Snapshot) { return func(s *Snapshot) { s.S3.Buckets[1].ObjectLock = l } }
	runCases(t, []checkCase{
		{"no object lock", lock(nil), tid(check), assessment.Fail, "", "bucket trail-logs has no S3 Object Lock"},
		{"object lock not configured", func(s *Snapshot) {
			s.S3.Buckets[1].ObjectLock, s.S3.Buckets[1].ObjectLockErr = nil, &APIError{Code: codeNoObjectLock}
		}, tid(check), assessment.Fail, "", "no S3 Object Lock"},
		{"compliance seven years", nil, tid(check), assessment.Pass, "", "7 years in COMPLIANCE mode"},
		{"compliance six years", lock(&ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 6}), tid(check), assessment.Pass, "", "6 years in COMPLIANCE mode"},
		{"compliance 2192 days", lock(&ObjectLock{Enabled: true, Mode: "COMPLIANCE", Days: 2192}), tid(check), assessment.Pass, "", "2192 days"},
		{"governance", lock(&ObjectLock{Enabled: true, Mode: "GOVERNANCE", Years: 7}), tid(check), assessment.Pass, "", "GOVERNANCE mode"},
		{"one year", lock(&ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 1}), tid(check), assessment.Fail, "", "1 year only"},
		{"no default retention", lock(&ObjectLock{Enabled: true}), tid(check), assessment.Fail, "", "no default retention"},
		{"denied", func(s *Snapshot) { s.S3.Buckets[1].ObjectLockErr = denied("s3:GetObjectLockConfiguration") }, tid(check), assessment.NotAssessed, "AccessDenied", "object lock of bucket trail-logs"},
		{"bucket elsewhere", func(s *Snapshot) { tr0(s).S3BucketName = "central" }, tid(check), assessment.NotAssessed, "", "not in this account"},
		{"no bucket", func(s *Snapshot) { tr0(s).S3BucketName = "" }, tid(check), assessment.Fail, "", "no S3 bucket"},
	})
}
