package questionnaire

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

func TestLoadFSMinimal(t *testing.T) {
	b, err := LoadFS(os.DirFS("testdata/minimal"))
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	q, ok := b.Question("adm-supervision")
	if !ok || b.Version != "test.1" || len(b.Questions) != 2 {
		t.Fatalf("loaded %q with %d questions", b.Version, len(b.Questions))
	}
	if q.Line != 10 || q.Required || len(q.Answers) != 2 {
		t.Errorf("adm-supervision: line %d, required %v, answers %v", q.Line, q.Required, q.Answers)
	}
	official, _ := b.Question("adm-official")
	if !official.Required || len(official.Answers) != len(assessment.AnswerValues) {
		t.Errorf("adm-official: required %v, answers %v", official.Required, official.Answers)
	}
	for _, p := range []assessment.Profile{{Staff: 3}, {CloudServices: []string{"aws"}, Staff: 2}} {
		if v, _ := b.Visible(q, p); v {
			t.Errorf("visible for %+v", p)
		}
	}
	if v, _ := b.Visible(q, assessment.Profile{CloudServices: []string{"aws"}, Staff: 3}); !v {
		t.Error("hidden for an AWS practice with 3 staff")
	}
}

// Every problem in a broken bank is reported, with its file and line.
func TestLoadFSReportsEveryProblem(t *testing.T) {
	tests := []struct {
		dir  string
		want []string // "file:line: part of the message", all of them, in order
	}{
		{"many", []string{
			`bank.yaml:3: unknown profile field "provders" — did you mean "providers"?`,
			`bank.yaml:8: profile field staff must have kind int, not "bool"`,
			`bank.yaml:18: intro is empty`,
			`bank.yaml:19: citation 164.999(z) is not in the Security Rule reference table`,
			`bank.yaml:19: section adm lists 164.999(z) but none of its questions cites it`,
			`catalog.yaml:5: source "cosmic" must be one of`,
			`catalog.yaml:6: threats[0].likelihood: "extreme" is not a level`,
			`catalog.yaml:9: condition "staff >> 10"`,
			`catalog.yaml:16: unknown threat "insidr" — did you mean "insider"?`,
			`questions.yaml:6: text must be a single question`,
			`questions.yaml:9: question id "adm-official" is used twice`,
			`questions.yaml:11: citation 164.310(b) is not listed by section adm`,
			`questions.yaml:12: text must ask one thing`,
			`questions.yaml:13: good is empty`,
			`questions.yaml:14: unknown vulnerability "nobody-in-charg" — did you mean "nobody-in-charge"?`,
			`questions.yaml:15: needs at least one vulnerability`,
			`questions.yaml:16: questions[2].safeguard: "managerial" is not a valid safeguard`,
			`questions.yaml:18: condition "clearinghouse and": expression ends too early`,
			`questions.yaml:20: questions[2].answers[1]: "maybe" is not an answer`,
			`questions.yaml:22: questions[2]: unknown field "vulnerabilites" — did you mean "vulnerabilities"?`,
			`questions.yaml:23: unknown probe check "iam-root-mfaa" — did you mean "iam-root-mfa"?`,
		}},
		{"syntax", []string{`bank.yaml:4: not valid YAML: did not find expected ',' or ']'`}},
		{"twice", []string{
			`b.yaml:2: version is set again (already "1" in a.yaml)`,
			`b.yaml:4: questions need a section: key naming their section`,
			`b.yaml:4: question x-one: unknown section ""`,
			`b.yaml:9: needs at least one vulnerability`,
		}},
		{"catalog", []string{
			`bank.yaml:14: unknown store group "garage": use ehr, office, devices, cloud, vendors`,
			`bank.yaml:14: store group "devices" is listed twice`,
			`bank.yaml:22: encryption_protects needs a store group the practice encrypts`,
			`bank.yaml:28: governance vulnerability no-policies lists threats`,
			`bank.yaml:29: needs at least one threat`,
		}},
		{"noversion", []string{
			`no file sets the bank version`,
			`bank.yaml:2: the practice-profile section must come first`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			b, err := LoadFS(os.DirFS("testdata/broken/" + tt.dir))
			var probs inputfile.Problems
			if b != nil || !errors.As(err, &probs) {
				t.Fatalf("LoadFS = %v, %v; want inputfile.Problems", b, err)
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

func TestParseCitations(t *testing.T) {
	data := "citation\tsafeguard\tstandard\tspec\tR/A\n164.1(a)\tadministrative\tS\t-\tR\n164.2\tphysical\tS\tSpec\tA\nbroken line\n164.3\tx\ty\tz\tQ\n"
	_, err := parseCitations("t.tsv", []byte(data))
	if err == nil || err.Error() != "t.tsv:4: want 5 tab-separated columns ending in R or A\nt.tsv:5: want 5 tab-separated columns ending in R or A" {
		t.Fatalf("err = %v", err)
	}
	cs, err := parseCitations("t.tsv", []byte(strings.Join(strings.Split(data, "\n")[:3], "\n")))
	if err != nil || len(cs) != 2 || cs[0].Specification != "" || !cs[0].Required || cs[1].Required {
		t.Fatalf("got %+v, %v", cs, err)
	}
}

func TestProblemsError(t *testing.T) {
	ps := inputfile.Problems{{File: "b.yaml", Line: 2, Msg: "two"}, {Msg: "none"}, {File: "a.yaml", Msg: "file only"}, {Line: 7, Msg: "line only"}}
	want := "none\nline 7: line only\na.yaml: file only\nb.yaml:2: two"
	if got := ps.Err().Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if inputfile.Problems(nil).Err() != nil {
		t.Error("no problems should be no error")
	}
}
