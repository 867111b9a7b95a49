package fakeaws

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// queryOK writes a query-protocol response.
func queryOK(w http.ResponseWriter, action string, result ...node) {
	w.Header().Set("Content-Type", "text/xml")
	writeXML(w, el(action+"Response", el(action+"Result", result...), el("ResponseMetadata", tx("RequestId", "fake"))))
}

// awsEscape percent-encodes a policy document the way IAM returns it.
func awsEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

func (s *Server) arn(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", s.acct.Partition, service, region, s.acct.ID, resource)
}

func (s *Server) sts(w http.ResponseWriter, q *request) bool {
	switch q.op {
	case "GetCallerIdentity":
		queryOK(w, q.op, tx("UserId", "AIDAFAKE"), tx("Account", s.acct.ID), tx("Arn", s.acct.CallerARN))
	case "AssumeRole":
		roleARN := q.form.Get("RoleArn")
		if parts := strings.Split(roleARN, ":"); len(parts) > 4 && s.member(parts[4]) != nil {
			m := s.member(parts[4])
			if m.RoleDenied {
				s.fail(w, q, http.StatusForbidden, "AccessDenied", "User: "+s.acct.CallerARN+" is not authorized to perform: sts:AssumeRole on resource: "+roleARN)
				return true
			}
			queryOK(w, q.op, el("Credentials", tx("AccessKeyId", memberKeyPrefix+m.ID), tx("SecretAccessKey", "memberSecretKey"),
				tx("SessionToken", "memberSessionToken"), tx("Expiration", time.Now().Add(time.Hour))),
				el("AssumedRoleUser", tx("Arn", roleARN+"/"+q.form.Get("RoleSessionName")), tx("AssumedRoleId", "AROAMEMBER:session")))
			return true
		}
		// Temporary credentials for a profile that assumes a role.
		queryOK(w, q.op, el("Credentials", tx("AccessKeyId", "ASIAFAKEASSUMED"), tx("SecretAccessKey", "assumedSecretKey"),
			tx("SessionToken", "assumedSessionToken"), tx("Expiration", time.Now().Add(time.Hour))),
			el("AssumedRoleUser", tx("Arn", q.form.Get("RoleArn")+"/"+q.form.Get("RoleSessionName")), tx("AssumedRoleId", "AROAFAKE:session")))
	default:
		return false
	}
	return true
}

// iamPage pages an IAM list: it returns the slice bounds and the
// IsTruncated/Marker elements.
func (s *Server) iamPage(q *request, n int) (int, int, node, node) {
	start, end, next := s.page(n, q.form.Get("Marker"), atoi(q.form.Get("MaxItems")))
	return start, end, tx("IsTruncated", next != ""), when(next != "", tx("Marker", next))
}

func (s *Server) findUser(name string) *User {
	for i := range s.acct.Users {
		if s.acct.Users[i].Name == name {
			return &s.acct.Users[i]
		}
	}
	return nil
}

func (s *Server) findGroup(name string) *Group {
	for i := range s.acct.Groups {
		if s.acct.Groups[i].Name == name {
			return &s.acct.Groups[i]
		}
	}
	return nil
}

