package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestStatusForError(t *testing.T) {
	for code, want := range map[string]assessment.Status{
		"AccessDenied": assessment.NotAssessed, "AccessDeniedException": assessment.NotAssessed, "UnauthorizedOperation": assessment.NotAssessed,
		"AuthorizationError": assessment.NotAssessed, "OptInRequired": assessment.NotAssessed, "SubscriptionRequiredException": assessment.NotAssessed,
		"UnrecognizedClientException": assessment.NotAssessed, "InvalidClientTokenId": assessment.NotAssessed,
		"CloudTrailARNInvalidException": assessment.NotAssessed,
		"RequestTimeout":                assessment.Error, "InternalError": assessment.Error, "NetworkError": assessment.Error, "": assessment.Error,
		"HTTP404": assessment.Error, "HTTP500": assessment.Error, "EmptyResponse": assessment.Error, "TooManyPages": assessment.Error,
	} {
		if got := StatusForError(code); got != want {
			t.Errorf("StatusForError(%q) = %s, want %s", code, got, want)
		}
	}
}
