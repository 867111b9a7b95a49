package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

func (a *shell) questionsCommand() *cobra.Command {
	var asJSON bool
	var section string
	cmd := &cobra.Command{
		Use: "questions [--json] [--section S]", Short: "Print the question bank", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			bank, err := questionnaire.Load()
			if err != nil {
				return err
			}
			qs := bank.Questions
			if section != "" {
				if _, ok := bank.Section(section); !ok {
					ids := make([]string, len(bank.Sections))
					for i, s := range bank.Sections {
						ids[i] = s.ID
					}
					return usagef("no section %q: use one of %s", section, strings.Join(ids, ", "))
				}
				qs = nil
				for _, q := range bank.SectionQuestions(section) {
					qs = append(qs, *q)
				}
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					Version   string                   `json:"version"`
					Questions []questionnaire.Question `json:"questions"`
				}{bank.Version, qs})
			}
			tw := table(a.out)
			fmt.Fprintf(tw, "ID\tCITATION\tR/A\tQUESTION\n")
			for _, q := range qs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", q.ID, strings.Join(q.Citations, ", "), requiredMark(q.Required), q.Text)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&section, "section", "", "only this section's questions")
	return cmd
}

func requiredMark(required bool) string {
	if required {
		return "R"
	}
	return "A"
}

func (a *shell) answerCommand() *cobra.Command {
	var note, evidence, decision, justification, alternative, decidedBy, decidedAt, naReason string
	var flag bool
	var cmd *cobra.Command // the flags are read through it when the command runs
	cmd = &cobra.Command{
		Use:   "answer ID QUESTION VALUE [--note TEXT] [--evidence REF] [--flag] [--na-reason TEXT] [--decision alternative|not_reasonable --justification TEXT [--alternative TEXT] [--decided-by NAME] [--decided-at DATE]]",
		Short: "Record one answer (yes, partial, no, not_applicable, unknown)",
		Args:  exactArgs(3, "an assessment ID, a question id and a value"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			val, err := assessment.ParseAnswerValue(args[2])
			if err != nil {
				return usageError{err}
			}
			// Only what the command line gives changes: re-answering keeps the
			// note, evidence, flag and decision recorded before.
			fl := cmd.Flags()
			q, ans, err := ap.AnswerEdit(ctx, id, args[1], func(ans *assessment.Answer) {
				ans.Value = val
				if fl.Changed("note") {
					ans.Note = note
				}
				if fl.Changed("evidence") {
					ans.Evidence = evidence
				}
				if fl.Changed("flag") {
					ans.Flagged = flag
				}
				if fl.Changed("na-reason") {
					ans.NAReason = naReason
				}
				decisionFlags := []struct {
					name string
					dst  func(*assessment.AddressableDecision) *string
					v    string
				}{
					{"decision", func(d *assessment.AddressableDecision) *string { return (*string)(&d.Kind) }, decision},
					{"justification", func(d *assessment.AddressableDecision) *string { return &d.Justification }, justification},
					{"alternative", func(d *assessment.AddressableDecision) *string { return &d.Alternative }, alternative},
					{"decided-by", func(d *assessment.AddressableDecision) *string { return &d.DecidedBy }, decidedBy},
					{"decided-at", func(d *assessment.AddressableDecision) *string { return &d.DecidedAt }, decidedAt},
				}
				for _, df := range decisionFlags {
					if !fl.Changed(df.name) {
						continue
					}
					if ans.Decision == nil {
						ans.Decision = &assessment.AddressableDecision{}
					}
					*df.dst(ans.Decision) = df.v
				}
			})
			var invalid *app.ValidationError
			if errors.As(err, &invalid) {
				return usageError{invalid.Err}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Saved %s = %s.\n", args[1], val)
			if q.NeedsDecision(ans) && ans.Decision == nil {
				fmt.Fprintf(a.out, "This specification is addressable: record whether an equivalent alternative is in place (--decision alternative --alternative TEXT), "+
					"or why it is not reasonable and appropriate (--decision not_reasonable), with --justification. Finalizing waits for it.\n")
			}
			if ans.Value == assessment.Yes && q.Required && strings.TrimSpace(ans.Evidence) == "" && q.Guidance.Evidence != "" {
				fmt.Fprintf(a.out, "Evidence to keep: %s (record where it is with --evidence).\n", q.Guidance.Evidence)
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&note, "note", "", "a note kept with the answer")
	f.StringVar(&evidence, "evidence", "", "where the evidence is (document, ticket, screenshot)")
	f.BoolVar(&flag, "flag", false, "flag the question for later review")
	f.StringVar(&decision, "decision", "", "for an addressable specification answered no or partial: alternative or not_reasonable")
	f.StringVar(&justification, "justification", "", "the documented reason for the decision (at least five words)")
	f.StringVar(&alternative, "alternative", "", "the equivalent measure in place, for --decision alternative")
	f.StringVar(&decidedBy, "decided-by", "", "who made the decision (default: you)")
	f.StringVar(&decidedAt, "decided-at", "", "when the decision was made, YYYY-MM-DD (default: today)")
	f.StringVar(&naReason, "na-reason", "", "why a required standard or specification does not apply, for not_applicable")
	return cmd
}

func (a *shell) importCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import ID FILE",
		Short: "Import profile, scope, answers and inventories from a YAML or JSON file (all or nothing)",
		Args:  exactArgs(2, "an assessment ID and a file"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			doc, err := ap.Import(ctx, id, args[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Imported %d answers, %d assets and %d vendors into assessment %d.\n",
				len(doc.Answers), len(doc.Assets), len(doc.Vendors), id)
			return nil
		}),
	}
}

func (a *shell) exportAnswersCommand() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "export-answers ID [--format yaml|json] [-o FILE]",
		Short:       "Write the assessment's profile, answers and inventories in the import format",
		Args:        exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			if format != "yaml" && format != "json" {
				return usagef("--format must be yaml or json, not %q", format)
			}
			b, err := ap.ExportAnswers(ctx, id, format)
			if err != nil {
				return err
			}
			return a.writeOutput(ap, out, b)
		}),
	}
	cmd.Flags().StringVar(&format, "format", "yaml", "yaml or json")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}
