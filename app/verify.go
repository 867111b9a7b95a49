package app

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/hipaarisk/hipaarisk/export"
)

// maxReportSize bounds what VerifyReport reads: reports of a large practice
// are a few megabytes.
const maxReportSize = 256 << 20

// ReportCheck is the comparison of a filed PDF report with the database.
type ReportCheck struct {
	AssessmentID int64     `json:"assessmentId"`
	ReportDigest string    `json:"reportDigest"` // the digest printed in the report
	Integrity    Integrity `json:"integrity"`
	// Matches: the report was made from the data as it is stored now, and
	// nothing was found changed outside hipaarisk.
	Matches bool `json:"matches"`
	// Problems says in one line each why it does not match.
	Problems []string `json:"problems,omitempty"`
}

// VerifyReport checks a PDF report written by hipaarisk against the
// assessment it names: the digest printed in it must be the digest of the
// stored inputs, and the stored data must pass Verify. It catches a report
// that does not describe the stored assessment, and a database whose audit
// log was rewritten consistently after the report was filed.
func (a *App) VerifyReport(ctx context.Context, path string) (ReportCheck, error) {
	var c ReportCheck
	f, err := os.Open(path)
	if err != nil {
		return c, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxReportSize))
	if err != nil {
		return c, fmt.Errorf("read report %s: %w", path, err)
	}
	if c.AssessmentID, c.ReportDigest, err = export.ReadStamp(b); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	if c.Integrity, err = a.Verify(ctx, c.AssessmentID); err != nil {
		return c, fmt.Errorf("the report names assessment %d: %w", c.AssessmentID, err)
	}
	in := c.Integrity
	if c.ReportDigest != in.Current {
		what := "the assessment's inputs changed after this report was made"
		if in.Final && c.ReportDigest == in.Recorded {
			what = "the report matches the digest recorded at finalization, but the stored inputs changed since"
		}
		c.Problems = append(c.Problems, fmt.Sprintf("%s: the report's digest is %s, the stored inputs' digest is %s", what, c.ReportDigest, in.Current))
	}
	c.Problems = append(c.Problems, in.Problems()...)
	c.Matches = len(c.Problems) == 0
	return c, nil
}
