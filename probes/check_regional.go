package probes

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func evalKMSRotation(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.KMSKeysErr != nil {
			e.unread(c, r.Region, e.account(), r.KMSKeysErr, "the KMS keys")
			return
		}
		for i := range r.KMSKeys {
			k := &r.KMSKeys[i]
			res := k.ARN
			if res == "" {
				res = e.arn("kms", r.Region, "key/"+k.ID)
			}
			switch {
			case k.DescribeErr != nil:
				e.unread(c, r.Region, res, k.DescribeErr, "the key details")
			case !rotatable(*k):
				// AWS-managed keys rotate on their own; asymmetric, HMAC,
				// imported, custom-store, disabled and pending-deletion keys
				// cannot rotate automatically.
			case k.RotationErr != nil || k.RotationEnabled == nil:
				e.unread(c, r.Region, res, k.RotationErr, "the key rotation status")
			case *k.RotationEnabled:
				e.pass(c, r.Region, res, "automatic rotation on")
			default:
				e.fail(c, r.Region, res, "automatic rotation off")
			}
		}
	})
}

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
		for _, v := range r.Volumes {
			if v.State == "deleting" || v.State == "deleted" {
				continue
			}
			res := v.ARN
			if res == "" {
				res = e.arn("ec2", r.Region, "volume/"+v.ID)
			}
			if v.Encrypted {
				e.pass(c, r.Region, res, "volume encrypted")
			} else {
				e.fail(c, r.Region, res, fmt.Sprintf("volume not encrypted (state %s)", v.State))
			}
		}
	})
}

func evalEBSSnapshots(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.SnapshotsErr != nil {
			e.unread(c, r.Region, e.account(), r.SnapshotsErr, "the EBS snapshots")
			return
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
		for _, sg := range r.SecurityGroups {
			res := sg.ARN
			if res == "" {
				res = e.arn("ec2", r.Region, "security-group/"+sg.ID)
			}
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
		for _, v := range r.VPCs {
			res := v.ARN
			if res == "" {
				res = e.arn("ec2", r.Region, "vpc/"+v.ID)
			}
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
			default:
				e.fail(c, r.Region, res, "VPC in use without an active flow log")
			}
		}
	})
}

// dbUnit is where RDS storage, backup and availability settings live: a
// cluster, or an instance outside any cluster.
type dbUnit struct {
	res, kind, id string
	encrypted     bool
	backup        int32
	multiAZ       bool
}

// eachDBUnit calls fn for every cluster and stand-alone instance, and
// reports once if either list could not be read.
func (e *evaluation) eachDBUnit(c Check, fn func(region string, u dbUnit)) {
	e.eachRegion(c, func(r *RegionData) {
		for _, err := range []*APIError{r.DBInstancesErr, r.DBClustersErr} {
			if err != nil {
				e.unread(c, r.Region, e.account(), err, "the RDS databases")
				break
			}
		}
		if r.DBClustersErr == nil {
			for _, cl := range r.DBClusters {
				fn(r.Region, dbUnit{cl.ARN, "cluster", cl.ID, cl.StorageEncrypted, cl.BackupRetention, cl.MultiAZ})
			}
		}
		if r.DBInstancesErr == nil {
			for _, in := range r.DBInstances {
				if in.ClusterID == "" {
					fn(r.Region, dbUnit{in.ARN, "instance", in.ID, in.StorageEncrypted, in.BackupRetention, in.MultiAZ})
				}
			}
		}
	})
}

func evalRDSEncryption(e *evaluation, c Check) {
	e.eachDBUnit(c, func(region string, u dbUnit) {
		if u.encrypted {
			e.pass(c, region, u.res, u.kind+" storage encrypted")
		} else {
			e.fail(c, region, u.res, u.kind+" storage not encrypted")
		}
	})
}

func evalRDSBackups(e *evaluation, c Check) {
	e.eachDBUnit(c, func(region string, u dbUnit) {
		switch {
		case u.backup <= 0:
			e.fail(c, region, u.res, u.kind+" has automated backups off (retention 0 days)")
		case u.backup < 7:
			e.pass(c, region, u.res, fmt.Sprintf("backups kept %d days (7 or more recommended)", u.backup))
		default:
			e.pass(c, region, u.res, fmt.Sprintf("backups kept %d days", u.backup))
		}
	})
}

func evalRDSMultiAZ(e *evaluation, c Check) {
	e.eachDBUnit(c, func(region string, u dbUnit) {
		if u.multiAZ {
			e.pass(c, region, u.res, u.kind+" spans more than one availability zone")
		} else {
			e.fail(c, region, u.res, u.kind+" runs in a single availability zone")
		}
	})
}

func evalRDSPublic(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.DBInstancesErr != nil {
			e.unread(c, r.Region, e.account(), r.DBInstancesErr, "the RDS instances")
			return
		}
		for _, in := range r.DBInstances {
			if in.PubliclyAccessible {
				e.fail(c, r.Region, in.ARN, fmt.Sprintf("%s instance %s is publicly accessible", in.Engine, in.ID))
			} else {
				e.pass(c, r.Region, in.ARN, "not publicly accessible")
			}
		}
	})
}

