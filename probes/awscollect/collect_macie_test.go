package awscollect

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

// TestCollectMacie reads Amazon Macie in us-east-1, which holds buckets:
// AWS's "Macie is not enabled." AccessDeniedException is Macie off (a
// failed check), any other AccessDeniedException a permission problem.
func TestCollectMacie(t *testing.T) {
	status := func(s string) func(*fakeaws.Account) {
		return func(a *fakeaws.Account) { a.RegionalStates["us-east-1"].MacieStatus = s }
	}
	runWireCases(t, assessment.CheckMacieEnabled, testAccount, []wireCase{
		{"enabled", nil, nil, assessment.Pass, ""},
		{"not enabled", status(""), nil, assessment.Fail, ""},
		{"paused", status("PAUSED"), nil, assessment.Fail, ""},
		{"not enabled, as an emulator says it", nil, []fakeaws.Fault{{Operation: "macie2:GetMacieSession", Code: "ResourceNotFoundException", Status: 404}},
			assessment.Fail, ""},
		{"denied", nil, []fakeaws.Fault{{Operation: "macie2:GetMacieSession", Code: "AccessDeniedException", Status: 403,
			Message: "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: macie2:GetMacieSession"}},
			assessment.NotAssessed, "AccessDeniedException"},
		{"throttled", nil, []fakeaws.Fault{{Operation: "macie2:GetMacieSession", Code: "ThrottlingException", Status: 429, Times: 3}},
			assessment.Pass, ""},
		{"jobs denied", nil, []fakeaws.Fault{{Operation: "macie2:ListClassificationJobs", Code: "AccessDeniedException", Status: 403}},
			assessment.Pass, ""},
	})
}
