package probes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"go.yaml.in/yaml/v3"
)

// suppressionEntry is one entry of a suppressions file as written by people.
type suppressionEntry struct {
	Check    string `yaml:"check"`
	Resource string `yaml:"resource"`
	Reason   string `yaml:"reason"`
	Expires  string `yaml:"expires"`
}

// ParseSuppressions reads a YAML or JSON list of suppressions:
//
//   - check: s3-bucket-access-logging
//     resource: "arn:aws:s3:::practice-logs*"
//     reason: the log bucket itself does not need access logs
//     expires: 2026-12-31
//
// name is used in error messages. check must be a known check id, reason is
// required, resource is a glob ("*" matches any text; empty matches all) and
// expires, if given, is a date (YYYY-MM-DD): the suppression holds through
// the end of that day, UTC.
func ParseSuppressions(name string, data []byte) ([]assessment.Suppression, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var entries []suppressionEntry
	if err := dec.Decode(&entries); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make([]assessment.Suppression, 0, len(entries))
	for i, en := range entries {
		where := fmt.Sprintf("%s: entry %d", name, i+1)
		if en.Check != "" {
			where += fmt.Sprintf(" (check %q)", en.Check)
		}
		check := strings.TrimSpace(en.Check)
		if check == "" {
			return nil, fmt.Errorf("%s: check is required", where)
		}
		if _, ok := CheckByID(check); !ok {
			return nil, fmt.Errorf("%s: check: unknown check id %q", where, check)
		}
		reason := strings.TrimSpace(en.Reason)
		if reason == "" {
			return nil, fmt.Errorf("%s: reason is required", where)
		}
		s := assessment.Suppression{CheckID: check, Resource: strings.TrimSpace(en.Resource), Reason: reason}
		if exp := strings.TrimSpace(en.Expires); exp != "" {
			t, err := time.Parse(time.DateOnly, exp)
			if err != nil {
				return nil, fmt.Errorf("%s: expires: %q is not a date like 2026-12-31", where, exp)
			}
			s.Expires = t
		}
		out = append(out, s)
	}
	return out, nil
}

// active reports whether the suppression still holds at now: it never
// expires, or now is before the end of its expiry day.
func active(s assessment.Suppression, now time.Time) bool {
	return s.Expires.IsZero() || now.Before(s.Expires.AddDate(0, 0, 1))
}

// matches reports whether the suppression covers the finding.
func matches(s assessment.Suppression, f assessment.Finding) bool {
	return s.CheckID == f.CheckID && (s.Resource == "" || globMatch(s.Resource, f.Resource))
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