func evalRDSSnapshots(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.DBSnapshotsErr != nil {
			e.unread(c, r.Region, e.account(), r.DBSnapshotsErr, "the RDS snapshots")
			return
		}
		for _, s := range r.DBSnapshots {
			switch {
			case s.PublicErr != nil:
				e.unread(c, r.Region, s.ARN, s.PublicErr, "the snapshot attributes")
			case s.Public:
				e.fail(c, r.Region, s.ARN, fmt.Sprintf("any AWS account can restore this snapshot (encrypted: %t)", s.Encrypted))
			default:
				e.pass(c, r.Region, s.ARN, "not shared publicly")
			}
		}
	})
}

// enabledDetector returns the region's enabled GuardDuty detector, or the
// error that kept a detector's status from being read.
func enabledDetector(r *RegionData) (*Detector, *APIError) {
	var derr *APIError
	for i := range r.GuardDutyDetectors {
		d := &r.GuardDutyDetectors[i]
		if d.Err != nil {
			derr = d.Err
			continue
		}
		if d.Status == "ENABLED" {
			return d, nil
		}
	}
	return nil, derr
}

func evalGuardDuty(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if r.GuardDutyErr != nil {
			e.unread(c, r.Region, res, r.GuardDutyErr, "the GuardDuty detectors")
			return
		}
		d, derr := enabledDetector(r)
		switch {
		case d != nil:
			e.pass(c, r.Region, res, "detector "+d.ID+" enabled")
		case derr != nil:
			e.unread(c, r.Region, res, derr, "the GuardDuty detector")
		case len(r.GuardDutyDetectors) == 0:
			e.fail(c, r.Region, res, "no GuardDuty detector in this region")
		default:
			e.fail(c, r.Region, res, "detector "+r.GuardDutyDetectors[0].ID+" is "+r.GuardDutyDetectors[0].Status)
		}
	})
}

func evalGuardDutyFindings(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if r.GuardDutyErr != nil {
			e.unread(c, r.Region, res, r.GuardDutyErr, "the GuardDuty detectors")
			return
		}
		d, derr := enabledDetector(r)
		switch {
		case d == nil && derr != nil:
			e.unread(c, r.Region, res, derr, "the GuardDuty detector")
		case d == nil:
			e.add(c, assessment.NotAssessed, r.Region, res, "GuardDuty is off in this region, so there are no findings to review", "")
		case d.FindingsErr != nil:
			e.unread(c, r.Region, res, d.FindingsErr, "the GuardDuty findings")
		case d.HighFindings > 0:
			e.fail(c, r.Region, res, fmt.Sprintf("%d open high-severity finding(s)", d.HighFindings))
		default:
			e.pass(c, r.Region, res, "no open high-severity findings")
		}
	})
}

func evalSecurityHub(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		switch {
		case r.SecurityHubErr != nil && r.SecurityHubErr.Code == "InvalidAccessException":
			e.fail(c, r.Region, res, "Security Hub not enabled (InvalidAccessException)")
		case r.SecurityHubErr != nil:
			e.unread(c, r.Region, res, r.SecurityHubErr, "the Security Hub status")
		case r.SecurityHubEnabled:
			e.pass(c, r.Region, res, "Security Hub enabled")
		default:
			e.fail(c, r.Region, res, "Security Hub not enabled")
		}
	})
}

func evalConfig(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if r.ConfigErr != nil {
			e.unread(c, r.Region, res, r.ConfigErr, "the AWS Config recorders")
			return
		}
		if len(r.ConfigRecorders) == 0 {
			e.fail(c, r.Region, res, "no configuration recorder")
			return
		}
		var problems []string
		for _, rec := range r.ConfigRecorders {
			switch {
			case !rec.Recording:
				problems = append(problems, "recorder "+rec.Name+" stopped")
			case strings.EqualFold(rec.LastStatus, "Failure"):
				problems = append(problems, "recorder "+rec.Name+" last status "+rec.LastStatus)
			case rec.AllSupported:
				e.pass(c, r.Region, res, "recorder "+rec.Name+" recording all supported resources")
				return
			default:
				e.pass(c, r.Region, res, "recorder "+rec.Name+" recording selected resource types only")
				return
			}
		}
		e.fail(c, r.Region, res, strings.Join(problems, "; "))
	})
}

func evalBackupPlans(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		switch {
		case r.BackupPlansErr != nil:
			e.unread(c, r.Region, res, r.BackupPlansErr, "the AWS Backup plans")
		case len(r.BackupPlans) == 0:
			e.fail(c, r.Region, res, "no AWS Backup plan in this region")
		default:
			names := make([]string, len(r.BackupPlans))
			for i, p := range r.BackupPlans {
				names[i] = p.Name
			}
			e.pass(c, r.Region, res, fmt.Sprintf("%d backup plan(s): %s", len(names), joinLimited(names, 5)))
		}
	})
}

