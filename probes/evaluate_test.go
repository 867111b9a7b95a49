package probes

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func loadSnapshot(t testing.TB, name string) *Snapshot {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &s
}

func TestSampleSnapshot(t *testing.T) {
	s := loadSnapshot(t, "sample-snapshot.json")
	fs := Evaluate(s, s.FinishedAt, nil)
	const a = "123456789012"
	want := map[string]assessment.Status{
		"s3-account-public-access-block|global|" + a:                                                       assessment.Fail,
		"s3-bucket-public-access|us-east-1|arn:aws:s3:::riverside-website":                                 assessment.Fail,
		"s3-bucket-public-access|us-east-1|arn:aws:s3:::riverside-ehr-exports":                             assessment.Pass,
		"s3-bucket-public-access|us-east-1|arn:aws:s3:::riverside-scanned-forms":                           assessment.NotAssessed,
		"s3-bucket-secure-transport|us-east-1|arn:aws:s3:::riverside-cloudtrail-logs":                      assessment.Pass,
		"s3-bucket-secure-transport|us-west-2|arn:aws:s3:::riverside-billing-archive":                      assessment.Fail,
		"s3-bucket-versioning|us-west-2|arn:aws:s3:::riverside-billing-archive":                            assessment.Fail,
		"cloudtrail-enabled-all-regions|global|" + a:                                                       assessment.Pass,
		"cloudtrail-kms-encryption|us-east-1|arn:aws:cloudtrail:us-east-1:" + a + ":trail/riverside-trail": assessment.Fail,
		"logs-retention-six-years|us-east-1|arn:aws:cloudtrail:us-east-1:" + a + ":trail/riverside-trail":  assessment.Fail,
		"iam-password-policy|global|" + a:                                                                  assessment.Fail,
		"iam-user-console-mfa|global|arn:aws:iam::" + a + ":user/frontdesk":                                assessment.Fail,
		"iam-user-console-mfa|global|arn:aws:iam::" + a + ":user/dr.patel":                                 assessment.Pass,
		"iam-access-key-rotation|global|arn:aws:iam::" + a + ":user/billing-sync/access-key-1":             assessment.Fail,
		"iam-unused-credentials|global|arn:aws:iam::" + a + ":user/old-contractor":                         assessment.Fail,
		"iam-unused-credentials|global|arn:aws:iam::" + a + ":user/frontdesk":                              assessment.Pass,
		"iam-root-mfa|global|" + a:                                             assessment.Pass,
		"iam-admin-policies|global|arn:aws:iam::" + a + ":user/dr.patel":       assessment.Fail,
		"iam-admin-policies|global|arn:aws:iam::" + a + ":user/old-contractor": assessment.Pass,
		"securityhub-enabled|us-east-1|" + a:                                   assessment.NotAssessed,
		"securityhub-enabled|us-west-2|" + a:                                   assessment.Fail,
		"guardduty-high-findings|us-east-1|" + a:                               assessment.Fail,
		"ec2-security-group-admin-ports|us-east-1|arn:aws:ec2:us-east-1:" + a + ":security-group/sg-0ee55ff66aa77bb88":                    assessment.Fail,
		"elbv2-tls-listeners|us-east-1|arn:aws:elasticloadbalancing:us-east-1:" + a + ":loadbalancer/app/patient-portal/50dc6c495c0c9188": assessment.Fail,
		"kms-key-rotation|us-west-2|arn:aws:kms:us-west-2:" + a + ":key/0a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d":                             assessment.Fail,
		"rds-multi-az|us-east-1|arn:aws:rds:us-east-1:" + a + ":db:riverside-ehr-db":                                                      assessment.Fail,
		"aws-baa-accepted|global|" + a: assessment.Pass,
		"elbv2-access-logs|us-east-1|arn:aws:elasticloadbalancing:us-east-1:" + a + ":loadbalancer/app/patient-portal/50dc6c495c0c9188": assessment.Fail,
		"wafv2-web-acl|us-east-1|arn:aws:elasticloadbalancing:us-east-1:" + a + ":loadbalancer/app/patient-portal/50dc6c495c0c9188":     assessment.Fail,
		"wafv2-logging|us-east-1|" + a: assessment.Pass,
		"macie-enabled|us-east-1|" + a: assessment.Fail,
		"macie-enabled|us-west-2|" + a: assessment.Fail,
	}
	counts := map[assessment.Status]int{}
	for _, f := range fs {
		counts[f.Status]++
		if w, ok := want[f.ID]; ok {
			if f.Status != w {
				t.Errorf("%s: %s (%s), want %s", f.ID, f.Status, f.Reason, w)
			}
			delete(want, f.ID)
		}
	}
	for id := range want {
		t.Errorf("missing finding %s", id)
	}
	if counts[assessment.Pass] < 20 || counts[assessment.Fail] < 15 || counts[assessment.NotAssessed] < 2 {
		t.Errorf("status mix %v: the sample should show passes, failures and a denied call", counts)
	}
}
