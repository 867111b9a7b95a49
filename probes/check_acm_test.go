package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestACMChecks(t *testing.T) {
	cert := FindingID("acm-certificate-expiry", usEast, certARN)
	runCases(t, []checkCase{
		{"cert valid", nil, cert, assessment.Pass, "", "valid until 2027-01-01 (200 days)"},
		{"cert expiring", func(s *Snapshot) { r0(s).Certificates[0].NotAfter = ptr(testNow.Add(10 * day24)) }, cert, assessment.Fail, "", "expires on 2026-06-25 (in 10 days)"},
		{"cert expired", func(s *Snapshot) {
			r0(s).Certificates[0].NotAfter = ago(day24)
			r0(s).Certificates[0].Status = "EXPIRED"
		}, cert, assessment.Fail, "", "expired on 2026-06-14"},
		{"cert unused skipped", func(s *Snapshot) { r0(s).Certificates[0].InUseBy = nil; r0(s).Certificates[0].NotAfter = ago(day24) }, cert, "", "", ""},
		{"cert describe denied", func(s *Snapshot) { r0(s).Certificates[0].DescribeErr = &APIError{Code: "AccessDeniedException"} }, cert, assessment.NotAssessed, "AccessDeniedException", ""},
	})
}
