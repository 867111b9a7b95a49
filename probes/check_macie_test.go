package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestMacieCheck(t *testing.T) {
	id := rid("macie-enabled")
	macie := func(status string) func(s *Snapshot) {
		return func(s *Snapshot) { r0(s).Macie = &MacieSession{Status: status} }
	}
	noBuckets := func(s *Snapshot) { s.S3.Buckets = []Bucket{} }
	runCases(t, []checkCase{
		{"enabled", nil, id, assessment.Pass, "", "Amazon Macie is on for the region's 2 S3 bucket(s): phi-data, trail-logs; 1 classification job(s)"},
		{"enabled without jobs", func(s *Snapshot) { r0(s).Macie.ClassificationJobs = ptr(0) }, id, assessment.Pass, "", "no classification job"},
		{"jobs unread", func(s *Snapshot) {
			r0(s).Macie.ClassificationJobs, r0(s).Macie.JobsErr = nil, &APIError{Code: "AccessDeniedException"}
		},
			id, assessment.Pass, "", "could not be listed (AccessDeniedException)"},
		{"not enabled", macie(MacieNotEnabled), id, assessment.Fail, "", "not enabled in a region that holds 2 S3 bucket(s)"},
		{"paused", macie("PAUSED"), id, assessment.Fail, "", "suspended"},
		{"no bucket in the region", func(s *Snapshot) { macie(MacieNotEnabled)(s); noBuckets(s) }, id, assessment.Pass, "", "no S3 bucket in this region: not judged (Macie not enabled)"},
		{"buckets elsewhere", func(s *Snapshot) {
			macie(MacieNotEnabled)(s)
			for i := range s.S3.Buckets {
				s.S3.Buckets[i].Region = usWest
			}
		}, id, assessment.Pass, "", "not judged"},
		{"deleted bucket not counted", func(s *Snapshot) {
			macie(MacieNotEnabled)(s)
			s.S3.Buckets = s.S3.Buckets[:1]
			b0(s).VersioningErr = &APIError{Code: "NoSuchBucket"}
		}, id, assessment.Pass, "", "not judged"},
		{"bucket region unknown", func(s *Snapshot) {
			macie(MacieNotEnabled)(s)
			s.S3.Buckets = s.S3.Buckets[:1]
			b0(s).Region, b0(s).RegionErr = "", denied("s3:GetBucketLocation")
		}, id, assessment.NotAssessed, "AccessDenied", "region of every S3 bucket"},
		{"bucket list denied", func(s *Snapshot) {
			macie(MacieNotEnabled)(s)
			s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets")
		},
			id, assessment.NotAssessed, "AccessDenied", "S3 bucket list"},
		{"enabled with the bucket list denied", func(s *Snapshot) { s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets") },
			id, assessment.Pass, "", "Amazon Macie is on"},
		{"macie denied", func(s *Snapshot) {
			r0(s).Macie, r0(s).MacieErr = nil, &APIError{Operation: "macie2:GetMacieSession", Code: "AccessDeniedException"}
		},
			id, assessment.NotAssessed, "AccessDeniedException", "Amazon Macie status"},
		{"macie denied without buckets", func(s *Snapshot) {
			r0(s).Macie, r0(s).MacieErr = nil, &APIError{Code: "AccessDeniedException"}
			noBuckets(s)
		}, id, assessment.Pass, "", "not judged"},
		{"older snapshot", func(s *Snapshot) { r0(s).Macie = nil }, id, assessment.NotAssessed, "", "collected before the check existed"},
		{"strange status", macie(""), id, assessment.Error, "", "Amazon Macie status"},
	})
}
