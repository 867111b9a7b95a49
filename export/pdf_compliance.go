package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

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
	d.para("For every standard and implementation specification of the Security Rule, and the two general rules of 164.306: " +
		"whether it is required (R) or addressable (A), what the practice answered, and the resulting status. Only questions " +
		"on what the rule itself requires decide the status; recognized and good practices that support a row are listed " +
		"beside it, and cloud checks are evidence for the row (their failures are risks in the register), never its status. " +
		"For addressable specifications not fully in place, the documented decision is shown: MET BY DOCUMENTED ALTERNATIVE " +
		"when an equivalent measure is in place for every gap, DOCUMENTED AS NOT REASONABLE when the practice documented why " +
		"neither the specification nor an alternative is reasonable and appropriate (164.306(d)(3)). NOT ASSESSED means " +
		"no rule question on it is answered yet.")
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
		d.table([]column{{"Citation", 1.5}, {"Standard / specification", 2}, {"R/A", 0.5}, {"Answers and notes", 3.8}, {"Status", 1.3}}, rows, nil)
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
	d.decisions(r)
	d.evidenceToKeep(r.Analysis)
	d.recognizedPractices(r.Analysis)
	d.notCarried(r)
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
		if a, ok := r.Answers[ref.QuestionID]; ok {
			if a.Note != "" {
				line += " - " + a.Note
			}
			if a.NAReason != "" {
				line += " - Not applicable because: " + a.NAReason
			}
			if a.Evidence != "" {
				line += " [evidence: " + a.Evidence + "]"
			}
		}
		parts = append(parts, line)
	}
	for _, q := range c.Unanswered {
		parts = append(parts, q+": NOT ANSWERED")
	}
	for _, q := range c.NAWithoutReason {
		parts = append(parts, q+": not applicable WITHOUT A REASON - counts as not answered")
	}
	for _, dec := range c.Decisions {
		parts = append(parts, "Decision: "+decisionLines(dec))
	}
	for _, q := range c.DecisionMissing {
		parts = append(parts, q+": NO DOCUMENTED DECISION")
	}
	if len(c.Supporting) > 0 {
		parts = append(parts, "Supporting practices (not scored): "+strings.Join(answerRefs(c.Supporting), "; "))
	}
	if len(c.Findings) > 0 {
		parts = append(parts, "Cloud checks, evidence only ("+findingTally(c.Findings)+"): see section 5")
	}
	if len(parts) == 0 && c.Status == scoring.NotApplicable {
		for _, h := range r.Analysis.Completeness.Hidden {
			if slices.Contains(c.Hidden, h.QuestionID) {
				parts = append(parts, h.QuestionID+": "+h.Reason)
			}
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "No answer")
	}
	return []string{c.Citation, joinNonEmpty(": ", c.Standard, c.Specification), ra, strings.Join(parts, "\n"),
		strings.ToUpper(statusLabel(c.Status))}
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
