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
	runWireCases(t, assessment.CheckMacieEnabled, []wireCase{
		{"enabled", nil, nil, testAccount, assessment.Pass, "", ""},
		{"not enabled", status(""), nil, testAccount, assessment.Fail, "", ""},
		{"paused", status("PAUSED"), nil, testAccount, assessment.Fail, "", ""},
		{"not enabled, as an emulator says it", nil, []fakeaws.Fault{{Operation: "macie2:GetMacieSession", Code: "ResourceNotFoundException", Status: 404}},
			testAccount, assessment.Fail, "", ""},
		{"denied", nil, []fakeaws.Fault{{Operation: "macie2:GetMacieSession", Code: "AccessDeniedException", Status: 403,
			Message: "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: macie2:GetMacieSession"}},
			testAccount, assessment.NotAssessed, "AccessDeniedException", ""},
		{"throttled", nil, []fakeaws.Fault{{Operation: "macie2:GetMacieSession", Code: "ThrottlingException", Status: 429, Times: 3}},
			testAccount, assessment.Pass, "", ""},
		{"jobs denied", nil, []fakeaws.Fault{{Operation: "macie2:ListClassificationJobs", Code: "AccessDeniedException", Status: 403}},
			testAccount, assessment.Pass, "", ""},
	})
}
