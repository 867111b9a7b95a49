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
// addressable implementation specification (45 CFR 164.306(d)(3)): what was
// decided, why, the equivalent measure in place of the specification, and
// who decided it on which day.
type AddressableDecision struct {
	Kind          DecisionKind `json:"kind" yaml:"kind"`
	Justification string       `json:"justification" yaml:"justification"`
	// Alternative is the equivalent measure the practice implemented instead
	// of the specification as written; required for DecisionAlternative.
	Alternative string `json:"alternative,omitempty" yaml:"alternative,omitempty"`
	DecidedBy   string `json:"decidedBy,omitempty" yaml:"decided_by,omitempty"`
	DecidedAt   string `json:"decidedAt,omitempty" yaml:"decided_at,omitempty"` // YYYY-MM-DD
}

// What a documented decision must hold to count. A justification is a
// reason a reader can check, so it needs some substance: at least
// MinJustificationChars characters in at least MinJustificationWords words.
// An alternative names a measure, at least MinAlternativeChars characters.
const (
	MinJustificationChars = 30
	MinJustificationWords = 5
	MinAlternativeChars   = 10
)

// Problems lists, in plain words, what keeps the decision from counting as
// documented: an unknown kind, a justification too short to explain
// anything, an alternative decision that does not name the measure, a
// decision date that is not YYYY-MM-DD. Who decided and when are filled in
// by the store when left empty, so they are not required here.
func (d *AddressableDecision) Problems() []string {
	var out []string
	switch d.Kind {
	case DecisionAlternative, DecisionNotReasonable:
	case "":
		out = append(out, fmt.Sprintf("the decision kind is missing: use %s or %s", DecisionAlternative, DecisionNotReasonable))
	default:
		out = append(out, fmt.Sprintf("%q is not a decision: use %s or %s", d.Kind, DecisionAlternative, DecisionNotReasonable))
	}
	return append(out, d.ContentProblems()...)
}

// ContentProblems is Problems without the check of the kind.
func (d *AddressableDecision) ContentProblems() []string {
	var out []string
	j := strings.TrimSpace(d.Justification)
	if len([]rune(j)) < MinJustificationChars || len(strings.Fields(j)) < MinJustificationWords {
		out = append(out, fmt.Sprintf("the justification must explain the decision in at least %d words and %d characters (why the specification as written is not reasonable and appropriate here)",
			MinJustificationWords, MinJustificationChars))
	}
	if d.Kind == DecisionAlternative && len([]rune(strings.TrimSpace(d.Alternative))) < MinAlternativeChars {
		out = append(out, fmt.Sprintf("an alternative decision must name the equivalent measure in place (at least %d characters)", MinAlternativeChars))
	}
	if d.DecidedAt != "" {
		if _, err := time.Parse(time.DateOnly, d.DecidedAt); err != nil {
			out = append(out, fmt.Sprintf("the decision date %q must be written YYYY-MM-DD", d.DecidedAt))
		}
	}
	return out
}

// Documented reports whether the decision counts as documented.
func (d *AddressableDecision) Documented() bool { return d != nil && len(d.Problems()) == 0 }

// Answer is the practice's statement for one question.
type Answer struct {
	QuestionID string      `json:"questionId,omitempty" yaml:"-" file:"-"`
	Value      AnswerValue `json:"value" yaml:"value"`
	Note       string      `json:"note,omitempty" yaml:"note,omitempty"`
	Evidence   string      `json:"evidence,omitempty" yaml:"evidence,omitempty"`
	Flagged    bool        `json:"flagged,omitempty" yaml:"flagged,omitempty"`
	// NAReason explains an answer of not_applicable to a question on a
	// required standard or specification. Branching (the practice profile)
	// is the only other way a required one can be not applicable.
	NAReason       string               `json:"naReason,omitempty" yaml:"na_reason,omitempty"`
	Decision       *AddressableDecision `json:"decision,omitempty" yaml:"decision,omitempty"`
	CarriedForward bool                 `json:"carriedForward,omitempty" yaml:"carried_forward,omitempty"`
	By             string               `json:"by,omitempty" yaml:"-" file:"-"`
	At             time.Time            `json:"at,omitzero" yaml:"-" file:"-"`
}

// MinNAReasonChars is the shortest reason accepted for answering a required
// standard or specification not applicable.
const MinNAReasonChars = 20

// NAReasonProblem says what is wrong with the reason an answer gives for
// not_applicable on a required standard or specification, or "" when it is
// good enough.
func NAReasonProblem(reason string) string {
	r := strings.TrimSpace(reason)
	if len([]rune(r)) < MinNAReasonChars || len(strings.Fields(r)) < 3 {
		return fmt.Sprintf("a required standard or specification is not applicable only through the practice profile; "+
			"any other not_applicable needs a written reason of at least %d characters saying why it does not apply", MinNAReasonChars)
	}
	return ""
}
