package service

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/probes"
)

// ProbeResult is what recording a probe run produced.
type ProbeResult struct {
	RunID    int64
	Findings []assessment.Finding // suppressions applied
	Drift    *probes.Drift        // nil when there is no earlier run of the account
	Vendor   *assessment.Vendor
}

// RecordProbe evaluates a snapshot with the real checks, applies the
// assessment's stored suppressions plus extra (from a file), compares it with
// the previous run of the same account (or the baseline run when non-zero),
// stores the run with its findings and drift, and brings the AWS entry of the
// vendor inventory in line with the aws-baa-accepted result.
func (s *Service) RecordProbe(ctx context.Context, id int64, snap *probes.Snapshot, extra []assessment.Suppression, baseline int64) (*ProbeResult, error) {
	a, err := s.Store.Assessment(ctx, id)
	if err != nil {
		return nil, err
	}
	bank, err := BankFor(a)
	if err != nil {
		return nil, err
	}
	stored, err := s.Store.Suppressions(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	findings := probes.ApplySuppressions(probes.Evaluate(snap, now, bank.CheckLinks()), append(stored, extra...), now)

	drift, err := s.driftAgainst(ctx, id, snap.AccountID, baseline, findings, now)
	if err != nil {
		return nil, err
	}
	var driftJSON []byte
	if drift != nil {
		if driftJSON, err = json.Marshal(drift); err != nil {
			return nil, fmt.Errorf("encode drift: %w", err)
		}
	}
	snapJSON, err := json.Marshal(snap)
	if err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	run := data.ProbeRun{
		AccountID: snap.AccountID, Regions: snap.Regions,
		StartedAt: snap.StartedAt, FinishedAt: snap.FinishedAt, ToolVersion: snap.ToolVersion,
		Snapshot: snapJSON, Findings: findings, Drift: driftJSON,
	}
	runID, err := s.Store.SaveProbeRun(ctx, id, run)
	if err != nil {
		return nil, err
	}
	res := &ProbeResult{RunID: runID, Findings: findings, Drift: drift}
	if drift != nil {
		drift.Current.ID = runID
	}
	if res.Vendor, err = s.syncAWSVendor(ctx, id, findings); err != nil {
		return res, err
	}
	return res, nil
}

func (s *Service) driftAgainst(ctx context.Context, id int64, account string, baseline int64, cur []assessment.Finding, now time.Time) (*probes.Drift, error) {
	runs, err := s.Store.ProbeRuns(ctx, id)
	if err != nil {
		return nil, err
	}
	var base *data.ProbeRun
	for i := range runs {
		r := runs[i]
		if (baseline != 0 && r.ID == baseline) || (baseline == 0 && r.AccountID == account) {
			base = &r // runs are oldest first: the last match is the newest
		}
	}
	if baseline != 0 && base == nil {
		return nil, fmt.Errorf("baseline run %d is not a probe run of assessment %d: %w", baseline, id, data.ErrNotFound)
	}
	if base == nil {
		return nil, nil
	}
	full, err := s.Store.ProbeRun(ctx, base.ID)
	if err != nil {
		return nil, err
	}
	d := probes.Compare(full.Findings, cur,
		probes.RunRef{ID: full.ID, At: full.FinishedAt, AccountID: full.AccountID},
		probes.RunRef{At: now, AccountID: account})
	return &d, nil
}

// syncAWSVendor creates or updates the vendor-inventory entry for AWS from an
// assessed aws-baa-accepted finding. A not-assessed result leaves the
// inventory's answer standing.
func (s *Service) syncAWSVendor(ctx context.Context, id int64, fs []assessment.Finding) (*assessment.Vendor, error) {
	var baa *assessment.Finding
	for i := range fs {
		if fs[i].CheckID == assessment.CheckAWSBAAAccepted && (fs[i].Status == assessment.Pass || fs[i].Status == assessment.Fail) {
			baa = &fs[i]
		}
	}
	if baa == nil {
		return nil, nil
	}
	vendors, err := s.Store.Vendors(ctx, id)
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
		nv.ID, err = s.Store.AddVendor(ctx, id, nv)
		return &nv, err
	}
	if v.BAASigned == signed && v.Notes == note {
		return v, nil
	}
	v.BAASigned, v.Notes = signed, note
	return v, s.Store.UpdateVendor(ctx, id, *v)
}

func decodeDrift(b []byte) (probes.Drift, error) {
	var d probes.Drift
	if err := json.Unmarshal(b, &d); err != nil {
		return d, fmt.Errorf("read drift: %w", err)
	}
	return d, nil
}
