package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestPatchCompliance(t *testing.T) {
	inst := ec2id("ssm-patch-compliance", "instance/i-1")
	region := rid("ssm-patch-compliance")
	patch := func(f func(p *PatchState)) func(s *Snapshot) {
		return func(s *Snapshot) { f(r0(s).ManagedInstances[0].Patch) }
	}
	runCases(t, []checkCase{
		{"compliant", nil, inst, assessment.Pass, "", "ehr-app: patch compliant: 212 installed, none missing or failed; last scan 2026-06-14"},
		{"missing patches", patch(func(p *PatchState) { p.Missing, p.CriticalNonCompliant, p.SecurityNonCompliant = 7, 2, 5 }),
			inst, assessment.Fail, "", "patches not compliant: 7 missing (non-compliant: 2 critical, 5 security)"},
		{"failed and pending reboot", patch(func(p *PatchState) { p.Failed, p.InstalledPendingReboot, p.Operation = 1, 3, "Install" }),
			inst, assessment.Fail, "", "1 failed, 3 installed pending reboot; last install"},
		{"rejected patch installed", patch(func(p *PatchState) { p.InstalledRejected = 1 }), inst, assessment.Fail, "", "1 installed although rejected"},
		{"agent lost", func(s *Snapshot) { r0(s).ManagedInstances[0].PingStatus = "ConnectionLost" },
			inst, assessment.Pass, "", "SSM Agent ConnectionLost, so this may be out of date"},
		{"not managed", func(s *Snapshot) { r0(s).ManagedInstances = []ManagedInstance{} },
			inst, assessment.NotAssessed, "", "not managed by Systems Manager: patch state unknown"},
		{"managed, never scanned", func(s *Snapshot) { r0(s).ManagedInstances[0].Patch = nil },
			inst, assessment.NotAssessed, "", "no patch scan"},
		{"patch state denied", func(s *Snapshot) {
			r0(s).ManagedInstances[0].Patch, r0(s).ManagedInstances[0].PatchErr = nil, denied("ssm:DescribeInstancePatchStates")
		}, inst, assessment.NotAssessed, "AccessDenied", "the instance's patch state: AccessDenied from ssm:DescribeInstancePatchStates"},
		{"managed instances denied", func(s *Snapshot) {
			r0(s).ManagedInstances, r0(s).ManagedInstancesErr = nil, &APIError{Operation: "ssm:DescribeInstanceInformation", Code: "AccessDeniedException"}
		}, inst, assessment.NotAssessed, "AccessDeniedException", "whether Systems Manager manages the instance"},
		{"managed instances failed", func(s *Snapshot) {
			r0(s).ManagedInstances, r0(s).ManagedInstancesErr = nil, &APIError{Operation: "ssm:DescribeInstanceInformation", Code: "InternalServerError"}
		}, inst, assessment.Error, "InternalServerError", ""},
		{"snapshot before the check", func(s *Snapshot) { r0(s).SSMCollected, r0(s).ManagedInstances = false, nil },
			inst, assessment.NotAssessed, "", "collected before the check existed; probe again"},
		{"instances not collected", func(s *Snapshot) { r0(s).InstancesCollected, r0(s).Instances = false, nil },
			region, assessment.NotAssessed, "", "EC2 instances were not read"},
		{"instances denied", func(s *Snapshot) { r0(s).Instances, r0(s).InstancesErr = nil, denied("ec2:DescribeInstances") },
			region, assessment.NotAssessed, "AccessDenied", "the EC2 instances"},
		{"stopped instance not assessed", func(s *Snapshot) { r0(s).Instances[0].State = "stopped" },
			inst, assessment.NotAssessed, "", "instance stopped: Systems Manager reports patches only while an instance runs"},
		{"no region pass beside a stopped instance", func(s *Snapshot) { r0(s).Instances[0].State = "stopped" }, region, "", "", ""},
		{"no instance", func(s *Snapshot) { r0(s).Instances = []Instance{} }, region, assessment.Pass, "", "the account has no EC2 instance in this region"},
		{"terminated skipped", func(s *Snapshot) { r0(s).Instances[0].State = "terminated" }, inst, "", "", ""},
		{"own arn", func(s *Snapshot) { r0(s).Instances[0].ARN = "aws_instance.web" },
			FindingID("ssm-patch-compliance", usEast, "aws_instance.web"), assessment.Pass, "", "compliant"},
	})
}

func TestIMDSv2RegionTrace(t *testing.T) {
	runCases(t, []checkCase{
		{"no instance", func(s *Snapshot) { r0(s).Instances = []Instance{} }, rid("ec2-instance-imdsv2"), assessment.Pass, "", "the account has no EC2 instance in this region"},
		{"one shutting down", func(s *Snapshot) { r0(s).Instances[0].State = "shutting-down" },
			rid("ec2-instance-imdsv2"), assessment.Pass, "", "(besides 1 shutting down or terminated)"},
		{"one running", nil, rid("ec2-instance-imdsv2"), "", "", ""},
		{"other owners' instances counted", func(s *Snapshot) { r0(s).ForeignInstances = 3 },
			rid("ec2-instance-imdsv2"), assessment.Pass, "", "the account has 1 EC2 instance in this region; 3 of other owners were listed too and left out"},
	})
}
