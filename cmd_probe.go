package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

type probeFlags struct {
	profile, endpoint, snapshotOut, fromSnapshot string
	regions                                      []string
	concurrency                                  int
	timeout                                      time.Duration
	asJSON, printPolicy                          bool
	failOn, suppressFile, format                 string
	baseline                                     int64
	org                                          bool
	role                                         string
	accounts                                     []string
}

// probeJSON is the stable JSON output of 'probe --json'.
type probeJSON struct {
	RunID     int64                     `json:"runId"`
	AccountID string                    `json:"accountId"`
	Regions   []string                  `json:"regions"`
	Counts    map[assessment.Status]int `json:"counts"`
	Findings  []assessment.Finding      `json:"findings"`
	Drift     *probes.Drift             `json:"drift,omitempty"`
}

func (a *shell) probeCommand() *cobra.Command {
	var f probeFlags
	cmd := &cobra.Command{
		Use: "probe ID [--org [--role NAME] [--accounts ID,...]] [--profile P] [--region R]... [--endpoint-url URL] [--concurrency N] [--json|--format sarif] " +
			"[--snapshot-out FILE] [--from-snapshot FILE] [--suppress FILE] [--fail-on critical|high|medium|low] [--baseline RUN] | --print-policy",
		Short: "Check the practice's AWS account with read-only calls and record the findings",
		Long: `probe reads the AWS account's configuration with read-only calls (Get, List,
Describe and BatchGet operations only; anything else is refused before it is sent), evaluates
it, and stores the run and its findings as evidence on the assessment.

Credentials come from the standard AWS configuration (AWS_PROFILE, environment
variables, SSO, AWS_REGION, AWS_ENDPOINT_URL). The identity needs the policy that
--print-policy prints (AWS's SecurityAudit plus ViewOnlyAccess managed policies
cover most reads; a denied read is reported as not assessed, never as a pass).

With --fail-on the command exits 3 when a failed, unsuppressed finding at or above
that severity exists, so a deployment pipeline can stop a non-compliant change.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.printPolicy {
				return noArgs(cmd, args)
			}
			return exactArgs(1, "an assessment ID")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error { return a.probe(cmd, args, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.profile, "profile", "", "AWS profile (default: AWS_PROFILE or the default profile)")
	fl.StringSliceVar(&f.regions, "region", nil, "region to scan, repeatable (default: every region enabled for the account)")
	fl.StringVar(&f.endpoint, "endpoint-url", "", "custom endpoint (LocalStack, moto, a proxy); S3 then uses path-style addressing")
	fl.IntVar(&f.concurrency, "concurrency", 16, "how many AWS calls may be in flight at once")
	fl.DurationVar(&f.timeout, "call-timeout", 20*time.Second, "time limit for one AWS call")
	fl.BoolVar(&f.asJSON, "json", false, "print the run as JSON (an object with a findings array)")
	fl.StringVar(&f.format, "format", "text", "text, json or sarif")
	fl.StringVar(&f.snapshotOut, "snapshot-out", "", "also write the collected snapshot to this file")
	fl.StringVar(&f.fromSnapshot, "from-snapshot", "", "evaluate a saved snapshot instead of calling AWS")
	fl.StringVar(&f.suppressFile, "suppress", "", "YAML or JSON file of suppressions (check, resource, reason, expires)")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 3 when a failed finding at or above this severity exists: critical, high, medium or low")
	fl.Int64Var(&f.baseline, "baseline", 0, "compare with this earlier run instead of the previous run of the account")
	fl.BoolVar(&f.printPolicy, "print-policy", false, "print the least-privilege IAM policy the probes need, and exit (with --org: the management account's and the member role's)")
	fl.BoolVar(&f.org, "org", false, "probe every account of the AWS organization, from its management account, by assuming --role in each member account")
	fl.StringVar(&f.role, "role", awscollect.DefaultRole, "with --org: the read-only role to assume in each member account")
	fl.StringSliceVar(&f.accounts, "accounts", nil, "with --org: only these account ids (comma-separated or repeated)")
	return cmd
}

func (a *shell) probe(cmd *cobra.Command, args []string, f probeFlags) error {
	ctx := cmd.Context()
	if f.printPolicy {
		return a.printPolicy(f)
	}
	id, threshold, extra, err := probeArgs(args, &f)
	if err != nil {
		return err
	}
	ap, err := a.open(ctx)
	if err != nil {
		return err
	}
	if _, err := ap.Assessment(ctx, id); err != nil {
		return err // before spending minutes on AWS calls
	}
	if f.org {
		snaps, err := awscollect.CollectOrg(ctx, a.collectOptions(f), awscollect.OrgOptions{Role: f.role, Accounts: f.accounts})
		if err != nil {
			return err
		}
		return a.recordProbes(ctx, ap, id, snaps, extra, f, threshold)
	}
	snap, err := a.probeSnapshot(ctx, ap, f)
	if err != nil {
		return err
	}
	res, err := ap.RecordProbe(ctx, id, snap, extra, f.baseline)
	if err != nil {
		return err
	}
	switch f.format {
	case "json":
		err = writeJSON(a.stdout, probeJSON{RunID: res.RunID, AccountID: snap.AccountID, Regions: snap.Regions,
			Counts: res.Counts, Findings: res.Findings, Drift: res.Drift})
	case "sarif":
		err = export.SARIF().Write(a.stdout, &export.Report{Findings: res.Findings, ToolVersion: versionString()})
	default:
		printProbeSummary(a.out, snap, res)
	}
	if err != nil {
		return err
	}
	if threshold != "" {
		if failing := probes.Gate(res.Findings, threshold); len(failing) > 0 {
			return gateError{len(failing)}
		}
	}
	return nil
}

// printPolicy prints the least-privilege policy the probes need, or with
// --org the policies of an organization scan.
func (a *shell) printPolicy(f probeFlags) error {
	b := awscollect.Policy()
	if f.org {
		var err error
		if b, err = awscollect.OrgPolicies(f.role, ""); err != nil {
			return err
		}
	}
	_, err := a.stdout.Write(b)
	return err
}

// probeArgs checks the command line of probe and returns the assessment,
// the --fail-on threshold and the suppressions of --suppress.
func probeArgs(args []string, f *probeFlags) (int64, assessment.Severity, []assessment.Suppression, error) {
	var threshold assessment.Severity
	if f.org && (f.fromSnapshot != "" || f.snapshotOut != "" || f.baseline != 0) {
		return 0, threshold, nil, usagef("--org cannot be combined with --from-snapshot, --snapshot-out or --baseline")
	}
	id, err := parseID(args[0])
	if err != nil {
		return 0, threshold, nil, err
	}
	if f.asJSON {
		f.format = "json"
	}
	switch f.format {
	case "text", "json", "sarif":
	default:
		return 0, threshold, nil, usagef("--format must be text, json or sarif, not %q", f.format)
	}
	if f.failOn != "" {
		if threshold, err = probes.ParseSeverity(f.failOn); err != nil {
			return 0, threshold, nil, usageError{err}
		}
	}
	if f.concurrency < 1 {
		return 0, threshold, nil, usagef("--concurrency must be at least 1")
	}
	var extra []assessment.Suppression
	if f.suppressFile != "" {
		if extra, err = app.ReadSuppressions(f.suppressFile); err != nil {
			return 0, threshold, nil, err
		}
	}
	return id, threshold, extra, nil
}

// probeSnapshot reads the account, or the --from-snapshot file, and writes
// --snapshot-out.
func (a *shell) probeSnapshot(ctx context.Context, ap *app.App, f probeFlags) (*probes.Snapshot, error) {
	var snap *probes.Snapshot
	var err error
	if f.fromSnapshot != "" {
		snap, err = app.ReadSnapshot(f.fromSnapshot)
	} else {
		snap, err = app.CollectAWS(ctx, a.collectOptions(f))
	}
	if err != nil {
		return nil, err
	}
	if f.snapshotOut != "" {
		b, err := json.MarshalIndent(snap, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("encode snapshot: %w", err)
		}
		if err := a.writeOutput(ap, f.snapshotOut, append(b, '\n')); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

func (a *shell) collectOptions(f probeFlags) awscollect.Options {
	return awscollect.Options{
		Profile: f.profile, Regions: f.regions, EndpointURL: f.endpoint,
		Concurrency: f.concurrency, CallTimeout: f.timeout, ToolVersion: versionString(),
		Progress: progressPrinter(a.stderr),
	}
}

// recordProbes records one run per account of an organization scan and
// prints them, in the chosen format, one after the other (JSON: an array).
func (a *shell) recordProbes(ctx context.Context, ap *app.App, id int64, snaps []*probes.Snapshot, extra []assessment.Suppression, f probeFlags, threshold assessment.Severity) error {
	var all []assessment.Finding
	var out []probeJSON
	for _, snap := range snaps {
		res, err := ap.RecordProbe(ctx, id, snap, extra, 0)
		if err != nil {
			return fmt.Errorf("record the run of account %s: %w", snap.AccountID, err)
		}
		all = append(all, res.Findings...)
		switch f.format {
		case "json":
			out = append(out, probeJSON{RunID: res.RunID, AccountID: snap.AccountID, Regions: snap.Regions,
				Counts: app.Counts(res.Findings), Findings: res.Findings, Drift: res.Drift})
		case "text":
			printProbeSummary(a.out, snap, res)
		}
	}
	switch f.format {
	case "json":
		if err := writeJSON(a.stdout, out); err != nil {
			return err
		}
	case "sarif":
		if err := export.SARIF().Write(a.stdout, &export.Report{Findings: all, ToolVersion: versionString()}); err != nil {
			return err
		}
	}
	if threshold != "" {
		if failing := probes.Gate(all, threshold); len(failing) > 0 {
			return gateError{len(failing)}
		}
	}
	return nil
}

// progressPrinter prints one line per finished service and region.
func progressPrinter(w io.Writer) func(awscollect.Progress) {
	return func(p awscollect.Progress) {
		fmt.Fprintf(w, "probe: %s %-12s %-15s %d/%d\n", p.Account, p.Service, p.Region, p.Done, p.Total)
	}
}

func printProbeSummary(w io.Writer, snap *probes.Snapshot, res *app.ProbeResult) {
	c := res.Counts
	fmt.Fprintf(w, "Probe run %d: account %s, %d region(s), %d findings: %d pass, %d fail, %d not assessed, %d error.\n",
		res.RunID, snap.AccountID, len(snap.Regions), len(res.Findings), c[assessment.Pass], c[assessment.Fail], c[assessment.NotAssessed], c[assessment.Error])
	printProblems(w, res.Findings, "REGION\tRESOURCE", func(f assessment.Finding) string {
		return f.Region + "\t" + clip(f.Resource, 50)
	})
	if res.Drift != nil {
		printDrift(w, res.Drift)
	}
	if res.Vendor != nil {
		state := "not signed"
		if res.Vendor.BAASigned {
			state = "signed"
		}
		fmt.Fprintf(w, "Vendor inventory: %s BAA recorded as %s from AWS Artifact.\n", res.Vendor.Name, state)
	}
}

func printDrift(w io.Writer, d *probes.Drift) {
	fmt.Fprintf(w, "Drift since run %d (%s): %d new failure(s), %d fixed, %d resource(s) appeared, %d disappeared.\n",
		d.Baseline.ID, d.Baseline.At.Local().Format("2006-01-02 15:04"), len(d.NewFailures), len(d.Fixed), len(d.Appeared), len(d.Disappeared))
	for _, line := range app.DriftSentences(*d) {
		fmt.Fprintln(w, "  "+line)
	}
}

func (a *shell) driftCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Annotations: readOnly,
		Use:         "drift ID [--json]", Short: "Print the latest comparison between probe runs", Args: exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			r, err := ap.Drift(ctx, id)
			if err != nil {
				return err
			}
			if r.Runs == 0 {
				return fmt.Errorf("assessment %d has no probe runs yet: run 'hipaarisk probe %d' first", id, id)
			}
			if r.Drift == nil {
				return fmt.Errorf("run %d is the first of account %s, so there is nothing to compare yet", r.Latest.ID, r.Latest.AccountID)
			}
			if asJSON {
				return writeJSON(a.stdout, r.Drift)
			}
			printDrift(a.out, r.Drift)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *shell) suppressCommand() *cobra.Command {
	var check, resource, reason, expires string
	cmd := &cobra.Command{
		Use:   "suppress ID [--check ID --reason TEXT [--resource PATTERN] [--expires YYYY-MM-DD]]",
		Short: "List the assessment's suppressions, or record one (it stays visible in the report)",
		Args:  exactArgs(1, "an assessment ID"),
		RunE: a.withID(func(ctx context.Context, id int64, ap *app.App, args []string) error {
			if check == "" {
				sups, err := ap.Suppressions(ctx, id)
				if err != nil {
					return err
				}
				tw := table(a.out)
				fmt.Fprintln(tw, "CHECK\tRESOURCE\tEXPIRES\tREASON")
				for _, s := range sups {
					exp := "never"
					if !s.Expires.IsZero() {
						exp = s.Expires.Format("2006-01-02")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.CheckID, s.Resource, exp, s.Reason)
				}
				return tw.Flush()
			}
			if _, ok := probes.CheckByID(check); !ok {
				return usagef("no check %q: the check ids are listed in the README and in 'hipaarisk probe --json' output", check)
			}
			if strings.TrimSpace(reason) == "" {
				return usagef("suppress needs --reason")
			}
			sp := assessment.Suppression{CheckID: check, Resource: resource, Reason: reason}
			var err error
			if expires != "" {
				if sp.Expires, err = time.Parse("2006-01-02", expires); err != nil {
					return usagef("--expires %q is not a date: use YYYY-MM-DD", expires)
				}
			}
			if err := ap.AddSuppression(ctx, id, sp); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Suppression of %s recorded.\n", check)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&check, "check", "", "check id to suppress")
	f.StringVar(&resource, "resource", "", "resource pattern (glob; default: every resource)")
	f.StringVar(&reason, "reason", "", "why the finding is accepted")
	f.StringVar(&expires, "expires", "", "date the suppression stops, YYYY-MM-DD")
	return cmd
}

// printProblems lists the failed findings, then those in error, then those
// not assessed, one a line: status (with the suppression and AWS error
// code), severity, check, where (columns named by header), reason.
func printProblems(w io.Writer, fs []assessment.Finding, header string, where func(assessment.Finding) string) {
	tw := table(w)
	printed := false
	for _, st := range []assessment.Status{assessment.Fail, assessment.Error, assessment.NotAssessed} {
		for _, f := range fs {
			if f.Status != st {
				continue
			}
			if !printed {
				fmt.Fprintln(tw, "STATUS\tSEVERITY\tCHECK\t"+header+"\tREASON")
				printed = true
			}
			status := string(f.Status)
			if f.Suppressed != nil {
				status += " (suppressed)"
			}
			if f.ErrorCode != "" {
				status += " [" + f.ErrorCode + "]"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", status, f.Severity, f.CheckID, where(f), clip(f.Reason, 80))
		}
	}
	tw.Flush()
}
