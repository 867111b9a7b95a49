package probes

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func evalEBSDefault(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		switch {
		case r.EBSDefaultEncryptionErr != nil:
			e.unread(c, r.Region, e.account(), r.EBSDefaultEncryptionErr, "the EBS encryption-by-default setting")
		case r.EBSDefaultEncryption:
			e.pass(c, r.Region, e.account(), "EBS encryption by default on")
		default:
			e.fail(c, r.Region, e.account(), "EBS encryption by default off")
		}
	})
}

func evalEBSVolumes(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.VolumesErr != nil {
			e.unread(c, r.Region, e.account(), r.VolumesErr, "the EBS volumes")
			return
		}
		var deleting int
		for _, v := range r.Volumes {
			if v.State == "deleting" || v.State == "deleted" {
				deleting++
				continue
			}
			res := cmp.Or(v.ARN, e.arn("ec2", r.Region, "volume/"+v.ID))
			if v.Encrypted {
				e.pass(c, r.Region, res, "volume encrypted")
			} else {
				e.fail(c, r.Region, res, fmt.Sprintf("volume not encrypted (state %s)", v.State))
			}
		}
		switch {
		case len(r.Volumes) == 0:
			e.pass(c, r.Region, e.account(), "no EBS volume in this region")
		case deleting == len(r.Volumes):
			e.pass(c, r.Region, e.account(), fmt.Sprintf("%d EBS volume(s), all being deleted: nothing to check", deleting))
		}
	})
}

func evalEBSSnapshots(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.SnapshotsErr != nil {
			e.unread(c, r.Region, e.account(), r.SnapshotsErr, "the EBS snapshots")
			return
		}
		if len(r.Snapshots) == 0 || r.ForeignSnapshots > 0 {
			e.pass(c, r.Region, e.account(), "the account owns "+count(len(r.Snapshots), "EBS snapshot")+" in this region"+foreign(r.ForeignSnapshots))
		}
		for _, s := range r.Snapshots {
			res := e.arn("ec2", r.Region, "snapshot/"+s.ID)
			switch {
			case s.PublicErr != nil:
				e.unread(c, r.Region, res, s.PublicErr, "the snapshot permissions")
			case s.Public:
				e.fail(c, r.Region, res, fmt.Sprintf("anyone can create a volume from this snapshot (encrypted: %t)", s.Encrypted))
			default:
				e.pass(c, r.Region, res, "not shared publicly")
			}
		}
	})
}

// foreign notes the resources of other owners that a listing returned and
// the collector left out.
func foreign(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d of other owners were listed too and left out", n)
}

// count says how many of a thing there are: "no EBS snapshot", "1 EBS
// snapshot", "3 EBS snapshots".
func count(n int, thing string) string {
	switch n {
	case 0:
		return "no " + thing
	case 1:
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// adminPorts are remote-administration and database ports that must not be
// reachable from the whole internet.
var adminPorts = []struct {
	port int32
	name string
}{
	{22, "SSH"}, {1433, "SQL Server"}, {1521, "Oracle"}, {3306, "MySQL"}, {3389, "RDP"},
	{5432, "PostgreSQL"}, {5984, "CouchDB"}, {6379, "Redis"}, {9200, "Elasticsearch"}, {27017, "MongoDB"},
}

// openAdminAccess describes the ways an ingress rule opens admin ports to
// the internet.
func openAdminAccess(rule IPRule) []string {
	var sources []string
	for _, cidr := range rule.CIDRs {
		if cidr == "0.0.0.0/0" {
			sources = append(sources, cidr)
		}
	}
	for _, cidr := range rule.IPv6 {
		if cidr == "::/0" {
			sources = append(sources, cidr)
		}
	}
	if len(sources) == 0 {
		return nil
	}
	from := strings.Join(sources, " and ")
	proto := strings.ToLower(rule.Protocol)
	if proto == "-1" || proto == "all" {
		return []string{"all traffic open to " + from}
	}
	if proto != "tcp" && proto != "6" {
		return nil
	}
	var out []string
	for _, p := range adminPorts {
		if rule.FromPort <= p.port && p.port <= rule.ToPort {
			out = append(out, fmt.Sprintf("port %d (%s) open to %s", p.port, p.name, from))
		}
	}
	return out
}

func evalSecurityGroups(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.SecurityGroupsErr != nil {
			e.unread(c, r.Region, e.account(), r.SecurityGroupsErr, "the security groups")
			return
		}
		if len(r.SecurityGroups) == 0 {
			e.pass(c, r.Region, e.account(), "no security group in this region")
		}
		for _, sg := range r.SecurityGroups {
			res := cmp.Or(sg.ARN, e.arn("ec2", r.Region, "security-group/"+sg.ID))
			var open []string
			for _, rule := range sg.Ingress {
				open = append(open, openAdminAccess(rule)...)
			}
			if len(open) > 0 {
				e.fail(c, r.Region, res, fmt.Sprintf("%s: %s", sg.Name, joinLimited(open, 6)))
			} else {
				e.pass(c, r.Region, res, sg.Name+": no admin or database port open to the internet")
			}
		}
	})
}

