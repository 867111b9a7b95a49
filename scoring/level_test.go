package scoring

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestRiskLevelTableI2(t *testing.T) {
	tests := []struct {
		likelihood, impact, want assessment.Level
	}{
		{vh, vl, vl}, {vh, lo, lo}, {vh, mod, mod}, {vh, hi, hi}, {vh, vh, vh},
		{hi, vl, vl}, {hi, lo, lo}, {hi, mod, mod}, {hi, hi, hi}, {hi, vh, vh},
		{mod, vl, vl}, {mod, lo, lo}, {mod, mod, mod}, {mod, hi, mod}, {mod, vh, hi},
		{lo, vl, vl}, {lo, lo, lo}, {lo, mod, lo}, {lo, hi, lo}, {lo, vh, mod},
		{vl, vl, vl}, {vl, lo, vl}, {vl, mod, vl}, {vl, hi, lo}, {vl, vh, lo},
	}
	if len(tests) != 25 {
		t.Fatalf("table has %d cells, want 25", len(tests))
	}
	for _, tt := range tests {
		if got := RiskLevel(tt.likelihood, tt.impact); got != tt.want {
			t.Errorf("RiskLevel(%s, %s) = %s, want %s", tt.likelihood, tt.impact, got, tt.want)
		}
	}
}

func TestRiskLevelMonotonic(t *testing.T) {
	for _, l := range assessment.Levels {
		for _, i := range assessment.Levels {
			got := RiskLevel(l, i)
			if l < vh && RiskLevel(l+1, i) < got {
				t.Errorf("raising likelihood %s->%s at impact %s lowers the level", l, l+1, i)
			}
			if i < vh && RiskLevel(l, i+1) < got {
				t.Errorf("raising impact %s->%s at likelihood %s lowers the level", i, i+1, l)
			}
		}
	}
}

func TestRiskLevelInvalid(t *testing.T) {
	tests := []struct {
		name       string
		likelihood assessment.Level
		impact     assessment.Level
	}{
		{"unset likelihood", assessment.LevelUnset, hi},
		{"unset impact", hi, assessment.LevelUnset},
		{"above the scale", vh + 1, hi},
		{"below the scale", hi, -1},
	}
	for _, tt := range tests {
		if got := RiskLevel(tt.likelihood, tt.impact); got != assessment.LevelUnset {
			t.Errorf("%s: RiskLevel = %s, want Unset", tt.name, got)
		}
	}
}

func TestPriorityFor(t *testing.T) {
	tests := []struct {
		level assessment.Level
		want  int
	}{
		{vh, 1}, {hi, 2}, {mod, 3}, {lo, 4}, {vl, 4},
	}
	for _, tt := range tests {
		if got := PriorityFor(tt.level); got != tt.want {
			t.Errorf("PriorityFor(%s) = %d, want %d", tt.level, got, tt.want)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		c, spec string
		inTable bool
		want    bool
	}{
		{"164.312(b)", "164.312(b)", true, true},
		{"164.308(a)(1)", "164.308(a)(1)(ii)(A)", false, true},
		{"164.312(a)(1)", "164.312(a)(2)(iv)", false, true},
		{"164.308(a)(3)(i)", "164.308(a)(3)(ii)(B)", false, true},
		{"164.308(b)(1)", "164.308(b)(3)", false, true},
		{"164.312(e)(1)", "164.312(e)(2)(ii)", false, true},
		{"164.312(a)(1)", "164.312(b)", false, false},
		{"164.312(a)(1)", "164.312(c)(2)", false, false},
		{"164.310(a)(2)(i)", "164.310(a)(2)(ii)", true, false},
		{"164.308(a)(1)(ii)(A)", "164.308(a)(1)(ii)(B)", true, false},
		{"164.312(a)(2)(i)", "164.312(a)(2)(iv)", true, false},
	}
	for _, tt := range tests {
		if got := covers(tt.c, tt.spec, tt.inTable); got != tt.want {
			t.Errorf("covers(%q, %q) = %v, want %v", tt.c, tt.spec, got, tt.want)
		}
	}
}
