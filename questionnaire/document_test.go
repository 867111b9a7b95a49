package questionnaire

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

func parseFile(t testing.TB, path string) *Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseDocument(filepath.Base(path), data)
	if err != nil {
		t.Fatalf("ParseDocument(%s): %v", path, err)
	}
	return d
}

// exported returns a copy without parse positions, for comparisons.
func exported(d *Document) Document {
	c := *d
	c.file, c.dec = "", nil
	return c
}

func TestParseExample(t *testing.T) {
	d := parseFile(t, "testdata/example.yaml")
	if d.Profile == nil || d.Profile.Staff != 11 || !d.Profile.UsesService("aws") {
		t.Fatalf("profile = %+v", d.Profile)
	}
	a := d.Answers["tech-auto-logoff"]
	if a.QuestionID != "tech-auto-logoff" || a.Value != assessment.No || a.Decision == nil || a.Decision.Kind != assessment.DecisionAlternative {
		t.Errorf("tech-auto-logoff = %+v", a)
	}
	if d.Answers["adm-security-official"].Value != assessment.Yes || !d.Answers["device-laptop-encryption"].Flagged {
		t.Errorf("answers = %+v", d.Answers)
	}
	if len(d.Assets) != 2 || d.Assets[1].Encrypted != assessment.EncryptionNo || len(d.Vendors) != 2 || d.Vendors[0].BAADate != "2024-03-18" {
		t.Errorf("inventories = %+v %+v", d.Assets, d.Vendors)
	}
	// The JSON example says the same thing.
	if j := parseFile(t, "testdata/example.json"); !reflect.DeepEqual(exported(j), exported(d)) {
		t.Errorf("example.json differs from example.yaml:\n%+v\n%+v", exported(j), exported(d))
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	d := parseFile(t, "testdata/example.yaml")
	for _, format := range []string{"yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			out, err := MarshalDocument(d, format)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseDocument("export."+format, out)
			if err != nil {
				t.Fatalf("re-parse: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(exported(back), exported(d)) {
				t.Errorf("round trip changed the document:\n%+v\n%+v", exported(back), exported(d))
			}
			again, _ := MarshalDocument(back, format)
			if !bytes.Equal(again, out) {
				t.Errorf("second export differs:\n%s\n%s", out, again)
			}
			if inputfile.Format("noext", out) != format {
				t.Errorf("output not recognised as %s", format)
			}
		})
	}
	if _, err := MarshalDocument(d, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestMarshalOmitsWhoAndWhen(t *testing.T) {
	d := &Document{Answers: map[string]assessment.Answer{"adm-evaluation": {QuestionID: "adm-evaluation", Value: assessment.Yes, By: "pat"}},
		Vendors: []assessment.Vendor{{ID: 42, Name: "V"}}}
	for _, format := range []string{"yaml", "json"} {
		out, err := MarshalDocument(d, format)
		if err != nil {
			t.Fatal(err)
		}
		if s := string(out); strings.Contains(s, "pat") || strings.Contains(s, "questionId") || strings.Contains(s, "0001") || strings.Contains(s, "42") {
			t.Errorf("%s output carries answer metadata:\n%s", format, s)
		}
	}
	if d.Answers["adm-evaluation"].By != "pat" || d.Vendors[0].ID != 42 {
		t.Error("MarshalDocument changed its input")
	}
}

// Every problem in an import file is reported with its line.
func TestParseDocumentProblems(t *testing.T) {
	tests := []struct {
		file string
		want []string // every problem, in order: "file:line: message" prefixes
	}{
		{"broken.yaml", []string{
			`broken.yaml:2: unknown top-level key "asessor" — did you mean "assessor"?`,
			`broken.yaml:4: profile.providers: "three" is not a whole number`,
			`broken.yaml:5: profile.staff: -2 is negative`,
			`broken.yaml:6: profile.cloud_services[1]: "amazon" is not one of`,
			`broken.yaml:7: profile.remote_work: "maybe" is not true or false`,
			`broken.yaml:10: answers.adm-risk-analysis-curent: unknown question id — did you mean "adm-risk-analysis-current"`,
			`broken.yaml:12: answers.adm-security-official: unknown field "vaule" — did you mean "value"?`,
			`broken.yaml:12: answers.adm-security-official: value is missing`,
			`broken.yaml:14: answers.adm-sanction-policy.value: "maybe" is not an answer`,
			`broken.yaml:18: answers.tech-auto-logoff.decision: the justification must explain the decision in at least 5 words`,
			`broken.yaml:18: answers.tech-auto-logoff.decision: an alternative decision must name the equivalent measure`,
			`broken.yaml:23: answers.adm-evaluation.decision.kind: "skip" is not a valid decision kind`,
			`broken.yaml:23: answers.adm-evaluation.decision: a decision applies only to addressable specifications`,
			`broken.yaml:23: answers.adm-evaluation.decision: the justification must explain the decision in at least 5 words`,
			`broken.yaml:27: assets[0].kind: "labtop" is not an asset kind: use one of ehr,`,
			`broken.yaml:28: assets[0].encrypted: "perhaps" is not a valid encryption state`,
			`broken.yaml:31: vendors[0].baa_date: "03/18/2024" is not a date: write it as YYYY-MM-DD`,
			`broken.yaml:32: vendors[1]: name is missing`,
		}},
		{"broken.json", []string{
			`broken.json:3: profile.providers: "3" is not a whole number`,
			`broken.json:3: profile.ehrHosted: "yes" is not true or false`,
			`broken.json:5: answers.adm-security-official: unknown field "notes" — did you mean "note"?`,
			`broken.json:6: answers.adm-risk-analysis-current.value: "3" is not an answer`,
			`broken.json:8: vendors[0].baaDate: "2024-02-30" is not a date`,
			`broken.json:9: unknown top-level key "extra"`,
		}},
		{"syntax.json", []string{`syntax.json:3: not valid JSON: invalid character '}'`}},
		{"syntax.yaml", []string{`syntax.yaml:4: not valid YAML: did not find expected key`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/documents/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ParseDocument(tt.file, data)
			var probs inputfile.Problems
			if d != nil || !errors.As(err, &probs) {
				t.Fatalf("ParseDocument = %v, %v; want inputfile.Problems", d, err)
			}
			if len(probs) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(probs), len(tt.want), err)
			}
			for i, w := range tt.want {
				if got := probs[i].String(); !strings.HasPrefix(got, w) {
					t.Errorf("problem %d:\n got %s\nwant %s...", i, got, w)
				}
			}
		})
	}
}

