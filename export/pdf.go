package export

import (
	"fmt"
	"io"
	"sort"
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

func (d *pdfDoc) inventories(r *Report) {
	d.section(secInventory, sectionTitles[secInventory])
	d.sub("Systems, devices and stores", 30)
	var rows [][]string
	for _, a := range r.Assets {
		enc := humanize(string(a.Encrypted))
		if a.EncryptionNote != "" {
			enc += " (" + a.EncryptionNote + ")"
		}
		rows = append(rows, []string{a.Name, humanize(a.Kind), a.Location, a.Owner, yesNo(a.HoldsEPHI), enc, a.Notes})
	}
	if len(rows) == 0 {
		d.para("No assets are recorded. Every system, device and paper store that holds ePHI should be listed.")
	} else {
		d.table([]column{{"Asset", 2}, {"Kind", 1.2}, {"Location", 1.4}, {"Owner", 1.2}, {"Holds ePHI", 0.9}, {"Encrypted", 1.5}, {"Notes", 2.2}}, rows, nil)
	}
	d.safeHarbor(r.Analysis.SafeHarbor)
	d.sub("Vendors and business associates", 30)
	rows = nil
	missing := 0
	for _, v := range r.Vendors {
		baa := "Signed"
		if v.BAADate != "" {
			baa += " " + v.BAADate
		}
		if !v.BAASigned {
			baa = "None"
			if v.HoldsEPHI {
				baa = "MISSING - required"
				missing++
			}
		}
		rows = append(rows, []string{v.Name, v.Service, yesNo(v.HoldsEPHI), baa, v.Notes})
	}
	if len(rows) == 0 {
		d.para("No vendors are recorded.")
		return
	}
	d.table([]column{{"Vendor", 2}, {"Service", 2.2}, {"Holds ePHI", 0.9}, {"Business associate agreement", 1.7}, {"Notes", 2.6}}, rows,
		func(i int) *rgb {
			if strings.HasPrefix(rows[i][3], "MISSING") {
				return &rgb{255, 225, 205}
			}
			return nil
		})
	if missing > 0 {
		d.para(fmt.Sprintf("%s ePHI without a business associate agreement. The Security Rule requires one (164.308(b)(1), "+
			"164.314(a)); each is a risk in the register and an item in the plan.", vendorsHold(missing)))
	}
}

// safeHarbor lists each store of ePHI with whether it is encrypted at rest
// well enough that a lost or stolen copy is "secured" and need not be
// notified as a breach (45 CFR 164.402; HHS guidance points to NIST SP
// 800-111 for data at rest).
func (d *pdfDoc) safeHarbor(sh scoring.SafeHarbor) {
	d.sub("Encryption at rest and the breach safe harbor", 30)
	d.para("Under the Breach Notification Rule, ePHI encrypted at rest to the standard HHS names (NIST SP 800-111) is " +
		"\"secured\": losing an encrypted copy is not a reportable breach. " + sh.Sentence)
	if len(sh.Stores) == 0 {
		return
	}
	rows := make([][]string, 0, len(sh.Stores))
	for _, st := range sh.Stores {
		rows = append(rows, []string{st.Name, humanize(st.Kind), st.Source, strings.ToUpper(st.Encrypted), st.Basis})
	}
	d.table([]column{{"Store of ePHI", 2.2}, {"Kind", 1.2}, {"Source", 0.9}, {"Encrypted", 0.9}, {"Basis", 4.2}}, rows,
		func(i int) *rgb {
			if sh.Stores[i].Encrypted == scoring.StoreNotEncrypted {
				return &rgb{255, 225, 205}
			}
			return nil
		})
}

func (d *pdfDoc) safeguards(r *Report) {
	d.section(secSafeguards, sectionTitles[secSafeguards])
	d.para("For each part of the Security Rule: whether it is required (R) or addressable (A), what the practice answered, " +
		"and the resulting status. For addressable specifications not fully in place, the documented decision is shown.")
	byCitation := map[string]scoring.CitationCompliance{}
	for _, c := range r.Analysis.Compliance.Citations {
		byCitation[c.Citation] = c
	}
	done := map[string]bool{}
	emit := func(title string, cites []string) {
		var rows [][]string
		for _, cite := range cites {
			c, ok := byCitation[cite]
			if !ok || done[cite] {
				continue
			}
			done[cite] = true
			rows = append(rows, d.citationRow(r, c))
		}
		if len(rows) == 0 {
			return
		}
		d.sub(title, 25)
		d.table([]column{{"Citation", 1.5}, {"Standard / specification", 2}, {"R/A", 0.5}, {"Answers and notes", 4}, {"Status", 1.1}}, rows, nil)
	}
	if r.Bank != nil {
		for _, s := range r.Bank.Sections {
			emit(s.Title, s.Citations)
		}
	}
	var rest []string
	for _, c := range r.Analysis.Compliance.Citations {
		if !done[c.Citation] {
			rest = append(rest, c.Citation)
		}
	}
	emit("Other citations", rest)
}

// citationRow is one row of the safeguards table.
func (d *pdfDoc) citationRow(r *Report, c scoring.CitationCompliance) []string {
	ra := "A"
	if c.Required {
		ra = "R"
	}
	var parts []string
	for _, ref := range c.Answers {
		line := ref.QuestionID + ": " + strings.ToUpper(humanize(string(ref.Value)))
		if a, ok := r.Answers[ref.QuestionID]; ok && a.Note != "" {
			line += " - " + a.Note
		}
		parts = append(parts, line)
	}
	if len(c.Findings) > 0 {
		parts = append(parts, "Cloud checks ("+findingTally(c.Findings)+"): see section 5")
	}
	for _, dec := range c.Decisions {
		parts = append(parts, "Decision ("+decisionText(dec.Kind)+"): "+dec.Justification)
	}
	if len(parts) == 0 {
		parts = append(parts, "No answer")
	}
	return []string{c.Citation, joinNonEmpty(": ", c.Standard, c.Specification), ra, strings.Join(parts, "\n"),
		strings.ToUpper(humanize(string(c.Status)))}
}

// findingTally counts findings by status, e.g. "2 fail, 5 pass".
func findingTally(fs []scoring.FindingStatus) string {
	n := map[assessment.Status]int{}
	for _, f := range fs {
		n[f.Status]++
	}
	var parts []string
	for _, st := range []assessment.Status{assessment.Fail, assessment.Error, assessment.NotAssessed, assessment.Pass} {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st], humanize(string(st))))
		}
	}
	return strings.Join(parts, ", ")
}

