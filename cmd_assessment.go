package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/data/service"
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

func (a *app) service(ctx context.Context) (*service.Service, error) {
	st, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	return &service.Service{Store: st, Version: versionString()}, nil
}

func (a *app) runWizard(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	bank, err := questionnaire.Load()
	if err != nil {
		return err
	}
	return tui.Run(ctx, st, bank, tui.Options{
		NoColor: a.noColor, Accessible: a.accessible,
		In: a.stdin, Out: a.stdout, Version: versionString(), Actor: st.Actor(),
	})
}

func (a *app) newCommand() *cobra.Command {
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
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			bank, err := questionnaire.Load()
			if err != nil {
				return err
			}
			n := data.NewAssessment{Practice: practice, Assessor: assessor, Scope: scope, BankVersion: bank.Version}
			var id int64
			var notes []questionnaire.CarryNote
			if from != 0 {
				old, err := st.Answers(ctx, from)
				if err != nil {
					return err
				}
				notes = bank.CarryNotes(old)
				n.CarryAnswer = func(ans assessment.Answer) (assessment.Answer, bool) {
					c, note := bank.Carry(ans)
					return c, note == nil || !note.Dropped
				}
				id, err = st.CopyForward(ctx, from, n)
				if err != nil {
					return err
				}
			} else if id, err = st.CreateAssessment(ctx, n); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, id)
			// The id alone goes to standard output, for scripts; what did not
			// carry goes beside it.
			for _, note := range notes {
				fmt.Fprintf(a.stderr, "Not carried into question bank %s: %s (%s): %s\n", bank.Version, note.QuestionID, note.Value, note.Reason)
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
}

// describeAssessment loads and analyses one assessment for list and show.
func (a *app) describeAssessment(ctx context.Context, svc *service.Service, id int64, withProfile bool) (assessmentJSON, error) {
	l, err := svc.Load(ctx, id)
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
	if withProfile {
		p := as.Profile
		j.Profile = &p
	}
	return j, nil
}

func (a *app) listCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use: "list [--json]", Short: "List the assessments in the database", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			svc, err := a.service(ctx)
			if err != nil {
				return err
			}
			list, err := svc.Store.ListAssessments(ctx)
			if err != nil {
				return err
			}
			out := make([]assessmentJSON, 0, len(list))
			for _, s := range list {
				j, err := a.describeAssessment(ctx, svc, s.ID, false)
				if err != nil {
					return err
				}
				out = append(out, j)
			}
			if asJSON {
				return writeJSON(a.stdout, out)
			}
			if len(out) == 0 {
				fmt.Fprintln(a.stdout, "No assessments yet. Start one with 'hipaarisk new --practice NAME' or run 'hipaarisk' for the wizard.")
				return nil
			}
			tw := table(a.stdout)
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

func (a *app) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use: "show ID [--json]", Short: "Show one assessment", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			j, err := a.describeAssessment(ctx, svc, id, true)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, j)
			}
			tw := table(a.stdout)
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
			if j.CopiedFrom != 0 {
				fmt.Fprintf(tw, "Carried forward from\t%d\n", j.CopiedFrom)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) deleteCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use: "delete ID --yes", Short: "Delete a draft assessment", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			if !yes {
				return usagef("delete removes assessment %d and everything in it; add --yes to confirm", id)
			}
			st := svc.Store
			if err := st.DeleteAssessment(ctx, id); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Deleted assessment %d.\n", id)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the deletion")
	return cmd
}

func (a *app) finalizeCommand() *cobra.Command {
	return &cobra.Command{
		Use: "finalize ID", Short: "Lock an assessment and record its digest", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			l, err := svc.Load(ctx, id)
			if err != nil {
				return err
			}
			// The same list the wizard shows before finalizing.
			if blockers := scoring.Blockers(l.Analysis, service.ScoringInput(l.Inputs, l.Bank, time.Now())); len(blockers) > 0 {
				return finalizeBlocked(id, blockers)
			}
			st := svc.Store
			digest, err := st.Finalize(ctx, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Assessment %d is final. Digest (SHA-256): %s\n", id, digest)
			return nil
		}),
	}
}

// finalizeBlocked is the refusal to finalize, with everything missing.
func finalizeBlocked(id int64, blockers []scoring.Blocker) error {
	var b strings.Builder
	fmt.Fprintf(&b, "assessment %d cannot be finalized yet; complete these %d items first (drafts can still be exported):", id, len(blockers))
	for _, bl := range blockers {
		b.WriteString("\n  - " + bl.Message)
	}
	return errors.New(b.String())
}

func (a *app) auditCommand() *cobra.Command {
	var verify, asJSON bool
	cmd := &cobra.Command{
		Use: "audit ID [--verify] [--json]", Short: "Print the audit trail, or verify its hash chain", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, svc *service.Service, args []string) error {
			st := svc.Store
			if verify {
				res, err := st.VerifyAudit(ctx, id)
				if err != nil {
					return err
				}
				if asJSON {
					if err := writeJSON(a.stdout, res); err != nil {
						return err
					}
				} else if res.OK {
					fmt.Fprintf(a.stdout, "Audit trail of assessment %d verified: %d rows, hash chain intact.\n", id, res.Rows)
				}
				if !res.OK {
					return fmt.Errorf("audit trail of assessment %d failed verification at row %d: %s", id, res.BadSeq, res.Problem)
				}
				return nil
			}
			rows, err := st.Audit(ctx, id)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			tw := table(a.stdout)
			fmt.Fprintln(tw, "SEQ\tWHEN\tWHO\tACTION\tTARGET\tOLD\tNEW")
			for _, r := range rows {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.At.Local().Format("2006-01-02 15:04:05"),
					r.Who, r.Action, r.Target, clip(r.OldValue, 40), clip(r.NewValue, 40))
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&verify, "verify", false, "verify the hash chain (exit 1 when it is broken)")
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
// argument) and the shared service.
func (a *app) withID(body func(ctx context.Context, id int64, svc *service.Service, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		id, err := parseID(args[0])
		if err != nil {
			return err
		}
		svc, err := a.service(ctx)
		if err != nil {
			return err
		}
		return body(ctx, id, svc, args)
	}
}
