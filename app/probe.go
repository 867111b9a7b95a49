package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/inputfile"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

// CollectAWS reads an AWS account with read-only calls into a snapshot.
func CollectAWS(ctx context.Context, opts awscollect.Options) (*probes.Snapshot, error) {
	return awscollect.Collect(ctx, opts)
}

// ReadSnapshot reads a snapshot saved with --snapshot-out.
func ReadSnapshot(path string) (*probes.Snapshot, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	var s probes.Snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%s is not a hipaarisk probe snapshot: %w", path, err)
	}
	if s.SchemaVersion != probes.SnapshotSchemaVersion {
		return nil, fmt.Errorf("%s is a snapshot of schema version %d; this hipaarisk reads version %d", path, s.SchemaVersion, probes.SnapshotSchemaVersion)
	}
	return &s, nil
}

// ReadSuppressions reads a YAML or JSON file of suppressions.
func ReadSuppressions(path string) ([]assessment.Suppression, error) {
	raw, err := inputfile.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read suppressions: %w", err)
	}
	return ParseSuppressions(filepath.Base(path), raw)
}

// ProbeResult is what recording a probe run produced.
type ProbeResult struct {
	RunID    int64
	Findings []assessment.Finding // suppressions applied
	Counts   map[assessment.Status]int
	Drift    *probes.Drift // nil when there is no earlier run to compare with
	Vendor   *assessment.Vendor
}

// RecordProbe evaluates a snapshot with the real checks, applies the
// assessment's stored suppressions plus extra (from a file), stores the run
// with its findings, compares it with its baseline (the run baseline names,
// or when 0 the previous run of the same account) and brings the AWS entry
// of the vendor inventory in line with the aws-baa-accepted result.
func (a *App) RecordProbe(ctx context.Context, id int64, snap *probes.Snapshot, extra []assessment.Suppression, baseline int64) (*ProbeResult, error) {
	in, err := a.st.LoadInputs(ctx, id)
	if err != nil {
		return nil, err
	}
	bank, err := BankFor(in.Assessment)
	if err != nil {
		return nil, err
	}
	if baseline != 0 && !slices.ContainsFunc(in.Runs, func(r ProbeRun) bool { return r.ID == baseline }) {
		return nil, fmt.Errorf("baseline run %d is not a probe run of assessment %d: %w", baseline, id, ErrNotFound)
	}
	now := a.now()
	findings := probes.ApplySuppressions(probes.Evaluate(snap, now, bank.CheckLinks()), slices.Concat(in.Suppressions, extra), now)
	snapJSON, err := json.Marshal(snap)
	if err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	run := data.ProbeRun{
		Assessment: id, AccountID: snap.AccountID, Regions: snap.Regions,
		StartedAt: snap.StartedAt, FinishedAt: snap.FinishedAt, ToolVersion: snap.ToolVersion,
		BaselineID: baseline, Snapshot: snapJSON, Findings: findings,
	}
	if run.ID, err = a.st.SaveProbeRun(ctx, id, run); err != nil {
		return nil, err
	}
	run.Snapshot, run.Findings = nil, nil
	in.Runs = append(in.Runs, run)
	if in.RunFindings == nil {
		in.RunFindings = map[int64][]assessment.Finding{}
	}
	in.RunFindings[run.ID] = findings
	res := &ProbeResult{RunID: run.ID, Findings: findings, Counts: Counts(findings)}
	if res.Drift, err = RunDrift(in, run.ID); err != nil {
		return res, err
	}
	if res.Vendor, err = a.syncAWSVendor(ctx, id, findings); err != nil {
		return res, err
	}
	return res, nil
}

// Counts is the number of findings of each status.
func Counts(fs []assessment.Finding) map[assessment.Status]int {
	c := map[assessment.Status]int{}
	for _, f := range fs {
		c[f.Status]++
	}
	return c
}

