package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
	"github.com/hipaarisk/hipaarisk/tui"
)

// parseID reads an assessment id argument.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not an assessment id: use the number 'hipaarisk list' shows", s)
	}
	return id, nil
}

// writeJSON prints v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table returns a tab-aligned writer; call Flush when done.
func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }

func (a *shell) runWizard(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	ap, err := a.open(ctx)
	if err != nil {
		return err
	}
	bank, err := questionnaire.Load()
	if err != nil {
		return err
	}
	return tui.Run(ctx, ap, bank, tui.Options{
		NoColor: a.noColor, Accessible: a.accessible,
		In: a.stdin, Out: a.stdout, Version: versionString(), Actor: ap.Actor(),
	})
}

func (a *shell) newCommand() *cobra.Command {
	var practice, assessor, scope string
	var from int64
	cmd := &cobra.Command{
		Use:   "new --practice NAME [--assessor NAME] [--from ID]",
		Short: "Start a new assessment and print its id (--from carries an earlier one forward)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if practice == "" && from == 0 {
				return usagef("new needs --practice NAME (or --from ID to carry an earlier assessment forward)")
			}
			ap, err := a.open(ctx)
			if err != nil {
				return err
			}
			n := app.NewAssessment{Practice: practice, Assessor: assessor, Scope: scope}
			var id int64
			if from != 0 {
				id, err = ap.CarryForward(ctx, from, n)
			} else {
				id, err = ap.Create(ctx, n)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(a.out, id)
			// The id alone goes to standard output, for scripts; what did not
			// carry into the new bank goes beside it.
			if from != 0 {
				notes, err := ap.NotCarried(ctx, id)
				if err != nil {
					return err
				}
				for _, note := range notes {
					fmt.Fprintf(a.stderr, "Not carried: %s (%s): %s\n", note.QuestionID, note.Value, export.TerminalLine(note.Reason))
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&practice, "practice", "", "practice name")
	f.StringVar(&assessor, "assessor", "", "who performs the assessment")
	f.StringVar(&scope, "scope", "", "what the assessment covers (default: all ePHI the practice creates, receives, maintains or transmits)")
	f.Int64Var(&from, "from", 0, "carry answers and inventories forward from this earlier assessment")
	return cmd
}

// assessmentJSON is the stable JSON shape of an assessment in list and show.
type assessmentJSON struct {
	ID              int64               `json:"id"`
	Practice        string              `json:"practice"`
	Assessor        string              `json:"assessor"`
	Scope           string              `json:"scope"`
	Status          string              `json:"status"`
	BankVersion     string              `json:"bankVersion"`
	Answers         int                 `json:"answers"`
	PercentComplete float64             `json:"percentComplete"`
	RisksByLevel    map[string]int      `json:"risksByLevel"`
	CreatedAt       time.Time           `json:"createdAt"`
	UpdatedAt       time.Time           `json:"updatedAt"`
	FinalizedAt     *time.Time          `json:"finalizedAt,omitempty"`
	Digest          string              `json:"digest,omitempty"`
	CopiedFrom      int64               `json:"copiedFrom,omitempty"`
	Profile         *assessment.Profile `json:"profile,omitempty"`
	// Integrity (show only) says whether the stored data verifies; it names
	// MODIFIED AFTER FINALIZATION when a final assessment's inputs changed.
	Integrity string `json:"integrity,omitempty"`
	// Modified: final, but the inputs no longer have the recorded digest.
	Modified bool `json:"modifiedAfterFinalization,omitempty"`
}

// describeAssessment loads and analyses one assessment for list and show.
func (a *shell) describeAssessment(ctx context.Context, ap *app.App, id int64, withProfile bool) (assessmentJSON, error) {
	l, err := ap.Load(ctx, id)
	if err != nil {
		return assessmentJSON{}, err
	}
	as := l.Inputs.Assessment
	j := assessmentJSON{
		ID: as.ID, Practice: as.Practice, Assessor: as.Assessor, Scope: as.Scope, Status: string(as.Status),
		BankVersion: as.BankVersion, Answers: len(l.Inputs.Answers), CreatedAt: as.CreatedAt, UpdatedAt: as.UpdatedAt,
		Digest: as.Digest, CopiedFrom: as.CopiedFrom,
		PercentComplete: l.Analysis.Completeness.Overall.Percent,
		RisksByLevel:    risksByLevel(l.Analysis.Summary),
	}
	if !as.FinalizedAt.IsZero() {
		t := as.FinalizedAt
		j.FinalizedAt = &t
	}
	if withProfile { // show: also prove what can be proved about the data
		p := as.Profile
		j.Profile = &p
		in, err := ap.Verify(ctx, id)
		if err != nil {
			return j, err
		}
		j.Modified = in.Modified()
		switch {
		case in.OK():
			j.Integrity = "verified: the audit log replays to exactly the stored data"
		case in.Modified():
			j.Integrity = "MODIFIED AFTER FINALIZATION: run 'hipaarisk audit " + strconv.FormatInt(id, 10) + " --verify' for what changed"
		default:
			j.Integrity = "NOT VERIFIED: data changed outside hipaarisk; run 'hipaarisk audit " + strconv.FormatInt(id, 10) + " --verify' for what changed"
		}
	}
	return j, nil
}

func (a *shell) listCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "list [--json]", Short: "List the assessments in the database", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			ap, err := a.open(ctx)
			if err != nil {
				return err
			}
			list, err := ap.List(ctx)
			if err != nil {
				return err
			}
			out := make([]assessmentJSON, 0, len(list))
			for _, s := range list {
				j, err := a.describeAssessment(ctx, ap, s.ID, false)
				if err != nil {
					return err
				}
				out = append(out, j)
			}
			if asJSON {
				return writeJSON(a.stdout, out)
			}
			if len(out) == 0 {
				fmt.Fprintln(a.out, "No assessments yet. Start one with 'hipaarisk new --practice NAME' or run 'hipaarisk' for the wizard.")
				return nil
			}
			tw := table(a.out)
			fmt.Fprintln(tw, "ID\tPRACTICE\tASSESSOR\tSTATUS\tCOMPLETE\tRISKS (VH/H/M/L/VL)\tUPDATED")
			for _, j := range out {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.0f%%\t%s\t%s\n", j.ID, j.Practice, j.Assessor, j.Status,
					j.PercentComplete, levelCounts(j.RisksByLevel), j.UpdatedAt.Local().Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// risksByLevel maps level names to risk counts.
func risksByLevel(s scoring.Summary) map[string]int {
	m := make(map[string]int, len(s.ByLevel))
	for _, c := range s.ByLevel {
		m[c.Level.String()] = c.Count
	}
	return m
}

// levelCounts formats risk counts from Very High down to Very Low.
func levelCounts(m map[string]int) string {
	s := ""
	for i := len(assessment.Levels) - 1; i >= 0; i-- {
		if s != "" {
			s += "/"
		}
		s += strconv.Itoa(m[assessment.Levels[i].String()])
	}
	return s
}

func (a *shell) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "show ID [--json]", Short: "Show one assessment", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			j, err := a.describeAssessment(ctx, ap, id, true)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, j)
			}
			tw := table(a.out)
			fmt.Fprintf(tw, "Assessment\t%d\n", j.ID)
			fmt.Fprintf(tw, "Practice\t%s\n", j.Practice)
			fmt.Fprintf(tw, "Assessor\t%s\n", j.Assessor)
			fmt.Fprintf(tw, "Scope\t%s\n", j.Scope)
			fmt.Fprintf(tw, "Status\t%s\n", j.Status)
			fmt.Fprintf(tw, "Question bank\t%s\n", j.BankVersion)
			fmt.Fprintf(tw, "Complete\t%.0f%% (%d answers)\n", j.PercentComplete, j.Answers)
			fmt.Fprintf(tw, "Risks VH/H/M/L/VL\t%s\n", levelCounts(j.RisksByLevel))
			fmt.Fprintf(tw, "Created\t%s\n", j.CreatedAt.Local().Format(time.RFC3339))
			fmt.Fprintf(tw, "Updated\t%s\n", j.UpdatedAt.Local().Format(time.RFC3339))
			if j.FinalizedAt != nil {
				fmt.Fprintf(tw, "Finalized\t%s\n", j.FinalizedAt.Local().Format(time.RFC3339))
				fmt.Fprintf(tw, "Digest\t%s\n", j.Digest)
			}
			fmt.Fprintf(tw, "Integrity\t%s\n", j.Integrity)
			if err := tw.Flush(); err != nil {
				return err
			}
			if j.Modified {
				return fmt.Errorf("assessment %d was MODIFIED AFTER FINALIZATION", id)
			}
			if j.CopiedFrom != 0 {
				fmt.Fprintf(tw, "Carried forward from\t%d\n", j.CopiedFrom)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *shell) deleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use: "delete ID --yes", Short: "Delete a draft assessment", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			if !yes {
				return usagef("delete removes assessment %d and everything in it; add --yes to confirm", id)
			}
			if err := ap.Delete(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Deleted assessment %d.\n", id)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the deletion")
	return cmd
}

