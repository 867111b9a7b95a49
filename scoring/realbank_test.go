package scoring

import (
	"bytes"
	"slices"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

func loadBank(tb testing.TB) *questionnaire.Bank {
	tb.Helper()
	b, err := questionnaire.Load()
	if err != nil {
		tb.Fatalf("load the embedded bank: %v", err)
	}
	return b
}

// TestRealBank runs the analysis on the embedded bank, every question
// answered and 1,000 findings, and checks that everything it reports
// resolves against the bank.
func TestRealBank(t *testing.T) {
	b := loadBank(t)
	in := syntheticInput(b, 1000, 3)
	in.Vendors = append(in.Vendors, assessment.Vendor{Name: "Fax Cloud", HoldsEPHI: true})
	a := Analyze(in)

	visible := 0
	for i := range b.Questions {
		if ok, _ := b.Visible(&b.Questions[i], in.Profile); ok {
			visible++
		}
	}
	if a.Completeness.Overall.Applicable != visible || a.Completeness.Overall.Answered != visible {
		t.Errorf("completeness %+v, want %d of %d", a.Completeness.Overall, visible, visible)
	}
	if visible+len(a.Completeness.Hidden) != len(b.Questions) {
		t.Errorf("%d visible + %d hidden != %d questions", visible, len(a.Completeness.Hidden), len(b.Questions))
	}
	if len(a.Compliance.Citations) != len(b.Citations) {
		t.Errorf("%d compliance rows, want %d", len(a.Compliance.Citations), len(b.Citations))
	}
	for _, r := range a.Risks {
		if _, ok := b.Threat(r.ThreatID); !ok {
			t.Errorf("%s: threat not in the bank", r.ID)
		}
		for _, w := range r.Weaknesses {
			if v, ok := b.Vulnerability(w.ID); !ok || v.Governance {
				t.Errorf("%s: weakness %s not a technical vulnerability of the bank", r.ID, w.ID)
			}
		}
		if !r.Likelihood.Valid() || !r.Impact.Valid() || r.Level != RiskLevel(r.Likelihood, r.Impact) || len(r.Basis) == 0 {
			t.Errorf("%s: %s/%s level %s basis %q", r.ID, r.Likelihood, r.Impact, r.Level, r.Basis)
		}
		for _, s := range r.Sources.Answers {
			if _, ok := b.Question(s.QuestionID); !ok {
				t.Errorf("%s: source question %s not in the bank", r.ID, s.QuestionID)
			}
		}
	}
	// The BAA rule uses the bank's own ids.
	r, ok := findRisk(a, "R-vendor-breach")
	if !ok || r.Level != vh || !slices.Contains(r.Sources.Vendors, "Fax Cloud") {
		t.Errorf("BAA risk %+v (present %v)", r, ok)
	}
	for _, p := range a.Plan {
		if len(p.Actions) == 0 || p.Priority < 1 || p.Priority > 4 || p.SuggestedOwner == "" {
			t.Errorf("plan item %+v", p)
		}
	}
	if !bytes.Equal(encode(t, a), encode(t, Analyze(in))) {
		t.Errorf("two runs differ")
	}
}

// BenchmarkAnalyze measures a full analysis: every question answered plus
// 1,000 findings, on a synthetic bank of 150 questions and on the embedded
// bank.
func BenchmarkAnalyze(b *testing.B) {
	banks := []struct {
		name string
		bank func() *questionnaire.Bank
	}{
		{"synthetic150", func() *questionnaire.Bank { return syntheticBank(150) }},
		{"embedded", func() *questionnaire.Bank { return loadBank(b) }},
	}
	for _, bk := range banks {
		b.Run(bk.name, func(b *testing.B) {
			in := syntheticInput(bk.bank(), 1000, 1)
			b.ReportAllocs()
			for b.Loop() {
				Analyze(in)
			}
		})
	}
}
