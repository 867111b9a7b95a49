package export

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// register prints the conflicts, then the risk register grouped by threat:
// each risk once, with the stores it reaches, the weaknesses behind it, the
// reasons for its level and the plan items that reduce it, then the
// compliance gaps.
func (d *pdfDoc) register(r *Report) {
	a := r.Analysis
	d.section(secRegister, sectionTitles[secRegister])
	d.conflicts(r)
	if len(a.Risks) == 0 {
		d.para("No risks were raised: every applicable safeguard is answered as in place and no cloud check failed.")
	} else {
		d.para(fmt.Sprintf("Each risk is a threat scenario against the practice's ePHI: the threat, the stores of ePHI it can reach and the "+
			"weaknesses that make it possible here. Likelihood starts from the threat's base rate for a practice of this profile and moves "+
			"with the weaknesses found and the safeguards in place; impact follows from the stores it reaches. The level comes from NIST "+
			"SP 800-30 Table I-2. Risks at or below the practice's risk tolerance (%s) are marked; every other risk has plan items in "+
			"section %d, found there by the ids shown here.", a.RiskTolerance, secPlan))
		for _, group := range byThreat(a.Risks) {
			for _, k := range group {
				d.riskBlock(r, k)
			}
		}
	}
	if len(a.ThreatsWithoutRisk) > 0 {
		d.sub("Threats considered that raise no risk", 20)
		var rows [][]string
		for _, t := range a.ThreatsWithoutRisk {
			rows = append(rows, []string{t.Name, t.Reason})
		}
		d.table([]column{{"Threat", 1}, {"Why it raises no risk", 2.5}}, rows, nil)
	}
	d.gaps(r)
}

// byThreat groups the register by threat, in register order of each
// threat's highest risk.
func byThreat(risks []scoring.Risk) [][]scoring.Risk {
	var order []string
	groups := map[string][]scoring.Risk{}
	for _, k := range risks {
		if _, ok := groups[k.ThreatID]; !ok {
			order = append(order, k.ThreatID)
		}
		groups[k.ThreatID] = append(groups[k.ThreatID], k)
	}
	out := make([][]scoring.Risk, 0, len(order))
	for _, t := range order {
		out = append(out, groups[t])
	}
	return out
}

// riskBlock prints one risk as a short titled block.
func (d *pdfDoc) riskBlock(r *Report, k scoring.Risk) {
	f := d.f
	d.ensure(45)
	f.Ln(1)
	fill := levelFill[int(k.Level)]
	d.fill(fill)
	f.SetFont(sans, "B", 10.5)
	d.color(black)
	head := fmt.Sprintf("%s  %s", k.ID, k.Title)
	lvl := fmt.Sprintf("%s (likelihood %s, impact %s)", k.Level, k.Likelihood, k.Impact)
	lw := f.GetStringWidth(lvl) + 4
	f.CellFormat(contentW-lw, 6.5, d.fit(head, contentW-lw), "", 0, "L", true, 0, "")
	f.CellFormat(lw, 6.5, lvl, "", 1, "R", true, 0, "")
	f.Ln(1)
	var kv [][2]string
	if k.Description != "" {
		kv = append(kv, [2]string{"Scenario", k.Description})
	}
	kv = append(kv, [2]string{"Reaches", reachText(k.Reaches)})
	var ws []string
	for _, w := range k.Weaknesses {
		ws = append(ws, w.Name+" ("+w.Summary+")")
	}
	kv = append(kv, [2]string{"Weaknesses", strings.Join(ws, "\n")})
	var why []string
	for _, b := range k.Basis {
		if !strings.HasPrefix(b, "What makes it possible here") { // the weaknesses are listed above
			why = append(why, b)
		}
	}
	kv = append(kv, [2]string{"Why this level", strings.Join(why, "\n")})
	kv = append(kv, [2]string{"In place", r.controlsText(k)})
	plan := strings.Join(k.PlanItems, ", ")
	if k.WithinTolerance {
		plan += fmt.Sprintf(" (within the practice's risk tolerance, %s)", r.Analysis.RiskTolerance)
	}
	kv = append(kv, [2]string{"Plan items", plan})
	if len(k.Citations) > 0 {
		kv = append(kv, [2]string{"45 CFR", strings.Join(k.Citations, ", ")})
	}
	d.keyValues(28, kv)
}

