// Package questionnaire owns the question bank (embedded YAML), its loader
// and validator, show-if branching, the threat and vulnerability catalogs,
// and the import document a practice writes about itself.
package questionnaire

// Safeguard is the Security Rule category a question belongs to.
type Safeguard string

const (
	Administrative Safeguard = "administrative"
	Physical       Safeguard = "physical"
	Technical      Safeguard = "technical"
	Organizational Safeguard = "organizational"
	Documentation  Safeguard = "documentation"
)

// Safeguards lists every safeguard in report order.
var Safeguards = []Safeguard{Administrative, Physical, Technical, Organizational, Documentation}
