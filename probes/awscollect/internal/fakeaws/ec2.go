package fakeaws

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

func ec2OK(w http.ResponseWriter, action string, fields ...node) {
	w.Header().Set("Content-Type", "text/xml")
	writeXML(w, el(action+"Response", append([]node{tx("requestId", "fake")}, fields...)...))
}

func item(kids ...node) node { return el("item", kids...) }

func (s *Server) ec2(w http.ResponseWriter, q *request) bool {
	rs := s.regionState(q.region)
	f := q.form
	// pg pages n items with NextToken/MaxResults.
	pg := func(n int) (int, int, node) {
		start, end, next := s.page(n, f.Get("NextToken"), atoi(f.Get("MaxResults")))
		return start, end, when(next != "", tx("nextToken", next))
	}
	switch q.op {
	case "DescribeRegions":
		ec2OK(w, q.op, list("regionInfo", s.acct.Regions, func(r string) node {
			return item(tx("regionName", r), tx("regionEndpoint", "ec2."+r+".amazonaws.com"), tx("optInStatus", "opt-in-not-required"))
		}))
	case "GetEbsEncryptionByDefault":
		ec2OK(w, q.op, tx("ebsEncryptionByDefault", rs.EBSDefaultEncryption))
	case "DescribeVolumes":
		start, end, next := pg(len(rs.Volumes))
		ec2OK(w, q.op, list("volumeSet", rs.Volumes[start:end], func(v Volume) node {
			return item(tx("volumeId", v.ID), tx("status", v.State), tx("encrypted", v.Encrypted), when(v.KMSKeyID != "", tx("kmsKeyId", v.KMSKeyID)))
		}), next)
	case "DescribeSnapshots":
		// Only owner "self" is supported, which is what the probes ask for;
		// IgnoreOwnerFilter plays an endpoint that answers with every
		// snapshot it can see.
		var own []Snapshot
		for _, sn := range rs.Snapshots {
			if sn.Owner == "" || sn.Owner == s.acct.ID || f.Get("Owner.1") != "self" || s.acct.IgnoreOwnerFilter {
				own = append(own, sn)
			}
		}
		start, end, next := pg(len(own))
		ec2OK(w, q.op, list("snapshotSet", own[start:end], func(sn Snapshot) node {
			owner := sn.Owner
			if owner == "" {
				owner = s.acct.ID
			}
			return item(tx("snapshotId", sn.ID), tx("volumeId", sn.VolumeID), tx("encrypted", sn.Encrypted), tx("ownerId", owner), tx("status", "completed"))
		}), next)
	case "DescribeSnapshotAttribute":
		i := slices.IndexFunc(rs.Snapshots, func(sn Snapshot) bool { return sn.ID == f.Get("SnapshotId") })
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "InvalidSnapshot.NotFound", "The snapshot '"+f.Get("SnapshotId")+"' does not exist.")
			return true
		}
		var perms []string
		if rs.Snapshots[i].Public {
			perms = []string{"all"}
		}
		ec2OK(w, q.op, tx("snapshotId", rs.Snapshots[i].ID), list("createVolumePermission", perms, func(g string) node { return item(tx("group", g)) }))
	case "DescribeSecurityGroups":
		start, end, next := pg(len(rs.SecurityGroups))
		ec2OK(w, q.op, list("securityGroupInfo", rs.SecurityGroups[start:end], func(g SecurityGroup) node {
			return item(tx("groupId", g.ID), tx("groupName", g.Name), tx("vpcId", g.VPCID), tx("ownerId", s.acct.ID),
				list("ipPermissions", g.Ingress, func(r Rule) node {
					return item(tx("ipProtocol", r.Protocol), when(r.Protocol != "-1", tx("fromPort", r.FromPort)), when(r.Protocol != "-1", tx("toPort", r.ToPort)),
						list("ipRanges", r.CIDRs, func(c string) node { return item(tx("cidrIp", c)) }),
						list("ipv6Ranges", r.IPv6, func(c string) node { return item(tx("cidrIpv6", c)) }))
				}))
		}), next)
	case "DescribeVpcs":
		start, end, next := pg(len(rs.VPCs))
		ec2OK(w, q.op, list("vpcSet", rs.VPCs[start:end], func(v VPC) node {
			return item(tx("vpcId", v.ID), tx("isDefault", v.IsDefault), tx("state", "available"))
		}), next)
	case "DescribeNetworkInterfaces":
		start, end, next := pg(len(rs.NetworkInterfaces))
		ec2OK(w, q.op, list("networkInterfaceSet", rs.NetworkInterfaces[start:end], func(n NetworkInterface) node {
			return item(tx("networkInterfaceId", n.ID), tx("vpcId", n.VPCID))
		}), next)
	case "DescribeFlowLogs":
		start, end, next := pg(len(rs.FlowLogs))
		ec2OK(w, q.op, list("flowLogSet", rs.FlowLogs[start:end], func(fl FlowLog) node {
			return item(tx("flowLogId", fl.ID), tx("resourceId", fl.ResourceID), tx("flowLogStatus", fl.Status))
		}), next)
	case "DescribeInstances":
		start, end, next := pg(len(rs.Instances))
		ec2OK(w, q.op, list("reservationSet", rs.Instances[start:end], func(in Instance) node {
			return item(tx("reservationId", "r-"+strings.TrimPrefix(in.ID, "i-")), tx("ownerId", cmp.Or(in.Owner, s.acct.ID)),
				list("instancesSet", []Instance{in}, s.instance))
		}), next)
	default:
		return false
	}
	return true
}

// instance is the XML of one instance in a DescribeInstances answer.
func (s *Server) instance(in Instance) node {
	state := cmp.Or(in.State, "running")
	codes := map[string]int{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
	platform := "Linux/UNIX"
	if in.Windows {
		platform = "Windows"
	}
	return item(tx("instanceId", in.ID), tx("imageId", "ami-0fake"), tx("instanceType", "t3.micro"),
		el("instanceState", tx("code", codes[state]), tx("name", state)),
		el("metadataOptions", tx("state", "applied"), tx("httpTokens", in.HTTPTokens), tx("httpEndpoint", cmp.Or(in.HTTPEndpoint, "enabled")),
			tx("httpPutResponseHopLimit", 2)),
		tx("rootDeviceType", "ebs"), tx("rootDeviceName", "/dev/xvda"),
		when(in.RootVolumeID != "", list("blockDeviceMapping", []string{in.RootVolumeID}, func(v string) node {
			return item(tx("deviceName", "/dev/xvda"), el("ebs", tx("volumeId", v), tx("status", "attached"), tx("deleteOnTermination", true)))
		})),
		when(in.Windows, tx("platform", "windows")), tx("platformDetails", platform),
		when(in.Name != "", list("tagSet", []string{in.Name}, func(n string) node { return item(tx("key", "Name"), tx("value", n)) })))
}