func (a *shell) finalizeCommand() *cobra.Command {
	return &cobra.Command{
		Use: "finalize ID", Short: "Lock an assessment and record its digest", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			digest, err := ap.Finalize(ctx, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Assessment %d is final. Digest (SHA-256): %s\n", id, digest)
			fmt.Fprintf(a.out, "Keep this digest with the filed report (it is printed on the report's cover); 'hipaarisk verify-report FILE.pdf' checks a report against this database.\n")
			return nil
		}),
	}
}

func (a *shell) auditCommand() *cobra.Command {
	var verify, asJSON bool
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "audit ID [--verify] [--json]", Short: "Print the audit trail, or verify the assessment's stored data against it", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			if verify {
				res, err := ap.Verify(ctx, id)
				if err != nil {
					return err
				}
				if asJSON {
					if err := writeJSON(a.stdout, res); err != nil {
						return err
					}
				} else {
					a.printVerification(id, res)
				}
				if !res.OK() {
					return fmt.Errorf("assessment %d failed verification: %d problem(s); see above", id, len(res.Problems()))
				}
				return nil
			}
			rows, err := ap.Audit(ctx, id)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			tw := table(a.out)
			fmt.Fprintln(tw, "SEQ\tWHEN\tWHO\tACTION\tTARGET\tOLD\tNEW")
			for _, r := range rows {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.At.Local().Format("2006-01-02 15:04:05"),
					r.Who, r.Action, r.Target, clip(r.OldValue, 40), clip(r.NewValue, 40))
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&verify, "verify", false, "verify the hash chain, replay it against the stored data and recompute a final digest (exit 1 on any problem)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// clip shortens s to at most n runes for a one-line table cell.
func clip(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\t' {
			r[i] = ' '
		}
	}
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// withID adapts a command body that takes an assessment id (its first
// argument) and the open assessment file.
func (a *shell) withID(body func(ctx context.Context, id int64, ap *app.App, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		id, err := parseID(args[0])
		if err != nil {
			return err
		}
		ap, err := a.open(ctx)
		if err != nil {
			return err
		}
		return body(ctx, id, ap, args)
	}
}

