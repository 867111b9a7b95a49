package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// Numbered sections of the PDF, in order.
const (
	secSummary = iota + 1
	secMethod
	secInventory
	secSafeguards
	secCloud
	secRegister
	secPlan
	secHistory
	secSignOff
	secAppendix
)

var sectionTitles = []string{
	secSummary:    "Executive summary",
	secMethod:     "Scope and methodology",
	secInventory:  "Inventories of ePHI",
	secSafeguards: "Safeguards",
	secCloud:      "Automated cloud evidence",
	secRegister:   "Risk register",
	secPlan:       "Risk management plan",
	secHistory:    "History and periodic review",
	secSignOff:    "Sign-off",
	secAppendix:   "Appendix: every question and answer",
}

type pdfWriter struct{}

// Write renders the report twice: the first pass learns on which page each
// section starts and how many pages there are, the second prints them in
// the contents and the footers.
func (pdfWriter) Write(w io.Writer, r *Report) error {
	first, err := renderPDF(r, layout{})
	if err != nil {
		return err
	}
	d, err := renderPDF(r, first.cur)
	if err != nil {
		return err
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

func renderPDF(r *Report, prev layout) (*pdfDoc, error) {
	title := "HIPAA security risk analysis - " + r.Practice
	d := newPDFDoc(r.Practice, !r.Final(), prev, r.Generated, [3]string{title, r.Assessor, "hipaarisk " + r.ToolVersion})
	d.f.SetKeywords(Stamp(r.AssessmentID, r.Digest), false)
	d.cover(r)
	d.contents()
	d.summary(r)
	d.method(r)
	d.inventories(r)
	d.safeguards(r)
	d.cloud(r)
	d.register(r)
	d.plan(r)
	d.history(r)
	d.signOff(r)
	d.appendix(r)
	return d, d.finish()
}

func (d *pdfDoc) cover(r *Report) {
	f := d.f
	f.AddPage()
	f.Bookmark("Cover", 0, -1)
	f.SetY(38)
	f.SetFont(sans, "B", 24)
	d.color(headFill)
	f.MultiCell(contentW, 11, "HIPAA Security Risk Analysis and Risk Management Plan", "", "L", false)
	f.Ln(4)
	f.SetFont(sans, "B", 17)
	d.color(black)
	f.MultiCell(contentW, 8, d.wrap(r.Practice, contentW), "", "L", false)
	f.Ln(6)
	d.body()
	digest := r.Digest
	if digest == "" {
		digest = "not recorded"
	}
	d.keyValues(42, [][2]string{
		{"Address", orDash(r.Profile.Address)},
		{"Assessor", orDash(r.Assessor)},
		{"Report date", dateOf(r.Generated)},
		{"Assessment started", dateOf(r.CreatedAt)},
		{"Status", r.statusLine()},
		{"Report digest", "SHA-256 " + digest},
		{"Security Rule", "45 CFR Part 164, Subpart C (164.308, 164.310, 164.312, 164.314, 164.316)"},
	})
	f.SetFont(sans, "I", smallSize)
	d.color(grey)
	f.MultiCell(contentW, 4, d.wrap("The digest is a fingerprint of every answer, inventory entry, cloud finding and decision "+
		"behind this report. Recomputing it from the assessment file shows whether anything changed after the report was produced.", contentW), "", "L", false)
	f.Ln(6)
	d.body()
	if r.Audit.Modified || len(r.Audit.Problems) > 0 {
		title := "DATA CHANGED OUTSIDE HIPAARISK"
		if r.Audit.Modified {
			title = "MODIFIED AFTER FINALIZATION"
		}
		d.box(title, "The assessment file was changed after it was recorded, so this report may not show what was assessed. "+
			"What was found:\n- "+strings.Join(firstN(r.Audit.Problems, 6), "\n- "), rgb{255, 205, 205})
	}
	if len(r.Analysis.MissingBAAs) > 0 {
		var names []string
		for _, m := range r.Analysis.MissingBAAs {
			names = append(names, "- "+joinNonEmpty(" - ", m.Vendor, m.Service))
		}
		d.box("ATTENTION: missing business associate agreements",
			"These vendors create, receive, keep or send ePHI for the practice but have no signed business associate "+
				"agreement (45 CFR 164.308(b), 164.314(a)). Sign one before sharing more ePHI with them:\n"+strings.Join(names, "\n"),
			rgb{255, 225, 205})
	}
	f.SetY(pageH - marginBot - 22)
	f.SetFont(sans, "B", 14)
	f.CellFormat(contentW, 8, "CONFIDENTIAL", "", 2, "C", false, 0, "")
	f.SetFont(sans, "", smallSize)
	f.MultiCell(contentW, 4, d.wrap("This report describes security weaknesses of the practice. Share it only with people who need it.", contentW), "", "C", false)
	d.body()
}

func (d *pdfDoc) contents() {
	f := d.f
	f.AddPage()
	f.Bookmark("Contents", 0, -1)
	f.SetFont(sans, "B", 16)
	d.color(headFill)
	f.CellFormat(contentW, 10, "Contents", "", 1, "L", false, 0, "")
	f.Ln(3)
	f.SetFont(sans, "", 11)
	d.color(black)
	for n := 1; n < len(sectionTitles); n++ {
		page := "-"
		if n-1 < len(d.prev.sectionPage) {
			page = fmt.Sprint(d.prev.sectionPage[n-1])
		}
		label := fmt.Sprintf("%d. %s", n, sectionTitles[n])
		lw := f.GetStringWidth(label) + 2
		f.CellFormat(lw, 8, label, "", 0, "L", false, 0, "")
		dots := strings.Repeat(".", max(0, int((contentW-lw-14)/f.GetStringWidth("."))))
		d.color(grey)
		f.CellFormat(contentW-lw-14, 8, dots, "", 0, "R", false, 0, "")
		d.color(black)
		f.CellFormat(14, 8, page, "", 1, "R", false, 0, "")
	}
}

func (d *pdfDoc) summary(r *Report) {
	a := r.Analysis
	s := a.Summary
	d.section(secSummary, sectionTitles[secSummary])
	d.para(r.posture())
	d.para(a.SafeHarbor.Sentence)
	d.para(fmt.Sprintf("Questionnaire: %d of %d applicable questions answered (%.1f%%). Areas for review (answers of no, partial or "+
		"unknown, or flagged): %d. Next review due: %s.", s.Completeness.Answered, s.Completeness.Applicable, s.Completeness.Percent,
		len(a.Completeness.Review), orDash(s.NextReview)))
	for _, n := range r.ReviewNotes {
		d.para(n)
	}

	d.sub("Risks by level", 40)
	var labels []string
	var values []float64
	var fills []rgb
	maxV := 0.0
	for _, c := range s.ByLevel {
		labels = append(labels, c.Level.String())
		values = append(values, float64(c.Count))
		fills = append(fills, levelFill[int(c.Level)])
		maxV = max(maxV, float64(c.Count))
	}
	d.hbars(labels, values, "", maxV, fills)

	d.sub("Top five risks", 30)
	var rows [][]string
	for i, k := range s.TopRisks {
		if i == 5 {
			break
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), k.Threat, k.Vulnerability, k.Likelihood.String(), k.Impact.String(), k.Level.String()})
	}
	if len(rows) == 0 {
		d.para("No risks were raised.")
	} else {
		d.table([]column{{"#", 0.4}, {"Threat", 3}, {"Vulnerability", 3}, {"Likelihood", 1.2}, {"Impact", 1.2}, {"Level", 1.2}},
			rows, d.levelShade(rows, 5))
	}

	d.sub("Compliance per safeguard", 60)
	rows = nil
	labels, values, fills = nil, nil, nil
	for _, c := range s.Safeguards {
		pct := metPercent(c)
		name := strings.ToUpper(string(c.Safeguard[:1])) + string(c.Safeguard[1:])
		rows = append(rows, []string{name, fmt.Sprint(c.Citations), fmt.Sprint(c.Met), fmt.Sprint(c.PartiallyMet), fmt.Sprint(c.NotMet),
			fmt.Sprint(c.NotApplicable), fmt.Sprint(c.NotAnswered), fmt.Sprintf("%.0f%%", pct)})
		labels = append(labels, name+" - met")
		values = append(values, pct)
		fills = append(fills, rgb{120, 160, 210})
	}
	d.table([]column{{"Safeguard", 2.2}, {"Citations", 1}, {"Met", 1}, {"Partly met", 1}, {"Not met", 1}, {"Not applicable", 1.2},
		{"Not answered", 1.2}, {"Met (of applicable)", 1.3}}, rows, nil)
	d.hbars(labels, values, "%", 100, fills)

	d.sub("Heat map: likelihood x impact", 70)
	d.heatMap(a.Risks)
}

