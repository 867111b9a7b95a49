package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestGuardDutyChecks(t *testing.T) {
	runCases(t, []checkCase{
		{"guardduty on", nil, rid("guardduty-enabled"), assessment.Pass, "", "det1 enabled"},
		{"guardduty none", func(s *Snapshot) { r0(s).GuardDutyDetectors = nil }, rid("guardduty-enabled"), assessment.Fail, "", "no GuardDuty detector"},
		{"guardduty disabled", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].Status = "DISABLED" }, rid("guardduty-enabled"), assessment.Fail, "", "DISABLED"},
		{"guardduty denied", func(s *Snapshot) { r0(s).GuardDutyErr = &APIError{Code: "AccessDeniedException"} }, rid("guardduty-enabled"), assessment.NotAssessed, "AccessDeniedException", ""},
		{"guardduty detector unreadable", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].Err = &APIError{Code: "InternalServerErrorException"} },
			rid("guardduty-enabled"), assessment.Error, "InternalServerErrorException", ""},
		{"no high findings", nil, rid("guardduty-high-findings"), assessment.Pass, "", "no open"},
		{"high findings", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].HighFindings = 3 }, rid("guardduty-high-findings"), assessment.Fail, "", "3 open high-severity"},
		{"findings when off", func(s *Snapshot) { r0(s).GuardDutyDetectors = nil }, rid("guardduty-high-findings"), assessment.NotAssessed, "", "GuardDuty is off"},
		{"findings denied", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].FindingsErr = &APIError{Code: "AccessDeniedException"} },
			rid("guardduty-high-findings"), assessment.NotAssessed, "AccessDeniedException", "findings"},
	})
}
