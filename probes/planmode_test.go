package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestInstanceChecks(t *testing.T) {
	inst := ec2id("ec2-instance-imdsv2", "instance/i-1")
	mod := func(f func(in *Instance)) func(s *Snapshot) { return func(s *Snapshot) { f(&r0(s).Instances[0]) } }
	runCases(t, []checkCase{
		{"imdsv2 required", nil, inst, assessment.Pass, "", "required"},
		{"imdsv1 allowed", mod(func(in *Instance) { in.MetadataHTTPTokens = "optional" }), inst, assessment.Fail, "", "IMDSv1"},
		{"metadata off", mod(func(in *Instance) { in.MetadataHTTPTokens = "optional"; in.MetadataHTTPEndpoint = "disabled" }),
			inst, assessment.Pass, "", "turned off"},
		{"metadata options unknown", mod(func(in *Instance) { in.MetadataHTTPTokens = "" }), inst, assessment.Error, "", "metadata options"},
		{"terminated skipped", mod(func(in *Instance) { in.State = "terminated"; in.MetadataHTTPTokens = "optional" }), inst, "", "", ""},
		{"own arn", mod(func(in *Instance) { in.ARN = "aws_instance.web"; in.MetadataHTTPTokens = "optional" }),
			FindingID("ec2-instance-imdsv2", usEast, "aws_instance.web"), assessment.Fail, "", "IMDSv1"},
		{"instances not collected", func(s *Snapshot) { r0(s).InstancesCollected = false; r0(s).Instances = nil },
			rid("ec2-instance-imdsv2"), assessment.NotAssessed, "", "not read"},
		{"instances denied", func(s *Snapshot) { r0(s).Instances = nil; r0(s).InstancesErr = denied("ec2:DescribeInstances") },
			rid("ec2-instance-imdsv2"), assessment.NotAssessed, "AccessDenied", "EC2 instances"},
		{"volume own arn", func(s *Snapshot) { r0(s).Volumes[0].ARN = "aws_ebs_volume.data"; r0(s).Volumes[0].Encrypted = false },
			FindingID("ec2-ebs-volume-encryption", usEast, "aws_ebs_volume.data"), assessment.Fail, "", "not encrypted"},
		{"security group own arn", func(s *Snapshot) { r0(s).SecurityGroups[0].ARN = "aws_security_group.web" },
			FindingID("ec2-security-group-admin-ports", usEast, "aws_security_group.web"), assessment.Pass, "", "no admin"},
		{"vpc own arn", func(s *Snapshot) { r0(s).VPCs[0].ARN = "aws_vpc.main"; r0(s).FlowLogs = nil },
			FindingID("ec2-vpc-flow-logs", usEast, "aws_vpc.main"), assessment.Fail, "", "without an active flow log"},
	})
}

func TestPlanCodes(t *testing.T) {
	runCases(t, []checkCase{
		{"known after apply", func(s *Snapshot) { b0(s).Encryption = nil; b0(s).EncryptionErr = &APIError{Code: CodeKnownAfterApply} },
			bid("s3-bucket-default-encryption"), assessment.NotAssessed, CodeKnownAfterApply, "default encryption: known after apply"},
		{"not in plan", func(s *Snapshot) { r0(s).GuardDutyDetectors = nil; r0(s).GuardDutyErr = &APIError{Code: CodeNotInPlan} },
			rid("guardduty-enabled"), assessment.NotAssessed, CodeNotInPlan, "not declared in the plan"},
		{"a block that restricts the bucket decides without the unknown policy", func(s *Snapshot) {
			b0(s).Policy, b0(s).PolicyIsPublic, b0(s).PolicyErr = "", nil, &APIError{Code: CodeKnownAfterApply}
		}, bid("s3-bucket-public-access"), assessment.Pass, "", "restricted"},
	})
	for _, code := range []string{CodeKnownAfterApply, CodeNotInPlan} {
		if StatusForError(code) != assessment.NotAssessed {
			t.Errorf("%s maps to %s", code, StatusForError(code))
		}
	}
}

func TestLiveOnlyNamesKnownChecks(t *testing.T) {
	for id := range liveOnly {
		if _, ok := CheckByID(id); !ok {
			t.Errorf("liveOnly names unknown check %s", id)
		}
	}
	if c, _ := CheckByID(assessment.CheckIAMRootMFA); c.LiveOnly() == "" {
		t.Error("iam-root-mfa needs the live account")
	}
	if c, _ := CheckByID(assessment.CheckRDSStorageEncryption); c.LiveOnly() != "" {
		t.Error("rds-storage-encryption can be judged on a plan")
	}
}

func TestSuppressionMatchesAddress(t *testing.T) {
	f := assessment.Finding{CheckID: "rds-storage-encryption", Status: assessment.Fail,
		Resource: "arn:aws:rds:us-east-1:1:db:x", Address: "module.db.aws_db_instance.main"}
	sups := []assessment.Suppression{{CheckID: "rds-storage-encryption", Resource: "module.db.*", Reason: "migrating"}}
	if got := ApplySuppressions([]assessment.Finding{f}, sups, testNow); got[0].Suppressed == nil {
		t.Error("a suppression naming the Terraform address does not apply")
	}
	f.Address = ""
	if got := ApplySuppressions([]assessment.Finding{f}, sups, testNow); got[0].Suppressed != nil {
		t.Error("an address pattern applies to a finding without an address")
	}
}