// printVerification says what Verify proved, or lists what it found wrong.
func (a *shell) printVerification(id int64, res app.Integrity) {
	if res.OK() {
		what := "the log replays to exactly the stored data"
		if res.Final {
			what += ", and the inputs still have the digest recorded at finalization"
		}
		fmt.Fprintf(a.out, "Assessment %d verified: %d audit rows, hash chain intact; %s.\n", id, res.Audit.Rows, what)
		return
	}
	fmt.Fprintf(a.out, "Assessment %d FAILED verification:\n", id)
	for _, p := range res.Problems() {
		fmt.Fprintf(a.out, "  - %s\n", p)
	}
}

func (a *shell) verifyReportCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "verify-report FILE.pdf [--json]",
		Short:       "Check a filed PDF report against the database: same inputs, nothing changed since",
		Args:        exactArgs(1, "a PDF report written by hipaarisk"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ap, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			res, err := ap.VerifyReport(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if asJSON {
				if err := writeJSON(a.stdout, res); err != nil {
					return err
				}
			} else if res.Matches {
				fmt.Fprintf(a.out, "The report matches assessment %d as stored: digest %s, audit log intact.\n", res.AssessmentID, res.ReportDigest)
			} else {
				fmt.Fprintf(a.out, "The report does NOT match assessment %d as stored:\n", res.AssessmentID)
				for _, p := range res.Problems {
					fmt.Fprintf(a.out, "  - %s\n", p)
				}
			}
			if !res.Matches {
				return fmt.Errorf("report %s does not match assessment %d", args[0], res.AssessmentID)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
