package tfplan

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (b *builder) ebsDefault(r *resource) {
	check := assessment.CheckEC2EBSDefaultEncryption
	if b.declared[check+"|"+r.region] {
		return
	}
	b.declare(check, r.region, r.addr)
	rd := b.region(r.region)
	on, known := r.boolean(true, "enabled") // the resource turns it on unless told otherwise
	if !known {
		rd.EBSDefaultEncryptionErr = knownAfterApply("enabled")
		return
	}
	rd.EBSDefaultEncryption = on
}

// defaultEncrypted says whether the plan turns on EBS encryption by default
// in the region, which encrypts every new volume whose configuration does
// not say otherwise.
func (b *builder) defaultEncrypted(region string) bool {
	rd := b.regions[region]
	return b.declared[assessment.CheckEC2EBSDefaultEncryption+"|"+region] && rd != nil && rd.EBSDefaultEncryptionErr == nil && rd.EBSDefaultEncryption
}

func (b *builder) ebsVolume(r *resource) {
	rd := b.region(r.region)
	v := probes.Volume{ID: r.idOf(), ARN: r.arnOf(), State: "planned"}
	v.Encrypted = b.volumeEncryption(r, "volume encryption", "encrypted")
	if r.configured("kms_key_id") {
		v.KMSKeyID = keyDisplay(r, "kms_key_id")
	}
	rd.Volumes = append(rd.Volumes, v)
	b.located(v.ARN, r.addr)
}

// volumeEncryption reads an encrypted flag at path. Left out, a volume is
// encrypted when the plan turns on encryption by default; otherwise it
// depends on the account's setting (and the AMI or snapshot), which the plan
// does not know.
func (b *builder) volumeEncryption(r *resource, what string, path ...any) bool {
	v, known := r.value(path...)
	enc, set := v.(bool)
	resource := r.arnOf()
	if path[0] == "root_block_device" {
		resource = rootVolume(r)
	}
	rd := b.regions[r.region]
	defaultOff := b.declared[assessment.CheckEC2EBSDefaultEncryption+"|"+r.region] && rd != nil &&
		rd.EBSDefaultEncryptionErr == nil && !rd.EBSDefaultEncryption
	switch {
	case !known:
		b.pend(assessment.CheckEC2EBSVolumeEncryption, r.region, resource, what, false)
	case set:
		return enc
	case b.defaultEncrypted(r.region):
		return true
	case defaultOff && path[0] == "encrypted" && !r.configured("snapshot_id"):
		return false // a new empty volume with encryption by default off
	default:
		b.pend(assessment.CheckEC2EBSVolumeEncryption, r.region, resource,
			what+" (left to the account's EBS encryption-by-default setting and the source image or snapshot)", false)
	}
	return false
}

// rootVolume names an instance's root volume: its ARN when the plan knows
// the volume, else the instance's address with the block's name.
func rootVolume(r *resource) string {
	id, known := r.str("root_block_device", 0, "volume_id")
	arn, _ := r.str("arn")
	if known && id != "" && strings.Contains(arn, ":instance/") {
		return arn[:strings.Index(arn, ":instance/")] + ":volume/" + id
	}
	return r.addr + ".root_block_device"
}

// instance reads an aws_instance: its metadata options (left out, RunInstances
// allows IMDSv1: http_tokens "optional") and its root volume.
func (b *builder) instance(r *resource) {
	rd := b.region(r.region)
	in := probes.Instance{ID: r.idOf(), ARN: r.arnOf(), State: "planned", MetadataHTTPTokens: "optional", MetadataHTTPEndpoint: "enabled"}
	switch v, known := r.str("metadata_options", 0, "http_tokens"); {
	case !known:
		b.pend(assessment.CheckEC2InstanceIMDSv2, r.region, in.ARN, "metadata_options http_tokens", false)
	case v != "":
		in.MetadataHTTPTokens = v
	}
	switch v, known := r.str("metadata_options", 0, "http_endpoint"); {
	case !known:
		b.pend(assessment.CheckEC2InstanceIMDSv2, r.region, in.ARN, "metadata_options http_endpoint", false)
	case v != "":
		in.MetadataHTTPEndpoint = v
	}
	vol := probes.Volume{ID: rootVolume(r), ARN: rootVolume(r), State: "planned"}
	if id, known := r.str("root_block_device", 0, "volume_id"); known && id != "" {
		vol.ID, in.RootVolumeID = id, id
	}
	vol.Encrypted = b.volumeEncryption(r, "root_block_device encrypted", "root_block_device", 0, "encrypted")
	if _, open := b.out.pending[probes.FindingID(assessment.CheckEC2EBSVolumeEncryption, r.region, vol.ARN)]; !open {
		in.RootVolumeEncrypted = &vol.Encrypted
	}
	rd.Instances = append(rd.Instances, in)
	rd.Volumes = append(rd.Volumes, vol)
	b.located(in.ARN, r.addr)
	b.located(vol.ARN, r.addr)
}

