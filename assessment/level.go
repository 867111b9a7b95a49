// Package assessment holds the domain vocabulary every other package shares:
// risk levels, answers, the practice profile, asset and vendor inventories,
// cloud findings and suppressions, risk overrides, remediation tracking, the
// assessment record and the ids of the automated checks. It imports only the
// standard library and holds data, not behaviour that needs I/O.
package assessment

import (
	"fmt"
	"strings"
)

// Level is a step on the NIST SP 800-30 five-level qualitative scale. The zero
// value means "not set".
type Level int

const (
	LevelUnset Level = iota
	VeryLow
	Low
	Moderate
	High
	VeryHigh
)

// Levels lists the five levels from lowest to highest.
var Levels = []Level{VeryLow, Low, Moderate, High, VeryHigh}

var levelNames = map[Level]string{
	VeryLow: "Very Low", Low: "Low", Moderate: "Moderate", High: "High", VeryHigh: "Very High",
}

func (l Level) String() string {
	if n, ok := levelNames[l]; ok {
		return n
	}
	return "Unset"
}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l >= VeryLow && l <= VeryHigh }

// ParseLevel accepts "Very High", "very-high", "very_high", "veryhigh", "vh",
// "5" and the like, case-insensitively.
func ParseLevel(s string) (Level, error) {
	k := strings.NewReplacer(" ", "", "-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	switch k {
	case "verylow", "vl", "1":
		return VeryLow, nil
	case "low", "l", "2":
		return Low, nil
	case "moderate", "medium", "m", "3":
		return Moderate, nil
	case "high", "h", "4":
		return High, nil
	case "veryhigh", "vh", "5":
		return VeryHigh, nil
	}
	return LevelUnset, fmt.Errorf("%q is not a level: use very-low, low, moderate, high or very-high", s)
}

// MarshalText encodes a level by its name ("Very High").
func (l Level) MarshalText() ([]byte, error) {
	if l == LevelUnset {
		return []byte(""), nil
	}
	if !l.Valid() {
		return nil, fmt.Errorf("invalid level %d", int(l))
	}
	return []byte(l.String()), nil
}

// UnmarshalText decodes any spelling ParseLevel accepts; "" is LevelUnset.
func (l *Level) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*l = LevelUnset
		return nil
	}
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
