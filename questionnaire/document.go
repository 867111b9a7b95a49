package questionnaire

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// Document is a practice's inputs as a file: what it said about itself and
// its safeguards, for import, export and scripting. Answers are keyed by
// question id.
type Document struct {
	BankVersion string                       `json:"bankVersion,omitempty" yaml:"bank_version,omitempty"`
	Assessor    string                       `json:"assessor,omitempty" yaml:"assessor,omitempty"`
	Scope       string                       `json:"scope,omitempty" yaml:"scope,omitempty"`
	Profile     *assessment.Profile          `json:"profile,omitempty" yaml:"profile,omitempty"` // nil: leave the profile as it is
	Answers     map[string]assessment.Answer `json:"answers,omitempty" yaml:"answers,omitempty"`
	Assets      []assessment.Asset           `json:"assets,omitempty" yaml:"assets,omitempty"`
	Vendors     []assessment.Vendor          `json:"vendors,omitempty" yaml:"vendors,omitempty"`
	// Practices are the recognized security frameworks the practice
	// follows; nil leaves the stored ones as they are.
	Practices []assessment.RecognizedPractice `json:"recognizedPractices,omitempty" yaml:"recognized_practices,omitempty"`

	file string             // name given to ParseDocument, for messages
	dec  *inputfile.Decoded // positions of what was parsed; nil for a document built in code
}

// AssetKinds lists the kinds an asset may have.
var AssetKinds = []string{"ehr", "server", "workstation", "laptop", "mobile", "removable_media", "cloud_storage", "database", "backup", "network", "paper", "other"}

// ParseDocument reads an import file in YAML or JSON. On any problem it
// returns inputfile.Problems listing every one with its line: malformed syntax, unknown
// keys (with the closest known key), unknown question ids (with close ids),
// bad answer, profile or inventory values and bad dates. Question ids are
// checked against the embedded bank named by bank_version, or the current one.
func ParseDocument(name string, data []byte) (*Document, error) {
	empty := inputfile.Problems{{File: name, Msg: "the file is empty"}}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, empty
	}
	doc := &Document{file: name}
	d, err := inputfile.Decode(name, data, inputfile.Format(name, data), doc, inputfile.Options{Vocabularies: vocabularies})
	if err != nil {
		return nil, err
	}
	if d.Empty {
		return nil, empty
	}
	doc.dec = d
	probs := d.Problems
	for id, a := range doc.Answers {
		a.QuestionID = id
		doc.Answers[id] = a
	}
	var b *Bank
	if doc.BankVersion != "" {
		b, err = LoadVersion(doc.BankVersion)
	} else {
		b, err = Load()
	}
	if err != nil {
		probs = append(probs, inputfile.Problem{File: name, Line: d.Line("BankVersion"), Msg: err.Error()})
	} else {
		probs = append(probs, b.checkDocument(doc)...)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return doc, nil
}

// docCheck collects ValidateDocument's problems, with lines when the
// document was parsed from a file.
type docCheck struct {
	doc   *Document
	probs inputfile.Problems
}

// addf records a problem at a Go path such as "Vendors[0].BAADate", named in
// the message the way the file spells it.
func (c *docCheck) addf(goPath, fallback, format string, args ...any) {
	p := inputfile.Problem{File: c.doc.file, Msg: fmt.Sprintf(format, args...)}
	name := fallback
	if d := c.doc.dec; d != nil {
		p.Line = d.Line(goPath)
		if path, ok := d.Path(goPath); ok {
			name = path
		}
	}
	p.Msg = name + ": " + p.Msg
	c.probs = append(c.probs, p)
}

// failed reports whether parsing already rejected the value at goPath.
func (c *docCheck) failed(goPath string) bool {
	return c.doc.dec != nil && c.doc.dec.Failed(goPath)
}

// vocabulary checks a value of a fixed-vocabulary type, for documents built
// in code (a file's values were checked as they were read, and a rejected one
// is left empty).
func (c *docCheck) vocabulary(goPath, fallback string, v any) {
	rv := reflect.ValueOf(v)
	if _, err := vocabularies[rv.Type()](rv.String()); err != nil {
		c.addf(goPath, fallback, "%v", err)
	}
}

// ValidateDocument checks a document against this bank: known question ids,
// answers each question allows, addressable decisions with a justification,
// profile values, asset kinds and vendor agreement dates (YYYY-MM-DD).
func (b *Bank) ValidateDocument(d *Document) error {
	return b.checkDocument(d).Err()
}

