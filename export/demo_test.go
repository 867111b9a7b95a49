package export

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDemoRegisterAcceptance checks the demo practice's register, conflicts
// and plan: a register a small practice can act on, conflicts only where a
// question links the failing check, and a plan traceable both ways.
func TestDemoRegisterAcceptance(t *testing.T) {
	r := sampleReport(t, 0)
	a := r.Analysis
	if n := len(a.Risks); n < 20 || n > 60 {
		t.Errorf("%d risks, want 20 to 60", n)
	}
	threats := map[string]bool{}
	for _, k := range a.Risks[:min(5, len(a.Risks))] {
		threats[k.ThreatID] = true
	}
	if len(threats) != 5 {
		t.Errorf("the top five risks are %d different threats, want 5", len(threats))
	}
	for _, c := range a.Conflicts {
		if c.QuestionID == "" {
			continue
		}
		q, ok := r.Bank.Question(c.QuestionID)
		if !ok {
			t.Fatalf("conflict %s: unknown question", c.ID)
		}
		for _, check := range c.Checks {
			if !slices.Contains(q.Checks, check) {
				t.Errorf("conflict %s pairs the answer with check %s, which the question does not link", c.ID, check)
			}
		}
	}
	actions := map[string]string{}
	for _, p := range a.Plan {
		for _, act := range p.Actions {
			if other, dup := actions[act]; dup {
				t.Errorf("plan items %s and %s share the action %q", other, p.ID, act)
			}
			actions[act] = p.ID
		}
	}

	text := pdfText(t, writePDF(t, r), "-layout")
	text = strings.Join(strings.Fields(text), " ")
	register := between(text, "6. Risk register", "7. Risk management plan")
	plan := between(text, "7. Risk management plan", "8. History and periodic review")
	starts := map[string]int{}
	var pos []int
	for _, k := range a.Risks {
		at := strings.Index(register, k.ID+" "+strings.Fields(k.Title)[0])
		if at < 0 {
			t.Errorf("risk %s has no heading in the PDF register", k.ID)
			continue
		}
		starts[k.ID] = at
		pos = append(pos, at)
	}
	slices.Sort(pos)
	for _, k := range a.Risks {
		at, ok := starts[k.ID]
		if !ok {
			continue
		}
		end := len(register)
		if i := slices.Index(pos, at); i+1 < len(pos) {
			end = pos[i+1]
		}
		block := register[at:end]
		if len(k.PlanItems) == 0 || !strings.Contains(block, "Plan items") {
			t.Errorf("risk %s shows no plan item in the PDF", k.ID)
		}
		for _, id := range k.PlanItems {
			if !strings.Contains(block, id) {
				t.Errorf("risk %s: plan item %s not shown with it in the PDF", k.ID, id)
			}
		}
	}
	ids := regexp.MustCompile(`\bP-[a-z0-9-]+\b`)
	for _, p := range a.Plan {
		at := strings.Index(plan, p.ID+" ")
		if at < 0 {
			t.Errorf("plan item %s not in the PDF plan", p.ID)
			continue
		}
		rest := plan[at+len(p.ID):]
		if loc := ids.FindStringIndex(rest); loc != nil {
			rest = rest[:loc[0]]
		}
		if len(p.Risks)+len(p.Gaps) == 0 {
			t.Errorf("plan item %s reduces no risk or gap", p.ID)
		}
		for _, id := range append(slices.Clone(p.Risks), p.Gaps...) {
			if !strings.Contains(rest, id) {
				t.Errorf("plan item %s: %s not shown with it in the PDF", p.ID, id)
			}
		}
	}
	for _, bad := range []string{"Moderat e", "Very Hig h"} {
		if strings.Contains(text, bad) {
			t.Errorf("a level name is split: %q", bad)
		}
	}
}

// between returns the text after the last occurrence of from (the contents
// page names every section once before) up to the following to.
func between(text, from, to string) string {
	i := strings.LastIndex(text, from)
	if i < 0 {
		return ""
	}
	rest := text[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}
