package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// Report assembles everything a report shows about an assessment from one
// consistent read: the digest, the content, the audit summary and the
// history all describe the same state.
func (a *App) Report(ctx context.Context, id int64, signOff export.SignOff) (*export.Report, error) {
	ri, err := a.st.LoadReport(ctx, id)
	if err != nil {
		return nil, err
	}
	now := a.now()
	l, err := analyse(ri.Inputs, now)
	if err != nil {
		return nil, err
	}
	as := ri.Assessment
	r := &export.Report{
		Analysis: l.Analysis, Bank: l.Bank, AssessmentID: as.ID,
		Practice: as.Practice, Assessor: as.Assessor, Scope: as.Scope, Status: string(as.Status),
		Digest: ri.Digest, CreatedAt: as.CreatedAt, FinalizedAt: as.FinalizedAt,
		Profile: as.Profile, Answers: ri.Answers, Assets: ri.Assets, Vendors: ri.Vendors,
		Findings: scoringInput(ri.Inputs, l.Bank, now).Findings,
		SignOff:  signOff, Generated: now, ToolVersion: a.version,
		Audit: export.AuditSummary{Rows: ri.Audit.Rows, First: ri.Audit.First, Last: ri.Audit.Last,
			Verified: ri.Integrity.OK(), Problem: ri.Audit.Problem,
			Modified: ri.Integrity.Modified(), Problems: ri.Integrity.Problems()},
	}
	if r.SignOff.Name == "" {
		r.SignOff.Name = as.Assessor
	}
	if as.Status != assessment.Final {
		r.Blockers = scoring.Blockers(l.Analysis, scoringInput(ri.Inputs, l.Bank, now))
	}
	if r.NotCarried, err = a.NotCarried(ctx, id); err != nil {
		return nil, err
	}
	r.ReviewNotes = ReviewNotes(ri.Inputs, l.Bank)
	for _, run := range ri.Runs {
		er := export.Run{AccountID: run.AccountID, Regions: run.Regions, StartedAt: run.StartedAt,
			FinishedAt: run.FinishedAt, ToolVersion: run.ToolVersion, Counts: Counts(ri.RunFindings[run.ID])}
		d, err := RunDrift(ri.Inputs, run.ID)
		if err != nil {
			return nil, err
		}
		if d != nil {
			er.Drift = DriftSentences(*d)
		}
		r.Runs = append(r.Runs, er)
	}
	for _, p := range ri.PlanChecks {
		r.PlanChecks = append(r.PlanChecks, reportPlanCheck(p))
	}
	for _, in := range ri.History {
		o := in.Assessment
		hl, err := analyse(in, now)
		if err != nil {
			return nil, err
		}
		date := o.CreatedAt
		if !o.FinalizedAt.IsZero() {
			date = o.FinalizedAt
		}
		r.History = append(r.History, export.HistoryEntry{ID: o.ID, Date: date, Status: string(o.Status), ByLevel: hl.Analysis.Summary.ByLevel})
	}
	return r, nil
}

// ReportFileName suggests a file name for an assessment's report.
func ReportFileName(practice, format string, a assessment.Assessment) string {
	var b strings.Builder
	for _, r := range strings.ToLower(practice) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	slug := strings.Trim(b.String(), "-")
	if slug == "" {
		slug = "assessment"
	}
	ext := format
	if ext == "markdown" {
		ext = "md"
	}
	return fmt.Sprintf("%s-risk-analysis-%d.%s", slug, a.ID, ext)
}

// WriteReport renders an assessment's report and writes it to path with
// WriteFile: never over the database, over an existing file only when
// replace is set, atomically, readable by the owner alone. An empty path
// writes into the current folder under ReportFileName. It returns the
// absolute path written.
func (a *App) WriteReport(ctx context.Context, id int64, format string, opts export.Options, signOff export.SignOff, path string, replace bool) (string, error) {
	w, err := export.New(format, opts)
	if err != nil {
		return "", err
	}
	r, err := a.Report(ctx, id, signOff)
	if err != nil {
		return "", err
	}
	if path == "" {
		path = ReportFileName(r.Practice, format, assessment.Assessment{ID: id})
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		return "", fmt.Errorf("render %s report: %w", format, err)
	}
	return a.WriteFile(path, buf.Bytes(), replace)
}
