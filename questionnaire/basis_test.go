package questionnaire

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hipaarisk/hipaarisk/inputfile"
)

// schema2FS is the valid schema-2 test bank with edits applied: each edit
// replaces the first occurrence of old with new in the named file, and a nil
// body removes the file.
func schema2FS(t *testing.T, edits []edit) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"bank.yaml", "questions.yaml", "citations.tsv"} {
		data, err := os.ReadFile("testdata/schema2/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for _, e := range edits {
		if e.remove {
			delete(fsys, e.file)
			continue
		}
		s := string(fsys[e.file].Data)
		if !strings.Contains(s, e.old) {
			t.Fatalf("%s does not contain %q", e.file, e.old)
		}
		fsys[e.file].Data = []byte(strings.Replace(s, e.old, e.new, 1))
	}
	return fsys
}

type edit struct {
	file, old, new string
	remove         bool
}

func TestLoadFSSchema2(t *testing.T) {
	b, err := LoadFS(schema2FS(t, nil))
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	if b.Schema != 2 || len(b.Citations) != 3 || len(b.Frameworks) != 2 || b.ProposedRule == nil || len(b.ProposedRule.Items) != 1 {
		t.Fatalf("schema %d, %d citations, %d frameworks, proposed rule %+v", b.Schema, len(b.Citations), len(b.Frameworks), b.ProposedRule)
	}
	tests := []struct {
		id                    string
		basis                 Basis
		required, addressable bool
		refs                  int
	}{
		{"adm-official", BasisRule, true, false, 2},
		{"adm-access", BasisRule, true, false, 0},
		{"adm-supervision", BasisRule, false, true, 0},
		{"adm-mfa", BasisRecognized, false, false, 1},
	}
	for _, tt := range tests {
		q, ok := b.Question(tt.id)
		if !ok {
			t.Fatalf("%s missing", tt.id)
		}
		if q.Basis != tt.basis || q.Required != tt.required || q.Addressable() != tt.addressable || len(q.References) != tt.refs || q.Guidance.Evidence != "e" {
			t.Errorf("%s: basis %s required %v addressable %v references %v evidence %q", q.ID, q.Basis, q.Required, q.Addressable(), q.References, q.Guidance.Evidence)
		}
	}
	mfa, _ := b.Question("adm-mfa")
	if len(mfa.Supports) != 1 || len(mfa.Citations) != 0 {
		t.Errorf("adm-mfa: supports %v citations %v", mfa.Supports, mfa.Citations)
	}
}

