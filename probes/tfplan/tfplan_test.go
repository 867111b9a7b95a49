package tfplan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

var testNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

func readPlan(t testing.TB, name string) *Plan {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(name, raw)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return p
}

// byAddress indexes findings by check and Terraform address.
func byAddress(t *testing.T, r Result) map[string]assessment.Finding {
	t.Helper()
	out := map[string]assessment.Finding{}
	for _, f := range r.Findings {
		key := f.CheckID + " " + f.Address
		if _, dup := out[key]; dup {
			t.Errorf("two findings %s", key)
		}
		if f.Address == "" {
			t.Errorf("finding %s has no Terraform address", f.ID)
		}
		out[key] = f
	}
	return out
}

type want struct {
	check, addr string
	status      assessment.Status
	reason      string
}

func checkFindings(t *testing.T, file string, wants []want) Result {
	t.Helper()
	res := readPlan(t, file).Evaluate(testNow, nil)
	got := byAddress(t, res)
	for _, w := range wants {
		f, ok := got[w.check+" "+w.addr]
		if !ok {
			t.Errorf("%s: no finding %s on %s", file, w.check, w.addr)
			continue
		}
		if f.Status != w.status || !strings.Contains(f.Reason, w.reason) {
			t.Errorf("%s: %s on %s = %s %q, want %s with %q", file, w.check, w.addr, f.Status, f.Reason, w.status, w.reason)
		}
	}
	return res
}

func TestCompliantPlanPasses(t *testing.T) {
	res := checkFindings(t, "compliant.json", []want{
		{"s3-bucket-versioning", `aws_s3_bucket.logs["access"]`, assessment.Pass, "enabled"},
		{"s3-bucket-secure-transport", "aws_s3_bucket.phi", assessment.Pass, "denies"},
		{"rds-storage-encryption", "module.db.aws_db_instance.main", assessment.Pass, "encrypted"},
		{"rds-multi-az", "aws_rds_cluster.aurora", assessment.Pass, "more than one"},
		{"logs-retention-six-years", "aws_cloudtrail.main", assessment.Pass, "object lock COMPLIANCE retention covers 6 years"},
		{"ec2-vpc-flow-logs", "aws_vpc.main", assessment.Pass, "flow log active"},
		{"ec2-ebs-volume-encryption", "aws_instance.web", assessment.Pass, "encrypted"},
		{"logs-retention-six-years", "aws_cloudwatch_log_group.trail", assessment.Pass, "kept"},
		{"cloudtrail-immutable-log-storage", "aws_cloudtrail.main", assessment.Pass, "locks log files for 7 years in COMPLIANCE mode"},
	})
	for _, f := range res.Findings {
		if f.Status != assessment.Pass {
			t.Errorf("%s on %s: %s (%s)", f.CheckID, f.Address, f.Status, f.Reason)
		}
	}
	if len(res.Findings) != 43 {
		t.Errorf("%d findings, want 43", len(res.Findings))
	}
	// buckets keep the ARN that the live account reports, so suppressions
	// written for the account apply to the plan too
	for _, f := range res.Findings {
		if f.Address == "aws_s3_bucket.phi" && f.Resource != "arn:aws:s3:::clinic-phi" {
			t.Errorf("bucket resource %q", f.Resource)
		}
	}
}

