package probes

import (
	"fmt"
	"strings"
)

// ParseSeverity reads a severity name (critical, high, medium, low, info),
// ignoring case and surrounding space.
func ParseSeverity(s string) (Severity, error) {
	sev := Severity(strings.ToLower(strings.TrimSpace(s)))
	if severityRank(sev) == 0 {
		return "", fmt.Errorf("unknown severity %q (use critical, high, medium, low or info)", s)
	}
	return sev, nil
}

// Gate returns the failed, unsuppressed findings whose severity is at or
// above threshold, in their input order. A pipeline fails when the result
// is not empty.
func Gate(fs []Finding, threshold Severity) []Finding {
	min := severityRank(threshold)
	var out []Finding
	for _, f := range fs {
		if f.Status == Fail && f.Suppressed == nil && severityRank(f.Severity) >= min {
			out = append(out, f)
		}
	}
	return out
}