// modernTLSPolicyPrefixes name the predefined ELB security policies that
// accept only TLS 1.2 or newer.
var modernTLSPolicyPrefixes = []string{
	"ELBSecurityPolicy-TLS13-1-2-", "ELBSecurityPolicy-TLS13-1-3-",
	"ELBSecurityPolicy-TLS-1-2-", "ELBSecurityPolicy-FS-1-2-",
}

func modernTLSPolicy(name string) bool {
	return slices.ContainsFunc(modernTLSPolicyPrefixes, func(p string) bool { return strings.HasPrefix(name, p) })
}

// listenerProblem describes why a listener may carry unprotected or weakly
// protected traffic, or returns "".
func listenerProblem(l Listener) string {
	switch l.Protocol {
	case "HTTP":
		if len(l.Actions) > 0 && l.Actions[0].Type == "redirect" && strings.EqualFold(l.Actions[0].RedirectProtocol, "HTTPS") {
			return ""
		}
		return fmt.Sprintf("HTTP listener on port %d does not redirect to HTTPS", l.Port)
	case "HTTPS", "TLS":
		if l.SSLPolicy == "" {
			return fmt.Sprintf("%s listener on port %d has no security policy", l.Protocol, l.Port)
		}
		if !modernTLSPolicy(l.SSLPolicy) {
			return fmt.Sprintf("%s listener on port %d uses %s, which allows TLS older than 1.2", l.Protocol, l.Port, l.SSLPolicy)
		}
	}
	return ""
}

func evalLoadBalancers(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.LoadBalancersErr != nil {
			e.unread(c, r.Region, e.account(), r.LoadBalancersErr, "the load balancers")
			return
		}
		for _, lb := range r.LoadBalancers {
			if lb.ListenersErr != nil {
				e.unread(c, r.Region, lb.ARN, lb.ListenersErr, "the listeners of "+lb.Name)
				continue
			}
			var problems []string
			for _, l := range lb.Listeners {
				if p := listenerProblem(l); p != "" {
					problems = append(problems, p)
				}
			}
			if len(problems) > 0 {
				e.fail(c, r.Region, lb.ARN, lb.Name+": "+strings.Join(problems, "; "))
			} else {
				e.pass(c, r.Region, lb.ARN, fmt.Sprintf("%s: %d listener(s), HTTP redirected to HTTPS, TLS 1.2 or newer", lb.Name, len(lb.Listeners)))
			}
		}
	})
}

func evalCertificates(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.CertificatesErr != nil {
			e.unread(c, r.Region, e.account(), r.CertificatesErr, "the ACM certificates")
			return
		}
		for _, cert := range r.Certificates {
			switch {
			case cert.DescribeErr != nil:
				e.unread(c, r.Region, cert.ARN, cert.DescribeErr, "the details of certificate "+cert.Domain)
				continue
			case len(cert.InUseBy) == 0:
				continue // only certificates in use can break or weaken connections
			}
			switch after := cert.NotAfter; {
			case cert.Status == "EXPIRED" || (after != nil && !after.After(e.now)):
				e.fail(c, r.Region, cert.ARN, fmt.Sprintf("%s expired%s and is still in use", cert.Domain, onDay(after)))
			case cert.Status == "REVOKED":
				e.fail(c, r.Region, cert.ARN, cert.Domain+" was revoked and is still in use")
			case after == nil:
				e.unread(c, r.Region, cert.ARN, nil, "the expiry date of "+cert.Domain)
			case after.Sub(e.now) < 30*24*time.Hour:
				e.fail(c, r.Region, cert.ARN, fmt.Sprintf("%s expires on %s (in %d days)", cert.Domain, day(*after), days(after.Sub(e.now))))
			default:
				e.pass(c, r.Region, cert.ARN, fmt.Sprintf("%s valid until %s (%d days)", cert.Domain, day(*after), days(after.Sub(e.now))))
			}
		}
	})
}

func onDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return " on " + day(*t)
}

// isBAA reports whether an agreement is the AWS Business Associate Addendum.
func isBAA(a Agreement) bool {
	for _, s := range []string{a.Name, a.Description} {
		if strings.Contains(strings.ToLower(s), "business associate") || strings.Contains(s, "BAA") {
			return true
		}
	}
	return false
}

func evalBAA(e *evaluation, c Check) {
	res := e.account()
	art := e.s.Artifact
	if art.Err != nil {
		e.unread(c, GlobalRegion, res, art.Err, "the AWS Artifact agreements")
		return
	}
	var seen []string
	for _, a := range art.Agreements {
		if !isBAA(a) {
			continue
		}
		if a.State == "ACTIVE" {
			scope := "for this account"
			if a.OrganizationARN != "" {
				scope = "through organization " + a.OrganizationARN
			}
			e.pass(c, GlobalRegion, res, fmt.Sprintf("%s active %s since %s", a.Name, scope, day(a.EffectiveStart)))
			return
		}
		seen = append(seen, fmt.Sprintf("%s (%s)", a.Name, a.State))
	}
	if len(seen) == 0 {
		e.fail(c, GlobalRegion, res, "no Business Associate Addendum accepted in AWS Artifact")
		return
	}
	e.fail(c, GlobalRegion, res, "no active Business Associate Addendum; seen: "+strings.Join(seen, ", "))
}
