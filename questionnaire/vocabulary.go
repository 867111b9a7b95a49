package questionnaire

import (
	"reflect"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// vocabularies check and normalise the string types with a fixed set of
// values that bank and import files use.
var vocabularies = map[reflect.Type]inputfile.Vocabulary{
	reflect.TypeFor[assessment.AnswerValue](): func(s string) (string, error) {
		v, err := assessment.ParseAnswerValue(s)
		return string(v), err
	},
	reflect.TypeFor[assessment.DecisionKind](): inputfile.OneOf("decision kind", string(assessment.DecisionAlternative), string(assessment.DecisionNotReasonable)),
	reflect.TypeFor[assessment.Encryption]():   inputfile.OneOf("encryption state", string(assessment.EncryptionYes), string(assessment.EncryptionNo), string(assessment.EncryptionUnknown)),
	reflect.TypeFor[Safeguard]():               inputfile.OneOf("safeguard", string(Administrative), string(Physical), string(Technical), string(Organizational), string(Documentation)),
}
