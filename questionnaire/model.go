// Package questionnaire owns the question bank, the threat catalog, the
// practice's own statements about itself (profile, answers, inventories) and
// the import/export format for those statements.
package questionnaire

import (
	"fmt"
	"strings"
	"time"
)

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

// AnswerValue is what the practice says about one question.
type AnswerValue string

const (
	Yes           AnswerValue = "yes"
	Partial       AnswerValue = "partial"
	No            AnswerValue = "no"
	NotApplicable AnswerValue = "not_applicable"
	Unknown       AnswerValue = "unknown"
)

// AnswerValues lists the five answer values in the order the wizard offers them.
var AnswerValues = []AnswerValue{Yes, Partial, No, NotApplicable, Unknown}

// ParseAnswerValue accepts the values above plus the wizard keys y/p/n/a/u and
// "n/a", "na", "not applicable".
func ParseAnswerValue(s string) (AnswerValue, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y":
		return Yes, nil
	case "partial", "p", "partly":
		return Partial, nil
	case "no", "n":
		return No, nil
	case "not_applicable", "not applicable", "n/a", "na", "a":
		return NotApplicable, nil
	case "unknown", "u", "?", "dont_know", "don't know":
		return Unknown, nil
	}
	return "", fmt.Errorf("%q is not an answer: use yes, partial, no, not_applicable or unknown", s)
}

// DecisionKind records what a practice decided for an addressable
// specification it does not implement as written.
type DecisionKind string

const (
	// DecisionAlternative: an equivalent alternative measure is in place.
	DecisionAlternative DecisionKind = "alternative"
	// DecisionNotReasonable: neither the specification nor an alternative is
	// reasonable and appropriate, with the reason documented.
	DecisionNotReasonable DecisionKind = "not_reasonable"
)

// AddressableDecision is the documented follow-up to a "no" or "partial" on an
// addressable implementation specification (45 CFR 164.306(d)(3)).
type AddressableDecision struct {
	Kind          DecisionKind `json:"kind" yaml:"kind"`
	Justification string       `json:"justification" yaml:"justification"`
}

// Answer is the practice's statement for one question.
type Answer struct {
	QuestionID     string               `json:"questionId,omitempty" yaml:"-"`
	Value          AnswerValue          `json:"value" yaml:"value"`
	Note           string               `json:"note,omitempty" yaml:"note,omitempty"`
	Evidence       string               `json:"evidence,omitempty" yaml:"evidence,omitempty"`
	Flagged        bool                 `json:"flagged,omitempty" yaml:"flagged,omitempty"`
	Decision       *AddressableDecision `json:"decision,omitempty" yaml:"decision,omitempty"`
	CarriedForward bool                 `json:"carriedForward,omitempty" yaml:"carried_forward,omitempty"`
	By             string               `json:"by,omitempty" yaml:"-"`
	At             time.Time            `json:"at,omitzero" yaml:"-"`
}

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
	ID             int64      `json:"id,omitempty" yaml:"-"`
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
	ID             int64  `json:"id,omitempty" yaml:"-"`
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