func TestNonCompliantPlanFails(t *testing.T) {
	fail := assessment.Fail
	res := checkFindings(t, "noncompliant.json", []want{
		{"s3-account-public-access-block", "aws_s3_account_public_access_block.this", fail, "off: BlockPublicAcls"},
		{"s3-bucket-public-access", "aws_s3_bucket.open", fail, "AllUsers READ"},
		{"s3-bucket-default-encryption", "aws_s3_bucket.open", assessment.Pass, "SSE-S3"}, // every bucket since 2023
		{"s3-bucket-secure-transport", "aws_s3_bucket.open", fail, "no bucket policy"},
		{"s3-bucket-versioning", "aws_s3_bucket.open", fail, "never enabled"},
		{"s3-bucket-access-logging", "aws_s3_bucket.open", fail, "off"},
		{"kms-key-rotation", "aws_kms_key.data", fail, "off"},
		{"ec2-ebs-default-encryption", "aws_ebs_encryption_by_default.this", fail, "off"},
		{"ec2-ebs-volume-encryption", "aws_ebs_volume.data", fail, "not encrypted"},
		{"ec2-ebs-volume-encryption", "aws_instance.web[0]", fail, "not encrypted"},
		{"ec2-ebs-volume-encryption", "aws_instance.web[1]", assessment.NotAssessed, "known after apply"},
		{"ec2-instance-imdsv2", "aws_instance.web[0]", fail, "IMDSv1"},
		{"ec2-security-group-admin-ports", "aws_security_group.admin", fail, "port 22"},
		{"ec2-security-group-admin-ports", "aws_security_group.db", fail, "port 3389"},
		{"ec2-vpc-flow-logs", "aws_vpc.main", fail, "without an active flow log"},
		{"rds-storage-encryption", `module.db["ehr"].aws_db_instance.main`, fail, "not encrypted"},
		{"rds-public-access", `module.db["ehr"].aws_db_instance.main`, fail, "publicly accessible"},
		{"rds-multi-az", `module.db["ehr"].aws_db_instance.main`, fail, "single"},
		{"rds-backup-retention", `module.db["ehr"].aws_db_instance.main`, assessment.Pass, "1 days"},
		{"rds-backup-retention", "aws_rds_cluster.aurora", fail, "off"},
		{"rds-multi-az", "aws_rds_cluster.aurora", fail, "single"},
		{"rds-storage-encryption", "aws_rds_cluster.aurora", fail, "not encrypted"},
		{"cloudtrail-enabled-all-regions", "aws_cloudtrail.main", fail, "covers only us-east-1"},
		{"cloudtrail-log-file-validation", "aws_cloudtrail.main", fail, "off"},
		{"cloudtrail-kms-encryption", "aws_cloudtrail.main", fail, "no KMS key"},
		{"cloudtrail-s3-data-events", "aws_cloudtrail.main", fail, "no S3 object data events"},
		{"logs-retention-six-years", "aws_cloudtrail.main", fail, "bucket clinic-open rule \"expire\" expires objects after 90 days"},
		{"logs-retention-six-years", "aws_cloudwatch_log_group.trail", fail, "kept 30 days"},
		{"elbv2-tls-listeners", "aws_lb_listener.http", fail, "does not redirect"},
		{"elbv2-tls-listeners", "aws_lb.api", fail, "ELBSecurityPolicy-2016-08"},
		{"iam-password-policy", "aws_iam_account_password_policy.weak", fail, "minimum length 8"},
		{"guardduty-enabled", "aws_guardduty_detector.main", fail, "DISABLED"},
	})
	if !containsAll(res.NotInPlan, "backup-plans", "securityhub-enabled", "config-recorder-enabled") {
		t.Errorf("not in plan: %v", res.NotInPlan)
	}
}

func TestUnknownValues(t *testing.T) {
	na := assessment.NotAssessed
	res := checkFindings(t, "unknown.json", []want{
		{"rds-storage-encryption", "aws_db_instance.main", na, "storage_encrypted: known after apply"},
		{"rds-public-access", "aws_db_instance.main", assessment.Pass, "not publicly"},
		{"s3-bucket-secure-transport", "aws_s3_bucket.phi", na, "known after apply"},
		{"s3-bucket-public-access", "aws_s3_bucket.phi", na, "known after apply"},
		{"ec2-security-group-admin-ports", "aws_security_group.web", na, "known after apply"},
		{"kms-key-rotation", "aws_kms_key.data", na, "known after apply"},
		{"ec2-instance-imdsv2", "aws_instance.web", na, "http_tokens: known after apply"},
		{"ec2-ebs-default-encryption", "aws_ebs_encryption_by_default.this", na, "known after apply"},
		{"ec2-ebs-volume-encryption", "aws_ebs_volume.data", na, "known after apply"},
		// only the prior state describes this bucket (a plan made with -target)
		{"s3-bucket-versioning", "aws_s3_bucket.archive", assessment.Fail, "never enabled"},
	})
	for _, f := range res.Findings {
		if f.Status == na && f.ErrorCode != probes.CodeKnownAfterApply {
			t.Errorf("%s on %s: code %q", f.CheckID, f.Address, f.ErrorCode)
		}
		if f.Address == "aws_s3_bucket.archive" && f.Region != "us-west-2" {
			t.Errorf("archive bucket in %s", f.Region)
		}
	}
}

