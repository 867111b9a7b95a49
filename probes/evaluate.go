// Package probes is the pure half of the automated cloud checks: the
// provider-neutral Snapshot of an account's configuration, the check catalog
// and the checks themselves (one file per AWS service), and what is done with
// their findings afterwards (drift between runs, the pipeline gate,
// suppressions). It makes no calls and reads no clock: the AWS collectors in
// probes/awscollect fill the snapshot, and Evaluate takes the time as input.
package probes

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// GlobalRegion is the region of findings about global services and of
// account-level findings.
const GlobalRegion = "global"

// Input is what an evaluation needs besides the snapshot.
type Input struct {
	// Now is the time the findings are evaluated at (ages and expiry dates
	// are measured against it).
	Now time.Time
	// Links maps a check id to the ids of the questions it informs.
	Links map[string][]string
	// AuditLogGroups names CloudWatch Logs log groups that hold audit logs
	// (besides the trails' own groups, which are known from the snapshot);
	// their retention rates higher.
	AuditLogGroups []string
}

// Evaluate runs every check on the snapshot with no further input than the
// time and the question links; see EvaluateInput.
func Evaluate(s *Snapshot, now time.Time, links map[string][]string) []assessment.Finding {
	return EvaluateInput(s, Input{Now: now, Links: links})
}

// EvaluateInput runs every check on the snapshot. Findings come back sorted
// by check id, region and resource; exactly one per check and resource.
func EvaluateInput(s *Snapshot, in Input) []assessment.Finding {
	if s == nil {
		return nil
	}
	e := &evaluation{s: s, now: in.Now, links: in.Links, auditGroups: in.AuditLogGroups}
	if s.AccessErr != nil {
		// one finding for an account that could not be read, rather than
		// every check saying the same
		c, _ := CheckByID(assessment.CheckAWSAccountReadable)
		e.unread(c, GlobalRegion, e.account(), s.AccessErr, "the account")
		return e.out
	}
	for _, d := range checkDefs() {
		start := len(e.out)
		d.eval(e, d.Check)
		e.leaveTrace(d.Check, start)
	}
	sort.Slice(e.out, func(i, j int) bool { return findingLess(e.out[i], e.out[j]) })
	return e.out
}

// accountScoped names the services whose checks read account-wide lists
// (buckets, trails, users, agreements); every other check that is not
// global reports for each scanned region.
var accountScoped = map[string]bool{"s3": true, "cloudtrail": true, "iam": true, "artifact": true}

// PerRegion reports whether the check reports for each scanned region.
func (c Check) PerRegion() bool { return !c.Global && !accountScoped[c.Service] }

// leaveTrace makes sure a check said something about everything it was
// given: the account, and each scanned region for a per-region check. Each
// check explains its own empty cases ("no load balancer in this region");
// this is the net under them, so that a gap shows as an error rather than
// as silence.
func (e *evaluation) leaveTrace(c Check, start int) {
	made := e.out[start:]
	if len(made) == 0 {
		e.add(c, assessment.Error, GlobalRegion, e.account(), "the check reported nothing about this account", "")
		return
	}
	if !c.PerRegion() {
		return
	}
	for _, r := range e.s.Regional {
		if !slices.ContainsFunc(made, func(f assessment.Finding) bool { return f.Region == r.Region }) {
			e.add(c, assessment.Error, r.Region, e.account(), "the check reported nothing about this region", "")
		}
	}
}

func findingLess(a, b assessment.Finding) bool {
	if a.CheckID != b.CheckID {
		return a.CheckID < b.CheckID
	}
	if a.Region != b.Region {
		return a.Region < b.Region
	}
	return a.Resource < b.Resource
}

// FindingID is the stable id of a finding: check, region and resource.
func FindingID(checkID, region, resource string) string {
	return checkID + "|" + region + "|" + resource
}

type evaluation struct {
	s           *Snapshot
	now         time.Time
	links       map[string][]string
	auditGroups []string
	out         []assessment.Finding
}

