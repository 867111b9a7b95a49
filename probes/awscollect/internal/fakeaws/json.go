package fakeaws

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// body decodes a JSON request body into a generic map.
func body(q *request) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(q.body, &m)
	return m
}

func str(m map[string]any, k string) string {
	v, _ := m[k].(string)
	return v
}

func num(m map[string]any, k string) int {
	v, _ := m[k].(float64)
	return int(v)
}

// json answers the JSON-protocol services (CloudTrail, Config, KMS, Logs, ACM).
// It is one switch with a case per operation, long by design: each case is
// the fake's whole answer to that operation.
func (s *Server) json(w http.ResponseWriter, q *request) bool {
	rs := s.regionState(q.region)
	in := body(q)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch q.service + ":" + q.op {
	case "cloudtrail:DescribeTrails":
		shadow, _ := in["includeShadowTrails"].(bool)
		var out []map[string]any
		for _, t := range s.acct.Trails {
			if t.HomeRegion == q.region || (shadow && (t.MultiRegion || t.Organization)) {
				out = append(out, map[string]any{
					"Name": t.Name, "TrailARN": s.arn("cloudtrail", t.HomeRegion, "trail/"+t.Name), "HomeRegion": t.HomeRegion,
					"IsMultiRegionTrail": t.MultiRegion, "IsOrganizationTrail": t.Organization,
					"LogFileValidationEnabled": t.LogFileValidation, "KmsKeyId": nonEmpty(t.KMSKeyID),
					"S3BucketName": t.S3Bucket, "CloudWatchLogsLogGroupArn": nonEmpty(t.LogGroupARN),
					"IncludeGlobalServiceEvents": true,
				})
			}
		}
		writeJSON(w, map[string]any{"trailList": out})
	case "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors":
		name := str(in, "Name") + str(in, "TrailName")
		i := slices.IndexFunc(s.acct.Trails, func(t Trail) bool {
			return t.HomeRegion == q.region && (t.Name == name || s.arn("cloudtrail", t.HomeRegion, "trail/"+t.Name) == name)
		})
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "TrailNotFoundException", "Unknown trail: "+name+" for the user: "+s.acct.ID)
			return true
		}
		t := s.acct.Trails[i]
		if q.op == "GetTrailStatus" {
			writeJSON(w, map[string]any{"IsLogging": t.Logging, "LatestDeliveryTime": epoch(t.LatestDelivery),
				"LatestCloudWatchLogsDeliveryTime": epoch(t.LatestCWDelivery), "LatestCloudWatchLogsDeliveryError": nonEmpty(t.CWDeliveryError)})
			return true
		}
		var sel, adv []map[string]any
		for _, e := range t.EventSelectors {
			var dr []map[string]any
			if e.DataType != "" {
				dr = []map[string]any{{"Type": e.DataType, "Values": e.DataValues}}
			}
			sel = append(sel, map[string]any{"ReadWriteType": e.ReadWriteType, "IncludeManagementEvents": e.IncludeManagement, "DataResources": dr})
		}
		for _, a := range t.AdvancedSelectors {
			var fs []map[string]any
			for _, f := range a.Fields {
				fs = append(fs, map[string]any{"Field": f.Field, "Equals": f.Equals})
			}
			adv = append(adv, map[string]any{"Name": a.Name, "FieldSelectors": fs})
		}
		writeJSON(w, map[string]any{"TrailARN": s.arn("cloudtrail", t.HomeRegion, "trail/"+t.Name), "EventSelectors": sel, "AdvancedEventSelectors": adv})
	case "kms:ListKeys":
		start, end, next := s.page(len(rs.KMSKeys), str(in, "Marker"), num(in, "Limit"))
		var keys []map[string]any
		for _, k := range rs.KMSKeys[start:end] {
			keys = append(keys, map[string]any{"KeyId": k.ID, "KeyArn": s.arn("kms", q.region, "key/"+k.ID)})
		}
		writeJSON(w, map[string]any{"Keys": keys, "Truncated": next != "", "NextMarker": nonEmpty(next)})
	case "kms:DescribeKey", "kms:GetKeyRotationStatus":
		id := str(in, "KeyId")
		i := slices.IndexFunc(rs.KMSKeys, func(k KMSKey) bool { return k.ID == id || s.arn("kms", q.region, "key/"+k.ID) == id })
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "NotFoundException", "Key '"+id+"' does not exist")
			return true
		}
		k := rs.KMSKeys[i]
		if q.op == "DescribeKey" {
			writeJSON(w, map[string]any{"KeyMetadata": map[string]any{"KeyId": k.ID, "Arn": s.arn("kms", q.region, "key/"+k.ID),
				"KeyManager": k.Manager, "KeyState": k.State, "KeySpec": k.Spec, "KeyUsage": k.Usage, "Origin": k.Origin,
				"Enabled": k.State == "Enabled", "AWSAccountId": s.acct.ID}})
			return true
		}
		switch {
		case k.Spec != "SYMMETRIC_DEFAULT" || k.Origin != "AWS_KMS":
			s.fail(w, q, http.StatusBadRequest, "UnsupportedOperationException", "this key does not support automatic rotation")
		case k.State == "PendingDeletion":
			s.fail(w, q, http.StatusBadRequest, "KMSInvalidStateException", "key is pending deletion")
		default:
			writeJSON(w, map[string]any{"KeyRotationEnabled": k.Rotation, "KeyId": k.ID})
		}
	case "config:DescribeConfigurationRecorders":
		var out []map[string]any
		for _, r := range rs.Recorders {
			out = append(out, map[string]any{"name": r.Name, "roleARN": s.arn("iam", "", "role/config"),
				"recordingGroup": map[string]any{"allSupported": r.AllSupported, "includeGlobalResourceTypes": r.IncludeGlobal}})
		}
		writeJSON(w, map[string]any{"ConfigurationRecorders": out})
	case "config:DescribeConfigurationRecorderStatus":
		var out []map[string]any
		for _, r := range rs.Recorders {
			out = append(out, map[string]any{"name": r.Name, "recording": r.Recording, "lastStatus": nonEmpty(r.LastStatus)})
		}
		writeJSON(w, map[string]any{"ConfigurationRecordersStatus": out})
	case "logs:DescribeLogGroups":
		start, end, next := s.page(len(rs.LogGroups), str(in, "nextToken"), num(in, "limit"))
		var out []map[string]any
		for _, g := range rs.LogGroups[start:end] {
			arn := s.arn("logs", q.region, "log-group:"+g.Name)
			m := map[string]any{"logGroupName": g.Name, "arn": arn + ":*", "logGroupArn": arn}
			if g.RetentionDays > 0 {
				m["retentionInDays"] = g.RetentionDays
			}
			out = append(out, m)
		}
		writeJSON(w, map[string]any{"logGroups": out, "nextToken": nonEmpty(next)})
	case "organizations:ListAccounts":
		if len(s.acct.Members) == 0 {
			s.fail(w, q, http.StatusBadRequest, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
			return true
		}
		all := append([]*Account{s.acct}, s.acct.Members...)
		start, end, next := s.page(len(all), str(in, "NextToken"), num(in, "MaxResults"))
		var out []map[string]any
		for _, a := range all[start:end] {
			out = append(out, map[string]any{"Id": a.ID, "Arn": "arn:aws:organizations::" + s.acct.ID + ":account/o-fake/" + a.ID,
				"Name": a.Name, "Email": a.ID + "@example.com", "Status": "ACTIVE", "State": "ACTIVE", "JoinedMethod": "CREATED"})
		}
		writeJSON(w, map[string]any{"Accounts": out, "NextToken": nonEmpty(next)})
	case "wafv2:GetWebACLForResource", "wafv2:GetLoggingConfiguration":
		s.wafv2(w, q, rs, str(in, "ResourceArn"))
	case "acm:ListCertificates":
		want := []string{"RSA_2048"}
		if inc, ok := in["Includes"].(map[string]any); ok {
			if kt, ok := inc["keyTypes"].([]any); ok {
				want = want[:0]
				for _, k := range kt {
					want = append(want, k.(string))
				}
			}
		}
		var certs []Certificate
		for _, c := range rs.Certificates {
			if slices.Contains(want, keyType(c)) {
				certs = append(certs, c)
			}
		}
		start, end, next := s.page(len(certs), str(in, "NextToken"), num(in, "MaxItems"))
		var out []map[string]any
		for _, c := range certs[start:end] {
			out = append(out, map[string]any{"CertificateArn": s.arn("acm", q.region, "certificate/"+c.ID), "DomainName": c.Domain})
		}
		writeJSON(w, map[string]any{"CertificateSummaryList": out, "NextToken": nonEmpty(next)})
	case "acm:DescribeCertificate":
		arn := str(in, "CertificateArn")
		i := slices.IndexFunc(rs.Certificates, func(c Certificate) bool { return s.arn("acm", q.region, "certificate/"+c.ID) == arn })
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "ResourceNotFoundException", "certificate "+arn+" not found")
			return true
		}
		c := rs.Certificates[i]
		writeJSON(w, map[string]any{"Certificate": map[string]any{"CertificateArn": arn, "DomainName": c.Domain,
			"Status": c.Status, "NotAfter": epoch(c.NotAfter), "InUseBy": c.InUseBy, "KeyAlgorithm": keyType(c)}})
	default:
		return false
	}
	return true
}