func (s *Server) policyName(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// iam answers the IAM query-protocol operations. It is one switch with a
// case per operation, long by design: each case is the fake's whole answer
// to that operation.
func (s *Server) iam(w http.ResponseWriter, q *request) bool {
	a := s.acct
	f := q.form
	noEntity := func(what string) bool {
		s.fail(w, q, http.StatusNotFound, "NoSuchEntity", what+" cannot be found")
		return true
	}
	attached := func(arns []string) node {
		return list("AttachedPolicies", arns, func(p string) node {
			return el("member", tx("PolicyName", s.policyName(p)), tx("PolicyArn", p))
		})
	}
	switch q.op {
	case "GetAccountPasswordPolicy":
		p := a.PasswordPolicy
		if p == nil {
			return noEntity("The Password Policy with domain name " + a.ID)
		}
		queryOK(w, q.op, el("PasswordPolicy", tx("MinimumPasswordLength", p.MinimumLength),
			tx("RequireUppercaseCharacters", p.RequireUppercase), tx("RequireLowercaseCharacters", p.RequireLowercase),
			tx("RequireNumbers", p.RequireNumbers), tx("RequireSymbols", p.RequireSymbols),
			when(p.ReusePrevention > 0, tx("PasswordReusePrevention", p.ReusePrevention)),
			when(p.MaxAge > 0, tx("MaxPasswordAge", p.MaxAge)), tx("ExpirePasswords", p.MaxAge > 0),
			tx("AllowUsersToChangePassword", p.AllowUsersToChange), tx("HardExpiry", p.HardExpiry)))
	case "GetAccountSummary":
		keys := make([]string, 0, len(a.AccountSummary))
		for k := range a.AccountSummary {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		queryOK(w, q.op, list("SummaryMap", keys, func(k string) node {
			return el("entry", tx("key", k), tx("value", a.AccountSummary[k]))
		}))
	case "GenerateCredentialReport":
		state := "COMPLETE"
		if !a.reportAsked {
			state = "STARTED"
			a.reportAsked, a.reportPolls = true, 0
		}
		queryOK(w, q.op, tx("State", state), tx("Description", "report generation "+strings.ToLower(state)))
	case "GetCredentialReport":
		switch {
		case !a.reportAsked:
			s.fail(w, q, http.StatusGone, "ReportNotPresent", "Credential report not present")
		case a.reportPolls < a.ReportDelay:
			a.reportPolls++
			s.fail(w, q, http.StatusNotFound, "ReportInProgress", "Credential report is being generated")
		default:
			queryOK(w, q.op, tx("Content", base64.StdEncoding.EncodeToString([]byte(a.CredentialReport))),
				tx("ReportFormat", "text/csv"), tx("GeneratedTime", a.ReportTime))
		}
	case "ListUsers":
		start, end, trunc, marker := s.iamPage(q, len(a.Users))
		queryOK(w, q.op, list("Users", a.Users[start:end], func(u User) node {
			return el("member", tx("UserName", u.Name), tx("UserId", "AIDA"+strings.ToUpper(u.Name)), tx("Path", "/"),
				tx("Arn", s.arn("iam", "", "user/"+u.Name)), tx("CreateDate", a.ReportTime))
		}), trunc, marker)
	case "ListGroupsForUser":
		u := s.findUser(f.Get("UserName"))
		if u == nil {
			return noEntity("The user " + f.Get("UserName"))
		}
		start, end, trunc, marker := s.iamPage(q, len(u.Groups))
		queryOK(w, q.op, list("Groups", u.Groups[start:end], func(g string) node {
			return el("member", tx("GroupName", g), tx("GroupId", "AGPA"+strings.ToUpper(g)), tx("Path", "/"),
				tx("Arn", s.arn("iam", "", "group/"+g)), tx("CreateDate", a.ReportTime))
		}), trunc, marker)
	case "ListAttachedUserPolicies", "ListAttachedGroupPolicies":
		var arns []string
		if q.op == "ListAttachedUserPolicies" {
			u := s.findUser(f.Get("UserName"))
			if u == nil {
				return noEntity("The user " + f.Get("UserName"))
			}
			arns = u.AttachedPolicies
		} else {
			g := s.findGroup(f.Get("GroupName"))
			if g == nil {
				return noEntity("The group " + f.Get("GroupName"))
			}
			arns = g.AttachedPolicies
		}
		start, end, trunc, marker := s.iamPage(q, len(arns))
		queryOK(w, q.op, attached(arns[start:end]), trunc, marker)
	case "ListUserPolicies", "ListGroupPolicies":
		var inline map[string]string
		if q.op == "ListUserPolicies" {
			u := s.findUser(f.Get("UserName"))
			if u == nil {
				return noEntity("The user " + f.Get("UserName"))
			}
			inline = u.InlinePolicies
		} else {
			g := s.findGroup(f.Get("GroupName"))
			if g == nil {
				return noEntity("The group " + f.Get("GroupName"))
			}
			inline = g.InlinePolicies
		}
		names := sortedKeys(inline)
		start, end, trunc, marker := s.iamPage(q, len(names))
		queryOK(w, q.op, list("PolicyNames", names[start:end], func(n string) node { return tx("member", n) }), trunc, marker)
	case "GetUserPolicy", "GetGroupPolicy":
		var inline map[string]string
		var who node
		if q.op == "GetUserPolicy" {
			u := s.findUser(f.Get("UserName"))
			if u == nil {
				return noEntity("The user " + f.Get("UserName"))
			}
			inline, who = u.InlinePolicies, tx("UserName", u.Name)
		} else {
			g := s.findGroup(f.Get("GroupName"))
			if g == nil {
				return noEntity("The group " + f.Get("GroupName"))
			}
			inline, who = g.InlinePolicies, tx("GroupName", g.Name)
		}
		doc, ok := inline[f.Get("PolicyName")]
		if !ok {
			return noEntity("The policy " + f.Get("PolicyName"))
		}
		queryOK(w, q.op, who, tx("PolicyName", f.Get("PolicyName")), tx("PolicyDocument", awsEscape(doc)))
	case "ListGroups":
		start, end, trunc, marker := s.iamPage(q, len(a.Groups))
		queryOK(w, q.op, list("Groups", a.Groups[start:end], func(g Group) node {
			return el("member", tx("GroupName", g.Name), tx("GroupId", "AGPA"+strings.ToUpper(g.Name)), tx("Path", "/"),
				tx("Arn", s.arn("iam", "", "group/"+g.Name)), tx("CreateDate", a.ReportTime))
		}), trunc, marker)
	case "ListPolicies":
		var ps []ManagedPolicy
		for _, p := range a.Policies {
			if p.Attached || f.Get("OnlyAttached") != "true" {
				ps = append(ps, p)
			}
		}
		start, end, trunc, marker := s.iamPage(q, len(ps))
		queryOK(w, q.op, list("Policies", ps[start:end], func(p ManagedPolicy) node {
			return el("member", tx("PolicyName", p.Name), tx("Arn", p.ARN), tx("DefaultVersionId", version(p)),
				tx("AttachmentCount", 1), tx("IsAttachable", true))
		}), trunc, marker)
	case "GetPolicyVersion":
		i := slices.IndexFunc(a.Policies, func(p ManagedPolicy) bool { return p.ARN == f.Get("PolicyArn") })
		if i < 0 || version(a.Policies[i]) != f.Get("VersionId") {
			return noEntity("Policy " + f.Get("PolicyArn") + " version " + f.Get("VersionId"))
		}
		queryOK(w, q.op, el("PolicyVersion", tx("Document", awsEscape(a.Policies[i].Document)),
			tx("VersionId", version(a.Policies[i])), tx("IsDefaultVersion", true)))
	default:
		return false
	}
	return true
}

func version(p ManagedPolicy) string {
	if p.Version == "" {
		return "v1"
	}
	return p.Version
}

func (s *Server) rds(w http.ResponseWriter, q *request) bool {
	rs := s.regionState(q.region)
	f := q.form
	page := func(n int) (int, int, node) {
		start, end, next := s.page(n, f.Get("Marker"), atoi(f.Get("MaxRecords")))
		return start, end, when(next != "", tx("Marker", next))
	}
	var snaps []DBSnapshot
	for _, sn := range rs.DBSnapshots {
		if sn.Cluster == (q.op == "DescribeDBClusterSnapshots" || q.op == "DescribeDBClusterSnapshotAttributes") {
			snaps = append(snaps, sn)
		}
	}
	snapARN := func(sn DBSnapshot) string {
		a := s.arn("rds", q.region, "snapshot:"+sn.ID)
		if sn.Cluster {
			a = s.arn("rds", q.region, "cluster-snapshot:"+sn.ID)
		}
		if sn.Owner != "" {
			a = strings.Replace(a, ":"+s.acct.ID+":", ":"+sn.Owner+":", 1)
		}
		return a
	}
	switch q.op {
	case "DescribeDBInstances":
		start, end, marker := page(len(rs.DBInstances))
		queryOK(w, q.op, list("DBInstances", rs.DBInstances[start:end], func(d DBInstance) node {
			return el("DBInstance", tx("DBInstanceIdentifier", d.ID), tx("DBInstanceArn", s.arn("rds", q.region, "db:"+d.ID)),
				tx("Engine", d.Engine), when(d.ClusterID != "", tx("DBClusterIdentifier", d.ClusterID)),
				tx("StorageEncrypted", d.StorageEncrypted), tx("PubliclyAccessible", d.PubliclyAccessible),
				tx("BackupRetentionPeriod", d.BackupRetention), tx("MultiAZ", d.MultiAZ))
		}), marker)
	case "DescribeDBClusters":
		start, end, marker := page(len(rs.DBClusters))
		queryOK(w, q.op, list("DBClusters", rs.DBClusters[start:end], func(d DBCluster) node {
			return el("DBCluster", tx("DBClusterIdentifier", d.ID), tx("DBClusterArn", s.arn("rds", q.region, "cluster:"+d.ID)),
				tx("Engine", d.Engine), tx("StorageEncrypted", d.StorageEncrypted),
				tx("BackupRetentionPeriod", d.BackupRetention), tx("MultiAZ", d.MultiAZ))
		}), marker)
	case "DescribeDBSnapshots", "DescribeDBClusterSnapshots":
		elem, idTag, arnTag := "DBSnapshot", "DBSnapshotIdentifier", "DBSnapshotArn"
		if q.op == "DescribeDBClusterSnapshots" {
			elem, idTag, arnTag = "DBClusterSnapshot", "DBClusterSnapshotIdentifier", "DBClusterSnapshotArn"
		}
		start, end, marker := page(len(snaps))
		queryOK(w, q.op, list(elem+"s", snaps[start:end], func(sn DBSnapshot) node {
			return el(elem, tx(idTag, sn.ID), tx(arnTag, snapARN(sn)), tx("SnapshotType", sn.Type),
				tx(map[bool]string{true: "StorageEncrypted", false: "Encrypted"}[sn.Cluster], sn.Encrypted))
		}), marker)
	case "DescribeDBSnapshotAttributes", "DescribeDBClusterSnapshotAttributes":
		elem, idTag := "DBSnapshot", "DBSnapshotIdentifier"
		if q.op == "DescribeDBClusterSnapshotAttributes" {
			elem, idTag = "DBClusterSnapshot", "DBClusterSnapshotIdentifier"
		}
		i := slices.IndexFunc(snaps, func(sn DBSnapshot) bool { return sn.ID == f.Get(idTag) })
		if i < 0 {
			s.fail(w, q, http.StatusNotFound, elem+"NotFound", "snapshot "+f.Get(idTag)+" not found")
			return true
		}
		var vals []string
		if snaps[i].Public {
			vals = []string{"all"}
		}
		queryOK(w, q.op, el(elem+"AttributesResult", tx(idTag, snaps[i].ID),
			el(elem+"Attributes", el(elem+"Attribute", tx("AttributeName", "restore"),
				list("AttributeValues", vals, func(v string) node { return tx("AttributeValue", v) })))))
	default:
		return false
	}
	return true
}

// lbARN is the ARN of a load balancer in a region.
func (s *Server) lbARN(region string, lb LoadBalancer) string {
	kind := map[string]string{"network": "net", "gateway": "gwy"}[lb.Type]
	if kind == "" {
		kind = "app"
	}
	return s.arn("elasticloadbalancing", region, "loadbalancer/"+kind+"/"+lb.Name+"/0123456789abcdef")
}

func (s *Server) elbv2(w http.ResponseWriter, q *request) bool {
	rs := s.regionState(q.region)
	f := q.form
	lbARN := func(lb LoadBalancer) string { return s.lbARN(q.region, lb) }
	// named returns the load balancer the request names, or answers that
	// there is none.
	named := func() (LoadBalancer, bool) {
		i := slices.IndexFunc(rs.LoadBalancers, func(lb LoadBalancer) bool { return lbARN(lb) == f.Get("LoadBalancerArn") })
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "LoadBalancerNotFound", "load balancer not found")
			return LoadBalancer{}, false
		}
		return rs.LoadBalancers[i], true
	}
	switch q.op {
	case "DescribeLoadBalancers":
		start, end, next := s.page(len(rs.LoadBalancers), f.Get("Marker"), atoi(f.Get("PageSize")))
		queryOK(w, q.op, list("LoadBalancers", rs.LoadBalancers[start:end], func(lb LoadBalancer) node {
			return el("member", tx("LoadBalancerArn", lbARN(lb)), tx("LoadBalancerName", lb.Name),
				tx("Type", lb.Type), tx("Scheme", lb.Scheme))
		}), when(next != "", tx("NextMarker", next)))
	case "DescribeListeners":
		lb, ok := named()
		if !ok {
			return true
		}
		start, end, next := s.page(len(lb.Listeners), f.Get("Marker"), atoi(f.Get("PageSize")))
		queryOK(w, q.op, list("Listeners", lb.Listeners[start:end], func(l Listener) node {
			return el("member", tx("ListenerArn", strings.Replace(lbARN(lb), ":loadbalancer/", ":listener/", 1)+"/"+strconv.Itoa(int(l.Port))),
				tx("Port", l.Port), tx("Protocol", l.Protocol), when(l.SSLPolicy != "", tx("SslPolicy", l.SSLPolicy)),
				list("DefaultActions", l.Actions, func(a ListenerAction) node {
					return el("member", tx("Type", a.Type), when(a.RedirectProtocol != "", el("RedirectConfig", tx("Protocol", a.RedirectProtocol), tx("StatusCode", "HTTP_301"))))
				}))
		}), when(next != "", tx("NextMarker", next)))
	case "DescribeLoadBalancerAttributes":
		lb, ok := named()
		if !ok {
			return true
		}
		attrs := [][2]string{{"deletion_protection.enabled", "false"}, {"access_logs.s3.enabled", strconv.FormatBool(lb.AccessLogsBucket != "")},
			{"access_logs.s3.bucket", lb.AccessLogsBucket}, {"access_logs.s3.prefix", ""}}
		if lb.Type == "gateway" {
			attrs = [][2]string{{"deletion_protection.enabled", "false"}, {"load_balancing.cross_zone.enabled", "false"}}
		}
		queryOK(w, q.op, list("Attributes", attrs, func(a [2]string) node {
			return el("member", tx("Key", a[0]), tx("Value", a[1]))
		}))
	default:
		return false
	}
	return true
}
