package export

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/scoring"
)

// mdRegulatory writes the compliance line of every row of the reference
// table, the addressable decisions, the reasons for not applicable, the
// evidence to keep, the recognized practices, what did not carry forward,
// what keeps a draft from being final, and the unscored readiness view of
// the proposed rule.
func mdRegulatory(b *bufio.Writer, r *Report) {
	a := r.Analysis
	if len(r.Blockers) > 0 && !r.Final() {
		fmt.Fprintf(b, "## Before this analysis can be finalised\n\n%d items are open:\n\n", len(r.Blockers))
		for _, bl := range r.Blockers {
			fmt.Fprintf(b, "- %s\n", mdText(bl.Message))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Compliance with the Security Rule\n\n")
	b.WriteString("| Citation | Standard / specification | R/A | Status | Answers | Cloud checks (evidence only) |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, c := range a.Compliance.Citations {
		ra := "A"
		if c.Required {
			ra = "R"
		}
		answers := answerRefs(c.Answers)
		for _, q := range c.Unanswered {
			answers = append(answers, q+": not answered")
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", c.Citation, mdCell(joinNonEmpty(": ", c.Standard, c.Specification)), ra,
			statusLabel(c.Status), mdCell(orDash(strings.Join(answers, "; "))), mdCell(orDash(findingTally(c.Findings))))
	}
	b.WriteString("\n")
	decided, missing := decisionRows(a)
	b.WriteString("### Addressable specifications: documented decisions (164.306(d)(3))\n\n")
	if len(decided) == 0 {
		b.WriteString("No decisions are recorded.\n\n")
	} else {
		b.WriteString("| Specification | Question | Decision | Alternative measure | Reason | Decided by |\n| --- | --- | --- | --- | --- | --- |\n")
		for _, row := range decided {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", mdCell(row[0]), mdCell(row[1]), mdCell(row[2]), mdCell(row[3]), mdCell(row[4]), mdCell(row[5]))
		}
		b.WriteString("\n")
	}
	if len(missing) > 0 {
		b.WriteString("**Addressable gaps without a documented decision:**\n\n")
		for _, row := range missing {
			fmt.Fprintf(b, "- %s: %s\n", mdText(row[0]), mdText(row[1]))
		}
		b.WriteString("\n")
	}
	if rows := naReasonRows(a); len(rows) > 0 {
		b.WriteString("### Required standards and specifications answered not applicable\n\n| Citation | Question | Reason |\n| --- | --- | --- |\n")
		for _, row := range rows {
			fmt.Fprintf(b, "| %s | %s | %s |\n", row[0], mdCell(row[1]), mdCell(row[2]))
		}
		b.WriteString("\n")
	}
	if len(a.EvidenceToKeep) > 0 {
		b.WriteString("### Evidence to keep\n\nAnswered yes, no evidence recorded:\n\n")
		for _, e := range a.EvidenceToKeep {
			fmt.Fprintf(b, "- %s (%s): keep %s\n", mdText(e.QuestionID), strings.Join(e.Citations, ", "), mdText(e.Hint))
		}
		b.WriteString("\n")
	}
	mdPractices(b, a.RecognizedPractices)
	if len(r.NotCarried) > 0 {
		b.WriteString("### Answers not carried forward\n\n")
		for _, n := range r.NotCarried {
			fmt.Fprintf(b, "- %s: %s - %s\n", mdText(n.QuestionID), carryText(n.Value, n.Dropped), mdText(n.Reason))
		}
		b.WriteString("\n")
	}
	mdReadiness(b, a.Readiness)
}

func mdPractices(b *bufio.Writer, ps []scoring.PracticeStatus) {
	b.WriteString("## Recognized security practices (HITECH section 13412)\n\n")
	if len(ps) == 0 {
		b.WriteString("The practice records no recognized security framework.\n\n")
		return
	}
	for _, p := range ps {
		fmt.Fprintf(b, "- %s\n  - In place: %s\n  - Open: %s\n", mdText(practiceLine(p)), mdText(refList(p.InPlace)), mdText(refList(p.Open)))
	}
	b.WriteString("\n")
}

func mdReadiness(b *bufio.Writer, rd *scoring.Readiness) {
	if rd == nil {
		return
	}
	fmt.Fprintf(b, "## Proposed Security Rule update: readiness (PROPOSED - NOT FINAL)\n\n%s (%s, published %s). %s "+
		"Nothing in this section is scored or counts toward compliance.\n\n", mdText(rd.Title), mdText(rd.RIN), rd.Published, mdText(rd.Status))
	b.WriteString("| Item | What it would require | Readiness | What the answers and checks show |\n| --- | --- | --- | --- |\n")
	for _, it := range rd.Items {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdCell(it.Title), mdCell(it.Requires), readinessLabel(it.State), mdCell(readinessEvidence(it)))
	}
	b.WriteString("\n")
}