func TestDeleteOnlyPlan(t *testing.T) {
	p := readPlan(t, "delete-only.json")
	if p.Checked != 0 || p.Changes.Delete != 2 || !strings.Contains(p.NothingToCheck(), "only deletes") {
		t.Errorf("checked %d, changes %+v, %q", p.Checked, p.Changes, p.NothingToCheck())
	}
	if fs := p.Evaluate(testNow, nil).Findings; len(fs) != 0 {
		t.Errorf("%d findings on a delete-only plan", len(fs))
	}
	if p := readPlan(t, "compliant.json"); p.NothingToCheck() != "" || p.Unsupported["aws_iam_role"] != 1 {
		t.Errorf("compliant: %q, unsupported %v", p.NothingToCheck(), p.Unsupported)
	}
}

func TestSkippedComeFromTheCatalog(t *testing.T) {
	res := readPlan(t, "compliant.json").Evaluate(testNow, nil)
	skipped := map[string]bool{}
	for _, s := range res.Skipped {
		skipped[s.CheckID] = true
		if s.Reason == "" || s.Title == "" {
			t.Errorf("skipped %+v", s)
		}
	}
	for _, c := range probes.Checks() {
		if skipped[c.ID] != (c.LiveOnly() != "") {
			t.Errorf("%s skipped %v, live-only %q", c.ID, skipped[c.ID], c.LiveOnly())
		}
	}
	for _, f := range res.Findings {
		if skipped[f.CheckID] {
			t.Errorf("finding of skipped check %s", f.CheckID)
		}
	}
	if !skipped[assessment.CheckIAMRootMFA] || !skipped[assessment.CheckAWSBAAAccepted] {
		t.Errorf("skipped: %v", skipped)
	}
}

func TestReadErrors(t *testing.T) {
	malformed, err := os.ReadFile(filepath.Join("testdata", "malformed.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want string
	}{
		{"malformed.json", string(malformed), "malformed.json:7:1: not valid JSON"},
		{"types.json", `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":7}]}}}`,
			"at planned_values.root_module.resources.address: a JSON number"},
		{"no-version.json", `{"planned_values":{}}`, "format_version is missing"},
		{"future.json", `{"format_version":"2.0","planned_values":{}}`, `format_version "2.0"`},
		{"state.json", `{"format_version":"1.0","values":{"root_module":{}}}`, "is a state, not a plan"},
		{"tfplan", "PK\x03\x04binary", "binary plan file"},
		{"array.json", `[]`, "a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.name, []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want one line with %q", err, tt.want)
			}
		})
	}
}

func TestStripKeysAndReferences(t *testing.T) {
	if got := stripKeys(`module.a["x]y"].module.b[0]`); got != "module.a.module.b" {
		t.Errorf("stripKeys = %q", got)
	}
	for _, tc := range []struct{ ref, typ, name, key string }{
		{"aws_s3_bucket.logs.id", "aws_s3_bucket", "logs", ""},
		{`aws_s3_bucket.logs["a.b"].id`, "aws_s3_bucket", "logs", `["a.b"]`},
		{"aws_s3_bucket.logs[0]", "aws_s3_bucket", "logs", "[0]"},
		{"aws_s3_bucket.logs", "aws_s3_bucket", "logs", ""},
	} {
		typ, name, key, ok := parseRef(tc.ref)
		if !ok || typ != tc.typ || name != tc.name || key != tc.key {
			t.Errorf("parseRef(%s) = %s %s %s %v", tc.ref, typ, name, key, ok)
		}
	}
	for _, ref := range []string{"var.x", "local.y", "each.key", "module.m.out", "data.aws_iam_policy_document.p.json", "count.index"} {
		if _, _, _, ok := parseRef(ref); ok {
			t.Errorf("parseRef(%s) took it for a resource", ref)
		}
	}
}

func containsAll(list []string, items ...string) bool {
	for _, it := range items {
		found := false
		for _, x := range list {
			found = found || x == it
		}
		if !found {
			return false
		}
	}
	return true
}
