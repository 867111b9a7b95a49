package questionnaire

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
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

// profileField finds the struct field behind a key.
func profileField(p reflect.Value, key string) (reflect.Value, error) {
	f := fieldsOf(p.Type(), "yaml")
	i, ok := f.index[key]
	if !ok {
		return reflect.Value{}, fmt.Errorf("unknown profile field %q%s", key, suggest(key, f.names))
	}
	return p.Field(i), nil
}

// Set parses value into the field named key, for scripted and screen-reader
// use. Whole numbers must not be negative; yes/no fields accept yes, no, true,
// false, y, n; lists are comma-separated. List options are checked by
// Bank.ValidateProfile, not here.
func (p *Profile) Set(key, value string) error {
	f, err := profileField(reflect.ValueOf(p).Elem(), key)
	if err != nil {
		return err
	}
	value = strings.TrimSpace(value)
	switch f.Kind() {
	case reflect.Int:
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return fmt.Errorf("%s: %q is not a whole number of zero or more", key, value)
		}
		f.SetInt(int64(n))
	case reflect.Bool:
		switch strings.ToLower(value) {
		case "yes", "y", "true":
			f.SetBool(true)
		case "no", "n", "false":
			f.SetBool(false)
		default:
			return fmt.Errorf("%s: %q is not yes or no", key, value)
		}
	case reflect.Slice:
		var list []string
		for _, s := range strings.Split(value, ",") {
			s = strings.ToLower(strings.TrimSpace(s))
			if s != "" && !slices.Contains(list, s) {
				list = append(list, s)
			}
		}
		f.Set(reflect.ValueOf(list))
	default:
		f.SetString(value)
	}
	return nil
}

// Get formats the field named key the way Set reads it: numbers, "yes"/"no",
// comma-separated lists. An unknown key gives "".
func (p Profile) Get(key string) string {
	f, err := profileField(reflect.ValueOf(p), key)
	if err != nil {
		return ""
	}
	switch f.Kind() {
	case reflect.Int:
		return strconv.Itoa(int(f.Int()))
	case reflect.Bool:
		if f.Bool() {
			return "yes"
		}
		return "no"
	case reflect.Slice:
		return strings.Join(f.Interface().([]string), ", ")
	}
	return f.String()
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
