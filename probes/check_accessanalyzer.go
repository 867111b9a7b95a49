package probes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// evalAccessAnalyzer wants an active IAM Access Analyzer analyzer of the
// account or the organization in every region: it is what notices a
// resource policy that shares data with another account or the public.
func evalAccessAnalyzer(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if !e.analyzersRead(c, r) {
			return
		}
		if len(r.Analyzers) == 0 {
			e.fail(c, r.Region, res, "no IAM Access Analyzer analyzer in this region: nothing watches for resources shared outside the account"+orgAnalyzerNote)
			return
		}
		var active, other []string
		for _, a := range r.Analyzers {
			desc := fmt.Sprintf("%s (%s, %s)", a.Name, a.Type, a.Status)
			if a.Account != "" {
				desc = fmt.Sprintf("%s (%s, %s, in account %s)", a.Name, a.Type, a.Status, a.Account)
			}
			if a.ExternalAccess() {
				active = append(active, desc)
			} else {
				other = append(other, desc)
			}
		}
		if len(active) > 0 {
			e.pass(c, r.Region, res, "external-access analyzer: "+joinLimited(active, 3))
			return
		}
		e.fail(c, r.Region, res, "no active external-access analyzer of the account or organization in this region; analyzers found: "+joinLimited(other, 3)+orgAnalyzerNote)
	})
}

// analyzersRead reports whether the region's analyzers were read, and
// reports why not otherwise.
func (e *evaluation) analyzersRead(c Check, r *RegionData) bool {
	return e.listed(c, r.Region, len(r.Analyzers), r.Analyzers == nil, r.AnalyzersErr, "IAM Access Analyzer analyzers", "")
}

// evalExternalAccess reports each resource that the region's analyzer finds
// shared outside the account (active findings: neither archived by a
// reviewer nor resolved).
func evalExternalAccess(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if !e.analyzersRead(c, r) {
			return
		}
		switch {
		case !slices.ContainsFunc(r.Analyzers, Analyzer.ExternalAccess):
			e.add(c, assessment.NotAssessed, r.Region, res,
				"no analyzer in this region, so nothing reports resources shared outside the account (access-analyzer-enabled reports the missing analyzer)", "")
			return
		case r.ExternalAccessErr != nil:
			e.unread(c, r.Region, res, r.ExternalAccessErr, "the active findings of the analyzer")
			return
		case r.ExternalAccess == nil && slices.ContainsFunc(r.Analyzers, func(a Analyzer) bool { return a.Account != "" && a.ExternalAccess() }):
			e.add(c, assessment.NotAssessed, r.Region, res, "the organization's analyzer covers this account, but its findings were not read: "+
				"its owner account has an analyzer of its own, which the probe read instead; review this account's findings in the owner account", "")
			return
		case r.ExternalAccess == nil:
			e.unread(c, r.Region, res, nil, "the active findings of the analyzer")
			return
		}
		byResource := map[string][]AccessFinding{}
		var order []string
		others := 0
		for _, f := range r.ExternalAccess {
			if f.ResourceOwner != "" && e.s.AccountID != "" && f.ResourceOwner != e.s.AccountID {
				others++ // another member account's resource: its own probe reports it
				continue
			}
			key := f.Resource
			if key == "" {
				key = r.ExternalAccessAnalyzer + "/finding/" + f.ID
			}
			if byResource[key] == nil {
				order = append(order, key)
			}
			byResource[key] = append(byResource[key], f)
		}
		for _, key := range order {
			e.fail(c, r.Region, key, sharedWith(key, byResource[key]))
		}
		if len(order) == 0 {
			reason := "the analyzer reports no active external access in this region"
			if others > 0 {
				reason += fmt.Sprintf("; %s on other accounts' resources left out (each account's own probe reports them)", count(others, "finding"))
			}
			e.pass(c, r.Region, res, reason)
		}
	})
}

// sharedWith says what a resource is and who outside the account can use
// it, from its active findings.
func sharedWith(resource string, fs []AccessFinding) string {
	var who, actions []string
	public := false
	for _, f := range fs {
		public = public || f.Public
		for _, p := range f.Principals {
			if !slices.Contains(who, p) {
				who = append(who, p)
			}
		}
		for _, a := range f.Actions {
			if !slices.Contains(actions, a) {
				actions = append(actions, a)
			}
		}
	}
	kind := fs[0].ResourceType
	if kind == "" {
		kind = "resource"
	}
	s := fmt.Sprintf("%s %s is shared outside the account", kind, resource)
	switch {
	case public:
		s += " publicly (anyone)"
	case len(who) == 0:
		s += " (the finding names no principal)"
	}
	if len(who) > 0 {
		s += " with " + joinLimited(who, 4)
	}
	if len(actions) > 0 {
		s += "; allowed: " + joinLimited(actions, 4)
	}
	if len(fs) > 1 {
		s += fmt.Sprintf(" (%d active findings)", len(fs))
	}
	return strings.TrimSpace(s)
}

// orgAnalyzerNote explains the one case where a missing analyzer may not be
// a gap: AWS shows an organization's analyzer only in the management or
// delegated administrator account, not in the member accounts it covers.
// An organization scan (probe --org) finds it; a member probed alone cannot.
const orgAnalyzerNote = " (a member account probed on its own cannot see its organization's analyzer: probe the organization " +
	"with --org, or suppress this finding naming the organization's analyzer)"