// reachText names the stores a risk reaches with their encryption.
func reachText(stores []scoring.StoreRef) string {
	if len(stores) == 0 {
		return "No recorded store of ePHI of the kind it reaches."
	}
	var parts []string
	for i, s := range stores {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("and %d more", len(stores)-8))
			break
		}
		switch s.Encrypted {
		case scoring.StoreEncrypted:
			parts = append(parts, s.Name+" (encrypted)")
		case scoring.StoreNotEncrypted:
			parts = append(parts, s.Name+" (not encrypted)")
		case scoring.StoreUnknown:
			parts = append(parts, s.Name+" (encryption unknown)")
		default:
			parts = append(parts, s.Name+" (vendor)")
		}
	}
	return strings.Join(parts, "; ")
}

// controlsText names the first safeguards in place against a risk by their
// question, with the passing checks counted.
func (r *Report) controlsText(k scoring.Risk) string {
	const shown = 3
	var out []string
	for i, c := range k.Controls {
		if i == shown {
			out = append(out, fmt.Sprintf("and %d more answered yes (see the appendix)", len(k.Controls)-shown))
			break
		}
		out = append(out, r.questionText(c.QuestionID)+" Yes.")
	}
	if n := len(k.PassingChecks); n > 0 {
		out = append(out, fmt.Sprintf("%d cloud %s passing: %s", n, plural(n, "check", "checks"), strings.Join(k.PassingChecks, ", ")))
	}
	if len(out) == 0 {
		return "Nothing recorded."
	}
	return strings.Join(out, "\n")
}

