package export

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

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
	if len(r.ReviewNotes) > 0 {
		d.sub("How this assessment was reviewed", 15)
		for _, n := range r.ReviewNotes {
			d.para(n)
		}
	}
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
			d.table([]column{{"Question", 4.4}, {"Answer", 1.15}, {"Note, evidence, decision", 3}, {refTitle, 1.5}}, rows, nil)
		}
		rows = nil
	}
	for _, q := range r.questionsInOrder() {
		if q.Section != section {
			flush()
			section = q.Section
		}
		ref := q.ID
		if len(q.Citations) > 0 {
			ref += "\n" + strings.Join(q.Citations, ", ")
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
		rows = append(rows, []string{q.Text, answer, detail, ref})
	}
	flush()
}
