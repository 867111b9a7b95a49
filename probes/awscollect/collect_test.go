package awscollect

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

func find[T any](t *testing.T, items []T, what string, match func(T) bool) T {
	t.Helper()
	for _, it := range items {
		if match(it) {
			return it
		}
	}
	t.Fatalf("%s not found", what)
	var zero T
	return zero
}

func region(t *testing.T, s *probes.Snapshot, name string) probes.RegionData {
	return find(t, s.Regional, "region "+name, func(r probes.RegionData) bool { return r.Region == name })
}

// collectSample reads the sample account over real HTTP, one item per page
// so that every paginator is followed.
func collectSample(t *testing.T) (*probes.Snapshot, *fakeaws.Server) {
	t.Helper()
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithPageSize(1))
	t.Cleanup(fake.Close)
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return snap, fake
}

// TestCollectSampleAccount checks what the sample account's snapshot says
// about the account as a whole, and that exactly the operations of the
// read-only table went over the wire, to the configured endpoint. The
// TestCollect<service> tests check each service's part of the same snapshot.
func TestCollectSampleAccount(t *testing.T) {
	snap, fake := collectSample(t)
	if snap.AccountID != testAccount || snap.Partition != "aws" || snap.CallerARN != "arn:aws:iam::123456789012:user/auditor" {
		t.Errorf("identity = %q %q %q", snap.AccountID, snap.Partition, snap.CallerARN)
	}
	if want := []string{"eu-west-1", "us-east-1", "us-west-2"}; !reflect.DeepEqual(snap.Regions, want) || snap.RegionsErr != nil {
		t.Errorf("regions = %v (%v), want %v", snap.Regions, snap.RegionsErr, want)
	}
	if snap.StartedAt != fixtureNow || snap.ToolVersion != "test" || snap.SchemaVersion != probes.SnapshotSchemaVersion {
		t.Errorf("header = %v %q %d", snap.StartedAt, snap.ToolVersion, snap.SchemaVersion)
	}

	t.Run("wire", func(t *testing.T) {
		host := strings.TrimPrefix(fake.URL, "http://")
		seen := map[string]bool{}
		for _, c := range fake.Calls() {
			seen[c.Operation] = true
			if c.Host != host {
				t.Errorf("%s went to host %q, want %q (no account-id prefix, path-style S3)", c.Operation, c.Host, host)
			}
		}
		var missing, extra []string
		for op := range operations {
			if !seen[op] {
				missing = append(missing, op)
			}
		}
		for op := range seen {
			if _, ok := operations[op]; !ok {
				extra = append(extra, op)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("operations table and calls differ: never called %v; called but not in table %v", missing, extra)
		}
	})
}

func TestCollectDeterministic(t *testing.T) {
	isolateAWS(t)
	var out [2][]byte
	for i := range out {
		fake := fakeaws.New(sampleAccount(), fakeaws.WithPageSize(2))
		snap, err := Collect(context.Background(), testOptions(fake.URL))
		fake.Close()
		if err != nil {
			t.Fatalf("Collect: %v", err)
		}
		if out[i], err = json.Marshal(snap); err != nil {
			t.Fatal(err)
		}
	}
	if string(out[0]) != string(out[1]) {
		t.Errorf("two collections of the same account differ:\n%s\n%s", out[0], out[1])
	}
	if strings.Contains(string(out[0]), "secretEXAMPLEKEY") || strings.Contains(string(out[0]), "AKIDEXAMPLETEST") {
		t.Error("snapshot contains credentials")
	}
}

func TestCollectRecordsDeniedCalls(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	for _, f := range []fakeaws.Fault{
		{Operation: "ec2:DescribeVolumes", Region: "us-west-2", Code: "UnauthorizedOperation", Status: 403, Message: "You are not authorized to perform this operation."},
		{Operation: "s3:GetBucketPolicy", Code: "AccessDenied", Status: 403},
		{Operation: "s3control:GetPublicAccessBlock", Code: "AccessDenied", Status: 403},
		{Operation: "kms:ListKeys", Region: "us-east-1", Code: "AccessDeniedException", Status: 400},
		{Operation: "iam:GetCredentialReport", Code: "AccessDenied", Status: 403},
		{Operation: "iam:ListUsers", Code: "AccessDenied", Status: 403},
		{Operation: "iam:GetGroupPolicy", Code: "AccessDenied", Status: 403},
		{Operation: "guardduty:ListDetectors", Region: "eu-west-1", Code: "AccessDeniedException", Status: 403},
		{Operation: "securityhub:DescribeHub", Region: "us-west-2", Code: "AccessDeniedException", Status: 403},
		{Operation: "cloudtrail:DescribeTrails", Region: "us-west-2", Code: "UnrecognizedClientException", Status: 400},
		{Operation: "cloudtrail:GetEventSelectors", Code: "AccessDeniedException", Status: 400},
		{Operation: "rds:DescribeDBSnapshotAttributes", Code: "AccessDenied", Status: 403},
		{Operation: "ec2:DescribeNetworkInterfaces", Region: "us-east-1", Code: "UnauthorizedOperation", Status: 403},
		{Operation: "acm:DescribeCertificate", Code: "AccessDeniedException", Status: 400},
		{Operation: "artifact:ListCustomerAgreements", Code: "AccessDeniedException", Status: 403, Message: "not allowed"},
	} {
		fake.Inject(f)
	}
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	east, west, eu := region(t, snap, "us-east-1"), region(t, snap, "us-west-2"), region(t, snap, "eu-west-1")
	phi := find(t, snap.S3.Buckets, "phi", func(b probes.Bucket) bool { return b.Name == "phi-records" })
	dbSnap := find(t, east.DBSnapshots, "ehr-manual", func(s probes.DBSnapshot) bool { return s.ID == "ehr-manual" })
	tests := []struct {
		name string
		got  *probes.APIError
		op   string
		code string
	}{
		{"volumes", west.VolumesErr, "ec2:DescribeVolumes", "UnauthorizedOperation"},
		{"bucket policy", phi.PolicyErr, "s3:GetBucketPolicy", "AccessDenied"},
		{"account PAB", snap.S3.AccountPublicAccessBlockErr, "s3control:GetPublicAccessBlock", "AccessDenied"},
		{"kms", east.KMSKeysErr, "kms:ListKeys", "AccessDeniedException"},
		{"credential report", snap.IAM.CredentialReportErr, "iam:GetCredentialReport", "AccessDenied"},
		{"users", snap.IAM.UsersErr, "iam:ListUsers", "AccessDenied"},
		{"group inline policy", snap.IAM.Groups[1].Err, "iam:GetGroupPolicy", "AccessDenied"},
		{"guardduty", eu.GuardDutyErr, "guardduty:ListDetectors", "AccessDeniedException"},
		{"security hub", west.SecurityHubErr, "securityhub:DescribeHub", "AccessDeniedException"},
		{"trail selectors", snap.CloudTrail.Trails[0].SelectorsErr, "cloudtrail:GetEventSelectors", "AccessDeniedException"},
		{"db snapshot attribute", dbSnap.PublicErr, "rds:DescribeDBSnapshotAttributes", "AccessDenied"},
		{"vpc in use", east.VPCs[0].InUseErr, "ec2:DescribeNetworkInterfaces", "UnauthorizedOperation"},
		{"certificate", east.Certificates[0].DescribeErr, "acm:DescribeCertificate", "AccessDeniedException"},
		{"artifact", snap.Artifact.Err, "artifact:ListCustomerAgreements", "AccessDeniedException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got == nil || tt.got.Operation != tt.op || tt.got.Code != tt.code || tt.got.Message == "" {
				t.Errorf("got %+v, want %s %s with a message", tt.got, tt.op, tt.code)
			}
		})
	}
	if want := []probes.RegionalError{{Region: "us-west-2", Err: probes.APIError{Operation: "cloudtrail:DescribeTrails", Code: "UnrecognizedClientException", Message: "injected UnrecognizedClientException"}}}; !reflect.DeepEqual(snap.CloudTrail.Errs, want) {
		t.Errorf("cloudtrail errs = %+v", snap.CloudTrail.Errs)
	}
	if len(snap.CloudTrail.Trails) != 2 {
		t.Errorf("trails = %d, want 2 still seen from other regions", len(snap.CloudTrail.Trails))
	}
	if snap.S3.AccountPublicAccessBlock != nil || phi.Policy != "" || snap.IAM.CredentialReport != nil || len(snap.IAM.Users) != 0 {
		t.Error("a denied read must leave its data empty")
	}
	if snap.IAM.Groups[0].Err != nil {
		t.Errorf("admins group err = %+v, want nil", snap.IAM.Groups[0].Err)
	}
}

