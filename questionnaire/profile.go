package questionnaire

import (
	"reflect"
)

// FieldKind is how a profile field is entered.
type FieldKind string

const (
	FieldInt  FieldKind = "int"
	FieldBool FieldKind = "bool"
	FieldText FieldKind = "text"
	FieldList FieldKind = "list"
)

// ProfileField describes one fact in the practice profile so that a form can
// be built without knowing the Profile type. Key is the field's yaml tag in
// Profile (e.g. "ehr_hosted").
type ProfileField struct {
	Key     string    `json:"key" yaml:"key"`
	Kind    FieldKind `json:"kind" yaml:"kind"`
	Prompt  string    `json:"prompt" yaml:"prompt"`
	Help    string    `json:"help" yaml:"help"`
	Options []string  `json:"options,omitempty" yaml:"options,omitempty"` // allowed values of a list
}

// fieldKind is the ProfileField kind matching a Profile field's Go type.
func fieldKind(f reflect.Value) FieldKind {
	switch f.Kind() {
	case reflect.Int:
		return FieldInt
	case reflect.Bool:
		return FieldBool
	case reflect.Slice:
		return FieldList
	}
	return FieldText
}
