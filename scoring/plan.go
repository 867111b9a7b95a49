package scoring

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// defaultOwner is suggested when no question names an owner role: the
// security official every practice must designate (164.308(a)(2)).
const defaultOwner = "Security official"

// ToleranceItem is the plan item that holds the risks at or below the
// practice's risk tolerance that no other item reduces.
const ToleranceItem = "P-within-tolerance"

// PriorityFor ranks a remediation item from 1 (most urgent) to 4 by the
// highest level of the risks it reduces: Very High 1, High 2, Moderate 3,
// anything lower 4. An item that only completes safeguards that are partly
// in place is one step less urgent; a governance gap alone is priority 2 on
// a required specification and 3 on an addressable one.
func PriorityFor(level assessment.Level) int {
	switch {
	case level >= assessment.VeryHigh:
		return 1
	case level == assessment.High:
		return 2
	case level == assessment.Moderate:
		return 3
	}
	return 4
}

// gapPriority is the priority of an item that closes a governance gap.
func gapPriority(required bool) int {
	if required {
		return 2
	}
	return 3
}

// priorityLevel is the level whose due days an item of priority p gets.
var priorityLevel = [5]assessment.Level{0, assessment.VeryHigh, assessment.High, assessment.Moderate, assessment.Low}

// ResidualLikelihood is the likelihood expected once every weakness behind a
// risk is removed: the safeguard in place brings it down to Low, or keeps it
// where it is already lower. Impact does not change.
func ResidualLikelihood(l assessment.Level) assessment.Level {
	return min(l, assessment.Low)
}

// actionSource is one action the plan proposes and the weaknesses it
// removes.
type actionSource struct {
	action   string
	owner    string
	vulns    []string // present vulnerability ids, the first is the item's
	required bool
}

// sources lists every action the evidence calls for, in a fixed order: the
// actions of questions answered no, partial or unknown (bank order), the
// remediation of each failing check (by check id), then a business
// associate agreement for each vendor without one.
func (x *analysis) sources(ev map[string]*evidence, missing []MissingBAA, baaFindings []int) []actionSource {
	var out []actionSource
	present := func(vs []string) []string {
		var keep []string
		for _, v := range vs {
			if ev[v] != nil && !slices.Contains(keep, v) {
				keep = append(keep, v)
			}
		}
		return keep
	}
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		if ans, ok := x.answers[q.ID]; !ok || !isGap(ans.Value) {
			continue
		}
		if vs := present(q.Vulnerabilities); len(vs) > 0 {
			out = append(out, actionSource{action: strings.TrimSpace(q.Guidance.Action), owner: strings.TrimSpace(q.Guidance.Owner), vulns: vs, required: q.Required})
		}
	}
	byCheck := map[string][]int{}
	for _, i := range x.failing {
		byCheck[x.findings[i].CheckID] = append(byCheck[x.findings[i].CheckID], i)
	}
	for _, check := range slices.Sorted(maps.Keys(byCheck)) {
		s := actionSource{}
		for _, i := range byCheck[check] {
			f := x.findings[i]
			if s.action == "" {
				s.action = strings.TrimSpace(f.Remediation)
			}
			for _, q := range x.linkedQuestions(f) {
				s.vulns = append(s.vulns, q.Vulnerabilities...)
				if s.owner == "" {
					s.owner = strings.TrimSpace(q.Guidance.Owner)
				}
				s.required = s.required || q.Required
			}
			if slices.Contains(baaFindings, i) {
				s.vulns = append(s.vulns, x.baaVuln)
			}
		}
		if s.vulns = present(s.vulns); len(s.vulns) > 0 {
			out = append(out, s)
		}
	}
	for _, m := range missing {
		out = append(out, actionSource{action: "Get a signed business associate agreement from " + m.Vendor + ", or stop sharing patient information with them.",
			vulns: []string{x.baaVuln}, required: true})
	}
	return out
}

// planBuild is one item while the plan is built.
type planBuild struct {
	item   PlanItem
	covers []string // vulnerability ids its actions remove
	owner  string
	score  int // how much risk the item reduces, see levelWeight
}

// levelWeight weighs the risks an item reduces: each level counts twice the
// one below; half when the item only completes a partial safeguard.
var levelWeight = map[assessment.Level]int{assessment.VeryHigh: 16, assessment.High: 8, assessment.Moderate: 4, assessment.Low: 2, assessment.VeryLow: 1}

