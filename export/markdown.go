package export

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

type mdWriter struct{}

// Write prints the summary, the risk register and the plan as Markdown for
// pasting into a ticket or an email.
func (mdWriter) Write(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	a := r.Analysis
	s := a.Summary
	fmt.Fprintf(b, "# HIPAA security risk analysis: %s\n\n", mdText(r.Practice))
	fmt.Fprintf(b, "- Status: %s\n", mdText(r.statusLine()))
	fmt.Fprintf(b, "- Assessor: %s\n", mdText(r.Assessor))
	fmt.Fprintf(b, "- Report date: %s\n", dateOf(r.Generated))
	if r.Digest != "" {
		fmt.Fprintf(b, "- Digest (SHA-256): `%s`\n", r.Digest)
	}
	fmt.Fprintf(b, "- Next review: %s\n\n", s.NextReview)

	fmt.Fprintf(b, "## Summary\n\n%s\n\n", mdText(r.posture()))
	b.WriteString("| Level | Risks |\n| --- | ---: |\n")
	for _, c := range s.ByLevel {
		fmt.Fprintf(b, "| %s | %d |\n", c.Level, c.Count)
	}
	fmt.Fprintf(b, "\n%s\n\n", mdText(a.SafeHarbor.Sentence))
	if len(a.MissingBAAs) > 0 {
		b.WriteString("**Vendors holding ePHI without a business associate agreement:**\n\n")
		for _, m := range a.MissingBAAs {
			fmt.Fprintf(b, "- %s\n", mdText(joinNonEmpty(" - ", m.Vendor, m.Service)))
		}
		b.WriteString("\n")
	}
	if len(a.Conflicts) > 0 {
		b.WriteString("**Answers contradicted by the cloud checks:**\n\n")
		for _, c := range a.Conflicts {
			fmt.Fprintf(b, "- %s Verify: %s\n", mdText(c.Detail), mdText(c.Action))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(b, "Risk tolerance: %s. The plan covers every risk above it.\n\n", a.RiskTolerance)
	mdRegulatory(b, r)

	b.WriteString("## Risk register\n\n")
	if len(a.Risks) == 0 {
		b.WriteString("No risks.\n\n")
	} else {
		b.WriteString("| ID | Threat scenario | Weaknesses | Likelihood | Impact | Level | Plan items | Override |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
		for _, k := range a.Risks {
			ov := ""
			if k.Override != nil {
				ov = k.Override.Reason
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdCell(k.ID), mdCell(k.Title), mdCell(k.Vulnerability),
				level(k.Likelihood), level(k.Impact), level(k.Level), mdCell(strings.Join(k.PlanItems, ", ")), mdCell(ov))
		}
		b.WriteString("\n")
	}
	if len(a.Gaps) > 0 {
		b.WriteString("## Compliance gaps\n\n| ID | Gap | Citations | Plan items |\n| --- | --- | --- | --- |\n")
		for _, g := range a.Gaps {
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdCell(g.ID), mdCell(g.Name), mdCell(strings.Join(g.Citations, ", ")),
				mdCell(strings.Join(g.PlanItems, ", ")))
		}
		b.WriteString("\n")
	}

	mdPlan(b, r)
	mdPlanChecks(b, r.PlanChecks)
	mdReviewNotes(b, r.ReviewNotes)
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// mdPlan prints the risk management plan as a table.
func mdPlan(b *bufio.Writer, r *Report) {
	a := r.Analysis
	b.WriteString("## Risk management plan\n\n")
	if len(a.Plan) == 0 {
		b.WriteString("Nothing to do.\n")
	} else {
		b.WriteString("| Priority | ID | Item | Action | Owner | Due | Status | Level now | Expected after | Risks and gaps | Flags |\n" +
			"| ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
		for _, p := range a.Plan {
			fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p.Priority, mdCell(p.ID), mdCell(p.Vulnerability),
				mdCell(strings.Join(p.Actions, " ")), mdCell(p.Owner), p.Due, humanize(string(p.Status)),
				level(p.Level), level(p.ResidualLevel), mdCell(strings.Join(append(slices.Clone(p.Risks), p.Gaps...), ", ")),
				mdCell(strings.Join(p.Flags, " ")))
		}
	}
	b.WriteString("\n")
}

// mdReviewNotes says how the assessment was reviewed.
func mdReviewNotes(b *bufio.Writer, notes []string) {
	if len(notes) > 0 {
		b.WriteString("## How this assessment was reviewed\n\n")
		for _, n := range notes {
			fmt.Fprintf(b, "- %s\n", mdText(n))
		}
	}
}

// mdPlanChecks lists the plans checked before deployment and what did not
// pass in them.
func mdPlanChecks(b *bufio.Writer, checks []PlanCheck) {
	if len(checks) == 0 {
		return
	}
	fmt.Fprintf(b, "## Checks before deployment\n\n%s\n\n| Plan file | Checked | Terraform | SHA-256 | Results |\n| --- | --- | --- | --- | --- |\n", planCheckIntro)
	for _, p := range checks {
		fmt.Fprintf(b, "| %s | %s | %s | `%s` | %s |\n", mdCell(p.File), timeOf(p.CheckedAt), mdCell(p.TerraformVersion), p.PlanSHA256, p.Results())
	}
	b.WriteString("\n")
	listed := false
	for _, p := range checks {
		for _, f := range p.Problems {
			fmt.Fprintf(b, "- %s: %s on %s is %s. %s\n", mdText(p.File), f.CheckID, mdText(orDash(f.Address)),
				mdText(problemStatus(f)), mdText(f.Reason))
			listed = true
		}
	}
	if listed {
		b.WriteString("\n")
	}
}

// mdText keeps a free-text line on one line, with HTML escaped so that a
// renderer shows what the practice typed instead of running it, and control
// characters made visible.
func mdText(s string) string {
	return htmlEscaper.Replace(TerminalLine(strings.Join(strings.Fields(s), " ")))
}

// htmlEscaper escapes what a Markdown renderer would read as HTML; quotes
// stay readable.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// mdCell makes s safe inside a Markdown table cell: one line, pipes and
// backslashes escaped.
func mdCell(s string) string {
	s = strings.ReplaceAll(mdText(s), `\`, `\\`)
	return strings.ReplaceAll(s, "|", `\|`)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
