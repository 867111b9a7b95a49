package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestNew(t *testing.T) {
	cases := []struct {
		format, table string
		wantErr       string
	}{
		{"pdf", "", ""},
		{"PDF", "", ""},
		{"json", "", ""},
		{"md", "", ""},
		{"markdown", "", ""},
		{"csv", "risks", ""},
		{"csv", "Plan", ""},
		{"csv", "findings", ""},
		{"csv", "answers", ""},
		{"csv", "", "use one of risks, plan, findings, answers"},
		{"csv", "threats", `unknown CSV table "threats"`},
		{"docx", "", `unknown report format "docx": use one of pdf, json, csv, md`},
	}
	for _, tc := range cases {
		w, err := New(tc.format, Options{Table: tc.table})
		if tc.wantErr == "" {
			if err != nil || w == nil {
				t.Errorf("New(%q, %q) = %v, %v", tc.format, tc.table, w, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("New(%q, %q) error = %v, want %q", tc.format, tc.table, err, tc.wantErr)
		}
	}
}

// TestGolden compares the JSON, CSV, Markdown and SARIF exports of the
// sample with the files in testdata/golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	r := sampleReport(t, 0)
	cases := []struct {
		file   string
		format string
		table  string
	}{
		{"sample.json", "json", ""},
		{"risks.csv", "csv", "risks"},
		{"plan.csv", "csv", "plan"},
		{"findings.csv", "csv", "findings"},
		{"answers.csv", "csv", "answers"},
		{"sample.md", "md", ""},
		{"sample.sarif", "sarif", ""},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			w := SARIF()
			if tc.format != "sarif" {
				var err error
				if w, err = New(tc.format, Options{Table: tc.table}); err != nil {
					t.Fatal(err)
				}
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, r); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.file)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff", tc.file)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	r := sampleReport(t, 0)
	var buf bytes.Buffer
	if err := (jsonWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		SchemaVersion int `json:"schemaVersion"`
		Assessment    struct {
			Practice    string  `json:"practice"`
			FinalizedAt *string `json:"finalizedAt"`
		} `json:"assessment"`
		Answers  []json.RawMessage    `json:"answers"`
		Findings []assessment.Finding `json:"findings"`
		Analysis scoring.Analysis     `json:"analysis"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != SchemaVersion || got.Assessment.Practice != r.Practice || got.Assessment.FinalizedAt != nil {
		t.Errorf("schema %d, practice %q, finalizedAt %v", got.SchemaVersion, got.Assessment.Practice, got.Assessment.FinalizedAt)
	}
	if len(got.Answers) != len(r.Answers) || len(got.Findings) != len(r.Findings) || len(got.Analysis.Risks) != len(r.Analysis.Risks) {
		t.Errorf("answers %d/%d, findings %d/%d, risks %d/%d", len(got.Answers), len(r.Answers), len(got.Findings), len(r.Findings),
			len(got.Analysis.Risks), len(r.Analysis.Risks))
	}
}

func TestCSVFormulaGuardAndRFC4180(t *testing.T) {
	r := sampleReport(t, 0)
	hostile := []string{"=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "plain, with \"quotes\"\nand a line break"}
	r.Findings = nil
	for i, s := range hostile {
		r.Findings = append(r.Findings, assessment.Finding{ID: s, CheckID: "c", Status: assessment.Fail, Reason: s, Resource: string(rune('a' + i))})
	}
	var buf bytes.Buffer
	if err := (csvWriter{table: "findings"}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("rows must end in CRLF")
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	if len(rows) != len(hostile)+1 || rows[0][0] != "id" {
		t.Fatalf("got %d rows, header %v", len(rows), rows[0])
	}
	for i, s := range hostile {
		want := s
		if strings.ContainsRune("=+-@", rune(s[0])) {
			want = "'" + s
		}
		if rows[i+1][0] != want || rows[i+1][7] != want {
			t.Errorf("row %d: id %q reason %q, want %q", i+1, rows[i+1][0], rows[i+1][7], want)
		}
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	r := sampleReport(t, 0)
	if len(r.Analysis.Risks) == 0 {
		t.Fatal("sample has no risks")
	}
	r.Analysis.Risks[0].Title = "Fax | email\nleak"
	r.Practice = "<img src=x onerror=\"alert(1)\"> & Dana\x1b]0;pwned\a"
	var buf bytes.Buffer
	if err := (mdWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `Fax \| email leak`) {
		t.Errorf("pipe not escaped or line break kept:\n%s", out)
	}
	if want := `# HIPAA security risk analysis: &lt;img src=x onerror="alert(1)"&gt; &amp; Dana^[]0;pwned^G`; !strings.Contains(out, want) {
		t.Errorf("HTML or control characters not escaped in the title; want %s in:\n%s", want, out[:200])
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| R-") && strings.Count(line, "|")-strings.Count(line, `\|`) != 9 {
			t.Errorf("register row has the wrong number of cells: %s", line)
		}
	}
	for _, s := range []string{"## Summary", "## Risk register", "## Risk management plan", r.Analysis.Plan[0].Due} {
		if !strings.Contains(out, s) {
			t.Errorf("markdown lacks %q", s)
		}
	}
}
