package export

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// statusRank orders findings for the report: failures first.
var statusRank = map[assessment.Status]int{assessment.Fail: 0, assessment.Error: 1, assessment.NotAssessed: 2, assessment.Pass: 3}

// cloud is the report's section on the automated cloud checks: the runs and
// what changed between them, the checks and findings, what could not be
// assessed, what the practice suppressed, and the shared-responsibility table.
func (d *pdfDoc) cloud(r *Report) {
	d.section(secCloud, sectionTitles[secCloud])
	if len(r.Runs) == 0 && len(r.Findings) == 0 {
		d.para("No automated check of a cloud account was run for this assessment. The cloud safeguards rest on the answers alone.")
	}
	d.cloudRuns(r.Runs)
	var active, suppressed []assessment.Finding
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			suppressed = append(suppressed, f)
		} else if f.Status == assessment.Pass || f.Status == assessment.Fail {
			active = append(active, f)
		}
	}
	// Failures first; with several accounts (an organization), grouped by
	// account in id order.
	sort.SliceStable(active, func(i, j int) bool {
		if a, b := active[i].AccountID, active[j].AccountID; a != b {
			return a < b
		}
		return statusRank[active[i].Status] < statusRank[active[j].Status]
	})
	d.cloudFindings(active)
	d.notAssessed(r.Analysis.NotAssessed)
	d.suppressed(suppressed)
	d.sharedResponsibility(r.Analysis.SharedResponsibility)
	d.planChecks(r.PlanChecks)
}

// cloudRuns lists the probe runs and the changes between them.
func (d *pdfDoc) cloudRuns(runs []Run) {
	if len(runs) > 0 {
		d.sub("Runs", 25)
		var rows [][]string
		for _, run := range runs {
			rows = append(rows, []string{run.AccountID, strings.Join(run.Regions, ", "), timeOf(run.StartedAt), timeOf(run.FinishedAt),
				run.ToolVersion, fmt.Sprintf("pass %d, fail %d, error %d, not assessed %d", run.Counts[assessment.Pass],
					run.Counts[assessment.Fail], run.Counts[assessment.Error], run.Counts[assessment.NotAssessed])})
		}
		d.table([]column{{"Account", 1.3}, {"Regions", 1.8}, {"Started", 1.4}, {"Finished", 1.4}, {"Tool version", 1}, {"Results", 2}}, rows, nil)
		d.sub("Changes since the previous run", 15)
		changed := false
		for _, run := range runs {
			for _, line := range run.Drift {
				d.para(run.AccountID + " (" + dateOf(run.StartedAt) + "): " + line)
				changed = true
			}
		}
		if !changed {
			d.para("No changes were recorded between runs.")
		}
	}
}

// cloudFindings lists each check once, then every passed or failed finding.
func (d *pdfDoc) cloudFindings(active []assessment.Finding) {
	if len(active) > 0 {
		d.sub("Checks", 25)
		d.table([]column{{"Check", 2.4}, {"What it verifies", 4.4}, {"Results", 2.2}}, checkRows(active), nil)
		for _, group := range byAccount(active) {
			title := "Findings"
			if len(group) < len(active) {
				title = "Findings for account " + group[0].AccountID
			}
			d.sub(title, 25)
			d.findingsTable(group)
		}
	}
}

// byAccount splits findings sorted by account into one group per account.
func byAccount(fs []assessment.Finding) [][]assessment.Finding {
	var out [][]assessment.Finding
	for i, f := range fs {
		if i == 0 || f.AccountID != fs[i-1].AccountID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], f)
	}
	return out
}

// findingsTable lists passed and failed findings, failures shaded.
func (d *pdfDoc) findingsTable(fs []assessment.Finding) {
	rows := make([][]string, 0, len(fs))
	for _, f := range fs {
		sev := ""
		if f.Status == assessment.Fail {
			sev = strings.ToUpper(string(f.Severity))
		}
		rows = append(rows, []string{f.CheckID, f.Resource, f.Region, strings.ToUpper(string(f.Status)), sev,
			f.Reason, strings.Join(f.Citations, ", ")})
	}
	d.table([]column{{"Check", 2}, {"Resource", 3.2}, {"Region", 1.05}, {"Status", 0.8}, {"Severity", 1}, {"Observed", 2.3}, {"Citation", 1.65}},
		rows, func(i int) *rgb {
			if fs[i].Status == assessment.Fail {
				return &rgb{253, 236, 230}
			}
			return nil
		})
}

// notAssessed lists the findings a check could not evaluate.
func (d *pdfDoc) notAssessed(fs []scoring.FindingRef) {
	if len(fs) > 0 {
		d.sub("What could not be assessed", 25)
		d.para("These checks could not read what they needed, usually because the access key lacked a permission. " +
			"They count neither as passed nor as failed; fix the access and run the checks again.")
		rows := make([][]string, 0, len(fs))
		for _, f := range fs {
			rows = append(rows, []string{f.CheckID, f.Resource, f.Region, strings.ToUpper(humanize(string(f.Status))), f.ErrorCode, f.Reason})
		}
		d.table([]column{{"Check", 1.8}, {"Resource", 2.2}, {"Region", 1}, {"Status", 1.1}, {"AWS error", 1.4}, {"Why", 2.6}}, rows, nil)
	}
}

// suppressed lists the failed findings the practice accepted for a time.
func (d *pdfDoc) suppressed(suppressed []assessment.Finding) {
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
}

// sharedResponsibility sets what AWS operates beside what the practice must
// configure, with the status of each of the practice's controls.
func (d *pdfDoc) sharedResponsibility(services []scoring.ServiceResponsibility) {
	if len(services) == 0 {
		return
	}
	d.sub("Shared responsibility", 30)
	// AWS's side is the same list for every service: said once, not on
	// every row.
	same := true
	for _, s := range services[1:] {
		same = same && slices.Equal(s.AWSOperates, services[0].AWSOperates)
	}
	if same {
		d.para("For every service below, AWS runs and secures: " + strings.Join(services[0].AWSOperates, "; ") +
			". The practice must configure the services safely; the table shows the practice's part and what the checks and answers say about it.")
	} else {
		d.para("AWS runs the physical data centres and the services themselves; the practice must configure them safely. " +
			"The right-hand columns show the practice's part and what the checks and answers say about it.")
	}
	var rows [][]string
	for _, s := range services {
		practice := s.Practice
		if len(practice) == 0 {
			practice = []scoring.PracticeControl{{Control: "-", Status: "-"}}
		}
		for i, c := range practice {
			row := []string{"", "", c.Control, strings.ToUpper(humanize(string(c.Status)))}
			if i == 0 {
				row[0], row[1] = s.Name, strings.Join(s.AWSOperates, "; ")
			}
			if same {
				row = slices.Delete(row, 1, 2)
			}
			rows = append(rows, row)
		}
	}
	if same {
		d.table([]column{{"Service", 2.5}, {"Practice configures", 4.5}, {"Status", 1.5}}, rows, nil)
		return
	}
	d.table([]column{{"Service", 1.3}, {"AWS operates", 3}, {"Practice configures", 3}, {"Status", 1.2}}, rows, nil)
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
