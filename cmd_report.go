package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/export"
)

// writeOutput writes b to path with app.WriteFile (never over the
// database, over an existing file only with --force, mode 0600), or to
// stdout when path is empty or "-".
func (a *shell) writeOutput(ap *app.App, path string, b []byte) error {
	if path == "" || path == "-" {
		_, err := a.stdout.Write(b)
		return err
	}
	_, err := ap.WriteFile(path, b, a.force)
	return err
}

func (a *shell) reportCommand() *cobra.Command {
	var format, out, csvTable, signName, signTitle string
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "report ID --format pdf|json|csv|md [-o FILE] [--table risks|plan|findings|answers]",
		Short:       "Export the risk analysis and risk management plan",
		Long: `report writes the assessment's risk analysis and risk management plan.

  pdf   the full report to file and hand to OCR (written to a file)
  json  the whole analysis plus the assessment inputs (schemaVersion inside)
  csv   one table: --table risks, plan, findings or answers
  md    the summary, risk register and plan, for a ticket or an email

A report is never blocked by unanswered questions; a draft shows its
completeness and carries a DRAFT mark.`,
		Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			w, err := export.New(format, export.Options{Table: csvTable})
			if err != nil {
				return usageError{err}
			}
			signOff := export.SignOff{Name: signName, Title: signTitle}
			if out == "" && strings.EqualFold(format, "pdf") {
				// A PDF goes to a file, never to a terminal.
				path, err := ap.WriteReport(ctx, id, format, export.Options{Table: csvTable}, signOff, "", a.force)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "Report written to %s\n", path)
				return nil
			}
			if out != "" && out != "-" {
				path, err := ap.WriteReport(ctx, id, format, export.Options{Table: csvTable}, signOff, out, a.force)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stderr, "Report written to %s\n", path)
				return nil
			}
			r, err := ap.Report(ctx, id, signOff)
			if err != nil {
				return err
			}
			return w.Write(a.stdout, r)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "pdf", "pdf, json, csv or md")
	f.StringVarP(&out, "output", "o", "", "file to write (default: standard output; for pdf a file named after the practice)")
	f.StringVar(&csvTable, "table", "risks", "with --format csv: risks, plan, findings or answers")
	f.StringVar(&signName, "sign-name", "", "name on the sign-off page (default: the assessor)")
	f.StringVar(&signTitle, "sign-title", "", "title on the sign-off page (e.g. Security Official)")
	return cmd
}

func (a *shell) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo [--db FILE]",
		Short: "Create a realistic example practice to explore the wizard and the reports",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			id, err := st.Demo(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Created demo assessment %d in %s.\n", id, st.Path())
			fmt.Fprintf(a.out, "Open it with 'hipaarisk --db %s' or export it with 'hipaarisk --db %s report %d --format pdf'.\n",
				shellQuote(st.Path()), shellQuote(st.Path()), id)
			return nil
		},
	}
}

// shellQuote quotes a path for copying into a POSIX shell when needed.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
