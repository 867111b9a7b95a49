package export

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

func (d *pdfDoc) register(r *Report) {
	a := r.Analysis
	d.section(secRegister, sectionTitles[secRegister])
	if len(a.Conflicts) > 0 {
		d.box(fmt.Sprintf("CONFLICTS: %s contradicted by the cloud checks", count(len(a.Conflicts), "answer")),
			"The practice's answer and what the automated checks observed disagree. Until each is resolved, the risk is "+
				"rated as if the safeguard were missing. Fix what the checks flag, or correct the answer.", rgb{255, 215, 215})
		rows := make([][]string, 0, len(a.Conflicts))
		for _, c := range a.Conflicts {
			subject := c.QuestionID
			if c.Vendor != "" {
				subject = "Vendor " + c.Vendor
			}
			rows = append(rows, []string{"CONFLICT\n" + subject, strings.ToUpper(humanize(string(c.Answer))), c.Detail, c.Action})
		}
		d.table([]column{{"Conflict", 1.8}, {"Answer", 0.9}, {"What the checks observed", 4}, {"What to do", 2.6}}, rows,
			func(int) *rgb { return &rgb{255, 235, 235} })
	}
	if len(a.Risks) == 0 {
		d.para("No risks were raised: every applicable safeguard is answered as in place and no cloud check failed.")
		return
	}
	d.para("Each row pairs a threat with a weakness that could let it happen. Likelihood and impact are on the NIST five-level " +
		"scale; the level comes from Table I-2. Where someone changed a rating, the original and the reason are shown.")
	rows := make([][]string, 0, len(a.Risks))
	for _, k := range a.Risks {
		threat := k.ID + "\n" + k.Threat
		if k.ThreatSource != "" {
			threat += " (" + k.ThreatSource + ")"
		}
		controls := controlsText(k.Controls)
		rating := strings.Join(k.Basis, " ")
		if k.Override != nil {
			rating = fmt.Sprintf("OVERRIDDEN from likelihood %s, impact %s: %s", k.DefaultLikelihood, k.DefaultImpact, k.Override.Reason)
			if k.Override.By != "" {
				rating += " (" + k.Override.By + ", " + dateOf(k.Override.At) + ")"
			}
		}
		vuln := k.Vulnerability
		if src := sourceText(k.Sources); src != "" {
			vuln += "\nRaised by: " + src
		}
		rows = append(rows, []string{threat, vuln, controls, k.Likelihood.String(), k.Impact.String(), k.Level.String(), rating})
	}
	d.table([]column{{"Risk and threat", 2.7}, {"Vulnerability", 2.4}, {"Existing controls", 2.3}, {"Likelihood", 1.25}, {"Impact", 1.05},
		{"Level", 1.05}, {"How it was rated", 3.3}}, rows, d.levelShade(rows, 5))
}

// controlsText lists the first few safeguards in place against a risk; the
// appendix has every answer.
func controlsText(refs []scoring.AnswerRef) string {
	const shown = 4
	if len(refs) == 0 {
		return "None recorded"
	}
	names := answerRefs(refs[:min(len(refs), shown)])
	if len(refs) > shown {
		names = append(names, fmt.Sprintf("and %d more (see the appendix)", len(refs)-shown))
	}
	return strings.Join(names, "\n")
}

// sourceText lists what raised a risk.
func sourceText(s scoring.Sources) string {
	parts := answerRefs(s.Answers)
	if n := len(s.Findings); n > 0 {
		parts = append(parts, count(n, "cloud finding"))
	}
	for _, v := range s.Vendors {
		parts = append(parts, "vendor "+v+" without agreement")
	}
	return strings.Join(parts, "; ")
}

func (d *pdfDoc) plan(r *Report) {
	a := r.Analysis
	d.section(secPlan, sectionTitles[secPlan])
	if len(a.Plan) == 0 {
		d.para("Nothing needs remediation.")
		return
	}
	d.para("Items are ordered by priority (1 is most urgent). Each closes the weakness behind one or more risks in the register; " +
		"the last column is the level expected once the action is done.")
	rows := make([][]string, 0, len(a.Plan))
	for _, p := range a.Plan {
		item := p.ID + "\n" + p.Vulnerability
		if p.Required {
			item += "\n(required specification)"
		}
		action := strings.Join(p.Actions, "\n")
		if p.Note != "" {
			action += "\nNote: " + p.Note
		}
		rows = append(rows, []string{fmt.Sprint(p.Priority), item, action, orDash(p.Owner), orDash(p.Due),
			strings.ToUpper(humanize(string(p.Status))), p.Level.String() + " -> " + p.ResidualLevel.String()})
	}
	d.table([]column{{"Priority", 0.8}, {"Item", 2.2}, {"Action", 3.3}, {"Owner", 1.3}, {"Due", 1.35}, {"Status", 1.5}, {"Level now -> expected", 1.4}},
		rows, nil)
}

