package scoring

import (
	"fmt"
	"strings"
)

// BlockerKind names what keeps an assessment from being finalised.
type BlockerKind string

const (
	BlockUnanswered      BlockerKind = "unanswered"        // an applicable question has no answer
	BlockNAWithoutReason BlockerKind = "na_without_reason" // a required row answered not applicable without a reason
	BlockNoDecision      BlockerKind = "decision_missing"  // an addressable gap without a documented decision
	BlockNoAssets        BlockerKind = "no_assets"         // the asset inventory is empty
	BlockNoVendors       BlockerKind = "no_vendors"        // the vendor inventory is empty
	BlockNoAssessor      BlockerKind = "no_assessor"       // nobody is named as the assessor
	BlockNoScope         BlockerKind = "no_scope"          // the scope is blank
)

// Blocker is one thing that must be completed before an assessment can be
// finalised: its kind, what it concerns (a question id, or "assets",
// "vendors", "assessor", "scope") and what to do, in plain words.
type Blocker struct {
	Kind    BlockerKind `json:"kind"`
	Target  string      `json:"target"`
	Message string      `json:"message"`
}

// Blockers lists what keeps an assessment from being finalised, given its
// analysis and the inputs it was derived from: applicable questions not
// answered; required standards or specifications answered not applicable
// without a written reason; addressable gaps without a documented decision;
// an empty asset or vendor inventory; a blank assessor or scope. Questions
// come in bank order, then the details. An empty list means it may be
// finalised. Pure: the wizard and the command line show the same list.
func Blockers(a Analysis, in Input) []Blocker {
	out := []Blocker{}
	text := func(id string) string {
		if in.Bank != nil {
			if q, ok := in.Bank.Question(id); ok {
				return fmt.Sprintf("%s (%q)", id, q.Text)
			}
		}
		return id
	}
	naWithout, undecided := map[string]bool{}, map[string]bool{}
	for _, c := range a.Compliance.Citations {
		for _, id := range c.NAWithoutReason {
			naWithout[id] = true
		}
		for _, id := range c.DecisionMissing {
			undecided[id] = true
		}
	}
	for _, r := range a.Completeness.Review {
		id := r.QuestionID
		switch {
		case r.Reason == ReviewNotAnswered:
			out = append(out, Blocker{BlockUnanswered, id, "Answer question " + text(id) + "; \"unknown\" is an honest answer when nobody knows."})
		case naWithout[id]:
			out = append(out, Blocker{BlockNAWithoutReason, id, "Question " + text(id) +
				" concerns a required standard or specification and is answered not applicable: write down why it does not apply, or answer it."})
		case undecided[id]:
			out = append(out, Blocker{BlockNoDecision, id, "Question " + text(id) + " leaves an addressable specification not fully in place: " +
				"record the decision (an equivalent alternative, or why it is not reasonable and appropriate), its justification, who decided and when."})
		}
	}
	if len(in.Assets) == 0 {
		out = append(out, Blocker{BlockNoAssets, "assets", "The asset inventory is empty: list every system, device and store that holds ePHI."})
	}
	if len(in.Vendors) == 0 {
		out = append(out, Blocker{BlockNoVendors, "vendors", "The vendor inventory is empty: list every vendor and business associate, and whether each holds ePHI."})
	}
	if strings.TrimSpace(in.Assessor) == "" {
		out = append(out, Blocker{BlockNoAssessor, "assessor", "Name the person who performed the assessment."})
	}
	if strings.TrimSpace(in.Scope) == "" {
		out = append(out, Blocker{BlockNoScope, "scope", "Describe the scope: the ePHI, places and systems the assessment covers."})
	}
	return out
}
