package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestAccessAnalyzerEnabled(t *testing.T) {
	id := rid("access-analyzer-enabled")
	runCases(t, []checkCase{
		{"account analyzer", nil, id, assessment.Pass, "", "external-access analyzer: account (ACCOUNT, ACTIVE)"},
		{"organization analyzer", func(s *Snapshot) { r0(s).Analyzers[0].Type = "ORGANIZATION" }, id, assessment.Pass, "", "ORGANIZATION"},
		{"no analyzer", func(s *Snapshot) { r0(s).Analyzers = []Analyzer{} }, id, assessment.Fail, "", "no IAM Access Analyzer analyzer in this region"},
		{"unused-access analyzer only", func(s *Snapshot) { r0(s).Analyzers[0].Type = "ACCOUNT_UNUSED_ACCESS" }, id, assessment.Fail, "",
			"no active external-access analyzer of the account or organization in this region; analyzers found: account (ACCOUNT_UNUSED_ACCESS, ACTIVE)"},
		{"analyzer disabled", func(s *Snapshot) { r0(s).Analyzers[0].Status = "DISABLED" }, id, assessment.Fail, "", "account (ACCOUNT, DISABLED)"},
		{"denied", func(s *Snapshot) { r0(s).Analyzers, r0(s).AnalyzersErr = nil, denied("access-analyzer:ListAnalyzers") },
			id, assessment.NotAssessed, "AccessDenied", "analyzers"},
		{"snapshot without analyzers", func(s *Snapshot) { r0(s).Analyzers = nil }, id, assessment.NotAssessed, "", "collected before the check existed"},
	})
}

func TestAccessAnalyzerExternalAccess(t *testing.T) {
	id := rid("access-analyzer-external-access")
	const bucket = "arn:aws:s3:::phi-exchange"
	shared := func(fs ...AccessFinding) func(s *Snapshot) { return func(s *Snapshot) { r0(s).ExternalAccess = fs } }
	toPartner := AccessFinding{ID: "f1", Resource: bucket, ResourceType: "AWS::S3::Bucket", ResourceOwner: acct,
		Principals: []string{"AWS: 444455556666"}, Actions: []string{"s3:GetObject", "s3:ListBucket"}}
	public := AccessFinding{ID: "f2", Resource: bucket, ResourceType: "AWS::S3::Bucket", Principals: []string{"AWS: *"}, Public: true}
	runCases(t, []checkCase{
		{"nothing shared", nil, id, assessment.Pass, "", "the analyzer reports no active external access in this region"},
		{"bucket shared with another account", shared(toPartner), FindingID("access-analyzer-external-access", usEast, bucket), assessment.Fail, "",
			"AWS::S3::Bucket arn:aws:s3:::phi-exchange is shared outside the account with AWS: 444455556666; allowed: s3:GetObject, s3:ListBucket"},
		{"shared resource leaves no region pass", shared(toPartner), id, "", "", ""},
		{"two findings on one bucket", shared(toPartner, public), FindingID("access-analyzer-external-access", usEast, bucket), assessment.Fail, "",
			"shared outside the account publicly (anyone) with AWS: 444455556666, AWS: *; allowed: s3:GetObject, s3:ListBucket (2 active findings)"},
		{"another account's resource", shared(AccessFinding{ID: "f3", Resource: "arn:aws:s3:::member-bucket", ResourceType: "AWS::S3::Bucket", ResourceOwner: "999988887777"}),
			id, assessment.Pass, "", "1 finding on other accounts' resources left out"},
		{"no analyzer", func(s *Snapshot) { r0(s).Analyzers = []Analyzer{}; r0(s).ExternalAccess = nil }, id, assessment.NotAssessed, "", "no analyzer in this region"},
		{"unused-access analyzer only", func(s *Snapshot) { r0(s).Analyzers[0].Type = "ACCOUNT_UNUSED_ACCESS" }, id, assessment.NotAssessed, "", "no analyzer in this region"},
		{"findings denied", func(s *Snapshot) {
			r0(s).ExternalAccess, r0(s).ExternalAccessErr = nil, denied("access-analyzer:ListFindings")
		},
			id, assessment.NotAssessed, "AccessDenied", "active findings"},
		{"findings missing", func(s *Snapshot) { r0(s).ExternalAccess = nil }, id, assessment.Error, "", "active findings"},
		{"analyzers denied", func(s *Snapshot) { r0(s).Analyzers, r0(s).AnalyzersErr = nil, denied("access-analyzer:ListAnalyzers") },
			id, assessment.NotAssessed, "AccessDenied", "analyzers"},
		{"snapshot without analyzers", func(s *Snapshot) { r0(s).Analyzers, r0(s).ExternalAccess = nil, nil }, id, assessment.NotAssessed, "", "collected before the check existed"},
	})
}
