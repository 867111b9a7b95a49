package assessment

import (
	"fmt"
	"strings"
	"time"
)

// AnswerValue is what the practice says about one question.
type AnswerValue string

const (
	Yes           AnswerValue = "yes"
	Partial       AnswerValue = "partial"
	No            AnswerValue = "no"
	NotApplicable AnswerValue = "not_applicable"
	Unknown       AnswerValue = "unknown"
)

// AnswerValues lists the five answer values in the order the wizard offers them.
var AnswerValues = []AnswerValue{Yes, Partial, No, NotApplicable, Unknown}

// ParseAnswerValue accepts the values above plus the wizard keys y/p/n/a/u and
// "n/a", "na", "not applicable".
func ParseAnswerValue(s string) (AnswerValue, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y":
		return Yes, nil
	case "partial", "p", "partly":
		return Partial, nil
	case "no", "n":
		return No, nil
	case "not_applicable", "not applicable", "n/a", "na", "a":
		return NotApplicable, nil
	case "unknown", "u", "?", "dont_know", "don't know":
		return Unknown, nil
	}
	return "", fmt.Errorf("%q is not an answer: use yes, partial, no, not_applicable or unknown", s)
}

// DecisionKind records what a practice decided for an addressable
// specification it does not implement as written.
type DecisionKind string

const (
	// DecisionAlternative: an equivalent alternative measure is in place.
	DecisionAlternative DecisionKind = "alternative"
	// DecisionNotReasonable: neither the specification nor an alternative is
	// reasonable and appropriate, with the reason documented.
	DecisionNotReasonable DecisionKind = "not_reasonable"
)

// AddressableDecision is the documented follow-up to a "no" or "partial" on an
// addressable implementation specification (45 CFR 164.306(d)(3)).
type AddressableDecision struct {
	Kind          DecisionKind `json:"kind" yaml:"kind"`
	Justification string       `json:"justification" yaml:"justification"`
}

// Answer is the practice's statement for one question.
type Answer struct {
	QuestionID     string               `json:"questionId,omitempty" yaml:"-" file:"-"`
	Value          AnswerValue          `json:"value" yaml:"value"`
	Note           string               `json:"note,omitempty" yaml:"note,omitempty"`
	Evidence       string               `json:"evidence,omitempty" yaml:"evidence,omitempty"`
	Flagged        bool                 `json:"flagged,omitempty" yaml:"flagged,omitempty"`
	Decision       *AddressableDecision `json:"decision,omitempty" yaml:"decision,omitempty"`
	CarriedForward bool                 `json:"carriedForward,omitempty" yaml:"carried_forward,omitempty"`
	By             string               `json:"by,omitempty" yaml:"-" file:"-"`
	At             time.Time            `json:"at,omitzero" yaml:"-" file:"-"`
}
