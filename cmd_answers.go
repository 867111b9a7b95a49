package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/data/service"
	"github.com/hipaarisk/hipaarisk/inputfile"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

func (a *app) questionsCommand() *cobra.Command {
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
			tw := table(a.stdout)
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

func (a *app) answerCommand() *cobra.Command {
	var note, evidence, decision, justification, alternative, decidedBy, decidedAt, naReason string
	var flag bool
	cmd := &cobra.Command{
		Use:   "answer ID QUESTION VALUE [--note TEXT] [--evidence REF] [--flag] [--na-reason TEXT] [--decision alternative|not_reasonable --justification TEXT [--alternative TEXT] [--decided-by NAME] [--decided-at DATE]]",
		Short: "Record one answer (yes, partial, no, not_applicable, unknown)",
		Args:  exactArgs(3, "an assessment ID, a question id and a value"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			val, err := assessment.ParseAnswerValue(args[2])
			if err != nil {
				return usageError{err}
			}
			st := svc.Store
			as, err := st.Assessment(ctx, id)
			if err != nil {
				return err
			}
			bank, err := service.BankFor(as)
			if err != nil {
				return err
			}
			ans := assessment.Answer{QuestionID: args[1], Value: val, Note: note, Evidence: evidence, Flagged: flag, NAReason: naReason}
			if decision != "" {
				ans.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionKind(decision), Justification: justification,
					Alternative: alternative, DecidedBy: decidedBy, DecidedAt: decidedAt}
			}
			// The same validation as an import file gets.
			if err := bank.ValidateDocument(&questionnaire.Document{Answers: map[string]assessment.Answer{ans.QuestionID: ans}}); err != nil {
				return usageError{err}
			}
			if err := st.SaveAnswer(ctx, id, ans); err != nil {
				return err
			}
			q, _ := bank.Question(ans.QuestionID)
			fmt.Fprintf(a.stdout, "Saved %s = %s.\n", ans.QuestionID, val)
			if q.NeedsDecision(ans) && ans.Decision == nil {
				fmt.Fprintf(a.stdout, "This specification is addressable: record whether an equivalent alternative is in place (--decision alternative --alternative TEXT), "+
					"or why it is not reasonable and appropriate (--decision not_reasonable), with --justification. Finalizing waits for it.\n")
			}
			if ans.Value == assessment.Yes && q.Required && strings.TrimSpace(ans.Evidence) == "" && q.Guidance.Evidence != "" {
				fmt.Fprintf(a.stdout, "Evidence to keep: %s (record where it is with --evidence).\n", q.Guidance.Evidence)
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

func (a *app) importCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import ID FILE",
		Short: "Import profile, scope, answers and inventories from a YAML or JSON file (all or nothing)",
		Args:  exactArgs(2, "an assessment ID and a file"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			raw, err := inputfile.ReadFile(args[1])
			if err != nil {
				return fmt.Errorf("read import file: %w", err)
			}
			doc, err := questionnaire.ParseDocument(filepath.Base(args[1]), raw)
			if err != nil {
				return fmt.Errorf("nothing was imported; fix these and try again:\n%w", err)
			}
			st := svc.Store
			as, err := st.Assessment(ctx, id)
			if err != nil {
				return err
			}
			bank, err := service.BankFor(as)
			if err != nil {
				return err
			}
			if err := bank.ValidateDocument(doc); err != nil {
				return fmt.Errorf("nothing was imported; fix these and try again:\n%w", err)
			}
			if err := st.ImportInputs(ctx, id, importFrom(doc)); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Imported %d answers, %d assets and %d vendors into assessment %d.\n",
				len(doc.Answers), len(doc.Assets), len(doc.Vendors), id)
			return nil
		}),
	}
}

// importFrom maps a parsed import document onto the store's import.
func importFrom(doc *questionnaire.Document) data.Import {
	in := data.Import{Profile: doc.Profile, Scope: doc.Scope, Assessor: doc.Assessor, Assets: doc.Assets, Vendors: doc.Vendors,
		Practices: doc.Practices}
	for qid, ans := range doc.Answers {
		ans.QuestionID = qid
		in.Answers = append(in.Answers, ans)
	}
	return in
}

func (a *app) exportAnswersCommand() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export-answers ID [--format yaml|json] [-o FILE]",
		Short: "Write the assessment's profile, answers and inventories in the import format",
		Args:  exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			if format != "yaml" && format != "json" {
				return usagef("--format must be yaml or json, not %q", format)
			}
			st := svc.Store
			in, err := st.LoadInputs(ctx, id)
			if err != nil {
				return err
			}
			p := in.Assessment.Profile
			doc := &questionnaire.Document{
				BankVersion: in.Assessment.BankVersion,
				Profile:     &p, Scope: in.Assessment.Scope, Assessor: in.Assessment.Assessor,
				Answers: in.Answers, Assets: in.Assets, Vendors: in.Vendors, Practices: in.Practices,
			}
			b, err := questionnaire.MarshalDocument(doc, format)
			if err != nil {
				return err
			}
			return writeOutput(a.stdout, out, b)
		}),
	}
	cmd.Flags().StringVar(&format, "format", "yaml", "yaml or json")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}