func (b *builder) securityGroup(r *resource) {
	rd := b.region(r.region)
	name, _ := r.str("name")
	if name == "" {
		name = r.addr
	}
	vpc, _ := r.str("vpc_id")
	sg := probes.SecurityGroup{ID: r.idOf(), Name: name, VPCID: vpc, ARN: r.arnOf()}
	n, known := r.list("ingress")
	if !known {
		b.pend(assessment.CheckEC2SecurityGroupAdminPorts, r.region, sg.ARN, "ingress rules", true)
	}
	for i := 0; i < n; i++ {
		rule, ok := ipRule(r, []any{"ingress", i}, "protocol", "cidr_blocks", "ipv6_cidr_blocks")
		if !ok {
			b.pend(assessment.CheckEC2SecurityGroupAdminPorts, r.region, sg.ARN, "ingress rule", true)
		}
		sg.Ingress = append(sg.Ingress, rule)
	}
	b.idx[r.addr] = len(rd.SecurityGroups)
	rd.SecurityGroups = append(rd.SecurityGroups, sg)
	b.located(sg.ARN, r.addr)
	b.known("aws_security_group", r, "id")
}

// ipRule reads one ingress rule; ok is false when part of it is known only
// after apply.
func ipRule(r *resource, at []any, proto string, cidrs, ipv6 string) (rule probes.IPRule, ok bool) {
	p := func(attr string) []any { return append(at[:len(at):len(at)], attr) }
	var k [5]bool
	rule.Protocol, k[0] = r.str(p(proto)...)
	rule.FromPort, k[1] = r.number(0, p("from_port")...)
	rule.ToPort, k[2] = r.number(65535, p("to_port")...)
	rule.CIDRs, k[3] = addresses(r, p(cidrs)...)
	rule.IPv6, k[4] = addresses(r, p(ipv6)...)
	if rule.Protocol == "" {
		rule.Protocol = "-1"
	}
	return rule, k[0] && k[1] && k[2] && k[3] && k[4]
}

// addresses reads a CIDR list or a single CIDR.
func addresses(r *resource, path ...any) ([]string, bool) {
	v, known := r.value(path...)
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}, known
		}
	case []any:
		return r.strings(path...)
	}
	return nil, known
}

// ruleGroup returns the security group a rule resource adds to, adding a
// group of its own for a group the plan does not declare.
func (b *builder) ruleGroup(r *resource) *probes.SecurityGroup {
	rd := b.region(r.region)
	if t := b.target(r, "security_group_id", b.values["aws_security_group"], "aws_security_group"); t != nil && t.region == r.region {
		if i, ok := b.idx[t.addr]; ok {
			return &rd.SecurityGroups[i]
		}
	}
	id, _ := r.str("security_group_id")
	rd.SecurityGroups = append(rd.SecurityGroups, probes.SecurityGroup{ID: id, Name: r.display("security_group_id"), ARN: r.addr})
	b.located(r.addr, r.addr)
	return &rd.SecurityGroups[len(rd.SecurityGroups)-1]
}

func (b *builder) ingressRule(r *resource) {
	sg := b.ruleGroup(r)
	rule, ok := ipRule(r, nil, "ip_protocol", "cidr_ipv4", "cidr_ipv6")
	if !ok {
		b.pend(assessment.CheckEC2SecurityGroupAdminPorts, r.region, sg.ARN, r.addr, true)
	}
	sg.Ingress = append(sg.Ingress, rule)
}

func (b *builder) securityGroupRule(r *resource) {
	if t, _ := r.str("type"); t != "ingress" {
		return
	}
	sg := b.ruleGroup(r)
	rule, ok := ipRule(r, nil, "protocol", "cidr_blocks", "ipv6_cidr_blocks")
	if !ok {
		b.pend(assessment.CheckEC2SecurityGroupAdminPorts, r.region, sg.ARN, r.addr, true)
	}
	sg.Ingress = append(sg.Ingress, rule)
}

// vpc reads an aws_vpc. A VPC declared in a plan is there to carry traffic,
// so it counts as in use.
func (b *builder) vpc(r *resource) {
	rd := b.region(r.region)
	v := probes.VPC{ID: r.idOf(), InUse: true, ARN: r.arnOf()}
	b.idx[r.addr] = len(rd.VPCs)
	rd.VPCs = append(rd.VPCs, v)
	b.located(v.ARN, r.addr)
	b.known("aws_vpc", r, "id")
}

func (b *builder) flowLog(r *resource) {
	rd := b.region(r.region)
	vpc, _ := r.str("vpc_id")
	if t := b.target(r, "vpc_id", b.values["aws_vpc"], "aws_vpc"); t != nil {
		vpc = t.idOf()
	}
	if vpc == "" {
		return // a flow log of a subnet or network interface
	}
	rd.FlowLogs = append(rd.FlowLogs, probes.FlowLog{ID: r.idOf(), ResourceID: vpc, Status: "ACTIVE"})
}