// mustScore puts an item ahead of every other of its priority.
const mustScore = 1 << 20

// priorityCap is how many items each priority holds at most: a small
// practice works on a handful of items at a time, so the items that reduce
// the most risk come first and the rest wait their turn.
var priorityCap = [4]int{5, 10, 15}

// spreadPriorities keeps each item's priority from the levels it reduces
// but fills the priorities in order of urgency and then of the risk it
// reduces (required specifications first, then by score): priority 1
// holds at most five items, 2 at most ten and 3 at most fifteen; the others
// move down one priority at a time. An item is never made more urgent than
// its own levels make it.
func spreadPriorities(items []PlanItem, scores map[string]int) {
	slices.SortFunc(items, func(a, b PlanItem) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(boolInt(b.Required), boolInt(a.Required)),
			cmp.Compare(scores[b.ID], scores[a.ID]), strings.Compare(a.ID, b.ID))
	})
	var used [4]int
	for k := range items {
		p := items[k].Priority
		for p < 4 && used[p-1] >= priorityCap[p-1] {
			p++
		}
		used[p-1]++
		items[k].Priority = p
	}
}

// plan builds the risk management plan: one item per weakness that is the
// first a gap's action removes, holding every action that removes it; an
// action that several answers or checks call for appears once, in the first
// item, which then covers all their weaknesses. An item lists every risk and
// governance gap whose weaknesses it covers. Items that reduce only risks at
// or below the risk tolerance are left out; such risks point to the
// tolerance item. It fills the risks' and gaps' plan item ids and returns
// the tracking entries that match no item, by item id.
func (x *analysis) plan(ev map[string]*evidence, srcs []actionSource, risks []Risk, gaps []ComplianceGap) ([]PlanItem, []assessment.Tracking) {
	builds, order := x.planBuilds(ev, srcs)
	tol := x.tolerance()
	riskIdx := map[string]int{}
	for k := range risks {
		risks[k].WithinTolerance = risks[k].Level <= tol
		riskIdx[risks[k].ID] = k
	}
	items := make([]PlanItem, 0, len(order)+1)
	scores := map[string]int{}
	for _, id := range order {
		b := builds[id]
		if !x.rateItem(b, ev, risks, gaps) {
			continue
		}
		scores[b.item.ID] = b.score
		items = append(items, b.item)
	}
	spreadPriorities(items, scores)
	if tolItem, ok := x.toleranceItem(risks, items, tol); ok {
		items = append(items, tolItem)
	}
	x.linkPlan(items, risks, riskIdx, gaps)
	stale := x.track(items)
	slices.SortStableFunc(items, func(a, b PlanItem) int { return cmp.Compare(a.Priority, b.Priority) })
	return items, stale
}

// planBuilds merges the actions that fix the weaknesses into plan items, one
// per distinct action, and returns them by id with their order.
func (x *analysis) planBuilds(ev map[string]*evidence, srcs []actionSource) (map[string]*planBuild, []string) {
	builds := map[string]*planBuild{}
	var order []string
	byAction := map[string]*planBuild{}
	for _, s := range srcs {
		b := byAction[s.action]
		if b == nil {
			id := planID(s.vulns[0])
			if b = builds[id]; b == nil {
				b = &planBuild{item: PlanItem{ID: id, VulnerabilityID: s.vulns[0], Vulnerability: ev[s.vulns[0]].vuln.Name, Actions: []string{}}}
				builds[id] = b
				order = append(order, id)
			}
			if s.action != "" {
				b.item.Actions = append(b.item.Actions, s.action)
				byAction[s.action] = b
			}
		}
		for _, v := range s.vulns {
			b.covers = appendUnique(b.covers, v)
		}
		if b.owner == "" {
			b.owner = s.owner
		}
		b.item.Required = b.item.Required || s.required
	}
	for _, v := range slices.Sorted(maps.Keys(ev)) { // a weakness no action names (not expected from a valid bank)
		if covered(builds, v) {
			continue
		}
		b := &planBuild{item: PlanItem{ID: planID(v), VulnerabilityID: v, Vulnerability: ev[v].vuln.Name,
			Actions: []string{"Decide on a safeguard that removes this weakness and put it in place: " + ev[v].vuln.Name + "."}}, covers: []string{v}}
		builds[b.item.ID] = b
		order = append(order, b.item.ID)
	}
	return builds, order
}