func TestParseDocumentSmallCases(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"empty.yaml", " \n", "empty.yaml: the file is empty"},
		{"comment.yaml", "# nothing yet\n", "comment.yaml: the file is empty"},
		{"null.yaml", "~\n", "null.yaml: the file is empty"},
		{"null.json", "null", "null.json: the file is empty"},
		{"list.yaml", "- a\n- b\n", "list.yaml:1: expected a set of keys, found a list"},
		{"alias.yaml", "scope: &s x\nassessor: *s\n", "alias.yaml:2: assessor: anchors and aliases are not supported"},
		{"dup.yaml", "scope: a\nscope: b\n", `dup.yaml:2: "scope" appears twice (first on line 1)`},
		{"version.yaml", "bank_version: \"1999.01\"\n", `version.yaml:1: question bank version "1999.01" is not available`},
		{"trail.json", "{} {}", "trail.json:1: not valid JSON: unexpected data after the end of the document"},
		{"short.json", "{\"scope\": ", "short.json:1: not valid JSON: the file ends too early"},
		{"num.json", "{\"scope\": 5}", "num.json:1: scope: expected text in quotes, found 5"},
		{"qid.json", "{\"answers\": {\"adm-evaluation\": {\"questionId\": \"x\", \"value\": \"yes\"}}}", `qid.json:1: answers.adm-evaluation: unknown field "questionId"`},
		{"id.json", "{\"vendors\": [{\"id\": 3, \"name\": \"V\"}]}", `id.json:1: vendors[0]: unknown field "id"`},
		{"na.yaml", "answers:\n  adm-security-official:\n    value: partial\n", `na.yaml:3: answers.adm-security-official.value: "partial" is not an allowed answer here: use yes, no, unknown`},
	}
	for _, tt := range tests {
		_, err := ParseDocument(tt.name, []byte(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: err = %v\nwant %s", tt.name, err, tt.want)
		}
	}
	d, err := ParseDocument("ok.yaml", []byte("answers:\n  adm-evaluation:\n    value: y\n    note: ~\nprofile:\n  ehr_hosted: yes\n"))
	if err != nil || d.Answers["adm-evaluation"].Value != assessment.Yes || !d.Profile.EHRHosted {
		t.Errorf("short spellings: %+v, %v", d, err)
	}
}

