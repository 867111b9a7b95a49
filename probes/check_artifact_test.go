package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestBAACheck(t *testing.T) {
	id := gid("aws-baa-accepted")
	set := func(as ...Agreement) func(s *Snapshot) { return func(s *Snapshot) { s.Artifact.Agreements = as } }
	runCases(t, []checkCase{
		{"baa active", nil, id, assessment.Pass, "", "AWS Business Associate Addendum active for this account since 2025-06-15"},
		{"baa through organization", set(Agreement{Name: "AWS Organizations Business Associate Addendum", State: "ACTIVE", OrganizationARN: "arn:aws:organizations::1:organization/o-1"}),
			id, assessment.Pass, "", "through organization arn:aws:organizations::1:organization/o-1"},
		{"baa by abbreviation", set(Agreement{Name: "AWS BAA", State: "ACTIVE"}), id, assessment.Pass, "", "AWS BAA active"},
		{"baa lower case name", set(Agreement{Name: "aws business associate addendum", State: "ACTIVE"}), id, assessment.Pass, "", ""},
		{"baa terminated", set(Agreement{Name: "AWS Business Associate Addendum", State: "CUSTOMER_TERMINATED"},
			Agreement{Name: "AWS Customer Agreement", State: "ACTIVE"}),
			id, assessment.Fail, "", "seen: AWS Business Associate Addendum (CUSTOMER_TERMINATED)"},
		{"no agreements", set(), id, assessment.Fail, "", "no Business Associate Addendum accepted"},
		{"other agreement only", set(Agreement{Name: "AWS Non-Disclosure Agreement", State: "ACTIVE"}), id, assessment.Fail, "", "no Business Associate"},
		{"artifact denied", func(s *Snapshot) {
			s.Artifact.Err = &APIError{Operation: "artifact:ListCustomerAgreements", Code: "AccessDeniedException"}
		},
			id, assessment.NotAssessed, "AccessDeniedException", "artifact:ListCustomerAgreements"},
	})
}
