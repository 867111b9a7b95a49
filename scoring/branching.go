package scoring

import "github.com/hipaarisk/hipaarisk/questionnaire"

// modifierApplies reports whether a threat modifier's profile condition
// holds, using the bank's condition language, and remembers the answer for
// the rest of the analysis. A condition that does not parse never applies
// (the bank's loader rejects such conditions).
func (x *analysis) modifierApplies(m questionnaire.Modifier) bool {
	ok, seen := x.modifiers[m.When]
	if !seen {
		c, err := questionnaire.ParseCondition(m.When, nil)
		ok = err == nil && c.Eval(x.in.Profile)
		x.modifiers[m.When] = ok
	}
	return ok
}
