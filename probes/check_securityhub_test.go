package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestSecurityHubChecks(t *testing.T) {
	runCases(t, []checkCase{
		{"hub on", nil, rid("securityhub-enabled"), assessment.Pass, "", "enabled"},
		{"hub off", func(s *Snapshot) { r0(s).SecurityHubEnabled = false }, rid("securityhub-enabled"), assessment.Fail, "", "not enabled"},
		{"hub not subscribed", func(s *Snapshot) {
			r0(s).SecurityHubEnabled = false
			r0(s).SecurityHubErr = &APIError{Code: "InvalidAccessException"}
		},
			rid("securityhub-enabled"), assessment.Fail, "", "InvalidAccessException"},
		{"hub denied", func(s *Snapshot) { r0(s).SecurityHubErr = &APIError{Code: "AccessDeniedException"} }, rid("securityhub-enabled"), assessment.NotAssessed, "AccessDeniedException", ""},
		{"hub server error", func(s *Snapshot) { r0(s).SecurityHubErr = &APIError{Code: "InternalException"} }, rid("securityhub-enabled"), assessment.Error, "InternalException", ""},
	})
}