func TestValidateDocument(t *testing.T) {
	b := mustLoad(t)
	tests := []struct {
		name string
		doc  Document
		want string // "" for valid
	}{
		{"valid", Document{Answers: map[string]assessment.Answer{
			"tech-auto-logoff":           {Value: assessment.No, Decision: &assessment.AddressableDecision{Kind: assessment.DecisionNotReasonable, Justification: "Single-room practice, always staffed, so nobody walks up to an unattended screen."}},
			"ba-government-arrangements": {Value: assessment.NotApplicable, NAReason: "The practice has no government business associates."},
		}, Vendors: []assessment.Vendor{{Name: "V", BAADate: "2025-01-31"}},
			Practices: []assessment.RecognizedPractice{{Framework: "hicp", Since: "2025-03-01"}}}, ""},
		{"unknown id", Document{Answers: map[string]assessment.Answer{"adm-risk-analysys-current": {Value: assessment.Yes}}},
			`answers.adm-risk-analysys-current: unknown question id — did you mean "adm-risk-analysis-current"`},
		{"not allowed", Document{Answers: map[string]assessment.Answer{"adm-security-official": {Value: assessment.NotApplicable}}},
			`answers.adm-security-official.value: "not_applicable" is not an allowed answer here`},
		{"no value", Document{Answers: map[string]assessment.Answer{"adm-evaluation": {}}}, "answers.adm-evaluation: value is missing"},
		{"empty justification", Document{Answers: map[string]assessment.Answer{"tech-auto-logoff": {Value: assessment.No, Decision: &assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: " "}}}},
			"answers.tech-auto-logoff.decision: the justification must explain the decision in at least 5 words"},
		{"one-character justification", Document{Answers: map[string]assessment.Answer{"tech-auto-logoff": {Value: assessment.No, Decision: &assessment.AddressableDecision{Kind: assessment.DecisionNotReasonable, Justification: "x"}}}},
			"answers.tech-auto-logoff.decision: the justification must explain the decision in at least 5 words"},
		{"alternative without the measure", Document{Answers: map[string]assessment.Answer{"tech-auto-logoff": {Value: assessment.No, Decision: &assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: "Automatic locking interrupted check-in at the front desk."}}}},
			"answers.tech-auto-logoff.decision: an alternative decision must name the equivalent measure"},
		{"decision on a required question", Document{Answers: map[string]assessment.Answer{"adm-evaluation": {Value: assessment.No, Decision: &assessment.AddressableDecision{Kind: assessment.DecisionNotReasonable, Justification: "We are far too small to evaluate anything formally."}}}},
			"answers.adm-evaluation.decision: a decision applies only to addressable specifications"},
		{"decision without kind", Document{Answers: map[string]assessment.Answer{"tech-auto-logoff": {Value: assessment.No, Decision: &assessment.AddressableDecision{Justification: "x"}}}},
			"answers.tech-auto-logoff.decision: decision kind is missing"},
		{"bad decision kind", Document{Answers: map[string]assessment.Answer{"tech-auto-logoff": {Value: assessment.No, Decision: &assessment.AddressableDecision{Kind: "later", Justification: "x"}}}},
			`answers.tech-auto-logoff.decision.kind: "later" is not a valid decision kind`},
		{"required not applicable without a reason", Document{Answers: map[string]assessment.Answer{"docs-retention": {Value: assessment.NotApplicable}}},
			"answers.docs-retention.na_reason: a required standard or specification is not applicable only through the practice profile"},
		{"required not applicable with a one-word reason", Document{Answers: map[string]assessment.Answer{"docs-retention": {Value: assessment.NotApplicable, NAReason: "n/a"}}},
			"answers.docs-retention.na_reason: a required standard or specification is not applicable only through the practice profile"},
		{"unknown framework", Document{Practices: []assessment.RecognizedPractice{{Framework: "iso", Since: "2025-03-01"}}},
			`recognized_practices[0]: "iso" is not a recognized framework: use hicp or csf2`},
		{"bad framework date", Document{Practices: []assessment.RecognizedPractice{{Framework: "hicp", Since: "March 2025"}}},
			`recognized_practices[0]: since "March 2025" is not a date`},
		{"bad encryption", Document{Assets: []assessment.Asset{{Name: "L", Kind: "laptop", Encrypted: "maybe"}}}, `assets[0].encrypted: "maybe" is not a valid encryption state`},
		{"bad date", Document{Vendors: []assessment.Vendor{{Name: "V", BAADate: "2025-13-01"}}}, `vendors[0].baa_date: "2025-13-01" is not a date`},
		{"other version", Document{BankVersion: "2001.01"}, "bank_version: written for question bank 2001.01"},
		{"bad profile", Document{Profile: &assessment.Profile{Locations: -1}}, "profile.locations: -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := b.ValidateDocument(&tt.doc)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func FuzzParseDocument(f *testing.F) {
	for _, pattern := range []string{"testdata/example.*", "testdata/documents/*"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(filepath.Base(name), data)
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		d, err := ParseDocument(name, data)
		if err != nil {
			if d != nil {
				t.Fatal("a document returned with an error")
			}
			if _, ok := err.(inputfile.Problems); !ok {
				t.Fatalf("error is %T, want inputfile.Problems", err)
			}
			return
		}
		// Whatever parses must survive a round trip in its own format.
		format := inputfile.Format(name, data)
		out, err := MarshalDocument(d, format)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := ParseDocument("again."+format, out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(exported(back), exported(d)) {
			t.Fatalf("round trip changed the document:\n%+v\n%+v", exported(back), exported(d))
		}
	})
}

func BenchmarkParseDocument(b *testing.B) {
	data, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		b.Fatal(err)
	}
	mustLoad(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDocument("example.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
