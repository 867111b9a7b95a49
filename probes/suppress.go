package probes

import (
	"fmt"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// suppressionEntry is one entry of a suppressions file as written by people.
type suppressionEntry struct {
	Check    string `yaml:"check" json:"check"`
	Resource string `yaml:"resource" json:"resource"`
	Reason   string `yaml:"reason" json:"reason"`
	Expires  string `yaml:"expires" json:"expires"`
}

// ParseSuppressions reads a YAML or JSON list of suppressions:
//
//   - check: s3-bucket-access-logging
//     resource: "arn:aws:s3:::practice-logs*"
//     reason: the log bucket itself does not need access logs
//     expires: 2026-12-31
//
// name is used in error messages, which give the line of every problem.
// check must be a known check id, reason is required, resource is a glob
// ("*" matches any text; empty matches all) and expires, if given, is a date
// (YYYY-MM-DD): the suppression holds through the end of that day, UTC.
func ParseSuppressions(name string, data []byte) ([]assessment.Suppression, error) {
	var entries []suppressionEntry
	d, err := inputfile.Decode(name, data, inputfile.Format(name, data), &entries, inputfile.Options{})
	if err != nil {
		return nil, err
	}
	probs := d.Problems
	out := make([]assessment.Suppression, 0, len(entries))
	for i, en := range entries {
		goPath := fmt.Sprintf("[%d]", i)
		where := fmt.Sprintf("entry %d", i+1)
		if en.Check != "" {
			where += fmt.Sprintf(" (check %q)", en.Check)
		}
		add := func(field, format string, args ...any) {
			probs = append(probs, inputfile.Problem{File: name, Line: d.Line(goPath + field), Msg: where + ": " + fmt.Sprintf(format, args...)})
		}
		check := strings.TrimSpace(en.Check)
		if _, ok := CheckByID(check); check != "" && !ok {
			add(".Check", "check: unknown check id %q%s", check, inputfile.Suggest(check, assessment.CheckIDs))
		} else if check == "" && !d.Failed(goPath+".Check") {
			add("", "check is required")
		}
		reason := strings.TrimSpace(en.Reason)
		if reason == "" && !d.Failed(goPath+".Reason") {
			add("", "reason is required")
		}
		s := assessment.Suppression{CheckID: check, Resource: strings.TrimSpace(en.Resource), Reason: reason}
		if exp := strings.TrimSpace(en.Expires); exp != "" {
			t, err := time.Parse(time.DateOnly, exp)
			if err != nil {
				add(".Expires", "expires: %q is not a date like 2026-12-31", exp)
			}
			s.Expires = t
		}
		out = append(out, s)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

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