// webACLARN is the ARN of a regional web ACL.
func (s *Server) webACLARN(region string, a WebACL) string {
	return s.arn("wafv2", region, "regional/webacl/"+a.Name+"/a1b2c3d4-0000-4000-8000-"+fmt.Sprintf("%012x", len(a.Name)))
}

// wafv2 answers the web ACL of a load balancer, or the logging
// configuration of a web ACL, as AWS WAF does: a null web ACL when none is
// associated, WAFNonexistentItemException for a web ACL without logging.
func (s *Server) wafv2(w http.ResponseWriter, q *request, rs *Region, arn string) {
	if q.op == "GetWebACLForResource" {
		i := slices.IndexFunc(rs.LoadBalancers, func(lb LoadBalancer) bool { return s.lbARN(q.region, lb) == arn })
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
			return
		}
		j := slices.IndexFunc(rs.WebACLs, func(a WebACL) bool { return a.Name == rs.LoadBalancers[i].WebACL })
		if j < 0 {
			writeJSON(w, map[string]any{})
			return
		}
		a := rs.WebACLs[j]
		writeJSON(w, map[string]any{"WebACL": map[string]any{"Name": a.Name, "Id": "a1b2c3d4", "ARN": s.webACLARN(q.region, a),
			"DefaultAction": map[string]any{"Allow": map[string]any{}}, "Rules": []any{},
			"VisibilityConfig": map[string]any{"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": a.Name}}})
		return
	}
	i := slices.IndexFunc(rs.WebACLs, func(a WebACL) bool { return s.webACLARN(q.region, a) == arn })
	if i < 0 || len(rs.WebACLs[i].LogDestinations) == 0 {
		s.fail(w, q, http.StatusBadRequest, "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
		return
	}
	writeJSON(w, map[string]any{"LoggingConfiguration": map[string]any{"ResourceArn": arn, "LogDestinationConfigs": rs.WebACLs[i].LogDestinations}})
}