func (b *Bank) checkDocument(d *Document) inputfile.Problems {
	c := &docCheck{doc: d}
	if d.BankVersion != "" && d.BankVersion != b.Version {
		c.addf("BankVersion", "bank_version", "written for question bank %s, but this assessment uses %s", d.BankVersion, b.Version)
	}
	if d.Profile != nil {
		b.checkProfile(*d.Profile, func(key, goField, msg string) {
			c.addf("Profile."+goField, "profile."+key, "%s", msg)
		})
	}
	ids := make([]string, 0, len(d.Answers))
	for id := range d.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var known []string
	for _, id := range ids {
		a := d.Answers[id]
		at := "Answers[" + id + "]"
		q, ok := b.Question(id)
		if !ok {
			if known == nil {
				for _, q := range b.Questions {
					known = append(known, q.ID)
				}
			}
			c.addf(at, "answers."+id, "unknown question id%s", inputfile.DidYouMean(inputfile.Closest(id, known, 3)))
			continue
		}
		switch {
		case c.failed(at + ".Value"): // already reported
		case a.Value == "":
			c.addf(at, "answers."+id, "value is missing")
		case !q.Allows(a.Value):
			c.addf(at+".Value", "answers."+id+".value", "%q is not an allowed answer here: use %s", a.Value, joinValues(q.Answers))
		}
		if a.Value == assessment.NotApplicable && q.Required {
			if p := assessment.NAReasonProblem(a.NAReason); p != "" {
				c.addf(at+".NAReason", "answers."+id+".na_reason", "%s", p)
			}
		}
		if a.Decision == nil {
			continue
		}
		if !q.Addressable() {
			c.addf(at+".Decision", "answers."+id+".decision", "a decision applies only to addressable specifications, and this question cites none")
		}
		switch {
		case c.failed(at + ".Decision.Kind"): // already reported
		case a.Decision.Kind == "":
			c.addf(at+".Decision", "answers."+id+".decision", "decision kind is missing: use %s or %s", assessment.DecisionAlternative, assessment.DecisionNotReasonable)
		default:
			c.vocabulary(at+".Decision.Kind", "answers."+id+".decision.kind", a.Decision.Kind)
		}
		for _, p := range a.Decision.ContentProblems() {
			c.addf(at+".Decision", "answers."+id+".decision", "%s", p)
		}
	}
	c.checkPractices(b, d.Practices)
	for i, a := range d.Assets {
		at := fmt.Sprintf("Assets[%d]", i)
		if strings.TrimSpace(a.Name) == "" {
			c.addf(at, fmt.Sprintf("assets[%d]", i), "name is missing")
		}
		if a.Kind != "" && !slices.Contains(AssetKinds, a.Kind) {
			c.addf(at+".Kind", fmt.Sprintf("assets[%d].kind", i), "%q is not an asset kind: use one of %s%s", a.Kind, strings.Join(AssetKinds, ", "), inputfile.Suggest(a.Kind, AssetKinds))
		}
		if a.Encrypted != "" {
			c.vocabulary(at+".Encrypted", fmt.Sprintf("assets[%d].encrypted", i), a.Encrypted)
		}
	}
	for i, v := range d.Vendors {
		at := fmt.Sprintf("Vendors[%d]", i)
		if strings.TrimSpace(v.Name) == "" {
			c.addf(at, fmt.Sprintf("vendors[%d]", i), "name is missing")
		}
		if v.BAADate != "" {
			if _, err := time.Parse(time.DateOnly, v.BAADate); err != nil {
				c.addf(at+".BAADate", fmt.Sprintf("vendors[%d].baa_date", i), "%q is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31", v.BAADate)
			}
		}
	}
	return c.probs
}

// ValidateProfile checks profile values against the bank's profile fields:
// no negative counts, and list values among the field's options.
func (b *Bank) ValidateProfile(p assessment.Profile) error {
	var probs inputfile.Problems
	b.checkProfile(p, func(key, _, msg string) {
		probs = append(probs, inputfile.Problem{Msg: key + ": " + msg})
	})
	return probs.Err()
}

func (b *Bank) checkProfile(p assessment.Profile, report func(key, goField, msg string)) {
	v := reflect.ValueOf(p)
	fields := inputfile.Fields(v.Type(), "yaml")
	for _, pf := range b.ProfileFields {
		i, ok := fields.Index[pf.Key]
		if !ok {
			continue
		}
		f, goName := v.Field(i), v.Type().Field(i).Name
		switch pf.Kind {
		case FieldInt:
			if f.Int() < 0 {
				report(pf.Key, goName, fmt.Sprintf("%d is negative", f.Int()))
			}
		case FieldList:
			for j, s := range f.Interface().([]string) {
				if !slices.Contains(pf.Options, s) {
					report(pf.Key, fmt.Sprintf("%s[%d]", goName, j), fmt.Sprintf("%q is not one of %s%s", s, strings.Join(pf.Options, ", "), inputfile.Suggest(s, pf.Options)))
				}
			}
		}
	}
}

func joinValues(vs []assessment.AnswerValue) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// MarshalDocument writes a document as "yaml" or "json", in the format
// ParseDocument reads. Store ids and who answered when are not part of the
// file.
func MarshalDocument(d *Document, format string) ([]byte, error) {
	out := *d
	if d.Answers != nil {
		out.Answers = make(map[string]assessment.Answer, len(d.Answers))
		for id, a := range d.Answers {
			a.QuestionID, a.By, a.At = "", "", time.Time{}
			out.Answers[id] = a
		}
	}
	out.Assets = slices.Clone(d.Assets)
	for i := range out.Assets {
		out.Assets[i].ID = 0
	}
	out.Vendors = slices.Clone(d.Vendors)
	for i := range out.Vendors {
		out.Vendors[i].ID = 0
	}
	b, err := inputfile.Marshal(&out, format)
	if err != nil {
		return nil, fmt.Errorf("write document: %w", err)
	}
	return b, nil
}
