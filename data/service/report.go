package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// Report assembles everything a report shows about an assessment.
func (s *Service) Report(ctx context.Context, id int64, signOff export.SignOff) (*export.Report, error) {
	l, err := s.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	a := l.Inputs.Assessment
	digest := a.Digest
	if digest == "" {
		if digest, err = s.Store.Digest(ctx, id); err != nil {
			return nil, err
		}
	}
	r := &export.Report{
		Analysis: l.Analysis, Bank: l.Bank,
		Practice: a.Practice, Assessor: a.Assessor, Scope: a.Scope, Status: string(a.Status),
		Digest: digest, CreatedAt: a.CreatedAt, FinalizedAt: a.FinalizedAt,
		Profile: a.Profile, Answers: l.Inputs.Answers, Assets: l.Inputs.Assets, Vendors: l.Inputs.Vendors,
		Findings: ScoringInput(l.Inputs, l.Bank, s.now()).Findings,
		SignOff:  signOff, Generated: s.now(), ToolVersion: s.Version,
	}
	if r.SignOff.Name == "" {
		r.SignOff.Name = a.Assessor
	}
	for _, run := range l.Inputs.Runs {
		er := export.Run{AccountID: run.AccountID, Regions: run.Regions, StartedAt: run.StartedAt,
			FinishedAt: run.FinishedAt, ToolVersion: run.ToolVersion, Counts: run.Counts}
		if len(run.Drift) > 0 {
			d, err := decodeDrift(run.Drift)
			if err != nil {
				return nil, fmt.Errorf("run %d: %w", run.ID, err)
			}
			er.Drift = DriftSentences(d)
		}
		r.Runs = append(r.Runs, er)
	}
	if r.History, err = s.history(ctx, a); err != nil {
		return nil, err
	}
	if !a.FinalizedAt.IsZero() || a.Status == assessment.Final {
		r.Blockers = nil
	} else {
		r.Blockers = scoring.Blockers(l.Analysis, ScoringInput(l.Inputs, l.Bank, s.now()))
	}
	if a.CopiedFrom != 0 {
		old, err := s.Store.Answers(ctx, a.CopiedFrom)
		switch {
		case errors.Is(err, data.ErrNotFound): // the earlier assessment was deleted
		case err != nil:
			return nil, err
		default:
			r.NotCarried = l.Bank.CarryNotes(old)
		}
	}
	check, err := s.Store.VerifyAudit(ctx, id)
	if err != nil {
		return nil, err
	}
	r.Audit = export.AuditSummary{Rows: check.Rows, First: check.First, Last: check.Last, Verified: check.OK, Problem: check.Problem}
	return r, nil
}

// history lists the other assessments of the same practice created before a.
func (s *Service) history(ctx context.Context, a assessment.Assessment) ([]export.HistoryEntry, error) {
	all, err := s.Store.ListAssessments(ctx)
	if err != nil {
		return nil, err
	}
	var out []export.HistoryEntry
	for i := len(all) - 1; i >= 0; i-- { // oldest first
		o := all[i].Assessment
		if o.ID == a.ID || !o.CreatedAt.Before(a.CreatedAt) || !strings.EqualFold(strings.TrimSpace(o.Practice), strings.TrimSpace(a.Practice)) {
			continue
		}
		l, err := s.Load(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		date := o.CreatedAt
		if !o.FinalizedAt.IsZero() {
			date = o.FinalizedAt
		}
		out = append(out, export.HistoryEntry{ID: o.ID, Date: date, Status: string(o.Status), ByLevel: l.Analysis.Summary.ByLevel})
	}
	return out, nil
}

// DriftSentences says in plain sentences what changed between two runs.
func DriftSentences(d probes.Drift) []string {
	var out []string
	add := func(label string, fs []assessment.Finding) {
		for _, f := range fs {
			out = append(out, fmt.Sprintf("%s: %s on %s (%s)", label, f.CheckID, f.Resource, f.Region))
		}
	}
	add("New failure", d.NewFailures)
	add("Fixed", d.Fixed)
	for _, g := range []struct {
		label string
		rs    []probes.ResourceRef
	}{{"Appeared", d.Appeared}, {"Disappeared", d.Disappeared}} {
		for _, r := range g.rs {
			out = append(out, fmt.Sprintf("%s: %s (%s)", g.label, r.Resource, r.Region))
		}
	}
	return out
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
func (s *Service) WriteReport(ctx context.Context, id int64, format string, opts export.Options, signOff export.SignOff, path string) (string, error) {
	w, err := export.New(format, opts)
	if err != nil {
		return "", err
	}
	r, err := s.Report(ctx, id, signOff)
	if err != nil {
		return "", err
	}
	if path == "" {
		a, err := s.Store.Assessment(ctx, id)
		if err != nil {
			return "", err
		}
		path = ReportFileName(a.Practice, format, a)
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