func keyType(c Certificate) string {
	if c.KeyType == "" {
		return "RSA_2048"
	}
	return c.KeyType
}

// nonEmpty returns nil for "", so JSON carries null rather than "".
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func restJSONOperation(q *request) string {
	p := strings.TrimSuffix(q.r.URL.Path, "/")
	m := q.r.Method
	switch q.service {
	case "guardduty":
		parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
		switch {
		case m == http.MethodGet && p == "/detector":
			return "ListDetectors"
		case m == http.MethodGet && len(parts) == 2 && parts[0] == "detector":
			return "GetDetector"
		case m == http.MethodPost && len(parts) == 3 && parts[2] == "findings":
			return "ListFindings"
		}
	case "securityhub":
		if m == http.MethodGet && p == "/accounts" {
			return "DescribeHub"
		}
	case "backup":
		switch {
		case m == http.MethodGet && p == "/backup/plans":
			return "ListBackupPlans"
		case m == http.MethodGet && strings.HasPrefix(p, "/backup/plans/") && strings.Count(p, "/") == 3:
			return "GetBackupPlan"
		case m == http.MethodGet && p == "/backup-vaults":
			return "ListBackupVaults"
		case m == http.MethodGet && p == "/restore-testing/plans":
			return "ListRestoreTestingPlans"
		}
	case "access-analyzer":
		switch {
		case m == http.MethodGet && p == "/analyzer":
			return "ListAnalyzers"
		case m == http.MethodPost && p == "/finding":
			return "ListFindings"
		}
	case "artifact":
		if m == http.MethodGet && p == "/v1/customer-agreement/list" {
			return "ListCustomerAgreements"
		}
	case "macie2":
		switch {
		case m == http.MethodGet && p == "/macie":
			return "GetMacieSession"
		case m == http.MethodPost && p == "/jobs/list":
			return "ListClassificationJobs"
		}
	case "inspector2":
		switch {
		case m == http.MethodPost && p == "/status/batch/get":
			return "BatchGetAccountStatus"
		case m == http.MethodPost && p == "/findings/list":
			return "ListFindings"
		}
	}
	return m + p
}