// Every schema-2 rule is enforced, with the file and line of the problem.
func TestLoadFSSchema2Problems(t *testing.T) {
	const q = "questions.yaml"
	tests := []struct {
		name  string
		edits []edit
		want  []string // "file:line: part of the message", all of them, in order
	}{
		{"bad basis", []edit{{file: q, old: "basis: rule", new: "basis: rules"}},
			[]string{`questions.yaml:5: basis "rules" must be one of rule, recognized, practice — did you mean "rule"?`}},
		{"missing basis", []edit{{file: q, old: "    basis: rule\n", new: ""}},
			[]string{`questions.yaml:3: basis is missing: use rule, recognized, practice`}},
		{"rule question without citations", []edit{{file: q, old: "    citations: [164.308(a)(2)]\n", new: ""}},
			[]string{
				`bank.yaml:33: section adm lists 164.308(a)(2) but none of its questions cites it`,
				`citations.tsv: no rule question cites 164.308(a)(2) (Assigned security responsibility)`,
				`questions.yaml:3: needs at least one citation`,
			}},
		{"practice question with citations", []edit{{file: q, old: "basis: recognized\n    supports:", new: "basis: practice\n    citations:"}},
			[]string{`questions.yaml:28: a practice question does not cite the rule: list what it helps with under supports`}},
		{"rule question with supports", []edit{{file: q, old: "    references: [HICP 10.S.A, CSF GV.RR-02]\n", new: "    supports: [164.308(a)(3)(i)]\n"}},
			[]string{`questions.yaml:7: a rule question cites the rule under citations, not supports`}},
		{"unknown supported citation", []edit{{file: q, old: "supports: [164.308(a)(3)(i)]", new: "supports: [164.308(a)(9)]"}},
			[]string{`questions.yaml:28: citation 164.308(a)(9) is not in the Security Rule reference table`}},
		{"required and addressable together", []edit{{file: q, old: "citations: [164.308(a)(3)(ii)(A)]", new: "citations: [164.308(a)(3)(i), 164.308(a)(3)(ii)(A)]"}},
			[]string{`questions.yaml:21: cites required 164.308(a)(3)(i) and addressable 164.308(a)(3)(ii)(A): split the question`}},
		{"missing evidence", []edit{{file: q, old: "owner: o, evidence: e}", new: "owner: o}"}},
			[]string{`questions.yaml:9: evidence is empty: name the document or record that shows a yes`}},
		{"malformed reference", []edit{{file: q, old: "HICP 10.S.A, CSF GV.RR-02", new: "HICP TV1-10, CSF GV.RR-2, NIST 800-53"}},
			[]string{
				`questions.yaml:7: reference "HICP TV1-10" must look like "HICP 1.S.A" or "CSF PR.AA-03"`,
				`questions.yaml:7: reference "CSF GV.RR-2" must look like`,
				`questions.yaml:7: reference "NIST 800-53" must look like`,
			}},
		{"row not covered", []edit{{file: "citations.tsv", old: "A\n", new: "A\n164.308(a)(8)\tadministrative\tEvaluation\t-\tR\n"}},
			[]string{`citations.tsv: no rule question cites 164.308(a)(8) (Evaluation)`}},
		{"proposal names an unknown question", []edit{{file: "bank.yaml", old: "questions: [adm-mfa]", new: "questions: [adm-mfaa]"}},
			[]string{`bank.yaml:17: unknown question "adm-mfaa" — did you mean "adm-mfa"?`}},
		{"proposal names an unknown check", []edit{{file: "bank.yaml", old: "checks: [iam-root-mfa]", new: "checks: [iam-root-2fa]"}},
			[]string{`bank.yaml:18: unknown probe check "iam-root-2fa" — did you mean "iam-root-mfa"?`}},
		{"proposal item without readiness", []edit{{file: "bank.yaml", old: "      questions: [adm-mfa]\n      checks: [iam-root-mfa]\n", new: ""}},
			[]string{`bank.yaml:14: item mfa names no question and no check that shows readiness`}},
		{"proposal without status", []edit{{file: "bank.yaml", old: "  status: Proposed, not final; nothing here is scored.\n", new: ""}},
			[]string{`bank.yaml:9: status is empty`}},
		{"framework without name", []edit{{file: "bank.yaml", old: "    name: Health Industry Cybersecurity Practices\n", new: ""}},
			[]string{`bank.yaml:4: name is empty`}},
		{"no reference table", []edit{{file: "citations.tsv", remove: true}},
			[]string{`citations.tsv: a schema 2 bank needs its own reference table`}},
		{"unknown schema", []edit{{file: "bank.yaml", old: "schema: 2", new: "schema: 3"}},
			[]string{`bank.yaml:2: schema 3 is not known: use 1 or 2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := LoadFS(schema2FS(t, tt.edits))
			var probs inputfile.Problems
			if b != nil || !errors.As(err, &probs) {
				t.Fatalf("LoadFS = %v, %v; want inputfile.Problems", b, err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("problem %d:\n got %s\nwant %s...", i, lines[i], w)
				}
			}
		})
	}
}

// A schema-1 bank (2026.11) keeps its rules: no basis or evidence needed,
// and no bank-level framework data.
func TestLoadFSSchema1IgnoresBasis(t *testing.T) {
	b, err := LoadFS(os.DirFS("testdata/minimal"))
	if err != nil || b.Schema != 0 || b.ProposedRule != nil {
		t.Fatalf("LoadFS = %+v, %v", b, err)
	}
	q, _ := b.Question("adm-supervision")
	if !q.Addressable() || q.Basis != "" {
		t.Errorf("adm-supervision: addressable %v basis %q", q.Addressable(), q.Basis)
	}
}
