package awscollect

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

func TestCheckRead(t *testing.T) {
	tests := []struct {
		op   string
		want bool
	}{
		{"s3:GetBucketEncryption", true},
		{"iam:GenerateCredentialReport", true},
		{"sts:GetCallerIdentity", true},
		{"artifact:ListCustomerAgreements", true},
		{"organizations:ListAccounts", true}, // organization scans only
		{"organizations:CreateAccount", false},
		{"organizations:DescribeOrganization", false},
		{"sts:AssumeRole", false}, // only as the SDK's credential exchange
		{"s3:PutObject", false},
		{"s3:DeleteBucket", false},
		{"ec2:TerminateInstances", false},
		{"iam:CreateAccessKey", false},
		{"s3:GetObject", false},        // a read, but not one the probes use
		{"iam:GetLoginProfile", false}, // likewise
		{"kms:Decrypt", false},         // not named like a read
		{"s3:ListBucketsExtra", false}, // unknown
		{"ec2:DescribeImages", false},  // unknown read
		{"inspector2:BatchGetAccountStatus", true},
		{"inspector2:BatchUpdateMemberEc2DeepInspectionStatus", false},
		{"inspector2:BatchGetFreeTrialInfo", false}, // a read, but not one the probes use
		{"ssm:SendCommand", false},
		{"iam:UpdateAccountPasswordPolicy", false},
	}
	for _, tt := range tests {
		err := checkRead(tt.op)
		if got := err == nil; got != tt.want {
			t.Errorf("checkRead(%s) = %v, want allowed=%v", tt.op, err, tt.want)
		}
		if err != nil && !errors.Is(err, ErrNotReadOnly) {
			t.Errorf("checkRead(%s) error %v is not ErrNotReadOnly", tt.op, err)
		}
	}
}

// TestGuardRefusesWrites sends writes through clients built from the
// collector's configuration and checks that none reaches the endpoint.
func TestGuardRefusesWrites(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	cfg, custom, err := loadConfig(context.Background(), testOptions(fake.URL).withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	g := newGlobalClients(cfg, custom)
	ctx := context.Background()
	writes := []struct {
		name string
		send func() error
	}{
		{"s3 PutObject", func() error {
			_, err := g.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("phi-records"), Key: aws.String("x"), Body: strings.NewReader("data")})
			return err
		}},
		{"s3 DeleteBucket", func() error {
			_, err := g.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("phi-records")})
			return err
		}},
		{"s3 GetObject (read the probes never make)", func() error {
			_, err := g.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("phi-records"), Key: aws.String("x")})
			return err
		}},
		{"ec2 TerminateInstances", func() error {
			_, err := g.ec2.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{"i-1"}})
			return err
		}},
		{"iam DeleteUser", func() error {
			_, err := g.iam.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("alice")})
			return err
		}},
	}
	for _, w := range writes {
		if err := w.send(); !errors.Is(err, ErrNotReadOnly) {
			t.Errorf("%s: err = %v, want ErrNotReadOnly", w.name, err)
		}
	}
	if n := fake.Count(); n != 0 {
		t.Errorf("%d requests reached the endpoint: %+v", n, fake.Calls())
	}
	// A permitted read on the same clients does go through.
	if _, err := g.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("phi-records")}); err != nil {
		t.Errorf("allowed read failed: %v", err)
	}
	if fake.Count() != 1 {
		t.Errorf("calls = %d, want 1", fake.Count())
	}
}

func TestPolicyMatchesOperations(t *testing.T) {
	var doc struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal(Policy(), &doc); err != nil {
		t.Fatalf("policy.json: %v", err)
	}
	if doc.Version != "2012-10-17" || len(doc.Statement) != 1 || doc.Statement[0].Effect != "Allow" || doc.Statement[0].Resource != "*" {
		t.Fatalf("policy shape = %+v", doc)
	}
	var want []string
	for _, a := range operations {
		want = append(want, a)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	got := doc.Statement[0].Action
	if !slices.IsSorted(got) {
		t.Error("policy actions are not sorted")
	}
	for _, a := range want {
		if !slices.Contains(got, a) {
			t.Errorf("policy lacks %s", a)
		}
	}
	for _, a := range got {
		if !slices.Contains(want, a) {
			t.Errorf("policy has %s, which no probe uses", a)
		}
	}
	for _, a := range got {
		if strings.Contains(a, "*") || !(strings.Contains(a, ":Get") || strings.Contains(a, ":BatchGet") || strings.Contains(a, ":List") ||
			strings.Contains(a, ":Describe") || a == "iam:GenerateCredentialReport") {
			t.Errorf("policy action %s is not a read", a)
		}
	}
	// Policy returns a copy.
	p := Policy()
	p[0] = 'x'
	if Policy()[0] == 'x' {
		t.Error("Policy exposes its backing array")
	}
}

func TestFakeRejectsUnsignedRequests(t *testing.T) {
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	tests := []struct{ name, auth string }{
		{"none", ""},
		{"v2", "AWS AKID:c2lnbmF0dXJl"},
		{"bad signature", "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=xyz"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, fake.URL+"/", nil)
		req.Header.Set("X-Amz-Date", "20260301T000000Z")
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tt.name, resp.StatusCode)
		}
	}
	if fake.Count() != 0 {
		t.Errorf("unsigned requests were counted as calls: %d", fake.Count())
	}
}
