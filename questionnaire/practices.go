package questionnaire

import (
	"fmt"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// FrameworkIDs lists the ids of the bank's recognized frameworks.
func (b *Bank) FrameworkIDs() []string {
	ids := make([]string, len(b.Frameworks))
	for i, f := range b.Frameworks {
		ids[i] = f.ID
	}
	return ids
}

// Framework returns the recognized framework with the given id.
func (b *Bank) Framework(id string) (*Framework, bool) {
	for i := range b.Frameworks {
		if b.Frameworks[i].ID == id {
			return &b.Frameworks[i], true
		}
	}
	return nil, false
}

// CheckPractice says what is wrong with a recognized-practice record for
// this bank, or returns nil: the framework must be one the bank knows and
// the date a real YYYY-MM-DD day.
func (b *Bank) CheckPractice(p assessment.RecognizedPractice) error {
	if _, ok := b.Framework(p.Framework); !ok {
		if len(b.Frameworks) == 0 {
			return fmt.Errorf("question bank %s lists no recognized frameworks", b.Version)
		}
		return fmt.Errorf("%q is not a recognized framework: use %s", p.Framework, strings.Join(b.FrameworkIDs(), " or "))
	}
	if _, err := time.Parse(time.DateOnly, p.Since); err != nil {
		return fmt.Errorf("since %q is not a date: write it as YYYY-MM-DD, e.g. 2025-03-01", p.Since)
	}
	return nil
}

func (c *docCheck) checkPractices(b *Bank, ps []assessment.RecognizedPractice) {
	seen := map[string]bool{}
	for i, p := range ps {
		at := fmt.Sprintf("Practices[%d]", i)
		if err := b.CheckPractice(p); err != nil {
			c.addf(at, fmt.Sprintf("recognized_practices[%d]", i), "%v", err)
		}
		if seen[p.Framework] {
			c.addf(at, fmt.Sprintf("recognized_practices[%d]", i), "framework %q is listed twice", p.Framework)
		}
		seen[p.Framework] = true
	}
}
