package probes

import (
	"slices"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// notAssessedCodes are AWS error codes that mean the caller may not read the
// data or the service is not available to the account in that region.
var notAssessedCodes = map[string]bool{
	"AccessDenied":                  true,
	"AccessDeniedException":         true,
	"UnauthorizedOperation":         true,
	"UnauthorizedAccess":            true,
	"UnauthorizedException":         true,
	"AuthorizationError":            true,
	"AuthorizationErrorException":   true,
	"AuthFailure":                   true,
	"Forbidden":                     true,
	"ForbiddenException":            true,
	"OptInRequired":                 true,
	"SubscriptionRequiredException": true,
	"UnrecognizedClientException":   true,
	"InvalidClientTokenId":          true,
	"InvalidAccessException":        true,
	"AccountNotEnabled":             true,
	"RegionDisabledException":       true,
	// a member account reading the details of its organization's trail,
	// which belongs to the management account
	"CloudTrailARNInvalidException": true,
	// what a deployment plan cannot say yet, or does not declare
	CodeKnownAfterApply: true,
	CodeNotInPlan:       true,
}

// StatusForError maps an AWS error code to the status of a finding that could
// not be evaluated because of it.
func StatusForError(code string) assessment.Status {
	if notAssessedCodes[code] {
		return assessment.NotAssessed
	}
	return assessment.Error
}

// readErr returns err unless its code says that the configuration simply does
// not exist (a successful read of "none").
func readErr(err *APIError, absentCodes ...string) *APIError {
	if err == nil || slices.Contains(absentCodes, err.Code) {
		return nil
	}
	return err
}