// rateItem links a plan item to the risks and compliance gaps it reduces and
// sets its level, expected residual level, priority and score. It reports
// false for an item that reduces nothing above the practice's tolerance and
// closes no gap: the plan leaves it out.
func (x *analysis) rateItem(b *planBuild, ev map[string]*evidence, risks []Risk, gaps []ComplianceGap) bool {
	it := &b.item
	it.Risks, it.Gaps = []string{}, []string{}
	above, prio := assessment.LevelUnset, 5
	for k := range risks {
		r := &risks[k]
		full, any := false, false
		for _, w := range r.Weaknesses {
			if slices.Contains(b.covers, w.ID) {
				any, full = true, full || !w.Partial
			}
		}
		if !any {
			continue
		}
		it.Risks = append(it.Risks, r.ID)
		it.Level = max(it.Level, r.Level)
		if !r.WithinTolerance {
			above = max(above, r.Level)
			it.ResidualLevel = max(it.ResidualLevel, residualFor(r, b.covers))
			p, w := PriorityFor(r.Level), levelWeight[r.Level]
			if !full { // completing a safeguard that is partly there is less urgent than adding a missing one
				p, w = min(p+1, 4), w/2
			}
			prio = min(prio, p)
			b.score += w
		}
	}
	gapReq := false
	for _, g := range gaps {
		if slices.Contains(b.covers, g.VulnerabilityID) {
			it.Gaps = append(it.Gaps, g.ID)
			gapReq = gapReq || g.Required
		}
	}
	if above == assessment.LevelUnset && len(it.Gaps) == 0 {
		return false
	}
	it.Priority = 4
	if above != assessment.LevelUnset {
		it.Priority = prio
	}
	if len(it.Gaps) > 0 {
		it.Priority = min(it.Priority, gapPriority(gapReq))
		b.score += levelWeight[assessment.High] * len(it.Gaps)
	}
	if it.VulnerabilityID == x.baaVuln && len(ev[x.baaVuln].vendors) > 0 {
		b.score += mustScore // the business associate rule: always among the first
	}
	it.SuggestedOwner = cmp.Or(b.owner, defaultOwner)
	return true
}

func covered(builds map[string]*planBuild, v string) bool {
	for _, b := range builds {
		if slices.Contains(b.covers, v) {
			return true
		}
	}
	return false
}

// residualFor is the level a risk is expected to have once the weaknesses
// in covers are removed: Low likelihood at most when none is left, one step
// lower when others remain.
func residualFor(r *Risk, covers []string) assessment.Level {
	left := 0
	for _, w := range r.Weaknesses {
		if !slices.Contains(covers, w.ID) {
			left++
		}
	}
	l := ResidualLikelihood(r.Likelihood)
	if left > 0 {
		l = clamp(r.Likelihood - 1)
	}
	return RiskLevel(l, r.Impact)
}

// toleranceItem holds the risks at or below the tolerance that no item in
// the plan reduces.
func (x *analysis) toleranceItem(risks []Risk, items []PlanItem, tol assessment.Level) (PlanItem, bool) {
	in := map[string]bool{}
	for _, it := range items {
		for _, id := range it.Risks {
			in[id] = true
		}
	}
	it := PlanItem{ID: ToleranceItem, Vulnerability: "Risks within the practice's risk tolerance", Risks: []string{}, Gaps: []string{},
		Priority: 4, SuggestedOwner: defaultOwner,
		Actions: []string{fmt.Sprintf("Keep the safeguards that hold these risks at or below the practice's risk tolerance (%s) in place, and review them at the next risk analysis.", tol)}}
	for _, r := range risks {
		if !in[r.ID] {
			it.Risks = append(it.Risks, r.ID)
			it.Level = max(it.Level, r.Level)
			it.ResidualLevel = max(it.ResidualLevel, r.Level)
		}
	}
	return it, len(it.Risks) > 0
}

