package assessment

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Profile describes the practice. Its fields drive show-if branching and the
// threat catalog's profile modifiers.
type Profile struct {
	Address         string   `json:"address,omitempty" yaml:"address,omitempty"`
	Providers       int      `json:"providers" yaml:"providers"`
	Staff           int      `json:"staff" yaml:"staff"`
	Locations       int      `json:"locations" yaml:"locations"`
	EHR             string   `json:"ehr,omitempty" yaml:"ehr,omitempty"`
	EHRHosted       bool     `json:"ehrHosted" yaml:"ehr_hosted"`
	CloudServices   []string `json:"cloudServices,omitempty" yaml:"cloud_services,omitempty"`
	RemoteWork      bool     `json:"remoteWork" yaml:"remote_work"`
	PortableDevices bool     `json:"portableDevices" yaml:"portable_devices"`
	Clearinghouse   bool     `json:"clearinghouse" yaml:"clearinghouse"`
	GroupHealthPlan bool     `json:"groupHealthPlan" yaml:"group_health_plan"`
}

// UsesCloud reports whether the practice uses any cloud service.
func (p Profile) UsesCloud() bool { return len(p.CloudServices) > 0 }

// UsesService reports whether the named cloud service (e.g. "aws") is in use.
func (p Profile) UsesService(name string) bool {
	for _, s := range p.CloudServices {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// Encryption states what the practice knows about encryption at rest.
type Encryption string

const (
	EncryptionYes     Encryption = "yes"
	EncryptionNo      Encryption = "no"
	EncryptionUnknown Encryption = "unknown"
)

// Asset is a system, device or store that creates, receives, maintains or
// transmits ePHI.
type Asset struct {
	ID             int64      `json:"id,omitempty" yaml:"-" file:"-"`
	Name           string     `json:"name" yaml:"name"`
	Kind           string     `json:"kind" yaml:"kind"` // ehr, server, workstation, laptop, mobile, removable_media, cloud_storage, database, backup, network, paper, other
	Location       string     `json:"location,omitempty" yaml:"location,omitempty"`
	Owner          string     `json:"owner,omitempty" yaml:"owner,omitempty"`
	HoldsEPHI      bool       `json:"holdsEphi" yaml:"holds_ephi"`
	Encrypted      Encryption `json:"encrypted" yaml:"encrypted"`
	EncryptionNote string     `json:"encryptionNote,omitempty" yaml:"encryption_note,omitempty"` // e.g. "BitLocker AES-256"
	Notes          string     `json:"notes,omitempty" yaml:"notes,omitempty"`
	CarriedForward bool       `json:"carriedForward,omitempty" yaml:"carried_forward,omitempty"`
}

// Vendor is a vendor or business associate.
type Vendor struct {
	ID             int64  `json:"id,omitempty" yaml:"-" file:"-"`
	Name           string `json:"name" yaml:"name"`
	Service        string `json:"service" yaml:"service"`
	HoldsEPHI      bool   `json:"holdsEphi" yaml:"holds_ephi"`
	BAASigned      bool   `json:"baaSigned" yaml:"baa_signed"`
	BAADate        string `json:"baaDate,omitempty" yaml:"baa_date,omitempty"` // YYYY-MM-DD
	Notes          string `json:"notes,omitempty" yaml:"notes,omitempty"`
	CarriedForward bool   `json:"carriedForward,omitempty" yaml:"carried_forward,omitempty"`
}

// IsAWS reports whether the vendor entry is Amazon Web Services itself (by
// name: "AWS", "Amazon Web Services", "AWS (hosting)"), not a vendor that
// merely runs on AWS.
func (v Vendor) IsAWS() bool {
	n := strings.ToLower(v.Name)
	if strings.Contains(n, "amazon web services") {
		return true
	}
	for _, w := range strings.FieldsFunc(n, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') }) {
		if w == "aws" {
			return true
		}
	}
	return false
}

// profileField finds the struct field whose yaml key is key.
func profileField(p reflect.Value, key string) (reflect.Value, error) {
	t := p.Type()
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == key {
			return p.Field(i), nil
		}
		keys = append(keys, name)
	}
	return reflect.Value{}, fmt.Errorf("unknown profile field %q: use one of %s", key, strings.Join(keys, ", "))
}

// Set parses value into the field named key (its yaml key, e.g.
// "ehr_hosted"), for scripted and screen-reader use. Whole numbers must not
// be negative; yes/no fields accept yes, no, true, false, y, n; lists are
// comma-separated. List options are checked by the question bank, not here.
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
