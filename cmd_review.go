package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
)

// reviewCommand lists which sections were confirmed as reviewed and the
// cloud decision, or records either: the wizard's R key and its cloud
// choices, for scripts.
func (a *shell) reviewCommand() *cobra.Command {
	var section, cloud string
	cmd := &cobra.Command{
		Use:   "review ID [--section SECTION | --cloud not_used|skipped|none]",
		Short: "List or confirm the sections reviewed, and record that AWS is not used or not checked",
		Long: `review lists the sections of the assessment with who confirmed each as reviewed
and when, and the answers still carried forward and unconfirmed. The report prints
these confirmations.

  --section SECTION   confirm the section as reviewed by the assessor (or --as);
                      its carried-forward answers count as confirmed from now on
  --cloud not_used    record that the practice does not use AWS (also takes AWS off
                      the practice profile)
  --cloud skipped     record that the cloud checks are skipped for now (the report
                      lists unchecked AWS as an area for review)
  --cloud none        remove the cloud decision`,
		Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			if section != "" && cloud != "" {
				return usagef("give --section or --cloud, not both")
			}
			var invalid *app.ValidationError
			switch {
			case section != "":
				if err := ap.ReviewSection(ctx, id, section); errors.As(err, &invalid) {
					return usageError{invalid.Err}
				} else if err != nil {
					return err
				}
				as, err := ap.Assessment(ctx, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Recorded: section %s reviewed by %s.\n", section, ap.ActorFor(as))
				return nil
			case cloud != "":
				return a.cloudDecision(ctx, ap, id, cloud)
			}
			return a.printReviews(ctx, ap, id)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&section, "section", "", "confirm this section (its id, see the list) as reviewed")
	f.StringVar(&cloud, "cloud", "", "not_used, skipped, or none to remove the decision")
	return cmd
}

func (a *shell) cloudDecision(ctx context.Context, ap *app.App, id int64, cloud string) error {
	said := map[string]string{
		app.CloudNotUsed: "Recorded: the practice does not use AWS.",
		app.CloudSkipped: "Recorded: the cloud checks are skipped for now; the report lists unchecked AWS as an area for review.",
		"none":           "Removed the cloud decision.",
	}
	msg, ok := said[cloud]
	if !ok {
		return usagef("--cloud must be not_used, skipped or none, not %q", cloud)
	}
	decision := cloud
	if cloud == "none" {
		decision = ""
	}
	if err := ap.SetCloudDecision(ctx, id, decision); err != nil {
		return err
	}
	fmt.Fprintln(a.out, msg)
	return nil
}

func (a *shell) printReviews(ctx context.Context, ap *app.App, id int64) error {
	l, err := ap.Load(ctx, id)
	if err != nil {
		return err
	}
	in := l.Inputs
	carried := map[string]int{}
	for _, q := range l.Bank.Questions {
		if ans, ok := in.Answers[q.ID]; ok && ans.CarriedForward {
			carried[q.Section]++
		}
	}
	tw := table(a.out)
	fmt.Fprintln(tw, "SECTION\tTITLE\tREVIEWED\tCARRIED, NOT CONFIRMED")
	for _, s := range l.Bank.Sections {
		if s.Profile {
			continue
		}
		reviewed := "-"
		if r, ok := app.SectionReview(in.Reviews, s.ID); ok {
			reviewed = r.By + ", " + r.At.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", s.ID, clip(s.Title, 40), reviewed, carried[s.ID])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if d, ok := app.CloudDecision(in.Reviews); ok {
		fmt.Fprintf(a.out, "Cloud decision: %s (%s, %s).\n", d.Key, d.By, d.At.Format("2006-01-02"))
	}
	return nil
}
