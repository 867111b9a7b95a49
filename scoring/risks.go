package scoring

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Scopes of a loss or theft risk split by encryption.
const (
	scopeUnencrypted = "unencrypted"
	scopeEncrypted   = "encrypted"
)

// threatContext is what the register knows about one threat before it
// builds the threat's risks.
type threatContext struct {
	t          *questionnaire.Threat
	weaknesses []*evidence          // present technical vulnerabilities, catalog order
	controls   []AnswerRef          // questions answered yes, bank order
	gapQs      int                  // questions answered no, partial or unknown
	passing    []string             // checks that pass on every resource, sorted
	failing    int                  // checks that fail somewhere
	rating     questionnaire.Rating // base rate for the profile
	catalog    bool                 // the threat is in the bank's catalog
	stores     []StoreRef           // stores it reaches
	vendors    []string             // vendors without a BAA (business associate rule)
	qs         map[*questionnaire.Question]bool
}

// threatIndex maps each threat to its technical vulnerabilities and the
// questions about them.
func (x *analysis) threatIndex() map[string][]*questionnaire.Vulnerability {
	out := make(map[string][]*questionnaire.Vulnerability)
	for i := range x.bank.Vulnerabilities {
		v := &x.bank.Vulnerabilities[i]
		if v.Governance {
			continue
		}
		for _, t := range v.Threats {
			out[t] = append(out[t], v)
		}
	}
	if _, ok := x.vulns[x.baaVuln]; !ok {
		out[x.baaThreat] = append(out[x.baaThreat], x.vuln(x.baaVuln))
	}
	return out
}

// threats returns the catalog's threats in order, with the business
// associate rule's threat added when the catalog lacks it.
func (x *analysis) threatList() []*questionnaire.Threat {
	out := make([]*questionnaire.Threat, 0, len(x.bank.Threats)+1)
	for i := range x.bank.Threats {
		out = append(out, &x.bank.Threats[i])
	}
	if _, ok := x.threats[x.baaThreat]; !ok {
		out = append(out, &questionnaire.Threat{ID: x.baaThreat, Name: "Breach at a vendor that holds patient data", Source: "adversarial",
			Likelihood: assessment.Moderate, Impact: assessment.VeryHigh, Reaches: []string{questionnaire.ReachVendors}})
	}
	return out
}

// contexts builds the context of every threat, in catalog order.
func (x *analysis) contexts(ev map[string]*evidence, stores []EPHIStore) []*threatContext {
	byThreat := x.threatIndex()
	// Checks that pass everywhere and checks that fail somewhere, by id.
	passes, fails := map[string]bool{}, map[string]bool{}
	for _, f := range x.findings {
		switch {
		case f.Status == assessment.Pass:
			passes[f.CheckID] = true
		case failed(f):
			fails[f.CheckID] = true
		}
	}
	var out []*threatContext
	for _, t := range x.threatList() {
		c := &threatContext{t: t, rating: x.bank.Rate(t, x.in.Profile), qs: map[*questionnaire.Question]bool{}}
		_, c.catalog = x.threats[t.ID]
		checks := map[string]bool{}
		var qidx []int
		for _, v := range byThreat[t.ID] {
			if e := ev[v.ID]; e != nil {
				c.weaknesses = append(c.weaknesses, e)
			}
			for _, q := range x.vulnQuestions[v.ID] {
				if !c.qs[q] {
					c.qs[q] = true
					qidx = append(qidx, x.qIndex[q.ID])
				}
				for _, ch := range q.Checks {
					checks[ch] = true
				}
			}
		}
		slices.Sort(qidx)
		for _, k := range qidx {
			q := &x.bank.Questions[k]
			ans, ok := x.answers[q.ID]
			if !ok {
				continue
			}
			switch {
			case ans.Value == assessment.Yes:
				c.controls = append(c.controls, AnswerRef{QuestionID: q.ID, Value: ans.Value})
			case isGap(ans.Value):
				c.gapQs++
			}
		}
		for _, ch := range slices.Sorted(maps.Keys(checks)) {
			switch {
			case fails[ch]:
				c.failing++
			case passes[ch]:
				c.passing = append(c.passing, ch)
			}
		}
		c.stores = x.reach(t, stores)
		if e := ev[x.baaVuln]; t.ID == x.baaThreat && e != nil {
			c.vendors = e.vendors
		}
		out = append(out, c)
	}
	return out
}