func evalFlowLogs(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.VPCsErr != nil {
			e.unread(c, r.Region, e.account(), r.VPCsErr, "the VPCs")
			return
		}
		if r.FlowLogsErr != nil {
			e.unread(c, r.Region, e.account(), r.FlowLogsErr, "the flow logs")
			return
		}
		var empty []string
		defer func() {
			switch {
			case len(r.VPCs) == 0:
				e.pass(c, r.Region, e.account(), "no VPC in this region")
			case len(empty) == len(r.VPCs):
				e.pass(c, r.Region, e.account(), fmt.Sprintf("%d VPC(s), none in use (no network interface): %s", len(empty), joinLimited(empty, 5)))
			}
		}()
		for _, v := range r.VPCs {
			res := cmp.Or(v.ARN, e.arn("ec2", r.Region, "vpc/"+v.ID))
			logged := slices.ContainsFunc(r.FlowLogs, func(f FlowLog) bool {
				return f.ResourceID == v.ID && (f.Status == "" || f.Status == "ACTIVE")
			})
			switch {
			case logged:
				e.pass(c, r.Region, res, "flow log active")
			case v.InUseErr != nil:
				e.unread(c, r.Region, res, v.InUseErr, "whether the VPC is in use (it has no flow log)")
			case !v.InUse:
				// an empty VPC carries no traffic to record
				empty = append(empty, v.ID)
			default:
				e.fail(c, r.Region, res, "VPC in use without an active flow log")
			}
		}
	})
}

// evalIMDSv2 requires session tokens (IMDSv2) for the instance metadata
// service of every running instance.
func evalIMDSv2(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if !e.instancesRead(c, r, "their metadata settings are unknown") {
			return
		}
		var judged int
		defer func() {
			if judged == 0 || r.ForeignInstances > 0 {
				e.pass(c, r.Region, e.account(), instancesTrace(r, judged))
			}
		}()
		for _, in := range r.Instances {
			if in.State == "shutting-down" || in.State == "terminated" {
				continue
			}
			judged++
			res := cmp.Or(in.ARN, e.arn("ec2", r.Region, "instance/"+in.ID))
			switch {
			case strings.EqualFold(in.MetadataHTTPEndpoint, "disabled"):
				e.pass(c, r.Region, res, "instance metadata service turned off")
			case strings.EqualFold(in.MetadataHTTPTokens, "required"):
				e.pass(c, r.Region, res, "IMDSv2 session tokens required")
			case in.MetadataHTTPTokens == "":
				e.unread(c, r.Region, res, nil, "the instance metadata options")
			default:
				e.fail(c, r.Region, res, "instance metadata answers IMDSv1 requests without a session token (http tokens "+in.MetadataHTTPTokens+")")
			}
		}
	})
}

// instancesRead reports whether the region's EC2 instances were read, and
// reports why not otherwise; unknown says what is unknown without them.
func (e *evaluation) instancesRead(c Check, r *RegionData, unknown string) bool {
	switch {
	case r.InstancesErr != nil:
		e.unread(c, r.Region, e.account(), r.InstancesErr, "the EC2 instances")
		return false
	case !r.InstancesCollected:
		e.add(c, assessment.NotAssessed, r.Region, e.account(),
			"EC2 instances were not read for this snapshot, so "+unknown, "")
		return false
	}
	return true
}

// instancesTrace says how many instances a region holds that the instance
// checks judged, and what they left out: instances going away, and other
// owners' instances an endpoint listed.
func instancesTrace(r *RegionData, judged int) string {
	s := "the account has " + count(judged, "EC2 instance") + " in this region"
	if n := len(r.Instances) - judged; n > 0 {
		s += fmt.Sprintf(" (besides %d shutting down or terminated)", n)
	}
	return s + foreign(r.ForeignInstances)
}
