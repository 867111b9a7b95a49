package export

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/scoring"
)

// blockersBox lists, on a draft, what keeps the analysis from being final.
func (d *pdfDoc) blockersBox(r *Report) {
	if len(r.Blockers) == 0 || r.Final() {
		return
	}
	var lines []string
	for _, b := range r.Blockers {
		lines = append(lines, "- "+b.Message)
	}
	d.box(fmt.Sprintf("DRAFT: %d items to complete before this analysis can be finalised", len(r.Blockers)),
		strings.Join(lines, "\n"), rgb{255, 243, 205})
}

// decisions lists the documented decisions on addressable specifications,
// the gaps still without one, and the reasons for not applicable.
func (d *pdfDoc) decisions(r *Report) {
	a := r.Analysis
	decided, missing := decisionRows(a)
	d.sub("Addressable specifications: documented decisions (164.306(d)(3))", 30)
	d.para("Where an addressable specification is not implemented as written, the Security Rule asks the practice to document " +
		"whether an equivalent alternative measure is in place, or why neither is reasonable and appropriate. A row is \"met by " +
		"documented alternative\" only when every gap on it has such a decision.")
	if len(decided) == 0 {
		d.para("No decisions are recorded.")
	} else {
		d.table([]column{{"Specification", 1.9}, {"Question", 1.6}, {"Decision", 1.3}, {"Alternative measure", 2.3}, {"Reason", 2.6}, {"Decided by", 1.3}}, decided, nil)
	}
	if len(missing) > 0 {
		d.sub("Addressable gaps without a documented decision", 20)
		d.table([]column{{"Specification", 3}, {"Question", 3}}, missing, func(int) *rgb { return &rgb{255, 225, 205} })
	}
	if rows := naReasonRows(a); len(rows) > 0 {
		d.sub("Required standards and specifications answered not applicable", 20)
		d.para("A required standard or specification is not applicable only when the practice profile rules it out (for example, " +
			"no clearinghouse functions); any other answer of not applicable must say why.")
		d.table([]column{{"Citation", 1.5}, {"Question", 2}, {"Reason", 5.5}}, rows, nil)
	}
}

// evidenceToKeep lists required rows answered yes without evidence.
func (d *pdfDoc) evidenceToKeep(a scoring.Analysis) {
	if len(a.EvidenceToKeep) == 0 {
		return
	}
	d.sub("Evidence to keep", 20)
	d.para("These required standards and specifications are answered yes, but no evidence is recorded. An investigator will ask " +
		"to see the record; note where it is kept.")
	var rows [][]string
	for _, e := range a.EvidenceToKeep {
		rows = append(rows, []string{e.QuestionID, strings.Join(e.Citations, ", "), "Answered yes, no evidence recorded", e.Hint})
	}
	d.table([]column{{"Question", 2}, {"Citation", 1.5}, {"Status", 1.8}, {"What to keep", 4}}, rows, nil)
}

// recognizedPractices lists the frameworks the practice follows.
func (d *pdfDoc) recognizedPractices(a scoring.Analysis) {
	d.sub("Recognized security practices (HITECH Act section 13412)", 25)
	d.para("HHS must consider recognized security practices that were in place for the previous 12 months when it decides " +
		"fines and audits (Public Law 116-321). The practice records these frameworks; the references below come from the " +
		"questions answered yes.")
	if len(a.RecognizedPractices) == 0 {
		d.para("The practice records no recognized security framework.")
		return
	}
	var rows [][]string
	for _, p := range a.RecognizedPractices {
		months := "No"
		if p.TwelveMonths {
			months = "Yes"
		}
		rows = append(rows, []string{p.Name, p.Since, fmt.Sprintf("%s (%d months)", months, p.Months), refList(p.InPlace), refList(p.Open)})
	}
	d.table([]column{{"Framework", 2}, {"Since", 1}, {"12 months covered", 1.2}, {"In place (answered yes)", 3}, {"Open", 2.5}}, rows, nil)
}

// notCarried lists what did not carry forward from the earlier assessment.
func (d *pdfDoc) notCarried(r *Report) {
	if len(r.NotCarried) == 0 {
		return
	}
	d.sub("Answers not carried forward", 20)
	var rows [][]string
	for _, n := range r.NotCarried {
		rows = append(rows, []string{n.QuestionID, carryText(n.Value, n.Dropped), n.Reason})
	}
	d.table([]column{{"Question", 2.5}, {"What happened", 2}, {"Why", 4.5}}, rows, nil)
}

// readiness is the unscored view of the proposed Security Rule update.
func (d *pdfDoc) readiness(r *Report) {
	d.section(secReadiness, sectionTitles[secReadiness])
	rd := r.Analysis.Readiness
	if rd == nil {
		d.para("The question bank of this assessment describes no proposed change to the Security Rule.")
		return
	}
	d.box("PROPOSED - NOT FINAL", fmt.Sprintf("%s (%s), published %s. %s Nothing in this section is scored, and none of it "+
		"counts toward compliance, the risk register or the plan.", rd.Title, rd.RIN, rd.Published, rd.Status), rgb{230, 236, 245})
	var rows [][]string
	for _, it := range rd.Items {
		rows = append(rows, []string{it.Title, it.Requires, readinessLabel(it.State), readinessEvidence(it)})
	}
	d.table([]column{{"Item", 1.8}, {"What it would require", 3.2}, {"Readiness", 1.1}, {"What the answers and checks show", 3.5}}, rows, nil)
}
