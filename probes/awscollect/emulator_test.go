package awscollect

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

const htmlError = `<!doctype html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>`

// TestCollectEmulatorAnswers plays answers that emulators and proxies give
// where AWS would answer differently or not at all. Each must end as a
// recorded error with a code or as the AWS meaning of the answer, never as
// a pass, and never stop the collection.
func TestCollectEmulatorAnswers(t *testing.T) {
	tests := []struct {
		name   string
		faults []fakeaws.Fault
		check  func(t *testing.T, s *probes.Snapshot, fake *fakeaws.Server)
	}{
		{"policy status without IsPublic", []fakeaws.Fault{
			{Operation: "s3:GetBucketPolicyStatus", Body: `<?xml version="1.0"?><ListBucketResult><Name>x</Name></ListBucketResult>`, ContentType: "application/xml"},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			for _, b := range s.S3.Buckets {
				if b.PolicyIsPublic != nil || b.PolicyStatusErr != nil {
					t.Errorf("%s: policy public = %v (%v), want unknown so that the policy itself is read", b.Name, b.PolicyIsPublic, b.PolicyStatusErr)
				}
			}
			pub := find(t, s.S3.Buckets, "public-site", func(b probes.Bucket) bool { return b.Name == "public-site" })
			pub.ACLGrants = nil // leave the policy as the only way in
			s.S3.Buckets = []probes.Bucket{pub}
			f := findingOf(t, probes.Evaluate(s, fixtureNow, nil), "s3-bucket-public-access", "arn:aws:s3:::public-site")
			if f.Status != assessment.Fail {
				t.Errorf("public policy with an unanswered policy status: %s %q, want fail", f.Status, f.Reason)
			}
		}},
		{"s3 control error without the ErrorResponse wrapper", []fakeaws.Fault{
			{Operation: "s3control:GetPublicAccessBlock", Status: 404, ContentType: "application/xml",
				Body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message><AccountId>123456789012</AccountId></Error>`},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if s.S3.AccountPublicAccessBlockErr != nil || s.S3.AccountPublicAccessBlock == nil || s.S3.AccountPublicAccessBlock.Configured {
				t.Errorf("account PAB = %+v err %+v, want read as not configured", s.S3.AccountPublicAccessBlock, s.S3.AccountPublicAccessBlockErr)
			}
		}},
		{"operation not implemented: HTML 500", []fakeaws.Fault{
			{Operation: "securityhub:DescribeHub", Status: 500, ContentType: "text/html", Body: htmlError},
		}, func(t *testing.T, s *probes.Snapshot, fake *fakeaws.Server) {
			for _, r := range s.Regional {
				if r.SecurityHubErr == nil || r.SecurityHubErr.Code != "HTTP500" || r.SecurityHubErr.Operation != "securityhub:DescribeHub" {
					t.Errorf("%s: security hub err = %+v, want HTTP500", r.Region, r.SecurityHubErr)
				}
			}
			if n := countCalls(fake, "securityhub:DescribeHub"); n != otherErrorAttempts*len(s.Regions) {
				t.Errorf("%d DescribeHub calls for %d regions: a broken operation must not be retried like throttling", n, len(s.Regions))
			}
			f := findingOf(t, probes.Evaluate(s, fixtureNow, nil), "securityhub-enabled", testAccount)
			if f.Status != assessment.Error || f.ErrorCode != "HTTP500" {
				t.Errorf("finding = %s %s, want error HTTP500", f.Status, f.ErrorCode)
			}
		}},
		{"service not implemented: 404 and 501", []fakeaws.Fault{
			{Operation: "artifact:ListCustomerAgreements", Status: 404, ContentType: "text/html", Body: "<html><body>Not Found</body></html>"},
			{Operation: "guardduty:ListDetectors", Status: 404, ContentType: "text/plain", Body: "404 page not found"},
			{Operation: "backup:ListBackupPlans", Status: 501, ContentType: "application/json",
				Body: `{"__type":"InternalFailure","message":"API action 'ListBackupPlans' for service 'backup' not yet implemented or pro feature"}`},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if e := s.Artifact.Err; e == nil || e.Code != "HTTP404" {
				t.Errorf("artifact err = %+v, want HTTP404", e)
			}
			east := region(t, s, "us-east-1")
			if e := east.GuardDutyErr; e == nil || e.Code != "HTTP404" {
				t.Errorf("guardduty err = %+v, want HTTP404", e)
			}
			if e := east.BackupPlansErr; e == nil || e.Code != "InternalFailure" {
				t.Errorf("backup err = %+v, want InternalFailure", e)
			}
			if east.SecurityHubErr != nil || !east.SecurityHubEnabled || len(s.S3.Buckets) != 4 {
				t.Error("the other services must still be read")
			}
			for _, f := range probes.Evaluate(s, fixtureNow, nil) {
				if (f.CheckID == "guardduty-enabled" || f.CheckID == "backup-plans" || f.CheckID == "aws-baa-accepted") && (f.Status != assessment.Error || f.ErrorCode == "") {
					t.Errorf("%s %s = %s %q, want error with a code", f.CheckID, f.Region, f.Status, f.ErrorCode)
				}
			}
		}},
		{"no regions listed", []fakeaws.Fault{
			{Operation: "ec2:DescribeRegions", ContentType: "text/xml",
				Body: `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo/></DescribeRegionsResponse>`},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if len(s.Regions) != 1 || s.Regions[0] != "us-east-1" || s.RegionsErr == nil || s.RegionsErr.Code == "" {
				t.Errorf("regions = %v err %+v, want the configured region and a recorded reason", s.Regions, s.RegionsErr)
			}
		}},
		{"regions with opt-in status", []fakeaws.Fault{
			{Operation: "ec2:DescribeRegions", ContentType: "text/xml",
				Body: `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo>` +
					`<item><regionName>us-west-2</regionName><optInStatus>opt-in-not-required</optInStatus></item>` +
					`<item><regionName>af-south-1</regionName><optInStatus>not-opted-in</optInStatus></item>` +
					`<item><regionName>me-south-1</regionName><optInStatus>opted-in</optInStatus></item>` +
					`<item><regionName>eu-west-1</regionName></item>` +
					`<item><regionName>us-west-2</regionName><optInStatus>opt-in-not-required</optInStatus></item>` +
					`</regionInfo></DescribeRegionsResponse>`},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if want := []string{"eu-west-1", "me-south-1", "us-west-2"}; !slices.Equal(s.Regions, want) || s.RegionsErr != nil || len(s.Regional) != 3 {
				t.Errorf("regions = %v (%+v), want %v", s.Regions, s.RegionsErr, want)
			}
		}},
		{"security hub not found, config recorder not found", []fakeaws.Fault{
			{Operation: "securityhub:DescribeHub", Region: "us-east-1", Code: "ResourceNotFoundException", Status: 404},
			{Operation: "config:DescribeConfigurationRecorders", Region: "us-east-1", Code: "NoSuchConfigurationRecorderException", Status: 400},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			east := region(t, s, "us-east-1")
			if east.SecurityHubErr != nil || east.SecurityHubEnabled || east.ConfigErr != nil || len(east.ConfigRecorders) != 0 {
				t.Errorf("security hub %v %+v, config %+v %+v: want read as not enabled", east.SecurityHubEnabled, east.SecurityHubErr, east.ConfigRecorders, east.ConfigErr)
			}
			fs := probes.Evaluate(s, fixtureNow, nil)
			for _, id := range []string{"securityhub-enabled", "config-recorder-enabled"} {
				if f := findingIn(t, fs, id, "us-east-1"); f.Status != assessment.Fail {
					t.Errorf("%s = %s, want fail", id, f.Status)
				}
			}
		}},
		{"trail without a home region", []fakeaws.Fault{
			{Operation: "cloudtrail:DescribeTrails", ContentType: "application/x-amz-json-1.1",
				Body: `{"trailList":[{"Name":"org-trail","TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail","IsMultiRegionTrail":true}]}`},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if len(s.CloudTrail.Trails) != 1 {
				t.Fatalf("trails = %+v", s.CloudTrail.Trails)
			}
			tr := s.CloudTrail.Trails[0]
			if tr.HomeRegion != "us-east-1" || tr.StatusErr != nil || tr.Status == nil || !tr.Status.IsLogging || tr.SelectorsErr != nil {
				t.Errorf("trail = %+v status %+v %+v, want its home region taken from the ARN", tr, tr.Status, tr.StatusErr)
			}
		}},
		{"stub answers", []fakeaws.Fault{
			{Operation: "securityhub:DescribeHub", ContentType: "application/json", Body: `{}`},
			{Operation: "kms:DescribeKey", Region: "us-east-1", ContentType: "application/x-amz-json-1.1", Body: `{}`},
			{Operation: "acm:DescribeCertificate", Region: "us-east-1", ContentType: "application/x-amz-json-1.1", Body: `{}`},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			east := region(t, s, "us-east-1")
			if east.SecurityHubEnabled || east.SecurityHubErr == nil || east.SecurityHubErr.Code != "EmptyResponse" {
				t.Errorf("security hub = %v %+v, want EmptyResponse", east.SecurityHubEnabled, east.SecurityHubErr)
			}
			for _, k := range east.KMSKeys {
				if k.DescribeErr == nil || k.DescribeErr.Code != "EmptyResponse" {
					t.Errorf("key %s describe err = %+v, want EmptyResponse", k.ID, k.DescribeErr)
				}
			}
			for _, c := range east.Certificates {
				if c.DescribeErr == nil || c.DescribeErr.Code != "EmptyResponse" {
					t.Errorf("certificate %s describe err = %+v, want EmptyResponse", c.Domain, c.DescribeErr)
				}
			}
			fs := probes.Evaluate(s, fixtureNow, nil)
			if f := findingIn(t, fs, "securityhub-enabled", "us-east-1"); f.Status != assessment.Error || f.ErrorCode != "EmptyResponse" {
				t.Errorf("securityhub finding = %s %s", f.Status, f.ErrorCode)
			}
			if n := len(findingsOf(fs, "kms-key-rotation", "us-east-1")); n != len(east.KMSKeys) {
				t.Errorf("%d kms findings for %d keys: every key must be reported", n, len(east.KMSKeys))
			}
		}},
		{"user deleted during the scan", []fakeaws.Fault{
			{Operation: "iam:ListAttachedUserPolicies", Code: "NoSuchEntity", Status: 404, Times: 1},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if len(s.IAM.Users) != 1 || s.IAM.Users[0].Err != nil || s.IAM.UsersErr != nil {
				t.Errorf("users = %+v (%+v), want the deleted one left out", s.IAM.Users, s.IAM.UsersErr)
			}
		}},
		{"connection reset", []fakeaws.Fault{
			{Operation: "kms:ListKeys", Region: "us-west-2", Reset: true},
		}, func(t *testing.T, s *probes.Snapshot, _ *fakeaws.Server) {
			if e := region(t, s, "us-west-2").KMSKeysErr; e == nil || e.Code != "NetworkError" {
				t.Errorf("kms err = %+v, want NetworkError", e)
			}
			if e := region(t, s, "us-east-1").KMSKeysErr; e != nil {
				t.Errorf("us-east-1 kms err = %+v, want nil", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			fake := fakeaws.New(sampleAccount())
			defer fake.Close()
			for _, f := range tt.faults {
				fake.Inject(f)
			}
			snap, err := Collect(context.Background(), testOptions(fake.URL))
			if err != nil {
				t.Fatalf("Collect: %v", err)
			}
			tt.check(t, snap, fake)
		})
	}
}

func countCalls(fake *fakeaws.Server, op string) int {
	n := 0
	for _, c := range fake.Calls() {
		if c.Operation == op {
			n++
		}
	}
	return n
}

func findingOf(t *testing.T, fs []assessment.Finding, checkID, resource string) assessment.Finding {
	t.Helper()
	return find(t, fs, checkID+" "+resource, func(f assessment.Finding) bool { return f.CheckID == checkID && f.Resource == resource })
}

func findingsOf(fs []assessment.Finding, checkID, region string) []assessment.Finding {
	var out []assessment.Finding
	for _, f := range fs {
		if f.CheckID == checkID && f.Region == region {
			out = append(out, f)
		}
	}
	return out
}

func findingIn(t *testing.T, fs []assessment.Finding, checkID, region string) assessment.Finding {
	t.Helper()
	return find(t, fs, checkID+" in "+region, func(f assessment.Finding) bool { return f.CheckID == checkID && f.Region == region })
}

// TestCollectBucketRegions finds each bucket's region whether ListBuckets
// names it or not, also for regions that are not scanned, and whichever
// region the client is configured for.
func TestCollectBucketRegions(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_REGION", "eu-west-1")
	acct := sampleAccount()
	acct.Buckets = append(acct.Buckets, fakeaws.Bucket{Name: "far-away", Region: "ap-south-1", Unlisted: true, Versioning: "Enabled"})
	fake := fakeaws.New(acct)
	defer fake.Close()
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-west-2"}
	snap, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	want := map[string]string{"phi-records": "us-east-1", "legacy-eu": "eu-west-1", "public-site": "us-west-2", "audit-logs": "us-east-1", "far-away": "ap-south-1"}
	for _, b := range snap.S3.Buckets {
		if b.Region != want[b.Name] || b.RegionErr != nil || b.VersioningErr != nil || b.ACLErr != nil {
			t.Errorf("%s: region %q (%+v), versioning err %+v, want %q", b.Name, b.Region, b.RegionErr, b.VersioningErr, want[b.Name])
		}
	}
	f := findingOf(t, probes.Evaluate(snap, fixtureNow, nil), "s3-bucket-versioning", "arn:aws:s3:::far-away")
	if f.Status != assessment.Pass || f.Region != "ap-south-1" {
		t.Errorf("far-away versioning = %s in %s, want pass in ap-south-1", f.Status, f.Region)
	}
}

// TestCollectRegionNotEnabled answers every call in one region as AWS does
// for a region the account has not enabled: that region's findings are
// not_assessed with the code, the other regions are read as usual.
func TestCollectRegionNotEnabled(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	for op := range operations {
		switch strings.SplitN(op, ":", 2)[0] {
		case "sts", "iam", "s3", "s3control", "artifact":
			continue
		}
		fake.Inject(fakeaws.Fault{Operation: op, Region: "eu-west-1", Code: "OptInRequired", Status: 401,
			Message: "You are not subscribed to this service."})
	}
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	var eu, other int
	for _, f := range probes.Evaluate(snap, fixtureNow, nil) {
		switch {
		case strings.HasPrefix(f.CheckID, "s3-"):
			// S3 answers for its buckets in every region
		case f.Region == "eu-west-1":
			eu++
			if f.Status != assessment.NotAssessed || f.ErrorCode != "OptInRequired" {
				t.Errorf("%s in eu-west-1 = %s %q, want not_assessed OptInRequired", f.CheckID, f.Status, f.ErrorCode)
			}
		case f.Region == "us-east-1" && (f.Status == assessment.Pass || f.Status == assessment.Fail):
			other++
		}
	}
	if eu < len(regionalServices) || other == 0 {
		t.Errorf("%d eu-west-1 findings, %d evaluated in us-east-1", eu, other)
	}
}

// TestCollectCredentialReportWaitsForComplete reads the report only once
// GenerateCredentialReport says it is complete.
func TestCollectCredentialReportWaitsForComplete(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	fake.Inject(fakeaws.Fault{Operation: "iam:GenerateCredentialReport", Times: 3, ContentType: "text/xml",
		Body: `<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateCredentialReportResult>` +
			`<State>INPROGRESS</State></GenerateCredentialReportResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GenerateCredentialReportResponse>`})
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-east-1"}
	snap, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if snap.IAM.CredentialReportErr != nil || snap.IAM.CredentialReport == nil || len(snap.IAM.CredentialReport.Rows) != 3 {
		t.Fatalf("report = %+v err %+v", snap.IAM.CredentialReport, snap.IAM.CredentialReportErr)
	}
	var generated int
	for _, c := range fake.Calls() {
		switch c.Operation {
		case "iam:GenerateCredentialReport":
			generated++
		case "iam:GetCredentialReport":
			// three answers INPROGRESS, then the fake's STARTED, then COMPLETE
			if generated < 5 {
				t.Fatalf("GetCredentialReport after %d GenerateCredentialReport calls, want it only after COMPLETE", generated)
			}
		}
	}
}
