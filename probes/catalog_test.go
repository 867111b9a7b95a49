package probes

import (
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestChecksCatalog(t *testing.T) {
	cs := Checks()
	if len(cs) != len(assessment.CheckIDs) {
		t.Errorf("%d checks, want one per id in assessment.CheckIDs (%d)", len(cs), len(assessment.CheckIDs))
	}
	for _, id := range assessment.CheckIDs {
		if _, ok := CheckByID(id); !ok {
			t.Errorf("no check %s", id)
		}
	}
	for i, c := range cs {
		if i > 0 && cs[i-1].ID >= c.ID {
			t.Errorf("not sorted at %s", c.ID)
		}
		if c.Title == "" || c.Service == "" || c.Remediation == "" || len(c.Citations) == 0 || severityRank(c.Severity) == 0 {
			t.Errorf("%s incomplete: %+v", c.ID, c)
		}
		for _, cit := range c.Citations {
			if !strings.HasPrefix(cit, "164.3") || strings.Count(cit, "(") != strings.Count(cit, ")") {
				t.Errorf("%s: bad citation %q", c.ID, cit)
			}
		}
		got, ok := CheckByID(c.ID)
		if !ok || got.ID != c.ID {
			t.Errorf("CheckByID(%s) = %v, %v", c.ID, got.ID, ok)
		}
	}
	if _, ok := CheckByID("no-such-check"); ok {
		t.Error("CheckByID found an unknown id")
	}
	// Checks returns copies: changing one must not change the catalog.
	cs[0].Citations[0] = "changed"
	if Checks()[0].Citations[0] == "changed" {
		t.Error("Checks shares its citation slices")
	}
}