func decisionText(k assessment.DecisionKind) string {
	switch k {
	case assessment.DecisionAlternative:
		return "equivalent alternative in place"
	case assessment.DecisionNotReasonable:
		return "not reasonable and appropriate"
	}
	return humanize(string(k))
}

// statusRank orders findings for the report: failures first.
var statusRank = map[assessment.Status]int{assessment.Fail: 0, assessment.Error: 1, assessment.NotAssessed: 2, assessment.Pass: 3}

func (d *pdfDoc) cloud(r *Report) {
	a := r.Analysis
	d.section(secCloud, sectionTitles[secCloud])
	if len(r.Runs) == 0 && len(r.Findings) == 0 {
		d.para("No automated check of a cloud account was run for this assessment. The cloud safeguards rest on the answers alone.")
	}
	if len(r.Runs) > 0 {
		d.sub("Runs", 25)
		var rows [][]string
		for _, run := range r.Runs {
			rows = append(rows, []string{run.AccountID, strings.Join(run.Regions, ", "), timeOf(run.StartedAt), timeOf(run.FinishedAt),
				run.ToolVersion, fmt.Sprintf("pass %d, fail %d, error %d, not assessed %d", run.Counts[assessment.Pass],
					run.Counts[assessment.Fail], run.Counts[assessment.Error], run.Counts[assessment.NotAssessed])})
		}
		d.table([]column{{"Account", 1.3}, {"Regions", 1.8}, {"Started", 1.4}, {"Finished", 1.4}, {"Tool version", 1}, {"Results", 2}}, rows, nil)
		d.sub("Changes since the previous run", 15)
		changed := false
		for _, run := range r.Runs {
			for _, line := range run.Drift {
				d.para(run.AccountID + " (" + dateOf(run.StartedAt) + "): " + line)
				changed = true
			}
		}
		if !changed {
			d.para("No changes were recorded between runs.")
		}
	}
	var active, suppressed []assessment.Finding
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			suppressed = append(suppressed, f)
		} else if f.Status == assessment.Pass || f.Status == assessment.Fail {
			active = append(active, f)
		}
	}
	sort.SliceStable(active, func(i, j int) bool { return statusRank[active[i].Status] < statusRank[active[j].Status] })
	if len(active) > 0 {
		d.sub("Checks", 25)
		d.table([]column{{"Check", 2.4}, {"What it verifies", 4.4}, {"Results", 2.2}}, checkRows(active), nil)
		d.sub("Findings", 25)
		rows := make([][]string, 0, len(active))
		for _, f := range active {
			sev := ""
			if f.Status == assessment.Fail {
				sev = strings.ToUpper(string(f.Severity))
			}
			rows = append(rows, []string{f.CheckID, f.Resource, f.Region, strings.ToUpper(string(f.Status)), sev,
				f.Reason, strings.Join(f.Citations, ", ")})
		}
		d.table([]column{{"Check", 2}, {"Resource", 3.2}, {"Region", 1.05}, {"Status", 0.8}, {"Severity", 1}, {"Observed", 2.3}, {"Citation", 1.65}},
			rows, func(i int) *rgb {
				if active[i].Status == assessment.Fail {
					return &rgb{253, 236, 230}
				}
				return nil
			})
	}
	if len(a.NotAssessed) > 0 {
		d.sub("What could not be assessed", 25)
		d.para("These checks could not read what they needed, usually because the access key lacked a permission. " +
			"They count neither as passed nor as failed; fix the access and run the checks again.")
		rows := make([][]string, 0, len(a.NotAssessed))
		for _, f := range a.NotAssessed {
			rows = append(rows, []string{f.CheckID, f.Resource, f.Region, strings.ToUpper(humanize(string(f.Status))), f.ErrorCode, f.Reason})
		}
		d.table([]column{{"Check", 1.8}, {"Resource", 2.2}, {"Region", 1}, {"Status", 1.1}, {"AWS error", 1.4}, {"Why", 2.6}}, rows, nil)
	}
	if len(suppressed) > 0 {
		d.sub("Suppressed findings", 25)
		d.para("The practice accepted these findings for a time. They are listed so the decision stays visible.")
		rows := make([][]string, 0, len(suppressed))
		for _, f := range suppressed {
			until := "no end date"
			if !f.Suppressed.Expires.IsZero() {
				until = dateOf(f.Suppressed.Expires)
			}
			rows = append(rows, []string{f.CheckID, f.Resource, f.Region, strings.ToUpper(string(f.Status)), f.Suppressed.Reason, until})
		}
		d.table([]column{{"Check", 1.8}, {"Resource", 2.4}, {"Region", 1}, {"Status", 0.9}, {"Reason", 3}, {"Until", 1.1}}, rows, nil)
	}
	if len(a.SharedResponsibility) > 0 {
		d.sub("Shared responsibility", 30)
		d.para("AWS runs the physical data centres and the services themselves; the practice must configure them safely. " +
			"The right-hand columns show the practice's part and what the checks and answers say about it.")
		var rows [][]string
		for _, s := range a.SharedResponsibility {
			for i, c := range s.Practice {
				svc, aws := "", ""
				if i == 0 {
					svc, aws = s.Name, strings.Join(s.AWSOperates, "; ")
				}
				rows = append(rows, []string{svc, aws, c.Control, strings.ToUpper(humanize(string(c.Status)))})
			}
			if len(s.Practice) == 0 {
				rows = append(rows, []string{s.Name, strings.Join(s.AWSOperates, "; "), "-", "-"})
			}
		}
		d.table([]column{{"Service", 1.3}, {"AWS operates", 3}, {"Practice configures", 3}, {"Status", 1.2}}, rows, nil)
	}
}

// checkRows lists each check once with its title and results, by check id.
func checkRows(fs []assessment.Finding) [][]string {
	byCheck := map[string][]scoring.FindingStatus{}
	title := map[string]string{}
	var ids []string
	for _, f := range fs {
		if _, ok := title[f.CheckID]; !ok {
			ids = append(ids, f.CheckID)
			title[f.CheckID] = f.Title
		}
		byCheck[f.CheckID] = append(byCheck[f.CheckID], scoring.FindingStatus{ID: f.ID, Status: f.Status})
	}
	sort.Strings(ids)
	rows := make([][]string, 0, len(ids))
	for _, id := range ids {
		rows = append(rows, []string{id, title[id], findingTally(byCheck[id])})
	}
	return rows
}

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
	verdict := "VERIFIED: the hash chain is intact, so no recorded change was altered or removed."
	if !r.Audit.Verified {
		verdict = "NOT VERIFIED: " + orDefault(r.Audit.Problem, "the hash chain could not be checked.")
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
			answer = strings.ToUpper(humanize(string(a.Value)))
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
			if a.By != "" {
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
