package fakeaws

import (
	"cmp"
	"net/http"
	"path"
	"slices"
	"time"
)

// backupDetail answers AWS Backup's plan, vault and restore-testing reads
// (REST-JSON, timestamps in epoch seconds).
func (s *Server) backupDetail(w http.ResponseWriter, q *request, rs *Region) {
	vals := q.r.URL.Query()
	switch q.op {
	case "GetBackupPlan":
		id := path.Base(q.r.URL.Path)
		i := slices.IndexFunc(rs.BackupPlans, func(p BackupPlan) bool { return p.ID == id })
		if i < 0 {
			s.fail(w, q, http.StatusNotFound, "ResourceNotFoundException", "Failed reading Backup plan with provided version")
			return
		}
		p := rs.BackupPlans[i]
		rules := []map[string]any{}
		for _, r := range p.Rules {
			copies := []map[string]any{}
			for _, dest := range r.CopyTo {
				copies = append(copies, map[string]any{"DestinationBackupVaultArn": dest, "Lifecycle": map[string]any{"DeleteAfterDays": 35}})
			}
			rules = append(rules, map[string]any{"RuleName": r.Name, "RuleId": p.ID + "-" + r.Name, "TargetBackupVaultName": r.TargetVault,
				"ScheduleExpression": "cron(0 5 ? * * *)", "CopyActions": copies})
		}
		writeJSON(w, map[string]any{"BackupPlanId": p.ID, "BackupPlanArn": s.arn("backup", q.region, "backup-plan:"+p.ID), "VersionId": "v1",
			"BackupPlan": map[string]any{"BackupPlanName": p.Name, "Rules": rules}})
	case "ListBackupVaults":
		start, end, next := s.page(len(rs.BackupVaults), vals.Get("nextToken"), atoi(vals.Get("maxResults")))
		out := []map[string]any{}
		for _, v := range rs.BackupVaults[start:end] {
			m := map[string]any{"BackupVaultName": v.Name, "BackupVaultArn": s.arn("backup", q.region, "backup-vault:"+v.Name),
				"VaultType": cmp.Or(v.Type, "BACKUP_VAULT"), "VaultState": "AVAILABLE", "CreationDate": epoch(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)),
				"Locked": v.Locked, "NumberOfRecoveryPoints": v.RecoveryPoints, "LockDate": epoch(v.LockDate)}
			if v.MinRetentionDays > 0 {
				m["MinRetentionDays"] = v.MinRetentionDays
			}
			out = append(out, m)
		}
		writeJSON(w, map[string]any{"BackupVaultList": out, "NextToken": nonEmpty(next)})
	case "ListRestoreTestingPlans":
		start, end, next := s.page(len(rs.RestoreTestingPlans), vals.Get("NextToken"), atoi(vals.Get("MaxResults")))
		out := []map[string]any{}
		for _, p := range rs.RestoreTestingPlans[start:end] {
			out = append(out, map[string]any{"RestoreTestingPlanName": p.Name, "RestoreTestingPlanArn": s.arn("backup", q.region, "restore-testing-plan:"+p.Name+"-1a2b3c"),
				"ScheduleExpression": p.Schedule, "CreationTime": epoch(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))})
		}
		writeJSON(w, map[string]any{"RestoreTestingPlans": out, "NextToken": nonEmpty(next)})
	}
}

// accessAnalyzer answers IAM Access Analyzer's analyzer and finding lists
// (REST-JSON, timestamps as ISO 8601 text).
func (s *Server) accessAnalyzer(w http.ResponseWriter, q *request, rs *Region) {
	created := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	analyzerARN := func(a Analyzer) string { return s.arn("access-analyzer", q.region, "analyzer/"+a.Name) }
	if q.op == "ListAnalyzers" {
		vals := q.r.URL.Query()
		var as []Analyzer
		for _, a := range rs.Analyzers {
			if t := vals.Get("type"); t == "" || t == a.Type {
				as = append(as, a)
			}
		}
		start, end, next := s.page(len(as), vals.Get("nextToken"), atoi(vals.Get("maxResults")))
		out := []map[string]any{}
		for _, a := range as[start:end] {
			out = append(out, map[string]any{"arn": analyzerARN(a), "name": a.Name, "type": a.Type, "status": cmp.Or(a.Status, "ACTIVE"), "createdAt": created})
		}
		writeJSON(w, map[string]any{"analyzers": out, "nextToken": nonEmpty(next)})
		return
	}
	in := body(q)
	i := slices.IndexFunc(rs.Analyzers, func(a Analyzer) bool { return analyzerARN(a) == str(in, "analyzerArn") })
	if i < 0 {
		s.fail(w, q, http.StatusNotFound, "ResourceNotFoundException", "Analyzer not found: "+str(in, "analyzerArn"))
		return
	}
	var want []any
	if f, ok := in["filter"].(map[string]any); ok {
		if st, ok := f["status"].(map[string]any); ok {
			want, _ = st["eq"].([]any)
		}
	}
	var fs []AccessFinding
	for _, f := range rs.Analyzers[i].Findings {
		if want == nil || slices.Contains(want, any(cmp.Or(f.Status, "ACTIVE"))) {
			fs = append(fs, f)
		}
	}
	start, end, next := s.page(len(fs), str(in, "nextToken"), num(in, "maxResults"))
	out := []map[string]any{}
	for _, f := range fs[start:end] {
		out = append(out, map[string]any{"id": f.ID, "resource": f.Resource, "resourceType": f.ResourceType,
			"resourceOwnerAccount": cmp.Or(f.Owner, s.acct.ID), "principal": f.Principal, "action": f.Actions, "isPublic": f.Public,
			"status": cmp.Or(f.Status, "ACTIVE"), "condition": map[string]string{}, "createdAt": created, "updatedAt": created, "analyzedAt": created})
	}
	writeJSON(w, map[string]any{"findings": out, "nextToken": nonEmpty(next)})
}
