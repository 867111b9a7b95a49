package fakeaws

import (
	"cmp"
	"net/http"
	"slices"
)

// inspector answers the Amazon Inspector operations (REST-JSON) the probes
// use.
func (s *Server) inspector(w http.ResponseWriter, q *request) bool {
	insp := cmp.Or(s.regionState(q.region).Inspector, &Inspector{})
	state := func(v string) map[string]any { return map[string]any{"status": cmp.Or(v, "DISABLED")} }
	switch q.op {
	case "BatchGetAccountStatus":
		account := "DISABLED"
		if insp.EC2 == "ENABLED" || insp.ECR == "ENABLED" || insp.Lambda == "ENABLED" {
			account = "ENABLED"
		}
		writeJSON(w, map[string]any{"accounts": []map[string]any{{"accountId": s.acct.ID, "state": state(account),
			"resourceState": map[string]any{"ec2": state(insp.EC2), "ecr": state(insp.ECR), "lambda": state(insp.Lambda),
				"lambdaCode": state(""), "codeRepository": state("")}}}, "failedAccounts": []any{}})
	case "ListFindings":
		in := body(q)
		crit, _ := in["filterCriteria"].(map[string]any)
		var out []map[string]any
		for _, f := range insp.Findings {
			account := cmp.Or(f.Account, s.acct.ID)
			if matches(crit, "findingStatus", f.Status) && matches(crit, "severity", f.Severity) && matches(crit, "awsAccountId", account) {
				out = append(out, map[string]any{"findingArn": s.arn("inspector2", q.region, "finding/"+f.ID), "awsAccountId": account,
					"severity": f.Severity, "status": f.Status, "type": "PACKAGE_VULNERABILITY", "description": "a vulnerable package",
					"firstObservedAt": 1.7e9, "lastObservedAt": 1.7e9, "remediation": map[string]any{}, "resources": []any{}})
			}
		}
		start, end, next := s.page(len(out), str(in, "nextToken"), num(in, "maxResults"))
		writeJSON(w, map[string]any{"findings": append([]map[string]any{}, out[start:end]...), "nextToken": nonEmpty(next)})
	default:
		return false
	}
	return true
}

// matches applies the EQUALS string filters on one field of Inspector's
// filter criteria: no filter, or any value equal.
func matches(crit map[string]any, field, value string) bool {
	filters, _ := crit[field].([]any)
	if len(filters) == 0 {
		return true
	}
	return slices.ContainsFunc(filters, func(f any) bool {
		m, _ := f.(map[string]any)
		return str(m, "comparison") == "EQUALS" && str(m, "value") == value
	})
}