// storeGroup is the group of an asset or cloud store kind.
func storeGroup(kind string) string {
	switch kind {
	case "ehr":
		return questionnaire.ReachEHR
	case "laptop", "mobile", "removable_media", "backup":
		return questionnaire.ReachDevices
	case "cloud_storage", "s3-bucket", "rds-instance", "rds-cluster", "ebs-volume":
		return questionnaire.ReachCloud
	}
	return questionnaire.ReachOffice
}

// reach lists the stores of ePHI a threat reaches: inventory and cloud
// stores of its groups, then the vendors holding ePHI.
func (x *analysis) reach(t *questionnaire.Threat, stores []EPHIStore) []StoreRef {
	out := make([]StoreRef, 0, len(stores))
	for _, s := range stores {
		if g := storeGroup(s.Kind); t.ReachesGroup(g) {
			out = append(out, StoreRef{Name: s.Name, Group: g, Encrypted: s.Encrypted})
		}
	}
	if t.ReachesGroup(questionnaire.ReachVendors) {
		for _, v := range sortedVendors(x.in.Vendors) {
			if v.HoldsEPHI {
				out = append(out, StoreRef{Name: v.Name, Group: questionnaire.ReachVendors})
			}
		}
	}
	return out
}

// register builds the risk register: one risk per threat that a weakness
// makes possible (a loss or theft threat split into its encrypted and its
// other stores), rated, with the user's overrides applied. Threats without a
// weakness are listed apart. It returns the overrides that match no risk.
func (x *analysis) register(ctxs []*threatContext, nStores int) ([]Risk, []ThreatRef, []assessment.Override) {
	var risks []Risk
	without := []ThreatRef{}
	for _, c := range ctxs {
		if len(c.weaknesses) == 0 {
			if c.catalog {
				without = append(without, ThreatRef{ID: c.t.ID, Name: c.t.Name, Reason: noRiskReason(c)})
			}
			continue
		}
		for _, scope := range scopes(c) {
			risks = append(risks, x.risk(c, scope, nStores))
		}
	}
	stale := applyOverrides(risks, x.in.Overrides)
	slices.SortFunc(risks, compareRisks)
	if risks == nil {
		risks = []Risk{}
	}
	return risks, without, stale
}

func noRiskReason(c *threatContext) string {
	if n := len(c.controls) + len(c.passing); n > 0 {
		return fmt.Sprintf("No weakness found: %d %s against it %s in place.", n, plural(n, "safeguard", "safeguards"), plural(n, "is", "are"))
	}
	return "No weakness found: no applicable question about it was answered no, partial or unknown, and no linked cloud check failed."
}

// scopes splits a loss or theft threat into the stores that are encrypted
// and those that are not (or not known to be); any other threat is one
// risk.
func scopes(c *threatContext) []string {
	if !c.t.EncryptionProtects {
		return []string{""}
	}
	var enc, other bool
	for _, s := range c.stores {
		switch {
		case s.Group == questionnaire.ReachVendors:
		case s.Encrypted == StoreEncrypted:
			enc = true
		default:
			other = true
		}
	}
	var out []string
	if other {
		out = append(out, scopeUnencrypted)
	}
	if enc {
		out = append(out, scopeEncrypted)
	}
	if out == nil {
		out = []string{""}
	}
	return out
}

