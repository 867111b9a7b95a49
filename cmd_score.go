package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

func (a *shell) scoreCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "score ID [--json]", Short: "Print the risk analysis summary (or the whole analysis as JSON)",
		Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			l, err := ap.Load(ctx, id)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, l.Analysis)
			}
			printSummary(a, l.Inputs.Assessment.Practice, l.Analysis)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the whole analysis as JSON (with schemaVersion)")
	return cmd
}

// printSummary writes the readable summary table of an analysis.
func printSummary(a *shell, practice string, an scoring.Analysis) {
	s := an.Summary
	w := a.out
	fmt.Fprintf(w, "Risk analysis: %s\n\n", practice)
	fmt.Fprintf(w, "Completeness  %d of %d applicable questions answered (%.1f%%); %d areas for review\n",
		s.Completeness.Answered, s.Completeness.Applicable, s.Completeness.Percent, len(an.Completeness.Review))
	fmt.Fprintf(w, "Risks         %d in all", s.Risks)
	for _, c := range s.ByLevel {
		fmt.Fprintf(w, ", %s %d", c.Level, c.Count)
	}
	fmt.Fprintln(w)
	if s.Conflicts > 0 {
		fmt.Fprintf(w, "Conflicts     %d answer(s) contradicted by cloud findings (see below)\n", s.Conflicts)
	}
	if s.MissingBAAs > 0 {
		fmt.Fprintf(w, "Missing BAAs  %d vendor(s) hold ePHI without a signed business associate agreement\n", s.MissingBAAs)
	}
	if s.NotAssessed > 0 {
		fmt.Fprintf(w, "Not assessed  %d cloud check(s) could not be evaluated (permissions or errors)\n", s.NotAssessed)
	}
	if s.SafeHarbor != "" {
		fmt.Fprintf(w, "Encryption    %s\n", s.SafeHarbor)
	}
	fmt.Fprintf(w, "Next review   %s\n\n", s.NextReview)

	tw := table(w)
	fmt.Fprintln(tw, "SAFEGUARD\tCITATIONS\tMET\tPARTIAL\tNOT MET\tN/A\tNOT ANSWERED")
	for _, sg := range s.Safeguards {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\n", sg.Safeguard, sg.Citations, sg.Met, sg.PartiallyMet, sg.NotMet, sg.NotApplicable, sg.NotAnswered)
	}
	tw.Flush()

	if len(s.TopRisks) > 0 {
		fmt.Fprintln(w, "\nTop risks")
		tw = table(w)
		fmt.Fprintln(tw, "LEVEL\tRISK\tTHREAT\tVULNERABILITY\tLIKELIHOOD\tIMPACT")
		for _, r := range s.TopRisks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Level, r.ID, r.Threat, clip(r.Vulnerability, 60), r.Likelihood, r.Impact)
		}
		tw.Flush()
	}
	if len(an.Conflicts) > 0 {
		fmt.Fprintln(w, "\nConflicts between answers and cloud findings")
		for _, c := range an.Conflicts {
			fmt.Fprintf(w, "- %s: %s\n  Do: %s\n", c.ID, c.Detail, c.Action)
		}
	}
}

