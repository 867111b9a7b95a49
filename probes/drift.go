package probes

import (
	"sort"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// RunRef identifies one probe run.
type RunRef struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	AccountID string    `json:"accountId"`
}

// ResourceRef names a resource in a region.
type ResourceRef struct {
	Region   string `json:"region"`
	Resource string `json:"resource"`
}

// Drift is what changed between two probe runs of the same account.
type Drift struct {
	Baseline RunRef `json:"baseline"`
	Current  RunRef `json:"current"`
	// NewFailures fail now and did not fail in the baseline (including
	// findings that did not exist then).
	NewFailures []assessment.Finding `json:"newFailures"`
	// Fixed failed in the baseline and pass now.
	Fixed []assessment.Finding `json:"fixed"`
	// StillFailing fail in both runs.
	StillFailing []assessment.Finding `json:"stillFailing"`
	// Appeared and Disappeared are resources seen by any check in only one
	// of the runs.
	Appeared    []ResourceRef `json:"appeared"`
	Disappeared []ResourceRef `json:"disappeared"`
}

// Compare reports the differences between a baseline run's findings and the
// current run's. Findings are matched by id; every list is sorted by check,
// region and resource (resources by region and resource).
func Compare(base, cur []assessment.Finding, baseRef, curRef RunRef) Drift {
	d := Drift{Baseline: baseRef, Current: curRef,
		NewFailures: []assessment.Finding{}, Fixed: []assessment.Finding{}, StillFailing: []assessment.Finding{},
		Appeared: []ResourceRef{}, Disappeared: []ResourceRef{}}
	before := make(map[string]assessment.Finding, len(base))
	for _, f := range base {
		before[f.ID] = f
	}
	for _, f := range cur {
		old, seen := before[f.ID]
		switch {
		case f.Status == assessment.Fail && seen && old.Status == assessment.Fail:
			d.StillFailing = append(d.StillFailing, f)
		case f.Status == assessment.Fail:
			d.NewFailures = append(d.NewFailures, f)
		case f.Status == assessment.Pass && seen && old.Status == assessment.Fail:
			d.Fixed = append(d.Fixed, f)
		}
	}
	baseRes, curRes := resources(base), resources(cur)
	for r := range curRes {
		if !baseRes[r] {
			d.Appeared = append(d.Appeared, r)
		}
	}
	for r := range baseRes {
		if !curRes[r] {
			d.Disappeared = append(d.Disappeared, r)
		}
	}
	for _, fs := range [][]assessment.Finding{d.NewFailures, d.Fixed, d.StillFailing} {
		sort.Slice(fs, func(i, j int) bool { return findingLess(fs[i], fs[j]) })
	}
	for _, rs := range [][]ResourceRef{d.Appeared, d.Disappeared} {
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].Region != rs[j].Region {
				return rs[i].Region < rs[j].Region
			}
			return rs[i].Resource < rs[j].Resource
		})
	}
	return d
}

func resources(fs []assessment.Finding) map[ResourceRef]bool {
	out := make(map[ResourceRef]bool, len(fs))
	for _, f := range fs {
		out[ResourceRef{f.Region, f.Resource}] = true
	}
	return out
}
