package probes

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// ParseSeverity reads a severity name (critical, high, medium, low, info),
// ignoring case and surrounding space.
func ParseSeverity(s string) (assessment.Severity, error) {
	sev := assessment.Severity(strings.ToLower(strings.TrimSpace(s)))
	if severityRank(sev) == 0 {
		return "", fmt.Errorf("unknown severity %q (use critical, high, medium, low or info)", s)
	}
	return sev, nil
}

// Gate returns the failed, unsuppressed findings whose severity is at or
// above threshold, in their input order. A pipeline fails when the result
// is not empty.
func Gate(fs []assessment.Finding, threshold assessment.Severity) []assessment.Finding {
	min := severityRank(threshold)
	var out []assessment.Finding
	for _, f := range fs {
		if f.Status == assessment.Fail && f.Suppressed == nil && severityRank(f.Severity) >= min {
			out = append(out, f)
		}
	}
	return out
}
