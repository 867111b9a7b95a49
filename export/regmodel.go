package export

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// statusLabel is a compliance status as the report prints it.
func statusLabel(s scoring.ComplianceStatus) string {
	switch s {
	case scoring.MetByAlternative:
		return "Met by documented alternative"
	case scoring.DocumentedNotReasonable:
		return "Documented as not reasonable"
	case scoring.NotAnswered:
		return "Not assessed"
	}
	t := humanize(string(s))
	return strings.ToUpper(t[:1]) + t[1:]
}

// decisionLines describes one decision on an addressable specification.
func decisionLines(d scoring.DecisionRef) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s - %s", d.QuestionID, decisionText(d.Kind))
	if d.Alternative != "" {
		fmt.Fprintf(&b, "; alternative measure: %s", strings.TrimRight(d.Alternative, ". "))
	}
	fmt.Fprintf(&b, "; reason: %s", strings.TrimRight(d.Justification, ". "))
	if who := joinNonEmpty(", ", d.DecidedBy, d.DecidedAt); who != "" {
		fmt.Fprintf(&b, " (decided by %s)", who)
	}
	if len(d.Problems) > 0 {
		fmt.Fprintf(&b, " - NOT DOCUMENTED ENOUGH: %s", strings.Join(d.Problems, "; "))
	}
	return b.String()
}

// decisionRows lists every decision of the analysis with its row, and
// every addressable gap still without one.
func decisionRows(a scoring.Analysis) (decided [][]string, missing [][]string) {
	for _, c := range a.Compliance.Citations {
		for _, d := range c.Decisions {
			who := joinNonEmpty(", ", d.DecidedBy, d.DecidedAt)
			decided = append(decided, []string{c.Citation + " " + orDefault(c.Specification, c.Standard), d.QuestionID,
				decisionText(d.Kind), orDash(d.Alternative), d.Justification, orDash(who)})
		}
		for _, q := range c.DecisionMissing {
			missing = append(missing, []string{c.Citation + " " + orDefault(c.Specification, c.Standard), q})
		}
	}
	return decided, missing
}

// naReasonRows lists the written reasons for not applicable, by row.
func naReasonRows(a scoring.Analysis) [][]string {
	var rows [][]string
	for _, c := range a.Compliance.Citations {
		for _, n := range c.NAReasons {
			rows = append(rows, []string{c.Citation, n.QuestionID, n.Reason})
		}
		for _, q := range c.NAWithoutReason {
			rows = append(rows, []string{c.Citation, q, "NO REASON GIVEN - counts as not answered"})
		}
	}
	return rows
}

// practiceLine says in one sentence what a recognized practice covers.
func practiceLine(p scoring.PracticeStatus) string {
	period := fmt.Sprintf("followed since %s (%d months)", p.Since, p.Months)
	if p.TwelveMonths {
		period += "; the previous 12 months are covered"
	} else {
		period += "; the previous 12 months are NOT yet covered"
	}
	return fmt.Sprintf("%s: %s. %d of its practices are shown in place by answers of yes, %d are open.",
		p.Name, period, len(p.InPlace), len(p.Open))
}

// refList renders framework references with their questions.
func refList(refs []scoring.FrameworkRef) string {
	var parts []string
	for _, r := range refs {
		parts = append(parts, r.Reference+" ("+strings.Join(r.Questions, ", ")+")")
	}
	return orDash(strings.Join(parts, "; "))
}

// readinessLabel is a readiness state in words.
func readinessLabel(s scoring.ReadinessState) string {
	switch s {
	case scoring.Ready:
		return "Ready"
	case scoring.NotReady:
		return "Not ready"
	}
	return "Not assessed"
}

// readinessEvidence sums up what an item rests on.
func readinessEvidence(it scoring.ReadinessItem) string {
	var parts []string
	for _, a := range it.Answers {
		parts = append(parts, a.QuestionID+": "+humanize(string(a.Value)))
	}
	for _, q := range it.Unanswered {
		parts = append(parts, q+": not answered")
	}
	if len(it.Findings) > 0 {
		parts = append(parts, "cloud checks: "+findingTally(it.Findings))
	}
	return orDash(strings.Join(parts, "; "))
}

// carryText describes an answer that did not carry forward.
func carryText(value assessment.AnswerValue, dropped bool) string {
	if dropped {
		return "left behind (was " + humanize(string(value)) + ")"
	}
	return "carried without its decision"
}