// linkPlan orders each item's risks as the register does and gives every
// risk and gap the ids of the items that reduce it.
func (x *analysis) linkPlan(items []PlanItem, risks []Risk, riskIdx map[string]int, gaps []ComplianceGap) {
	gapIdx := map[string]int{}
	for k := range gaps {
		gapIdx[gaps[k].ID] = k
	}
	for k := range items {
		it := &items[k]
		slices.SortFunc(it.Risks, func(a, b string) int { return compareRisks(risks[riskIdx[a]], risks[riskIdx[b]]) })
		for _, id := range it.Risks {
			r := &risks[riskIdx[id]]
			r.PlanItems = append(r.PlanItems, it.ID)
		}
		for _, id := range it.Gaps {
			g := &gaps[gapIdx[id]]
			g.PlanItems = append(g.PlanItems, it.ID)
		}
	}
	for k := range risks {
		slices.Sort(risks[k].PlanItems)
	}
	for k := range gaps {
		slices.Sort(gaps[k].PlanItems)
	}
}

// tolerance is the practice's risk tolerance, Low when unset.
func (x *analysis) tolerance() assessment.Level {
	if x.in.RiskTolerance.Valid() {
		return x.in.RiskTolerance
	}
	return DefaultRiskTolerance
}

// dueDays is the configured number of days to remediate a risk of the given
// level, falling back to DefaultConfig.
func (x *analysis) dueDays(l assessment.Level) int {
	if d, ok := x.in.Config.DueDays[l]; ok {
		return d
	}
	return DefaultConfig().DueDays[l]
}

// track applies what the user recorded to the items, flags problems with
// it, and returns the tracking entries that match no item.
func (x *analysis) track(items []PlanItem) []assessment.Tracking {
	tracking := latestTracking(x.in.Tracking)
	today := x.in.Now.Format(time.DateOnly)
	for k := range items {
		it := &items[k]
		it.SuggestedDue = x.in.Now.AddDate(0, 0, x.dueDays(priorityLevel[it.Priority])).Format(time.DateOnly)
		if it.ID == ToleranceItem {
			it.SuggestedDue = x.in.Now.AddDate(1, 0, 0).Format(time.DateOnly)
		}
		it.Owner, it.Due, it.Status = it.SuggestedOwner, it.SuggestedDue, assessment.Todo
		if t, ok := tracking[it.ID]; ok {
			delete(tracking, it.ID)
			it.Owner, it.Due = cmp.Or(t.Owner, it.Owner), cmp.Or(t.Due, it.Due)
			it.Status = cmp.Or(t.Status, it.Status)
			it.Note, it.Reason, it.Approver, it.Review = t.Note, t.Reason, t.Approver, t.Review
			it.Completed, it.Evidence, it.TrackedBy, it.TrackedAt = t.Completed, t.Evidence, t.By, t.At
			if it.Status == assessment.Done && t.Residual.Valid() {
				it.ResidualLevel, it.ResidualAssessed = t.Residual, true
			}
		}
		it.Flags = trackingFlags(it, today)
	}
	stale := make([]assessment.Tracking, 0, len(tracking))
	for _, id := range slices.Sorted(maps.Keys(tracking)) {
		stale = append(stale, tracking[id])
	}
	return stale
}

// trackingFlags says in words what is wrong with an item's tracking on the
// given day.
func trackingFlags(it *PlanItem, today string) []string {
	flags := []string{}
	switch it.Status {
	case assessment.Todo, assessment.InProgress:
		if it.Due != "" && it.Due < today {
			flags = append(flags, "Overdue: it was due on "+it.Due+".")
		}
	case assessment.Accepted:
		var missing []string
		for _, f := range []struct{ v, what string }{{it.Reason, "a reason"}, {it.Approver, "who approved it"}, {it.Review, "a review date"}} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.what)
			}
		}
		if len(missing) > 0 {
			flags = append(flags, "Accepted without "+strings.Join(missing, ", ")+": an acceptance needs all three.")
		}
		if it.Review != "" && it.Review < today {
			flags = append(flags, "The acceptance was due for review on "+it.Review+".")
		}
	case assessment.Done:
		if it.Completed == "" {
			flags = append(flags, "Done, but no completion date is recorded.")
		}
		if strings.TrimSpace(it.Evidence) == "" {
			flags = append(flags, "Done, but no evidence is recorded (a document, screenshot or invoice that shows it).")
		}
		if !it.ResidualAssessed && it.ResidualLevel.Valid() {
			flags = append(flags, "The practice has not assessed the remaining risk; the computed level is shown.")
		}
	}
	return flags
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
	return strings.Join([]string{string(t.Status), t.Owner, t.Due, t.Note, t.By, t.Reason, t.Approver, t.Review,
		t.Completed, t.Evidence, t.Residual.String()}, "\x00")
}