// metPercent is the share of applicable citations that are met.
func metPercent(c scoring.SafeguardCompliance) float64 {
	n := c.Citations - c.NotApplicable
	if n <= 0 {
		return 100
	}
	return 100 * float64(c.Met) / float64(n)
}

// levelShade colours each row by the level named in column col, which is
// always printed in the row as text.
func (d *pdfDoc) levelShade(rows [][]string, col int) func(int) *rgb {
	return func(i int) *rgb {
		l, err := assessment.ParseLevel(rows[i][col])
		if err != nil {
			return nil
		}
		c := levelFill[int(l)]
		return &c
	}
}

// heatMap draws the 5x5 likelihood x impact grid with the number of risks in
// each cell and the cell's level from Table I-2 written in it.
func (d *pdfDoc) heatMap(risks []scoring.Risk) {
	f := d.f
	var counts [6][6]int
	for _, k := range risks {
		if k.Likelihood.Valid() && k.Impact.Valid() {
			counts[k.Likelihood][k.Impact]++
		}
	}
	const labelW, cellW, cellH = 30.0, 28.0, 12.0
	d.ensure(6*cellH + 12)
	x0, y0 := marginX+8, f.GetY()
	f.SetFont(sans, "B", smallSize)
	f.SetXY(x0+labelW, y0)
	f.CellFormat(5*cellW, 5, "Impact", "", 0, "C", false, 0, "")
	y0 += 5
	for i, imp := range assessment.Levels {
		f.SetXY(x0+labelW+float64(i)*cellW, y0)
		f.CellFormat(cellW, 5, imp.String(), "", 0, "C", false, 0, "")
	}
	y0 += 5
	f.TransformBegin()
	f.TransformRotate(90, marginX+4, y0+2.5*cellH)
	f.SetXY(marginX+4-15, y0+2.5*cellH-2.5)
	f.CellFormat(30, 5, "Likelihood", "", 0, "C", false, 0, "")
	f.TransformEnd()
	f.SetDrawColor(60, 60, 60)
	f.SetLineWidth(0.3)
	for row := 0; row < 5; row++ {
		lik := assessment.Levels[4-row]
		y := y0 + float64(row)*cellH
		f.SetFont(sans, "B", smallSize)
		f.SetXY(x0, y)
		f.CellFormat(labelW, cellH, lik.String(), "", 0, "R", false, 0, "")
		for col, imp := range assessment.Levels {
			lvl := scoring.RiskLevel(lik, imp)
			x := x0 + labelW + float64(col)*cellW
			d.fill(levelFill[int(lvl)])
			f.Rect(x, y, cellW, cellH, "FD")
			f.SetFont(sans, "B", 11)
			f.SetXY(x, y+1.2)
			f.CellFormat(cellW, 5.5, fmt.Sprint(counts[lik][imp]), "", 0, "C", false, 0, "")
			f.SetFont(sans, "", 6.5)
			f.SetXY(x, y+6.5)
			f.CellFormat(cellW, 4, "level: "+lvl.String(), "", 0, "C", false, 0, "")
		}
	}
	f.SetXY(marginX, y0+5*cellH+3)
	d.note("Each cell shows how many risks have that likelihood and impact, and the level of risk the combination gives " +
		"under NIST SP 800-30 Table I-2.")
}

