package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
)

// practicesCommand lists or records the recognized security frameworks the
// practice follows (HITECH Act section 13412).
func (a *shell) practicesCommand() *cobra.Command {
	var framework, since, note, clear string
	cmd := &cobra.Command{
		Use:   "practices ID [--framework hicp|csf2 --since YYYY-MM-DD [--note TEXT] | --clear FRAMEWORK]",
		Short: "List or record the recognized security frameworks the practice follows, and since when",
		Args:  exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			bank, err := ap.Bank(ctx, id)
			if err != nil {
				return err
			}
			switch {
			case clear != "":
				if err := ap.ClearPractice(ctx, id, clear); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Removed %s.\n", clear)
				return nil
			case framework != "" || since != "":
				p := assessment.RecognizedPractice{Framework: framework, Since: since, Note: note}
				var invalid *app.ValidationError
				if err := ap.SetPractice(ctx, id, p); errors.As(err, &invalid) {
					return usageError{invalid.Err}
				} else if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "Recorded: the practice follows %s since %s.\n", framework, since)
				return nil
			}
			ps, err := ap.Practices(ctx, id)
			if err != nil {
				return err
			}
			if len(ps) == 0 {
				fmt.Fprintf(a.out, "No recognized security practices recorded. Record one with --framework %v --since YYYY-MM-DD.\n", bank.FrameworkIDs())
				return nil
			}
			tw := table(a.out)
			fmt.Fprintln(tw, "FRAMEWORK\tNAME\tSINCE\tNOTE")
			for _, p := range ps {
				name := p.Framework
				if f, ok := bank.Framework(p.Framework); ok {
					name = f.Name
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Framework, name, p.Since, clip(p.Note, 50))
			}
			return tw.Flush()
		}),
	}
	f := cmd.Flags()
	f.StringVar(&framework, "framework", "", "the framework: hicp (HHS 405(d) HICP) or csf2 (NIST CSF 2.0)")
	f.StringVar(&since, "since", "", "the day the practice started following it, YYYY-MM-DD")
	f.StringVar(&note, "note", "", "a note, e.g. which parts are followed")
	f.StringVar(&clear, "clear", "", "remove the record of this framework")
	return cmd
}
