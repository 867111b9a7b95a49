package fakeaws

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"
)

// ssm answers the Systems Manager operations (JSON 1.1) the probes use.
func (s *Server) ssm(w http.ResponseWriter, q *request) bool {
	rs := s.regionState(q.region)
	in := body(q)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch q.op {
	case "DescribeInstanceInformation":
		start, end, next := s.page(len(rs.ManagedNodes), str(in, "NextToken"), num(in, "MaxResults"))
		out := []map[string]any{}
		for _, n := range rs.ManagedNodes[start:end] {
			kind := "EC2Instance"
			if strings.HasPrefix(n.ID, "mi-") {
				kind = "ManagedInstance"
			}
			out = append(out, map[string]any{"InstanceId": n.ID, "PingStatus": cmp.Or(n.PingStatus, "Online"), "PlatformType": "Linux",
				"ResourceType": kind, "AgentVersion": "3.3.0.0", "IsLatestVersion": true})
		}
		writeJSON(w, map[string]any{"InstanceInformationList": out, "NextToken": nonEmpty(next)})
	case "DescribeInstancePatchStates":
		ids, _ := in["InstanceIds"].([]any)
		if len(ids) == 0 || len(ids) > 50 {
			s.fail(w, q, http.StatusBadRequest, "ValidationException", "1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: Member must have length between 1 and 50")
			return true
		}
		var states []map[string]any
		for _, n := range rs.ManagedNodes {
			if n.Patch != nil && slices.Contains(ids, any(n.ID)) {
				states = append(states, patchState(n.ID, n.Patch))
			}
		}
		start, end, next := s.page(len(states), str(in, "NextToken"), num(in, "MaxResults"))
		writeJSON(w, map[string]any{"InstancePatchStates": append([]map[string]any{}, states[start:end]...), "NextToken": nonEmpty(next)})
	default:
		return false
	}
	return true
}

func patchState(id string, p *PatchState) map[string]any {
	return map[string]any{"InstanceId": id, "PatchGroup": "", "BaselineId": "pb-0fake", "Operation": cmp.Or(p.Operation, "Scan"),
		"OperationStartTime": epoch(p.End.Add(-10 * time.Minute)), "OperationEndTime": epoch(p.End),
		"MissingCount": p.Missing, "FailedCount": p.Failed, "InstalledCount": p.Installed, "InstalledOtherCount": 0,
		"InstalledPendingRebootCount": p.PendingReboot, "InstalledRejectedCount": p.Rejected, "NotApplicableCount": 10,
		"CriticalNonCompliantCount": p.Critical, "SecurityNonCompliantCount": p.Security, "OtherNonCompliantCount": 0,
		"RebootOption": "RebootIfNeeded"}
}
