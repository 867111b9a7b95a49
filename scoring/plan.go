package scoring

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// defaultOwner is suggested when no question names an owner role: the
// security official every practice must designate (164.308(a)(2)).
const defaultOwner = "Security official"

// PriorityFor ranks a remediation item from 1 (most urgent) to 4:
//
//	1: Very High, or High on a required specification
//	2: High on an addressable one, or Moderate on a required one
//	3: Moderate on an addressable one, or Low on a required one
//	4: everything else (Low addressable, Very Low)
func PriorityFor(level assessment.Level, required bool) int {
	switch {
	case level >= assessment.VeryHigh, level == assessment.High && required:
		return 1
	case level == assessment.High, level == assessment.Moderate && required:
		return 2
	case level == assessment.Moderate, level == assessment.Low && required:
		return 3
	}
	return 4
}

// ResidualLikelihood is the likelihood expected once a remediation item is
// done: the safeguard in place brings it down to Low, or keeps it where it
// is already lower. Impact does not change.
func ResidualLikelihood(l assessment.Level) assessment.Level {
	return min(l, assessment.Low)
}

// plan builds one remediation item per vulnerability, covering every risk
// that shares it, and applies what the user recorded. It returns the
// tracking entries that match no item, by item id.
func (x *analysis) plan(ev map[string]*evidence, risks []Risk) ([]PlanItem, []assessment.Tracking) {
	byVuln := make(map[string][]*Risk)
	var order []string
	for k := range risks {
		r := &risks[k]
		if _, ok := byVuln[r.VulnerabilityID]; !ok {
			order = append(order, r.VulnerabilityID)
		}
		byVuln[r.VulnerabilityID] = append(byVuln[r.VulnerabilityID], r)
	}
	tracking := latestTracking(x.in.Tracking)
	items := make([]PlanItem, 0, len(order))
	for _, vid := range order {
		rs := byVuln[vid]
		e := ev[vid]
		it := PlanItem{ID: planID(vid), VulnerabilityID: vid, Vulnerability: rs[0].Vulnerability, Actions: []string{}}
		for _, r := range rs {
			it.Risks = append(it.Risks, r.ID)
			it.Level = max(it.Level, r.Level)
			it.Required = it.Required || r.Required
			it.ResidualLevel = max(it.ResidualLevel, RiskLevel(ResidualLikelihood(r.Likelihood), r.Impact))
		}
		for _, q := range e.raisedBy {
			it.Actions = appendUnique(it.Actions, strings.TrimSpace(q.Guidance.Action))
		}
		for _, v := range e.vendors {
			it.Actions = append(it.Actions, "Get a signed business associate agreement from "+v+", or stop sharing patient information with them.")
		}
		for _, i := range e.findings {
			it.Actions = appendUnique(it.Actions, strings.TrimSpace(x.findings[i].Remediation))
		}
		if len(it.Actions) == 0 {
			it.Actions = append(it.Actions, "Decide on a safeguard that removes this weakness and put it in place: "+it.Vulnerability+".")
		}
		it.SuggestedOwner = suggestedOwner(e)
		it.Priority = PriorityFor(it.Level, it.Required)
		it.SuggestedDue = x.in.Now.AddDate(0, 0, x.dueDays(it.Level)).Format(time.DateOnly)
		it.Owner, it.Due, it.Status = it.SuggestedOwner, it.SuggestedDue, assessment.Todo
		if t, ok := tracking[it.ID]; ok {
			delete(tracking, it.ID)
			if t.Owner != "" {
				it.Owner = t.Owner
			}
			if t.Due != "" {
				it.Due = t.Due
			}
			if t.Status != "" {
				it.Status = t.Status
			}
			it.Note, it.TrackedBy, it.TrackedAt = t.Note, t.By, t.At
		}
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b PlanItem) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(b.Level, a.Level), strings.Compare(a.ID, b.ID))
	})
	stale := make([]assessment.Tracking, 0, len(tracking))
	for _, id := range slices.Sorted(maps.Keys(tracking)) {
		stale = append(stale, tracking[id])
	}
	return items, stale
}

// suggestedOwner is the owner role of the first question behind the item
// that names one, else the security official.
func suggestedOwner(e *evidence) string {
	for _, qs := range [][]*questionnaire.Question{e.raisedBy, e.linked} {
		for _, q := range qs {
			if o := strings.TrimSpace(q.Guidance.Owner); o != "" {
				return o
			}
		}
	}
	return defaultOwner
}

// dueDays is the configured number of days to remediate a risk of the given
// level, falling back to DefaultConfig.
func (x *analysis) dueDays(l assessment.Level) int {
	if d, ok := x.in.Config.DueDays[l]; ok {
		return d
	}
	return DefaultConfig().DueDays[l]
}

// latestTracking keeps, per item, the tracking entry recorded last (by time,
// then content, so input order never matters).
func latestTracking(ts []assessment.Tracking) map[string]assessment.Tracking {
	out := make(map[string]assessment.Tracking)
	for _, t := range ts {
		cur, ok := out[t.ItemID]
		if !ok || cur.At.Before(t.At) || cur.At.Equal(t.At) && trackingKey(cur) < trackingKey(t) {
			out[t.ItemID] = t
		}
	}
	return out
}

func trackingKey(t assessment.Tracking) string {
	return strings.Join([]string{string(t.Status), t.Owner, t.Due, t.Note, t.By}, "\x00")
}