func TestCollectRetriesThrottling(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	faults := []fakeaws.Fault{
		{Operation: "iam:ListUsers", Code: "Throttling", Status: 400, Times: 2},
		{Operation: "ec2:DescribeVpcs", Region: "us-east-1", Code: "RequestLimitExceeded", Status: 503, Times: 3},
		{Operation: "s3:GetBucketAcl", Code: "SlowDown", Status: 503, Times: 2},
		{Operation: "guardduty:ListDetectors", Code: "TooManyRequestsException", Status: 429, Times: 2},
		{Operation: "kms:DescribeKey", Code: "ThrottlingException", Status: 400, Times: 3},
		{Operation: "artifact:ListCustomerAgreements", Code: "ThrottlingException", Status: 429, Times: 2},
		{Operation: "artifact:ListCustomerAgreements", Code: "ThrottlingException", Status: 400, Times: 3},
		{Operation: "iam:GenerateCredentialReport", Code: "LimitExceeded", Status: 409, Times: 1},
	}
	for _, f := range faults {
		fake.Inject(f)
	}
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	east := region(t, snap, "us-east-1")
	if snap.IAM.UsersErr != nil || len(snap.IAM.Users) != 2 {
		t.Errorf("users = %d %+v", len(snap.IAM.Users), snap.IAM.UsersErr)
	}
	if east.VPCsErr != nil || len(east.VPCs) != 2 {
		t.Errorf("vpcs = %+v %+v", east.VPCs, east.VPCsErr)
	}
	for _, b := range snap.S3.Buckets {
		if b.ACLErr != nil {
			t.Errorf("bucket %s acl err %+v", b.Name, b.ACLErr)
		}
	}
	for _, k := range east.KMSKeys {
		if k.DescribeErr != nil {
			t.Errorf("key %s describe err %+v", k.ID, k.DescribeErr)
		}
	}
	if east.GuardDutyErr != nil || len(east.GuardDutyDetectors) != 1 || snap.Artifact.Err != nil || len(snap.Artifact.Agreements) != 1 {
		t.Errorf("guardduty %+v / artifact %+v", east.GuardDutyErr, snap.Artifact.Err)
	}
	if snap.IAM.CredentialReportErr != nil || snap.IAM.CredentialReport == nil {
		t.Errorf("credential report err %+v", snap.IAM.CredentialReportErr)
	}
	counts := map[string]int{}
	for _, c := range fake.Calls() {
		counts[c.Operation]++
	}
	if counts["iam:ListUsers"] != 3 || counts["artifact:ListCustomerAgreements"] != 6 {
		t.Errorf("calls = %v, want throttled calls retried", counts)
	}
}

