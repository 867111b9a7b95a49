package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
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
		Analysis: l.Analysis, Bank: l.Bank,
		Practice: as.Practice, Assessor: as.Assessor, Scope: as.Scope, Status: string(as.Status),
		Digest: ri.Digest, CreatedAt: as.CreatedAt, FinalizedAt: as.FinalizedAt,
		Profile: as.Profile, Answers: ri.Answers, Assets: ri.Assets, Vendors: ri.Vendors,
		Findings: scoringInput(ri.Inputs, l.Bank, now).Findings,
		SignOff:  signOff, Generated: now, ToolVersion: a.version,
		Audit: export.AuditSummary{Rows: ri.Audit.Rows, First: ri.Audit.First, Last: ri.Audit.Last,
			Verified: ri.Audit.OK, Problem: ri.Audit.Problem},
	}
	if r.SignOff.Name == "" {
		r.SignOff.Name = as.Assessor
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

// WriteReport renders an assessment's report and writes it to path
// atomically (a half-written report never replaces a good one). An empty
// path writes into the current folder under ReportFileName. It returns the
// absolute path written.
func (a *App) WriteReport(ctx context.Context, id int64, format string, opts export.Options, signOff export.SignOff, path string) (string, error) {
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
	return WriteFileAtomic(path, buf.Bytes())
}

// WriteFileAtomic writes b to path through a temporary file in the same
// folder and a rename, and returns the absolute path.
func WriteFileAtomic(path string, b []byte) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w (is the folder writable?)", abs, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(b)); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write %s: %w", abs, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write %s: %w", abs, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", abs, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("write %s: %w", abs, err)
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return "", fmt.Errorf("write %s: %w", abs, err)
	}
	return abs, nil
}
