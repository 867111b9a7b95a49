package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/tfplan"
)

// planCheckJSON is the stable JSON output of 'plan-check --json'.
type planCheckJSON struct {
	File             string                    `json:"file"`
	TerraformVersion string                    `json:"terraformVersion"`
	Changes          tfplan.Changes            `json:"changes"`
	Checked          int                       `json:"checked"`
	Unsupported      map[string]int            `json:"unsupported"`
	Note             string                    `json:"note,omitempty"`
	Counts           map[assessment.Status]int `json:"counts"`
	Findings         []assessment.Finding      `json:"findings"`
	Skipped          []tfplan.Skipped          `json:"skipped"`
	NotInPlan        []string                  `json:"notInPlan"`
	// Attached says where --assessment recorded the result.
	Attached *planCheckAttached `json:"attached,omitempty"`
}

type planCheckAttached struct {
	Assessment int64  `json:"assessment"`
	PlanCheck  int64  `json:"planCheck"`
	PlanSHA256 string `json:"planSha256"`
}

// planCheckFlags are the options of plan-check.
type planCheckFlags struct {
	asJSON                       bool
	format, suppressFile, failOn string
	assessment                   int64
}

func (a *shell) planCheckCommand() *cobra.Command {
	var f planCheckFlags
	cmd := &cobra.Command{
		Use:   "plan-check FILE [--json|--format sarif] [--suppress FILE] [--fail-on critical|high|medium|low] [--assessment ID]",
		Short: "Run the cloud checks on a Terraform or OpenTofu plan before it is applied",
		Long: `plan-check runs the same checks that judge a live AWS account on the JSON of a
Terraform or OpenTofu plan, so that a pipeline can stop non-compliant
infrastructure before it exists:

  terraform plan -out=tfplan
  terraform show -json tfplan > plan.json
  hipaarisk plan-check plan.json --fail-on high

Settings the configuration leaves out are judged by AWS's defaults; a value
known only after apply makes its finding not_assessed. Checks that need the
live account (credential report, GuardDuty findings, certificates, the BAA)
are listed as skipped. Findings name the Terraform address of the resource;
suppressions may name either the resource or the address.

Without --assessment it needs no assessment database and no AWS credentials.
With --assessment ID the result is attached to that assessment as evidence
that the practice checks infrastructure before deploying it (the plan file's
name and SHA-256, the time and every finding; the assessment's own
suppressions apply too). The report lists it under "Checks before
deployment"; it never changes the live findings or the risk register.`,
		Args: exactArgs(1, "a plan JSON file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.asJSON {
				f.format = "json"
			}
			if cmd.Flags().Changed("assessment") && f.assessment <= 0 {
				return usagef("--assessment needs the id of an assessment (see 'hipaarisk list')")
			}
			return a.planCheck(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	fl.StringVar(&f.format, "format", "text", "text, json or sarif")
	fl.StringVar(&f.suppressFile, "suppress", "", "YAML or JSON file of suppressions (check, resource, reason, expires)")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 3 when a failed finding at or above this severity exists: critical, high, medium or low")
	fl.Int64Var(&f.assessment, "assessment", 0, "attach the result to this assessment as evidence of checks before deployment")
	return cmd
}

func (a *shell) planCheck(ctx context.Context, file string, f planCheckFlags) error {
	switch f.format {
	case "text", "json", "sarif":
	default:
		return usagef("--format must be text, json or sarif, not %q", f.format)
	}
	var threshold assessment.Severity
	if f.failOn != "" {
		var err error
		if threshold, err = probes.ParseSeverity(f.failOn); err != nil {
			return usageError{err}
		}
	}
	var sups []assessment.Suppression
	if f.suppressFile != "" {
		var err error
		if sups, err = app.ReadSuppressions(f.suppressFile); err != nil {
			return err
		}
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read plan: %w", err)
	}
	plan, err := tfplan.Read(filepath.Base(file), raw)
	if err != nil {
		return err
	}
	var ap *app.App
	if f.assessment != 0 {
		if ap, err = a.open(ctx); err != nil {
			return err
		}
		stored, err := ap.Suppressions(ctx, f.assessment)
		if err != nil {
			return err
		}
		sups = append(stored, sups...)
	}
	now := time.Now()
	res := plan.Evaluate(now, nil)
	res.Findings = probes.ApplySuppressions(res.Findings, sups, now)
	var attached *app.PlanCheck
	if ap != nil {
		p, err := ap.AttachPlanCheck(ctx, f.assessment, plan.Name, raw, plan.TerraformVersion, now, res.Findings)
		if err != nil {
			return fmt.Errorf("attach the plan check to assessment %d: %w", f.assessment, err)
		}
		attached = &p
	}
	if err := a.printPlanCheck(plan, res, f.format, attached); err != nil {
		return err
	}
	if threshold != "" {
		if failing := probes.Gate(res.Findings, threshold); len(failing) > 0 {
			return gateError{len(failing)}
		}
	}
	return nil
}

func (a *shell) printPlanCheck(plan *tfplan.Plan, res tfplan.Result, format string, attached *app.PlanCheck) error {
	switch format {
	case "json":
		out := planCheckJSON{File: plan.Name, TerraformVersion: plan.TerraformVersion, Changes: plan.Changes,
			Checked: plan.Checked, Unsupported: plan.Unsupported, Note: plan.NothingToCheck(), Counts: app.Counts(res.Findings),
			Findings: res.Findings, Skipped: res.Skipped, NotInPlan: res.NotInPlan}
		if attached != nil {
			out.Attached = &planCheckAttached{Assessment: attached.Assessment, PlanCheck: attached.ID, PlanSHA256: attached.PlanSHA256}
		}
		return writeJSON(a.stdout, out)
	case "sarif":
		if attached != nil {
			printAttached(a.stderr, attached)
		}
		return export.SARIF().Write(a.stdout, &export.Report{Findings: locatedByAddress(res.Findings), ToolVersion: versionString()})
	}
	printPlanSummary(a.out, plan, res)
	if attached != nil {
		printAttached(a.out, attached)
	}
	return nil
}

// printAttached says where --assessment recorded the result.
func printAttached(w io.Writer, attached *app.PlanCheck) {
	fmt.Fprintf(w, "Attached to assessment %d as plan check %d (plan file SHA-256 %s); the report lists it under \"Checks before deployment\".\n",
		attached.Assessment, attached.ID, attached.PlanSHA256)
}

// locatedByAddress returns copies of the findings that name their Terraform
// address as the resource, so that the SARIF location points into the
// configuration rather than at an ARN that does not exist yet.
func locatedByAddress(fs []assessment.Finding) []assessment.Finding {
	out := make([]assessment.Finding, len(fs))
	for i, f := range fs {
		if f.Address != "" {
			f.Resource = f.Address
		}
		out[i] = f
	}
	return out
}

func printPlanSummary(w io.Writer, plan *tfplan.Plan, res tfplan.Result) {
	ch := plan.Changes
	fmt.Fprintf(w, "Plan %s: %d to create, %d to update, %d to replace, %d to delete, %d unchanged.\n",
		plan.Name, ch.Create, ch.Update, ch.Replace, ch.Delete, ch.NoOp)
	if note := plan.NothingToCheck(); note != "" {
		fmt.Fprintf(w, "Nothing to check: %s.\n", note)
		return
	}
	c := app.Counts(res.Findings)
	fmt.Fprintf(w, "%d resource(s) checked, %d findings: %d pass, %d fail, %d not assessed, %d error.\n",
		plan.Checked, len(res.Findings), c[assessment.Pass], c[assessment.Fail], c[assessment.NotAssessed], c[assessment.Error])
	printProblems(w, res.Findings, "ADDRESS", func(f assessment.Finding) string { return clip(f.Address, 60) })
	ids := make([]string, len(res.Skipped))
	for i, s := range res.Skipped {
		ids[i] = s.CheckID
	}
	fmt.Fprintf(w, "Skipped, they need the live account ('hipaarisk probe'): %s.\n", strings.Join(ids, ", "))
	if len(res.NotInPlan) > 0 {
		fmt.Fprintf(w, "Nothing in this plan for: %s.\n", strings.Join(res.NotInPlan, ", "))
	}
	if len(plan.Unsupported) > 0 {
		types := make([]string, 0, len(plan.Unsupported))
		for t, n := range plan.Unsupported {
			types = append(types, fmt.Sprintf("%s (%d)", t, n))
		}
		sort.Strings(types)
		fmt.Fprintf(w, "Resource types no check reads: %s.\n", strings.Join(types, ", "))
	}
}
