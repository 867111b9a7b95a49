package probes

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// active reports whether the suppression still holds at now: it never
// expires, or now is before the end of its expiry day.
func active(s assessment.Suppression, now time.Time) bool {
	return s.Expires.IsZero() || now.Before(s.Expires.AddDate(0, 0, 1))
}

// matches reports whether the suppression covers the finding. The resource
// pattern may name the resource or, for a finding on a deployment plan, its
// Terraform address.
func matches(s assessment.Suppression, f assessment.Finding) bool {
	return s.CheckID == f.CheckID && (s.Resource == "" || globMatch(s.Resource, f.Resource) ||
		(f.Address != "" && globMatch(s.Resource, f.Address)))
}

// ApplySuppressions returns a copy of the findings where every failed
// finding covered by a suppression active at now carries that suppression.
// Other findings are returned unchanged (an earlier Suppressed is cleared, so
// that an expired suppression stops hiding a failure).
func ApplySuppressions(fs []assessment.Finding, sups []assessment.Suppression, now time.Time) []assessment.Finding {
	out := make([]assessment.Finding, len(fs))
	for i, f := range fs {
		f.Suppressed = nil
		if f.Status == assessment.Fail {
			for _, s := range sups {
				if active(s, now) && matches(s, f) {
					f.Suppressed = &s
					break
				}
			}
		}
		out[i] = f
	}
	return out
}