func (a *shell) planCommand() *cobra.Command {
	var pf planFlags
	var tolerance string
	var cmd *cobra.Command // the flags are read through it when the command runs
	cmd = &cobra.Command{
		Use: "plan ID [--tolerance LEVEL] [set ITEM [--owner NAME] [--due YYYY-MM-DD] [--status todo|in_progress|done|accepted] [--note TEXT]\n" +
			"  [--reason TEXT --approver NAME --review YYYY-MM-DD] [--completed YYYY-MM-DD] [--evidence TEXT] [--residual LEVEL]]",
		Short: "Show the risk management plan, record the risk tolerance, or record an item's owner, due date, status, acceptance or completion",
		Args:  verbArgs("set", "plan item id (P-...)"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			for _, d := range []struct{ flag, v string }{{"due", pf.due}, {"review", pf.review}, {"completed", pf.completed}} {
				if d.v != "" && !assessment.ValidDate(d.v) {
					return usagef("--%s %q is not a date: use YYYY-MM-DD", d.flag, d.v)
				}
			}
			if pf.status != "" && !validStatus(pf.status) {
				return usagef("--status %q is not a status: use todo, in_progress, done or accepted", pf.status)
			}
			l, err := ap.Load(ctx, id)
			if err != nil {
				return err
			}
			if len(args) == 1 && cmd.Flags().Changed("tolerance") {
				lv, err := assessment.ParseLevel(tolerance)
				if err != nil {
					return usagef("--tolerance: %v", err)
				}
				if err := ap.SetRiskTolerance(ctx, id, lv); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Risk tolerance set to %s: the plan covers every risk above it.\n", lv)
				return nil
			}
			if len(args) == 1 {
				fmt.Fprintf(a.out, "Risk tolerance: %s (the plan covers every risk above it).\n", l.Analysis.RiskTolerance)
				printPlan(a, l.Analysis.Plan)
				return nil
			}
			return a.planSet(ctx, ap, id, l, args[2], cmd.Flags(), pf)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&pf.owner, "owner", "", "who is responsible")
	f.StringVar(&pf.due, "due", "", "due date, YYYY-MM-DD")
	f.StringVar(&pf.status, "status", "", "todo, in_progress, done or accepted")
	f.StringVar(&pf.note, "note", "", "a note on progress")
	f.StringVar(&pf.reason, "reason", "", "why the risk is accepted (needed with --status accepted)")
	f.StringVar(&pf.approver, "approver", "", "who approved the acceptance (needed with --status accepted)")
	f.StringVar(&pf.review, "review", "", "when the acceptance is reviewed, YYYY-MM-DD (needed with --status accepted)")
	f.StringVar(&pf.completed, "completed", "", "when the item was done, YYYY-MM-DD (default: today, with --status done)")
	f.StringVar(&pf.evidence, "evidence", "", "what shows the item is done")
	f.StringVar(&pf.residual, "residual", "", "the level of risk the practice assesses once the item is done")
	f.StringVar(&tolerance, "tolerance", "", "with 'plan ID' alone: the highest level the practice accepts without action (default low)")
	return cmd
}

// printRisks lists the risk register, one risk a line.
func printRisks(a *shell, risks []scoring.Risk) error {
	tw := table(a.out)
	fmt.Fprintln(tw, "LEVEL\tRISK\tLIKELIHOOD\tIMPACT\tOVERRIDE")
	for _, r := range risks {
		ov := ""
		if r.Override != nil {
			ov = "yes: " + clip(r.Override.Reason, 50)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Level, r.ID, r.Likelihood, r.Impact, ov)
	}
	return tw.Flush()
}

// planFlags are the values plan set may change; only the flags given on the
// command line are applied.
type planFlags struct {
	owner, due, status, note, reason, approver, review, completed, evidence, residual string
}

// planSet records the tracking of one plan item from the flags given.
func (a *shell) planSet(ctx context.Context, ap *app.App, id int64, l *app.Loaded, itemID string, flags *pflag.FlagSet, f planFlags) error {
	var item *scoring.PlanItem
	for i := range l.Analysis.Plan {
		if l.Analysis.Plan[i].ID == itemID {
			item = &l.Analysis.Plan[i]
		}
	}
	if item == nil {
		return usagef("assessment %d has no plan item %q: 'hipaarisk plan %d' lists them", id, itemID, id)
	}
	if flags.NFlag() == 0 {
		return usagef("plan set needs at least one of --owner, --due, --status, --note, --reason, --approver, --review, --completed, --evidence, --residual")
	}
	var residualLevel assessment.Level
	if flags.Changed("residual") {
		var err error
		if residualLevel, err = assessment.ParseLevel(f.residual); err != nil {
			return usagef("--residual: %v", err)
		}
	}
	// Only the flags given change; the rest is read and written back in
	// one transaction, so concurrent edits of other fields survive.
	t, err := ap.EditTracking(ctx, id, item.ID, func(t *assessment.Tracking) error {
		if t.Status == "" { // nothing recorded yet: start from the plan's suggestion
			*t = assessment.Tracking{ItemID: item.ID, Owner: item.Owner, Due: item.Due, Status: item.Status, Note: item.Note}
		}
		for _, field := range []struct {
			name string
			dst  *string
			v    string
		}{{"reason", &t.Reason, f.reason}, {"approver", &t.Approver, f.approver}, {"review", &t.Review, f.review},
			{"completed", &t.Completed, f.completed}, {"evidence", &t.Evidence, f.evidence},
			{"owner", &t.Owner, f.owner}, {"due", &t.Due, f.due}, {"note", &t.Note, f.note}} {
			if flags.Changed(field.name) {
				*field.dst = field.v
			}
		}
		if flags.Changed("residual") {
			t.Residual = residualLevel
		}
		if flags.Changed("status") {
			t.Status = assessment.PlanStatus(f.status)
		}
		if err := t.Validate(); err != nil {
			return usageError{err}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "Saved %s: owner %q, due %s, status %s.\n", t.ItemID, t.Owner, t.Due, t.Status)
	if (t.Status == assessment.Todo || t.Status == assessment.InProgress) && t.Due < l.Analysis.GeneratedAt.Format(time.DateOnly) {
		fmt.Fprintf(a.out, "Warning: the due date %s is already past; the plan flags the item as overdue.\n", t.Due)
	}
	return nil
}

// verbArgs accepts "ID" or "ID VERB TARGET".
func verbArgs(verb, target string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 1 || (len(args) == 3 && args[1] == verb) {
			return nil
		}
		return usagef("use '%s ID' or '%s ID %s %s'", cmd.CommandPath(), cmd.CommandPath(), verb, strings.ToUpper(strings.Fields(target)[0]))
	}
}

func printPlan(a *shell, plan []scoring.PlanItem) {
	tw := table(a.out)
	fmt.Fprintln(tw, "PRIORITY\tITEM\tLEVEL\tOWNER\tDUE\tSTATUS\tRESIDUAL\tACTION")
	for _, p := range plan {
		action := ""
		if len(p.Actions) > 0 {
			action = p.Actions[0]
		}
		owner := p.Owner
		if owner == "" && p.SuggestedOwner != "" {
			owner = p.SuggestedOwner + " (suggested)"
		}
		level, residual := p.Level.String(), p.ResidualLevel.String()
		if !p.Level.Valid() {
			level = "gap" // a compliance gap: met or not, no risk level
		}
		if !p.ResidualLevel.Valid() {
			residual = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Priority, p.ID, level, owner, p.Due, p.Status, residual, clip(action, 70))
	}
	tw.Flush()
}

func validStatus(s string) bool {
	for _, st := range assessment.PlanStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

func (a *shell) riskCommand() *cobra.Command {
	var likelihood, impact, reason string
	var clear bool
	cmd := &cobra.Command{
		Use:   "risk ID [override RISK [--likelihood L] [--impact I] --reason TEXT | --clear]",
		Short: "List the risk register, or override a risk's likelihood and/or impact with a mandatory reason",
		Args:  verbArgs("override", "risk id (R-...)"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			var o assessment.Override
			var err error
			if len(args) == 3 {
				o.RiskID = args[2]
				if !clear {
					if likelihood == "" && impact == "" {
						return usagef("override needs --likelihood and/or --impact (or --clear)")
					}
					if strings.TrimSpace(reason) == "" {
						return usagef("override needs --reason: say why the default does not fit this practice")
					}
					for _, p := range []struct {
						flag, val string
						dst       *assessment.Level
					}{{"likelihood", likelihood, &o.Likelihood}, {"impact", impact, &o.Impact}} {
						if p.val == "" {
							continue
						}
						if *p.dst, err = assessment.ParseLevel(p.val); err != nil {
							return usagef("--%s: %v", p.flag, err)
						}
					}
					o.Reason = reason
				}
			}
			l, err := ap.Load(ctx, id)
			if err != nil {
				return err
			}
			if len(args) == 1 {
				return printRisks(a, l.Analysis.Risks)
			}
			if clear {
				if err := ap.ClearOverride(ctx, id, o.RiskID); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Override of %s removed.\n", o.RiskID)
				return nil
			}
			found := false
			for _, r := range l.Analysis.Risks {
				found = found || r.ID == o.RiskID
			}
			if !found {
				return usagef("assessment %d has no risk %q: 'hipaarisk risk %d' lists them", id, o.RiskID, id)
			}
			// Only what is given changes: --impact after --likelihood keeps
			// the likelihood.
			if _, err := ap.EditOverride(ctx, id, o.RiskID, func(cur *assessment.Override) error {
				if o.Likelihood != assessment.LevelUnset {
					cur.Likelihood = o.Likelihood
				}
				if o.Impact != assessment.LevelUnset {
					cur.Impact = o.Impact
				}
				cur.Reason = o.Reason
				return nil
			}); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Saved override of %s.\n", o.RiskID)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&likelihood, "likelihood", "", "very-low, low, moderate, high or very-high")
	f.StringVar(&impact, "impact", "", "very-low, low, moderate, high or very-high")
	f.StringVar(&reason, "reason", "", "why (mandatory with override)")
	f.BoolVar(&clear, "clear", false, "remove the override")
	return cmd
}
