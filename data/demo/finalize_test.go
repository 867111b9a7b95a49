package demo

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/data/service"
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

// The demo cannot be finalised until its open addressable gaps are decided
// or completed; then it can.
func TestDemoFinalizesOnlyWhenComplete(t *testing.T) {
	ctx := context.Background()
	st, err := data.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), data.WithActor("Zoë Ærø"), data.WithClock(func() time.Time { return seedNow }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, err := Seed(ctx, st, seedNow)
	if err != nil {
		t.Fatal(err)
	}
	svc := &service.Service{Store: st, Now: func() time.Time { return seedNow }}
	blockers := func() []string {
		t.Helper()
		l, err := svc.Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, b := range scoring.Blockers(l.Analysis, service.ScoringInput(l.Inputs, l.Bank, seedNow)) {
			out = append(out, string(b.Kind)+":"+b.Target)
		}
		return out
	}
	want := []string{"decision_missing:workforce-termination-shared-codes", "decision_missing:access-periodic-review",
		"decision_missing:contingency-backup-encrypted", "decision_missing:device-laptop-encryption"}
	if got := blockers(); !slices.Equal(got, want) {
		t.Fatalf("blockers before: %v\nwant %v", got, want)
	}
	edit := func(qid string, fn func(a *assessment.Answer)) {
		t.Helper()
		if _, err := st.EditAnswer(ctx, id, qid, func(a *assessment.Answer) error { fn(a); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	// Completed: the alarm code was changed and the drive replaced.
	edit("workforce-termination-shared-codes", func(a *assessment.Answer) {
		a.Value, a.Note, a.Evidence = assessment.Yes, "Alarm code changed 2026-11-19; changed at every departure from now on.", "Alarm company change confirmation"
	})
	edit("contingency-backup-encrypted", func(a *assessment.Answer) {
		a.Value, a.Evidence = assessment.Yes, "Encrypted backup drive, BitLocker To Go, in use since 2026-11-19"
	})
	// Decided: an interim alternative until the replacement laptop arrives,
	// and a yearly review instead of a quarterly one.
	edit("device-laptop-encryption", func(a *assessment.Answer) {
		a.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionAlternative,
			Justification: "The encrypted replacement for the billing laptop is ordered; until it arrives the old one must keep working for claims.",
			Alternative:   "The billing laptop reaches records only through the hosted EHR in a browser and keeps no files; Intune wipes it if it is lost."}
	})
	edit("access-periodic-review", func(a *assessment.Answer) {
		a.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionAlternative,
			Justification: "A quarterly access review is more than 14 staff and one administrator can keep up with.",
			Alternative:   "Access is reviewed once a year at this assessment, and at every hire, role change and departure."}
	})
	if got := blockers(); len(got) != 0 {
		t.Fatalf("blockers after: %v", got)
	}
	if _, err := st.Finalize(ctx, id); err != nil {
		t.Fatal(err)
	}
	in, err := st.LoadInputs(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := in.Answers["access-periodic-review"].Decision; d == nil || d.DecidedBy != "Zoë Ærø" || d.DecidedAt != "2026-11-20" {
		t.Errorf("who decided and when are not recorded: %+v", d)
	}
}