func (e *evaluation) add(c Check, st assessment.Status, region, resource, reason, code string) {
	e.out = append(e.out, assessment.Finding{
		ID:          FindingID(c.ID, region, resource),
		AccountID:   e.s.AccountID,
		CheckID:     c.ID,
		Title:       c.Title,
		Status:      st,
		Severity:    c.Severity,
		Resource:    resource,
		Region:      region,
		Reason:      oneLine(reason),
		ErrorCode:   code,
		Citations:   slices.Clone(c.Citations),
		Questions:   slices.Clone(e.links[c.ID]),
		Remediation: c.Remediation,
	})
}

func (e *evaluation) pass(c Check, region, resource, reason string) {
	e.add(c, assessment.Pass, region, resource, reason, "")
}

func (e *evaluation) fail(c Check, region, resource, reason string) {
	e.add(c, assessment.Fail, region, resource, reason, "")
}

// collectedBefore is the reason of a finding whose data (what) a snapshot
// written by an older version lacks.
func collectedBefore(what string) string {
	return "this snapshot was collected before the check existed; probe again (it does not hold " + what + ")"
}

// staleSnapshot reports that the snapshot was written by a version that did
// not read what the check needs: not_assessed, never pass or fail.
func (e *evaluation) staleSnapshot(c Check, region, resource, what string) {
	e.add(c, assessment.NotAssessed, region, resource, collectedBefore(what), "")
}

// unread reports that what the check needed could not be read: not_assessed
// for permission and availability problems, error otherwise (also when err
// is nil, meaning the data is missing for no recorded reason).
func (e *evaluation) unread(c Check, region, resource string, err *APIError, what string) {
	if err == nil {
		e.add(c, assessment.Error, region, resource, "could not read "+what, "")
		return
	}
	st, reason, code := unreadStatus(err, what)
	e.add(c, st, region, resource, reason, code)
}

// unreadStatus is the status, reason and code of a finding whose data could
// not be read because of err (not nil).
func unreadStatus(err *APIError, what string) (assessment.Status, string, string) {
	if why, ok := planReasons[err.Code]; ok {
		return assessment.NotAssessed, what + ": " + why, err.Code
	}
	reason := fmt.Sprintf("could not read %s: %s", what, err.Code)
	if err.Operation != "" {
		reason += " from " + err.Operation
	}
	return StatusForError(err.Code), reason, err.Code
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// account is the resource of account-level and region-level findings.
func (e *evaluation) account() string { return AccountResource(e.s) }

// AccountResource is the resource a finding names when it is about the
// account (or a region of it) rather than one resource in it.
func AccountResource(s *Snapshot) string {
	if s.AccountID != "" {
		return s.AccountID
	}
	return "account"
}

func (e *evaluation) partition() string {
	if e.s.Partition != "" {
		return e.s.Partition
	}
	return "aws"
}

// arn builds the ARN of a regional resource of this account.
func (e *evaluation) arn(service, region, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", e.partition(), service, region, e.s.AccountID, resource)
}

// eachRegion calls fn for every scanned region, or reports once that the
// regions could not be listed.
func (e *evaluation) eachRegion(c Check, fn func(r *RegionData)) {
	if len(e.s.Regional) == 0 && e.s.RegionsErr != nil {
		e.unread(c, GlobalRegion, e.account(), e.s.RegionsErr, "the list of regions")
		return
	}
	for i := range e.s.Regional {
		fn(&e.s.Regional[i])
	}
}

func (e *evaluation) region(name string) *RegionData {
	for i := range e.s.Regional {
		if e.s.Regional[i].Region == name {
			return &e.s.Regional[i]
		}
	}
	return nil
}

// age formats how long ago t was, relative to now: "45m", "2h", "3d".
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", days(d))
}

func days(d time.Duration) int { return int(d.Hours() / 24) }

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// joinLimited joins up to max items and says how many more there are.
func joinLimited(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:max], ", "), len(items)-max)
}
