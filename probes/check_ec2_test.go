package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestEC2Checks(t *testing.T) {
	vol := ec2id("ec2-ebs-volume-encryption", "volume/vol-1")
	snap := ec2id("ec2-ebs-snapshot-public", "snapshot/snap-1")
	sg := ec2id("ec2-security-group-admin-ports", "security-group/sg-1")
	vpc := ec2id("ec2-vpc-flow-logs", "vpc/vpc-1")
	rule := func(r IPRule) func(s *Snapshot) {
		return func(s *Snapshot) { r0(s).SecurityGroups[0].Ingress = append(r0(s).SecurityGroups[0].Ingress, r) }
	}
	runCases(t, []checkCase{
		{"ebs default on", nil, rid("ec2-ebs-default-encryption"), assessment.Pass, "", "on"},
		{"ebs default off", func(s *Snapshot) { r0(s).EBSDefaultEncryption = false }, rid("ec2-ebs-default-encryption"), assessment.Fail, "", "off"},
		{"ebs default opt-in region", func(s *Snapshot) { r0(s).EBSDefaultEncryptionErr = &APIError{Code: "OptInRequired"} },
			rid("ec2-ebs-default-encryption"), assessment.NotAssessed, "OptInRequired", ""},
		{"volume encrypted", nil, vol, assessment.Pass, "", "encrypted"},
		{"volume plain", func(s *Snapshot) { r0(s).Volumes[0].Encrypted = false }, vol, assessment.Fail, "", "not encrypted (state in-use)"},
		{"volumes denied", func(s *Snapshot) { r0(s).VolumesErr = &APIError{Code: "UnauthorizedOperation"} }, rid("ec2-ebs-volume-encryption"), assessment.NotAssessed, "UnauthorizedOperation", "volumes"},
		{"snapshot private", nil, snap, assessment.Pass, "", "not shared"},
		{"snapshot public", func(s *Snapshot) { r0(s).Snapshots[0].Public = true }, snap, assessment.Fail, "", "anyone can create a volume"},
		{"snapshot attribute denied", func(s *Snapshot) { r0(s).Snapshots[0].PublicErr = &APIError{Code: "UnauthorizedOperation"} }, snap, assessment.NotAssessed, "UnauthorizedOperation", ""},

		{"sg https only", nil, sg, assessment.Pass, "", "web: no admin"},
		{"sg ssh world", rule(IPRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "port 22 (SSH) open to 0.0.0.0/0"},
		{"sg rdp ipv6", rule(IPRule{Protocol: "tcp", FromPort: 3389, ToPort: 3389, IPv6: []string{"::/0"}}), sg, assessment.Fail, "", "port 3389 (RDP) open to ::/0"},
		{"sg all traffic", rule(IPRule{Protocol: "-1", CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "all traffic open to 0.0.0.0/0"},
		{"sg all tcp ports", rule(IPRule{Protocol: "tcp", FromPort: 0, ToPort: 65535, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "and 4 more"},
		{"sg postgres in range", rule(IPRule{Protocol: "tcp", FromPort: 5000, ToPort: 6000, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "port 5432 (PostgreSQL)"},
		{"sg mongo", rule(IPRule{Protocol: "6", FromPort: 27017, ToPort: 27017, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "27017"},
		{"sg ssh from office", rule(IPRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"198.51.100.7/32"}}), sg, assessment.Pass, "", ""},
		{"sg dns udp", rule(IPRule{Protocol: "udp", FromPort: 53, ToPort: 53, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Pass, "", ""},
		{"sg denied", func(s *Snapshot) { r0(s).SecurityGroupsErr = &APIError{Code: "UnauthorizedOperation"} }, rid("ec2-security-group-admin-ports"), assessment.NotAssessed, "UnauthorizedOperation", ""},

		{"flow log present", nil, vpc, assessment.Pass, "", "active"},
		{"flow log missing", func(s *Snapshot) { r0(s).FlowLogs = nil }, vpc, assessment.Fail, "", "without an active flow log"},
		{"flow log on a subnet only", func(s *Snapshot) { r0(s).FlowLogs[0].ResourceID = "subnet-1" }, vpc, assessment.Fail, "", ""},
		{"unused vpc skipped", func(s *Snapshot) { r0(s).FlowLogs = nil; r0(s).VPCs[0].InUse = false }, vpc, "", "", ""},
		{"vpc use unknown", func(s *Snapshot) {
			r0(s).FlowLogs = nil
			r0(s).VPCs[0].InUseErr = &APIError{Code: "UnauthorizedOperation"}
		},
			vpc, assessment.NotAssessed, "UnauthorizedOperation", "in use"},
		{"flow logs denied", func(s *Snapshot) { r0(s).FlowLogsErr = &APIError{Code: "UnauthorizedOperation"} }, rid("ec2-vpc-flow-logs"), assessment.NotAssessed, "UnauthorizedOperation", "flow logs"},
	})
}