func (d *pdfDoc) history(r *Report) {
	a := r.Analysis
	d.section(secHistory, sectionTitles[secHistory])
	d.sub("Assessments of this practice", 25)
	rows := [][]string{}
	add := func(date, status string, by []scoring.LevelCount) {
		row := []string{date, status}
		for i := 4; i >= 0; i-- {
			row = append(row, fmt.Sprint(levelCount(by, assessment.Levels[i])))
		}
		rows = append(rows, row)
	}
	for _, h := range r.History {
		add(dateOf(h.Date), h.Status, h.ByLevel)
	}
	add(dateOf(r.CreatedAt)+" (this one)", r.Status, a.Summary.ByLevel)
	d.table([]column{{"Date", 1.6}, {"Status", 1}, {"Very High", 1}, {"High", 1}, {"Moderate", 1}, {"Low", 1}, {"Very Low", 1}}, rows, nil)
	if len(r.History) == 0 {
		d.para("This is the first assessment of the practice recorded by this tool.")
	}

	d.sub("Audit trail", 25)
	verdict := "VERIFIED: the hash chain is intact and replays to exactly the stored data, so no recorded change was altered or removed, and nothing was changed outside hipaarisk."
	if !r.Audit.Verified {
		verdict = "NOT VERIFIED: " + orDefault(strings.Join(r.Audit.Problems, "; "), orDefault(r.Audit.Problem, "the hash chain could not be checked."))
	}
	d.keyValues(48, [][2]string{
		{"Recorded changes", fmt.Sprint(r.Audit.Rows)},
		{"First change", timeOf(r.Audit.First)},
		{"Last change", timeOf(r.Audit.Last)},
		{"Integrity check", verdict},
	})
	d.sub("Next review", 15)
	d.para(fmt.Sprintf("Review this analysis by %s, and sooner after any significant change: a new system or vendor, a move, "+
		"a security incident, or a change in the law.", orDash(a.Summary.NextReview)))
}

func (d *pdfDoc) signOff(r *Report) {
	f := d.f
	d.section(secSignOff, sectionTitles[secSignOff])
	d.para("I have reviewed this risk analysis and risk management plan and approve the plan's actions, owners and due dates.")
	f.Ln(8)
	d.keyValues(30, [][2]string{{"Name", orDefault(r.SignOff.Name, "")}, {"Title", orDefault(r.SignOff.Title, "")}})
	for _, label := range []string{"Signature", "Date"} {
		f.Ln(14)
		y := f.GetY()
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(0.3)
		f.Line(marginX+30, y, marginX+130, y)
		f.SetXY(marginX, y-5)
		f.SetFont(sans, "B", bodySize)
		f.CellFormat(30, 5, label, "", 1, "L", false, 0, "")
	}
	d.body()
}

func (d *pdfDoc) appendix(r *Report) {
	d.section(secAppendix, sectionTitles[secAppendix])
	hidden := map[string]string{}
	for _, h := range r.Analysis.Completeness.Hidden {
		hidden[h.QuestionID] = h.Reason
	}
	var rows [][]string
	section := ""
	flush := func() {
		if len(rows) > 0 {
			d.sub(orDefault(r.sectionTitle(section), "Answers to questions no longer asked"), 25)
			d.table([]column{{"Question", 2.1}, {"Text", 3.7}, {"Answer", 1.15}, {"Note, evidence, decision", 3}}, rows, nil)
		}
		rows = nil
	}
	for _, q := range r.questionsInOrder() {
		if q.Section != section {
			flush()
			section = q.Section
		}
		id := q.ID
		if len(q.Citations) > 0 {
			id += "\n" + strings.Join(q.Citations, ", ")
		}
		a, ok := r.Answers[q.ID]
		answer, detail := "NOT ANSWERED", ""
		switch {
		case ok:
			if a.Value != "" {
				answer = strings.ToUpper(humanize(string(a.Value)))
			}
			if a.CarriedForward {
				answer += " (carried forward, not yet reviewed)"
			}
			if a.Flagged {
				answer += " (flagged)"
			}
			var parts []string
			if a.Note != "" {
				parts = append(parts, a.Note)
			}
			if a.Evidence != "" {
				parts = append(parts, "Evidence: "+a.Evidence)
			}
			if a.Decision != nil {
				parts = append(parts, "Decision ("+decisionText(a.Decision.Kind)+"): "+a.Decision.Justification)
			}
			switch {
			case a.By != "" && a.Value == "":
				parts = append(parts, "Noted by "+a.By+", "+dateOf(a.At))
			case a.By != "":
				parts = append(parts, "Answered by "+a.By+", "+dateOf(a.At))
			}
			detail = strings.Join(parts, "\n")
		case hidden[q.ID] != "":
			answer, detail = "NOT APPLICABLE", hidden[q.ID]
		}
		rows = append(rows, []string{id, q.Text, answer, detail})
	}
	flush()
}