func (d *pdfDoc) method(r *Report) {
	d.section(secMethod, sectionTitles[secMethod])
	d.sub("Scope", 20)
	d.para(orDefault(r.Scope, "All electronic protected health information (ePHI) the practice creates, receives, maintains or transmits."))
	p := r.Profile
	d.keyValues(48, [][2]string{
		{"Providers / staff", fmt.Sprintf("%d / %d", p.Providers, p.Staff)},
		{"Locations", fmt.Sprint(p.Locations)},
		{"EHR", ehrText(p)},
		{"Cloud services", orDash(strings.Join(p.CloudServices, ", "))},
		{"Remote work", yesNo(p.RemoteWork)},
		{"Laptops or mobile devices", yesNo(p.PortableDevices)},
		{"Clearinghouse functions", yesNo(p.Clearinghouse)},
		{"Group health plan", yesNo(p.GroupHealthPlan)},
	})

	d.sub("How this analysis meets the HHS guidance", 40)
	d.para("HHS guidance on risk analysis (2010) lists nine elements a risk analysis should cover. " +
		"This table shows where each one is found in this report.")
	ref := func(n int) string { return fmt.Sprintf("Section %d, %s", n, sectionTitles[n]) }
	d.table([]column{{"Element", 1.4}, {"What it asks for", 3}, {"Where this report covers it", 2.2}}, [][]string{
		{"1. Scope", "All ePHI the practice creates, receives, maintains or transmits, on every kind of media.", ref(secMethod) + " (Scope)"},
		{"2. Data collection", "Where ePHI is stored, received, kept and sent: systems, devices, vendors, cloud.", ref(secInventory) + "; " + ref(secCloud)},
		{"3. Threats and vulnerabilities", "Reasonably anticipated threats and the weaknesses they could exploit.", ref(secRegister)},
		{"4. Current security measures", "The safeguards in place today and whether they are used as intended.", ref(secSafeguards) + "; " + ref(secCloud)},
		{"5. Likelihood", "How likely each threat is to occur and cause harm.", ref(secRegister) + " (Likelihood)"},
		{"6. Impact", "How much harm each threat would do if it occurred.", ref(secRegister) + " (Impact)"},
		{"7. Level of risk", "The level for every threat and vulnerability pair.", ref(secRegister) + "; " + ref(secSummary) + " (heat map)"},
		{"8. Documentation", "A dated, written record of the analysis.", "This report, dated " + dateOf(r.Generated) + "; " + ref(secSignOff) + "; " + ref(secAppendix)},
		{"9. Periodic review", "Review and update on a regular schedule and whenever operations change.", ref(secHistory)},
	}, nil)

	d.sub("Scales (NIST SP 800-30 Rev. 1)", 60)
	d.para("Likelihood and impact are rated on the five-level scale of NIST SP 800-30 Rev. 1 (Appendices G and H). " +
		"The level of risk follows from the two with Table I-2. Each risk starts from the threat's usual likelihood and impact " +
		"for a small practice, adjusted for this practice's profile, its answers and the cloud findings; any change a person " +
		"made is shown with its reason in the risk register.")
	d.table([]column{{"Level", 1.2}, {"Score 0-100", 1}, {"Score 0-10", 0.9}, {"Likelihood means", 3}, {"Impact means", 3}}, [][]string{
		{"Very High", "96-100", "10", "Almost certain to happen, or happens many times a year.", "Could end the practice or cause death or lasting harm to patients."},
		{"High", "80-95", "8", "Very likely; happens about once a year or more.", "Severe harm: a large breach, a long outage, serious damage to patients' trust."},
		{"Moderate", "21-79", "5", "Somewhat likely; may happen every few years.", "Serious harm: a breach of some records, days of disruption."},
		{"Low", "5-20", "2", "Unlikely, but it has happened to practices like this one.", "Limited harm, quickly contained."},
		{"Very Low", "0-4", "0", "Highly unlikely.", "Negligible harm."},
	}, nil)
	d.sub("Table I-2: level of risk", 50)
	rows := make([][]string, 0, 5)
	for i := 4; i >= 0; i-- {
		lik := assessment.Levels[i]
		row := []string{"Likelihood " + lik.String()}
		for _, imp := range assessment.Levels {
			row = append(row, scoring.RiskLevel(lik, imp).String())
		}
		rows = append(rows, row)
	}
	d.table([]column{{"", 1.6}, {"Impact Very Low", 1}, {"Impact Low", 1}, {"Impact Moderate", 1}, {"Impact High", 1}, {"Impact Very High", 1}}, rows, nil)
}

func ehrText(p assessment.Profile) string {
	switch {
	case p.EHR == "":
		return "-"
	case p.EHRHosted:
		return p.EHR + ", hosted by the vendor"
	}
	return p.EHR + ", run by the practice"
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func orDash(s string) string { return orDefault(s, "-") }

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
