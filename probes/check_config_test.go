package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestConfigChecks(t *testing.T) {
	runCases(t, []checkCase{
		{"config recording", nil, rid("config-recorder-enabled"), assessment.Pass, "", "all supported"},
		{"config none", func(s *Snapshot) { r0(s).ConfigRecorders = nil }, rid("config-recorder-enabled"), assessment.Fail, "", "no configuration recorder"},
		{"config stopped", func(s *Snapshot) { r0(s).ConfigRecorders[0].Recording = false }, rid("config-recorder-enabled"), assessment.Fail, "", "stopped"},
		{"config failing", func(s *Snapshot) { r0(s).ConfigRecorders[0].LastStatus = "Failure" }, rid("config-recorder-enabled"), assessment.Fail, "", "Failure"},
		{"config failing upper case", func(s *Snapshot) { r0(s).ConfigRecorders[0].LastStatus = "FAILURE" }, rid("config-recorder-enabled"), assessment.Fail, "", "FAILURE"},
		{"config selected types", func(s *Snapshot) { r0(s).ConfigRecorders[0].AllSupported = false }, rid("config-recorder-enabled"), assessment.Pass, "", "selected"},
		{"config denied", func(s *Snapshot) { r0(s).ConfigErr = &APIError{Code: "AccessDeniedException"} }, rid("config-recorder-enabled"), assessment.NotAssessed, "AccessDeniedException", ""},
	})
}