func TestCollectEndpointConfiguration(t *testing.T) {
	tests := []struct {
		name string
		env  bool
	}{{"option", false}, {"AWS_ENDPOINT_URL", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			fake := fakeaws.New(sampleAccount())
			defer fake.Close()
			opts := testOptions(fake.URL)
			if tt.env {
				t.Setenv("AWS_ENDPOINT_URL", fake.URL)
				opts.EndpointURL = ""
			}
			opts.Regions = []string{"us-west-2", "eu-west-1", "", "us-west-2"}
			snap, err := Collect(context.Background(), opts)
			if err != nil {
				t.Fatalf("Collect: %v", err)
			}
			if !reflect.DeepEqual(snap.Regions, []string{"eu-west-1", "us-west-2"}) || len(snap.Regional) != 2 {
				t.Errorf("regions = %v", snap.Regions)
			}
			if snap.S3.AccountPublicAccessBlock == nil || !snap.S3.AccountPublicAccessBlock.Configured || len(snap.S3.Buckets) != 4 {
				t.Errorf("s3 = %+v", snap.S3)
			}
			for _, c := range fake.Calls() {
				if c.Operation == "ec2:DescribeRegions" {
					t.Error("DescribeRegions called although regions were named")
				}
			}
		})
	}
}

func TestCollectRegionFallback(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_REGION", "eu-west-1")
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	fake.Inject(fakeaws.Fault{Operation: "ec2:DescribeRegions", Code: "UnauthorizedOperation", Status: 403})
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if !reflect.DeepEqual(snap.Regions, []string{"eu-west-1"}) || snap.RegionsErr == nil || snap.RegionsErr.Code != "UnauthorizedOperation" {
		t.Errorf("regions = %v err %+v, want the configured region and the error", snap.Regions, snap.RegionsErr)
	}
}

func TestCollectFatalErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, fake *fakeaws.Server) string // returns endpoint
		want    error
		contain string
	}{
		{"expired token", func(t *testing.T, f *fakeaws.Server) string {
			f.Inject(fakeaws.Fault{Operation: "sts:GetCallerIdentity", Code: "ExpiredToken", Status: 403})
			return f.URL
		}, ErrBadCredentials, "ExpiredToken"},
		{"invalid key", func(t *testing.T, f *fakeaws.Server) string {
			f.Inject(fakeaws.Fault{Operation: "sts:GetCallerIdentity", Code: "InvalidClientTokenId", Status: 403})
			return f.URL
		}, ErrBadCredentials, "InvalidClientTokenId"},
		{"signature", func(t *testing.T, f *fakeaws.Server) string {
			f.Inject(fakeaws.Fault{Operation: "sts:GetCallerIdentity", Code: "SignatureDoesNotMatch", Status: 403})
			return f.URL
		}, ErrBadCredentials, "SignatureDoesNotMatch"},
		{"no credentials", func(t *testing.T, f *fakeaws.Server) string {
			t.Setenv("AWS_ACCESS_KEY_ID", "")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "")
			return f.URL
		}, ErrNoCredentials, "aws sso login"},
		{"unreachable", func(t *testing.T, f *fakeaws.Server) string {
			return "http://127.0.0.1:1"
		}, ErrNetwork, "127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			fake := fakeaws.New(sampleAccount())
			defer fake.Close()
			snap, err := Collect(context.Background(), testOptions(tt.setup(t, fake)))
			if !errors.Is(err, tt.want) || snap != nil {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.contain) || strings.Contains(msg, "\n") || strings.Contains(msg, "secretEXAMPLEKEY") {
				t.Errorf("message %q: want one line containing %q and no secret", msg, tt.contain)
			}
		})
	}
}

func TestCollectCancel(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithLatency(100*time.Millisecond))
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	opts := testOptions(fake.URL)
	opts.Concurrency = 1
	var events int
	opts.Progress = func(Progress) {
		if events++; events == 1 {
			cancel()
		}
	}
	start := time.Now()
	snap, err := Collect(ctx, opts)
	if !errors.Is(err, context.Canceled) || snap != nil {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Collect took %v after cancel", d)
	}
}

func TestCollectProgress(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	opts := testOptions(fake.URL)
	var got []Progress
	opts.Progress = func(p Progress) { got = append(got, p) }
	if _, err := Collect(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	total := 4 + 3*len(regionalServices)
	if len(got) != total {
		t.Fatalf("%d progress events, want %d", len(got), total)
	}
	units := map[string]bool{}
	for i, p := range got {
		if p.Done != i+1 || p.Total != total || p.Service == "" || p.Region == "" {
			t.Errorf("event %d = %+v", i, p)
		}
		units[p.Service+"/"+p.Region] = true
	}
	if len(units) != total || !units["iam/global"] || !units["ec2/eu-west-1"] || !units["cloudtrail/global"] {
		t.Errorf("units = %v", units)
	}
}

// TestCollectAssumeRoleProfile uses a named profile that assumes a role:
// the credential exchange passes the read-only guard and the probes then
// run with the temporary credentials.
func TestCollectAssumeRoleProfile(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	dir := t.TempDir()
	writeFile(t, dir+"/config", "[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Auditor\nsource_profile = base\nregion = us-east-1\n")
	writeFile(t, dir+"/credentials", "[base]\naws_access_key_id = AKIDBASEPROFILE\naws_secret_access_key = baseSecretKey\n")
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	opts := testOptions(fake.URL)
	opts.Profile = "audit"
	opts.Regions = []string{"us-east-1"}
	snap, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	calls := fake.Calls()
	if calls[0].Operation != "sts:AssumeRole" || len(snap.S3.Buckets) != 4 {
		t.Errorf("first call %s, %d buckets; want the role assumed first", calls[0].Operation, len(snap.S3.Buckets))
	}
	if calls[0].AccessKey != "AKIDBASEPROFILE" {
		t.Errorf("AssumeRole signed with %q, want the source profile's key", calls[0].AccessKey)
	}
	for _, c := range calls[1:] {
		if c.AccessKey != "ASIAFAKEASSUMED" {
			t.Errorf("%s signed with %q, want the assumed role's key", c.Operation, c.AccessKey)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCollectCABundle reaches an HTTPS endpoint whose certificate is trusted
// only through AWS_CA_BUNDLE, as behind a corporate proxy.
func TestCollectCABundle(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithTLS())
	defer fake.Close()
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-east-1"}
	if _, err := Collect(context.Background(), opts); !errors.Is(err, ErrNetwork) {
		t.Fatalf("untrusted certificate: err = %v, want ErrNetwork", err)
	}
	bundle := t.TempDir() + "/ca.pem"
	writeFile(t, bundle, string(fake.CertPEM()))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	snap, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatalf("Collect with AWS_CA_BUNDLE: %v", err)
	}
	if snap.AccountID != testAccount || len(snap.S3.Buckets) != 4 || snap.Artifact.Err != nil {
		t.Errorf("snapshot over TLS: account %q, %d buckets, artifact %+v", snap.AccountID, len(snap.S3.Buckets), snap.Artifact.Err)
	}
}
