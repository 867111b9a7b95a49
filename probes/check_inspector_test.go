package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestInspectorChecks(t *testing.T) {
	on, findings := rid("inspector-enabled"), rid("inspector-critical-findings")
	off := func(s *Snapshot) {
		r0(s).Inspector = &InspectorStatus{Status: "DISABLED", EC2: "DISABLED", ECR: "DISABLED", Lambda: "DISABLED"}
	}
	partly := func(s *Snapshot) { r0(s).Inspector.ECR, r0(s).Inspector.Lambda = "DISABLED", "SUSPENDED" }
	denied := func(s *Snapshot) {
		r0(s).Inspector, r0(s).InspectorErr = nil, &APIError{Operation: "inspector2:BatchGetAccountStatus", Code: "AccessDeniedException"}
	}
	runCases(t, []checkCase{
		{"all scanned", nil, on, assessment.Pass, "", "scans EC2, ECR and Lambda"},
		{"off", off, on, assessment.Fail, "", "Amazon Inspector is off in this region: EC2 (DISABLED), ECR (DISABLED), Lambda (DISABLED)"},
		{"partly", partly, on, assessment.Fail, "", "does not scan ECR (DISABLED), Lambda (SUSPENDED)"},
		{"enabling", func(s *Snapshot) { r0(s).Inspector.EC2 = "ENABLING" }, on, assessment.Fail, "", "EC2 (ENABLING)"},
		{"state not reported", func(s *Snapshot) { r0(s).Inspector.Lambda = "" }, on, assessment.Error, "", "scan state of Lambda"},
		{"status denied", denied, on, assessment.NotAssessed, "AccessDeniedException", "the Amazon Inspector status"},
		{"snapshot before the check", func(s *Snapshot) { r0(s).Inspector = nil }, on, assessment.NotAssessed, "", "probe again"},

		{"no findings", nil, findings, assessment.Pass, "", "no active critical or high-severity finding"},
		{"findings open", func(s *Snapshot) { r0(s).Inspector.Critical, r0(s).Inspector.High = 2, 9 },
			findings, assessment.Fail, "", "2 critical and 9 high-severity active finding(s)"},
		{"partly scanned, no findings", partly, findings, assessment.Pass, "", "; Inspector does not scan ECR (DISABLED), Lambda (SUSPENDED)"},
		{"off: nothing to review", off, findings, assessment.NotAssessed, "", "Inspector is off"},
		{"findings denied", func(s *Snapshot) {
			r0(s).Inspector.FindingsRead, r0(s).Inspector.FindingsErr = false, &APIError{Operation: "inspector2:ListFindings", Code: "AccessDeniedException"}
		}, findings, assessment.NotAssessed, "AccessDeniedException", "the Amazon Inspector findings"},
		{"findings not read", func(s *Snapshot) { r0(s).Inspector.FindingsRead = false }, findings, assessment.Error, "", "the Amazon Inspector findings"},
		{"status denied", denied, findings, assessment.NotAssessed, "AccessDeniedException", ""},
		{"snapshot before the check", func(s *Snapshot) { r0(s).Inspector = nil }, findings, assessment.NotAssessed, "", "probe again"},
	})
}
