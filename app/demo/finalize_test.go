package demo

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/scoring"
)

// Every row of the complete Security Rule reference table has a compliance
// line in the demo's analysis.
func TestEveryRuleRowHasAComplianceLine(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "questionnaire", "testdata", "security-rule-full.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, _, _ := analysis(t)
	lines := map[string]scoring.CitationCompliance{}
	for _, c := range a.Compliance.Citations {
		lines[c.Citation] = c
	}
	sc := bufio.NewScanner(f)
	rows := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 5 || cols[0] == "citation" {
			continue
		}
		rows++
		c, ok := lines[cols[0]]
		switch {
		case !ok:
			t.Errorf("%s (%s): no compliance line", cols[0], cols[2])
		case c.Required != (cols[4] == "R"):
			t.Errorf("%s: required %v, the table says %s", cols[0], c.Required, cols[4])
		case c.Status == scoring.NotAnswered:
			t.Errorf("%s: not answered in the demo", cols[0])
		}
	}
	if rows != 67 || len(a.Compliance.Citations) != rows {
		t.Errorf("%d table rows, %d compliance lines", rows, len(a.Compliance.Citations))
	}
}