// RunDrift compares run runID of in with its baseline: the run its
// BaselineID names, or else the run of the same account recorded before it
// that started last. It is nil when there is no such run. Nothing of a
// comparison is stored: it is always drawn from the stored findings.
func RunDrift(in Inputs, runID int64) (*probes.Drift, error) {
	var cur *ProbeRun
	for i := range in.Runs {
		if in.Runs[i].ID == runID {
			cur = &in.Runs[i]
		}
	}
	if cur == nil {
		return nil, fmt.Errorf("probe run %d of assessment %d: %w", runID, in.Assessment.ID, ErrNotFound)
	}
	var base *ProbeRun
	for i := range in.Runs { // oldest first: the last match started last
		r := &in.Runs[i]
		if (cur.BaselineID != 0 && r.ID == cur.BaselineID) ||
			(cur.BaselineID == 0 && r.ID < cur.ID && r.AccountID == cur.AccountID) {
			base = r
		}
	}
	if base == nil {
		if cur.BaselineID != 0 {
			return nil, fmt.Errorf("baseline run %d of run %d: %w", cur.BaselineID, cur.ID, ErrNotFound)
		}
		return nil, nil
	}
	d := probes.Compare(in.RunFindings[base.ID], in.RunFindings[cur.ID],
		probes.RunRef{ID: base.ID, At: base.FinishedAt, AccountID: base.AccountID},
		probes.RunRef{ID: cur.ID, At: cur.FinishedAt, AccountID: cur.AccountID})
	return &d, nil
}

// DriftReport is the newest probe run of an assessment and its comparison.
type DriftReport struct {
	Runs   int      // how many runs the assessment has
	Latest ProbeRun // the newest run, when Runs > 0
	Drift  *probes.Drift
}

// Drift compares the newest probe run of an assessment with its baseline.
func (a *App) Drift(ctx context.Context, id int64) (DriftReport, error) {
	in, err := a.st.LoadInputs(ctx, id)
	if err != nil {
		return DriftReport{}, err
	}
	r := DriftReport{Runs: len(in.Runs)}
	if r.Runs == 0 {
		return r, nil
	}
	r.Latest = in.Runs[r.Runs-1]
	r.Drift, err = RunDrift(in, r.Latest.ID)
	return r, err
}

// DriftSentences says in plain sentences what changed between two runs.
func DriftSentences(d probes.Drift) []string {
	var out []string
	add := func(label string, fs []assessment.Finding) {
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%s: %s on %s (%s)", label, f.CheckID, f.Resource, f.Region))
		}
	}
	add("New failure", d.NewFailures)
	add("Fixed", d.Fixed)
	for _, g := range []struct {
		label string
		rs    []probes.ResourceRef
	}{{"Appeared", d.Appeared}, {"Disappeared", d.Disappeared}} {
		for _, r := range g.rs {
			out = append(out, fmt.Sprintf("%s: %s (%s)", g.label, r.Resource, r.Region))
		}
	}
	return out
}

// syncAWSVendor creates or updates the vendor-inventory entry for AWS from an
// assessed aws-baa-accepted finding. A not-assessed result leaves the
// inventory's answer standing.
func (a *App) syncAWSVendor(ctx context.Context, id int64, fs []assessment.Finding) (*assessment.Vendor, error) {
	var baa *assessment.Finding
	for i := range fs {
		if fs[i].CheckID == assessment.CheckAWSBAAAccepted && (fs[i].Status == assessment.Pass || fs[i].Status == assessment.Fail) {
			baa = &fs[i]
		}
	}
	if baa == nil {
		return nil, nil
	}
	vendors, err := a.st.Vendors(ctx, id)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(vendors, func(i, j int) bool { return vendors[i].ID < vendors[j].ID })
	var v *assessment.Vendor
	for i := range vendors {
		if vendors[i].IsAWS() {
			v = &vendors[i]
			break
		}
	}
	signed := baa.Status == assessment.Pass
	note := "BAA status from AWS Artifact: " + baa.Reason
	if v == nil {
		nv := assessment.Vendor{Name: "Amazon Web Services", Service: "Cloud hosting", HoldsEPHI: true, BAASigned: signed, Notes: note}
		nv.ID, err = a.st.AddVendor(ctx, id, nv)
		return &nv, err
	}
	if v.BAASigned == signed && v.Notes == note {
		return v, nil
	}
	v.BAASigned, v.Notes = signed, note
	return v, a.st.UpdateVendor(ctx, id, *v)
}
