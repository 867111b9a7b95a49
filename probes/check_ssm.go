package probes

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// evalPatchCompliance judges each running EC2 instance by the patch state
// Systems Manager reports for it. An instance Systems Manager does not
// manage may be patched some other way, and a stopped one reports nothing:
// both are not_assessed, never passed.
func evalPatchCompliance(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if !e.instancesRead(c, r, "their patch state is unknown") {
			return
		}
		managed := make(map[string]*ManagedInstance, len(r.ManagedInstances))
		for i := range r.ManagedInstances {
			managed[r.ManagedInstances[i].ID] = &r.ManagedInstances[i]
		}
		var judged int
		for _, in := range r.Instances {
			if in.State == "shutting-down" || in.State == "terminated" {
				continue
			}
			judged++
			res := cmp.Or(in.ARN, e.arn("ec2", r.Region, "instance/"+in.ID))
			st, reason, code := assessment.NotAssessed, "instance "+cmp.Or(in.State, "in an unknown state")+
				": Systems Manager reports patches only while an instance runs; check it before it is used again", ""
			if in.State == "running" {
				st, reason, code = patchStatus(r, managed[in.ID])
			}
			if in.Name != "" {
				reason = in.Name + ": " + reason
			}
			e.add(c, st, r.Region, res, reason, code)
		}
		if judged == 0 || r.ForeignInstances > 0 {
			e.pass(c, r.Region, e.account(), instancesTrace(r, judged))
		}
	})
}

// patchStatus judges one running instance: its status, the reason and the
// AWS error code behind a status that could not be decided.
func patchStatus(r *RegionData, m *ManagedInstance) (assessment.Status, string, string) {
	switch {
	case r.ManagedInstancesErr != nil:
		return unreadStatus(r.ManagedInstancesErr, "whether Systems Manager manages the instance")
	case !r.SSMCollected:
		return assessment.NotAssessed, collectedBefore("the Systems Manager patch state"), ""
	case m == nil:
		return assessment.NotAssessed, "not managed by Systems Manager: patch state unknown", ""
	case m.PatchErr != nil:
		return unreadStatus(m.PatchErr, "the instance's patch state")
	case m.Patch == nil:
		return assessment.NotAssessed, "managed by Systems Manager, but Patch Manager has reported no patch scan for it: patch state unknown" + agent(m), ""
	}
	p := m.Patch
	var bad []string
	for _, n := range []struct {
		n    int
		what string
	}{{p.Missing, "missing"}, {p.Failed, "failed"}, {p.InstalledPendingReboot, "installed pending reboot"}, {p.InstalledRejected, "installed although rejected"}} {
		if n.n > 0 {
			bad = append(bad, fmt.Sprintf("%d %s", n.n, n.what))
		}
	}
	when := ""
	if p.OperationEnd != nil {
		when = fmt.Sprintf("; last %s %s", strings.ToLower(cmp.Or(p.Operation, "scan")), day(*p.OperationEnd))
	}
	if len(bad) == 0 {
		return assessment.Pass, fmt.Sprintf("patch compliant: %d installed, none missing or failed%s%s", p.Installed, when, agent(m)), ""
	}
	var of []string
	if p.CriticalNonCompliant > 0 {
		of = append(of, fmt.Sprintf("%d critical", p.CriticalNonCompliant))
	}
	if p.SecurityNonCompliant > 0 {
		of = append(of, fmt.Sprintf("%d security", p.SecurityNonCompliant))
	}
	detail := ""
	if len(of) > 0 {
		detail = " (non-compliant: " + strings.Join(of, ", ") + ")"
	}
	return assessment.Fail, "patches not compliant: " + strings.Join(bad, ", ") + detail + when + agent(m), ""
}

// agent notes an SSM Agent that is not in touch with Systems Manager: what
// it last reported may be out of date.
func agent(m *ManagedInstance) string {
	if m.PingStatus == "" || m.PingStatus == "Online" {
		return ""
	}
	return "; SSM Agent " + m.PingStatus + ", so this may be out of date"
}