// questionText is a question's text with its id for reference.
func (r *Report) questionText(id string) string {
	if r.Bank != nil {
		if q, ok := r.Bank.Question(id); ok {
			return q.Text + " [" + id + "]"
		}
	}
	return id
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// conflicts prints the answers contradicted by the question's own checks.
func (d *pdfDoc) conflicts(r *Report) {
	a := r.Analysis
	if len(a.Conflicts) == 0 {
		return
	}
	d.box(fmt.Sprintf("CONFLICTS: %s contradicted by the cloud checks", count(len(a.Conflicts), "answer")),
		"Each answer below says a safeguard is in place, while a cloud check that the question itself relies on failed. "+
			"Until each is resolved, the weakness counts as present. Verify what the last column says, then fix the resource or correct the answer.",
		rgb{255, 215, 215})
	rows := make([][]string, 0, len(a.Conflicts))
	for _, c := range a.Conflicts {
		subject := r.questionText(c.QuestionID) + "\nAnswer: YES"
		if c.Vendor != "" {
			subject = "Vendor list: " + c.Vendor + " signed a business associate agreement"
		}
		rows = append(rows, []string{subject, c.Detail, strings.Join(c.Resources, "\n"), c.Action})
	}
	d.table([]column{{"Answer", 2.6}, {"What the check found", 3}, {"Resource", 2.2}, {"What to verify", 3}}, rows,
		func(int) *rgb { return &rgb{255, 235, 235} })
}

// gaps prints the governance gaps.
func (d *pdfDoc) gaps(r *Report) {
	a := r.Analysis
	if len(a.Gaps) == 0 {
		return
	}
	d.sub("Compliance gaps in security management", 30)
	d.para("These are standards of the security management process that are not met. They do not make any one threat more " +
		"likely, so they are not part of the ratings above; they are required by the Security Rule and each has its own plan item.")
	rows := make([][]string, 0, len(a.Gaps))
	for _, g := range a.Gaps {
		var shown []string
		for _, ans := range g.Answers {
			shown = append(shown, r.questionText(ans.QuestionID)+" "+strings.ToUpper(humanize(string(ans.Value))))
		}
		name := g.ID + "\n" + g.Name
		if g.Partial {
			name += "\n(partly met)"
		}
		rows = append(rows, []string{name, strings.Join(shown, "\n"), strings.Join(g.Citations, ", "), strings.Join(g.PlanItems, ", ")})
	}
	d.table([]column{{"Gap", 2.2}, {"Answers that show it", 4.5}, {"45 CFR", 1.3}, {"Plan item", 1.5}}, rows, nil)
}

// plan prints the risk management plan: one row per item with the risks and
// gaps it reduces, so a reader can go from any risk to its items and back.
func (d *pdfDoc) plan(r *Report) {
	a := r.Analysis
	d.section(secPlan, sectionTitles[secPlan])
	if len(a.Plan) == 0 {
		d.para("Nothing needs remediation.")
		return
	}
	d.para(fmt.Sprintf("The plan covers every risk above the practice's risk tolerance (%s) and every compliance gap. Items are ordered by "+
		"priority (1 is most urgent; at most five items are priority 1, ten priority 2 and fifteen priority 3, the ones that reduce the "+
		"most risk first). Each item names the risks (R-) and gaps (G-) it reduces, so any risk in section %d can be followed here and "+
		"back. The last column is the level now and the level expected once the item is done, or the level the practice assessed "+
		"after doing it.", a.RiskTolerance, secRegister))
	prio := 0
	for _, p := range a.Plan {
		if p.Priority != prio {
			prio = p.Priority
			d.sub(fmt.Sprintf("Priority %d", prio), 30)
		}
		d.planBlock(p)
	}
}

// planBlock prints one plan item as a short titled block.
func (d *pdfDoc) planBlock(p scoring.PlanItem) {
	f := d.f
	d.ensure(30)
	f.Ln(1)
	d.fill(rgb{225, 232, 242})
	f.SetFont(sans, "B", 10)
	d.color(black)
	status := strings.ToUpper(humanize(string(p.Status)))
	right := fmt.Sprintf("%s, due %s", status, orDash(p.Due))
	rw := f.GetStringWidth(right) + 4
	f.CellFormat(contentW-rw, 6, d.fit(p.ID+"  "+p.Vulnerability, contentW-rw), "", 0, "L", true, 0, "")
	f.CellFormat(rw, 6, right, "", 1, "R", true, 0, "")
	f.Ln(0.5)
	kv := [][2]string{{"What to do", strings.Join(p.Actions, "\n")}, {"Owner", orDash(p.Owner)}}
	if len(p.Risks) > 0 {
		kv = append(kv, [2]string{"Reduces risks", strings.Join(p.Risks, ", ")})
	}
	if len(p.Gaps) > 0 {
		kv = append(kv, [2]string{"Closes gaps", strings.Join(p.Gaps, ", ")})
	}
	now, after := p.Level.String(), p.ResidualLevel.String()
	switch {
	case !p.Level.Valid():
		kv = append(kv, [2]string{"Level", "Compliance gap: met once the item is done."})
	case p.ResidualAssessed:
		kv = append(kv, [2]string{"Level", fmt.Sprintf("%s now; %s as assessed by the practice after the work.", now, after)})
	default:
		kv = append(kv, [2]string{"Level", fmt.Sprintf("%s now; %s expected once this item is done.", now, after)})
	}
	if p.Required {
		kv = append(kv, [2]string{"Rule", "Closes a required specification of the Security Rule."})
	}
	switch p.Status {
	case assessment.Accepted:
		kv = append(kv, [2]string{"Accepted", fmt.Sprintf("%s Approved by %s; review by %s.", orDash(p.Reason), orDash(p.Approver), orDash(p.Review))})
	case assessment.Done:
		kv = append(kv, [2]string{"Done", fmt.Sprintf("Completed %s. Evidence: %s", orDash(p.Completed), orDash(p.Evidence))})
	}
	if p.Note != "" {
		kv = append(kv, [2]string{"Note", p.Note})
	}
	if len(p.Flags) > 0 {
		kv = append(kv, [2]string{"ATTENTION", strings.Join(p.Flags, "\n")})
	}
	d.keyValues(28, kv)
}
