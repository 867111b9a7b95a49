package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestBackupChecks(t *testing.T) {
	runCases(t, []checkCase{
		{"backup plan", nil, rid("backup-plans"), assessment.Pass, "", "1 backup plan(s): daily"},
		{"no backup plan", func(s *Snapshot) { r0(s).BackupPlans = nil }, rid("backup-plans"), assessment.Fail, "", "no AWS Backup plan"},
		{"backup denied", func(s *Snapshot) { r0(s).BackupPlansErr = &APIError{Code: "AccessDeniedException"} }, rid("backup-plans"), assessment.NotAssessed, "AccessDeniedException", ""},
	})
}
