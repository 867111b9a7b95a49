package probes

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
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
	want := map[string]Status{
		"s3-account-public-access-block|global|" + a:                                                                                      Fail,
		"s3-bucket-public-access|us-east-1|arn:aws:s3:::riverside-website":                                                                Fail,
		"s3-bucket-public-access|us-east-1|arn:aws:s3:::riverside-ehr-exports":                                                            Pass,
		"s3-bucket-public-access|us-east-1|arn:aws:s3:::riverside-scanned-forms":                                                          NotAssessed,
		"s3-bucket-secure-transport|us-east-1|arn:aws:s3:::riverside-cloudtrail-logs":                                                     Pass,
		"s3-bucket-secure-transport|us-west-2|arn:aws:s3:::riverside-billing-archive":                                                     Fail,
		"s3-bucket-versioning|us-west-2|arn:aws:s3:::riverside-billing-archive":                                                           Fail,
		"cloudtrail-enabled-all-regions|global|" + a:                                                                                      Pass,
		"cloudtrail-kms-encryption|us-east-1|arn:aws:cloudtrail:us-east-1:" + a + ":trail/riverside-trail":                                Fail,
		"logs-retention-six-years|us-east-1|arn:aws:cloudtrail:us-east-1:" + a + ":trail/riverside-trail":                                 Fail,
		"iam-password-policy|global|" + a:                                                                                                 Fail,
		"iam-user-console-mfa|global|" + a:                                                                                                Fail,
		"iam-access-key-rotation|global|" + a:                                                                                             Fail,
		"iam-unused-credentials|global|" + a:                                                                                              Fail,
		"iam-root-mfa|global|" + a:                                                                                                        Pass,
		"iam-admin-policies|global|arn:aws:iam::" + a + ":user/dr.patel":                                                                  Fail,
		"iam-admin-policies|global|arn:aws:iam::" + a + ":user/old-contractor":                                                            Pass,
		"securityhub-enabled|us-east-1|" + a:                                                                                              NotAssessed,
		"securityhub-enabled|us-west-2|" + a:                                                                                              Fail,
		"guardduty-high-findings|us-east-1|" + a:                                                                                          Fail,
		"ec2-security-group-admin-ports|us-east-1|arn:aws:ec2:us-east-1:" + a + ":security-group/sg-0ee55ff66aa77bb88":                    Fail,
		"elbv2-tls-listeners|us-east-1|arn:aws:elasticloadbalancing:us-east-1:" + a + ":loadbalancer/app/patient-portal/50dc6c495c0c9188": Fail,
		"kms-key-rotation|us-west-2|arn:aws:kms:us-west-2:" + a + ":key/0a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d":                             Fail,
		"rds-multi-az|us-east-1|arn:aws:rds:us-east-1:" + a + ":db:riverside-ehr-db":                                                      Fail,
		"aws-baa-accepted|global|" + a:                                                                                                    Pass,
	}
	counts := map[Status]int{}
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
	if counts[Pass] < 20 || counts[Fail] < 15 || counts[NotAssessed] < 2 {
		t.Errorf("status mix %v: the sample should show passes, failures and a denied call", counts)
	}
}