func (s *Server) restJSON(w http.ResponseWriter, q *request) bool {
	rs := s.regionState(q.region)
	vals := q.r.URL.Query()
	switch q.service + ":" + q.op {
	case "guardduty:ListDetectors":
		start, end, next := s.page(len(rs.Detectors), vals.Get("nextToken"), atoi(vals.Get("maxResults")))
		ids := []string{}
		for _, d := range rs.Detectors[start:end] {
			ids = append(ids, d.ID)
		}
		writeJSON(w, map[string]any{"detectorIds": ids, "nextToken": nonEmpty(next)})
	case "guardduty:GetDetector", "guardduty:ListFindings":
		id := strings.Split(strings.Trim(q.r.URL.Path, "/"), "/")[1]
		i := slices.IndexFunc(rs.Detectors, func(d Detector) bool { return d.ID == id })
		if i < 0 {
			s.fail(w, q, http.StatusBadRequest, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")
			return true
		}
		d := rs.Detectors[i]
		if q.op == "GetDetector" {
			writeJSON(w, map[string]any{"status": d.Status, "serviceRole": s.arn("iam", "", "role/guardduty"), "createdAt": "2024-01-01T00:00:00.000Z"})
			return true
		}
		in := body(q)
		minSev, archived := criteria(in)
		var ids []string
		for _, f := range d.Findings {
			if f.Severity >= minSev && (archived == "" || (archived == "true") == f.Archived) {
				ids = append(ids, f.ID)
			}
		}
		start, end, next := s.page(len(ids), str(in, "nextToken"), num(in, "maxResults"))
		writeJSON(w, map[string]any{"findingIds": append([]string{}, ids[start:end]...), "nextToken": nonEmpty(next)})
	case "securityhub:DescribeHub":
		if rs.SecurityHubARN == "" {
			s.fail(w, q, http.StatusUnauthorized, "InvalidAccessException", "Account "+s.acct.ID+" is not subscribed to AWS Security Hub")
			return true
		}
		writeJSON(w, map[string]any{"HubArn": rs.SecurityHubARN, "SubscribedAt": "2024-01-01T00:00:00.000Z", "AutoEnableControls": true})
	case "backup:ListBackupPlans":
		start, end, next := s.page(len(rs.BackupPlans), vals.Get("nextToken"), atoi(vals.Get("maxResults")))
		var out []map[string]any
		for _, p := range rs.BackupPlans[start:end] {
			out = append(out, map[string]any{"BackupPlanId": p.ID, "BackupPlanArn": s.arn("backup", q.region, "backup-plan:"+p.ID),
				"BackupPlanName": p.Name, "VersionId": "v1"})
		}
		writeJSON(w, map[string]any{"BackupPlansList": out, "NextToken": nonEmpty(next)})
	case "macie2:GetMacieSession", "macie2:ListClassificationJobs":
		s.macie2(w, q, rs)
	case "backup:GetBackupPlan", "backup:ListBackupVaults", "backup:ListRestoreTestingPlans":
		s.backupDetail(w, q, rs)
	case "access-analyzer:ListAnalyzers", "access-analyzer:ListFindings":
		s.accessAnalyzer(w, q, rs)
	case "artifact:ListCustomerAgreements":
		start, end, next := s.page(len(s.acct.Agreements), vals.Get("nextToken"), atoi(vals.Get("maxResults")))
		out := []map[string]any{}
		for _, a := range s.acct.Agreements[start:end] {
			out = append(out, map[string]any{"name": a.Name, "arn": a.ARN, "id": a.ID, "agreementArn": a.AgreementARN,
				"awsAccountId": s.acct.ID, "organizationArn": nonEmpty(a.OrganizationARN), "effectiveStart": epoch(a.EffectiveStart),
				"effectiveEnd": epoch(a.EffectiveEnd), "state": a.State, "description": a.Description, "type": a.Type,
				"acceptanceTerms": []string{"accepted"}, "terminateTerms": []string{}})
		}
		writeJSON(w, map[string]any{"customerAgreements": out, "nextToken": nonEmpty(next)})
	default:
		return false
	}
	return true
}

// macie2 answers as Amazon Macie does: AccessDeniedException "Macie is not
// enabled." in a region where it was never enabled, the session's status,
// and the classification jobs.
func (s *Server) macie2(w http.ResponseWriter, q *request, rs *Region) {
	if rs.MacieStatus == "" {
		s.fail(w, q, http.StatusForbidden, "AccessDeniedException", "Macie is not enabled.")
		return
	}
	if q.op == "GetMacieSession" {
		writeJSON(w, map[string]any{"status": rs.MacieStatus, "findingPublishingFrequency": "FIFTEEN_MINUTES",
			"serviceRole": s.arn("iam", "", "role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"),
			"createdAt":   "2025-01-01T00:00:00.000Z", "updatedAt": "2025-01-01T00:00:00.000Z"})
		return
	}
	in := body(q)
	start, end, next := s.page(len(rs.MacieJobs), str(in, "nextToken"), num(in, "maxResults"))
	items := []map[string]any{}
	for _, name := range rs.MacieJobs[start:end] {
		items = append(items, map[string]any{"jobId": name + "-id", "name": name, "jobStatus": "COMPLETE", "jobType": "ONE_TIME",
			"createdAt": "2025-01-02T00:00:00.000Z"})
	}
	writeJSON(w, map[string]any{"items": items, "nextToken": nonEmpty(next)})
}

// criteria reads the GuardDuty finding criteria the probes send: a minimum
// severity and the wanted archived state ("" when not filtered).
func criteria(in map[string]any) (minSev float64, archived string) {
	fc, _ := in["findingCriteria"].(map[string]any)
	cr, _ := fc["criterion"].(map[string]any)
	if sev, ok := cr["severity"].(map[string]any); ok {
		for _, k := range []string{"gte", "greaterThanOrEqual"} {
			if v, ok := sev[k].(float64); ok {
				minSev = v
			}
		}
	}
	if arch, ok := cr["service.archived"].(map[string]any); ok {
		for _, k := range []string{"eq", "equals"} {
			if v, ok := arch[k].([]any); ok && len(v) > 0 {
				archived, _ = v[0].(string)
			}
		}
	}
	return minSev, archived
}