// risk builds one risk of a threat for one scope.
func (x *analysis) risk(c *threatContext, scope string, nStores int) Risk {
	t := c.t
	r := Risk{
		ID: riskID(t.ID, scope), ThreatID: t.ID, Threat: t.Name, ThreatSource: t.Source, Description: t.Description,
		Scope: scope, Title: t.Name, Controls: c.controls, PassingChecks: c.passing, Reaches: []StoreRef{},
		Sources: Sources{Answers: []AnswerRef{}, Findings: []string{}}, Citations: []string{}, PlanItems: []string{},
		Raised: []string{}, Lowered: []string{},
	}
	switch scope {
	case scopeUnencrypted:
		r.Title += ": stores not known to be encrypted"
	case scopeEncrypted:
		r.Title += ": encrypted stores"
	}
	for _, s := range c.stores {
		if scope == "" || s.Group != questionnaire.ReachVendors && (s.Encrypted == StoreEncrypted) == (scope == scopeEncrypted) {
			r.Reaches = append(r.Reaches, s)
		}
	}
	if r.Controls == nil {
		r.Controls = []AnswerRef{}
	}
	if r.PassingChecks == nil {
		r.PassingChecks = []string{}
	}
	ws := slices.Clone(c.weaknesses)
	slices.SortStableFunc(ws, func(a, b *evidence) int { return boolInt(a.partial()) - boolInt(b.partial()) })
	var cits, names, findings []string
	for _, e := range ws {
		w := e.weakness()
		r.Weaknesses = append(r.Weaknesses, w)
		names = append(names, w.Name)
		for _, a := range e.answers {
			if !slices.Contains(r.Sources.Answers, a) {
				r.Sources.Answers = append(r.Sources.Answers, a)
			}
		}
		findings = append(findings, e.findingIDs...)
		r.Sources.Vendors = append(r.Sources.Vendors, e.vendors...)
		cits = append(cits, e.citations...)
		r.Required = r.Required || e.required
	}
	r.Vulnerability = nameList(names)
	r.Sources.Findings = sortedUnique(findings)
	if r.Sources.Findings == nil {
		r.Sources.Findings = []string{}
	}
	r.Citations = sortedUnique(cits)
	if r.Citations == nil {
		r.Citations = []string{}
	}
	x.rate(&r, c, ws, nStores)
	return r
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compareRisks orders the register: highest level first, then likelihood,
// then impact, then id.
func compareRisks(a, b Risk) int {
	if c := int(b.Level) - int(a.Level); c != 0 {
		return c
	}
	if c := int(b.Likelihood) - int(a.Likelihood); c != 0 {
		return c
	}
	if c := int(b.Impact) - int(a.Impact); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// stepText says how a modifier moves one value, e.g. "likelihood up 1 step".
func stepText(what string, n int) string {
	dir := "up"
	if n < 0 {
		dir, n = "down", -n
	}
	return fmt.Sprintf("%s %s %d %s", what, dir, n, plural(n, "step", "steps"))
}

// applyOverrides sets each risk's effective likelihood, impact and level,
// using the user's override where one exists (the latest by time when a
// risk has several), and returns the overrides that match no risk, by risk
// id.
func applyOverrides(risks []Risk, overrides []assessment.Override) []assessment.Override {
	latest := make(map[string]assessment.Override)
	for _, o := range overrides {
		if cur, ok := latest[o.RiskID]; !ok || overrideLess(cur, o) {
			latest[o.RiskID] = o
		}
	}
	for k := range risks {
		r := &risks[k]
		r.Likelihood, r.Impact = r.DefaultLikelihood, r.DefaultImpact
		if o, ok := latest[r.ID]; ok {
			delete(latest, r.ID)
			if o.Likelihood.Valid() {
				r.Likelihood = o.Likelihood
			}
			if o.Impact.Valid() {
				r.Impact = o.Impact
			}
			r.Override = &o
			r.Basis = append(r.Basis, overrideText(o, r))
		}
		r.Level = RiskLevel(r.Likelihood, r.Impact)
	}
	stale := make([]assessment.Override, 0, len(latest))
	for _, id := range slices.Sorted(maps.Keys(latest)) {
		stale = append(stale, latest[id])
	}
	return stale
}

// overrideText says who changed a rating, to what, and why.
func overrideText(o assessment.Override, r *Risk) string {
	var what []string
	if o.Likelihood.Valid() {
		what = append(what, fmt.Sprintf("likelihood from %s to %s", r.DefaultLikelihood, o.Likelihood))
	}
	if o.Impact.Valid() {
		what = append(what, fmt.Sprintf("impact from %s to %s", r.DefaultImpact, o.Impact))
	}
	who := "The practice"
	if o.By != "" {
		who = o.By
	}
	when := ""
	if !o.At.IsZero() {
		when = " on " + o.At.UTC().Format("2006-01-02")
	}
	text := fmt.Sprintf("%s changed the %s%s, because: %s", who, strings.Join(what, " and the "), when, strings.TrimSpace(o.Reason))
	if o.CarriedForward {
		text += " (carried forward from the earlier assessment and not yet reviewed: confirm or change it)"
	}
	return text
}

// overrideLess orders two overrides of the same risk by time, then by their
// content, so the choice never depends on input order.
func overrideLess(a, b assessment.Override) bool {
	if !a.At.Equal(b.At) {
		return a.At.Before(b.At)
	}
	return fmt.Sprint(a.Likelihood, a.Impact, a.Reason, a.By) < fmt.Sprint(b.Likelihood, b.Impact, b.Reason, b.By)
}

// notAssessed lists the findings the probes could not evaluate.
func (x *analysis) notAssessed() []FindingRef {
	out := []FindingRef{}
	for _, f := range x.findings {
		if f.Status == assessment.Error || f.Status == assessment.NotAssessed {
			out = append(out, FindingRef{ID: f.ID, CheckID: f.CheckID, Status: f.Status, Resource: f.Resource,
				Region: f.Region, ErrorCode: f.ErrorCode, Reason: f.Reason})
		}
	}
	return out
}
