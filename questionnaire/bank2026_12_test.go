package questionnaire

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func mustLoadVersion(t testing.TB, v string) *Bank {
	t.Helper()
	b, err := LoadVersion(v)
	if err != nil {
		t.Fatalf("LoadVersion(%s): %v", v, err)
	}
	return b
}

// Bank 2026.12 covers every row of the complete Security Rule reference, with
// the reference's required/addressable label and wording, and each row is
// cited by a rule question that is shown to the practices it applies to.
func TestBank202612CoversFullReference(t *testing.T) {
	data, err := os.ReadFile("testdata/security-rule-full.tsv")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := parseCitations("security-rule-full.tsv", data)
	if err != nil {
		t.Fatal(err)
	}
	b := mustLoadVersion(t, "2026.12")
	if len(b.Citations) != len(ref) {
		t.Fatalf("bank table has %d rows, the reference %d", len(b.Citations), len(ref))
	}
	citedBy := map[string][]*Question{}
	for i := range b.Questions {
		q := &b.Questions[i]
		for _, c := range q.Citations {
			citedBy[c] = append(citedBy[c], q)
		}
	}
	// Rows that apply only to some practices, and the profile condition that
	// shows their questions.
	only := map[string]string{
		"164.308(a)(4)(ii)(A)": "clearinghouse",
		"164.314(b)(1)":        "group_health_plan",
		"164.314(b)(2)":        "group_health_plan",
	}
	for _, want := range ref {
		t.Run(want.Citation, func(t *testing.T) {
			got, ok := b.Citation(want.Citation)
			switch {
			case !ok:
				t.Fatal("not in the bank's table")
			case *got != want:
				t.Errorf("bank table row %+v, reference %+v", *got, want)
			}
			qs := citedBy[want.Citation]
			if len(qs) == 0 {
				t.Fatal("no question cites it")
			}
			for _, q := range qs {
				if q.Basis != BasisRule {
					t.Errorf("%s cites it with basis %s", q.ID, q.Basis)
				}
				if q.Required != want.Required {
					t.Errorf("%s: required %v, the reference says %v", q.ID, q.Required, want.Required)
				}
				if cond, ok := only[want.Citation]; ok && q.ShowIf != cond {
					t.Errorf("%s: shown if %q, want only %q", q.ID, q.ShowIf, cond)
				}
			}
			if strings.HasPrefix(want.Specification, "(standard)") && !want.Required {
				t.Error("a standard is always required")
			}
		})
	}
}

// The 2026.12 fields are filled in on every question, and only rule
// questions cite the rule.
func TestBank202612Questions(t *testing.T) {
	b := mustLoadVersion(t, "2026.12")
	bases := map[Basis]int{}
	for _, q := range b.Questions {
		bases[q.Basis]++
		if strings.TrimSpace(q.Guidance.Evidence) == "" {
			t.Errorf("%s: no evidence", q.ID)
		}
		if (q.Basis == BasisRule) != (len(q.Citations) > 0) || q.Basis == BasisRule && len(q.Supports) > 0 {
			t.Errorf("%s: basis %s with citations %v and supports %v", q.ID, q.Basis, q.Citations, q.Supports)
		}
		for _, r := range q.References {
			if !referencePattern.MatchString(r) {
				t.Errorf("%s: reference %q", q.ID, r)
			}
		}
	}
	if bases[BasisRule] == 0 || bases[BasisRecognized] == 0 || bases[BasisPractice] == 0 || len(bases) != 3 {
		t.Errorf("bases %v", bases)
	}
	// Best practice is not presented as law.
	for _, id := range []string{"tech-mfa-remote", "tech-mfa-email", "cloud-admin-mfa", "cloud-log-retention",
		"ba-vendor-security-review", "ba-termination-return", "incident-cyber-insurance", "access-admin-rights-limited",
		"transmit-fax-email-checks", "workforce-confidentiality-agreement", "cloud-root-account"} {
		if q, ok := b.Question(id); !ok || q.Basis == BasisRule {
			t.Errorf("%s: want a recognized or practice question", id)
		}
	}
	// Standards are cited where the question is about their core duty.
	for id, c := range map[string]string{"training-initial": "164.308(a)(5)(i)", "training-annual": "164.308(a)(5)(i)",
		"audit-integrity-files": "164.312(c)(1)", "transmit-paths-protected": "164.312(e)(1)",
		"docs-records-kept": "164.316(b)(1)", "adm-measures-maintained": "164.306(e)", "docs-addressable-decisions": "164.306(d)(3)"} {
		if q, ok := b.Question(id); !ok || !slices.Contains(q.Citations, c) {
			t.Errorf("%s: want a citation of %s", id, c)
		}
	}
}

func TestBank202612ProposedRule(t *testing.T) {
	b := mustLoadVersion(t, "2026.12")
	p := b.ProposedRule
	if p == nil || p.RIN != "0945-AA22" || p.Published != "2025-01-06" || !strings.Contains(p.Status, "not final") {
		t.Fatalf("proposed rule %+v", p)
	}
	var ids []string
	for _, it := range p.Items {
		ids = append(ids, it.ID)
	}
	want := []string{"asset-inventory", "mfa", "encryption", "vulnerability-testing", "restore-72-hours", "compliance-audit", "segmentation", "ba-verification", "no-addressable"}
	if !slices.Equal(ids, want) {
		t.Errorf("items %v, want %v", ids, want)
	}
	var fw []string
	for _, f := range b.Frameworks {
		fw = append(fw, f.ID)
	}
	if !slices.Equal(fw, []string{"hicp", "csf2"}) {
		t.Errorf("frameworks %v", fw)
	}
}

// New assessments start on 2026.12; 2026.11 still loads for the assessments
// answered with it.
func TestCurrentVersion(t *testing.T) {
	if b := mustLoad(t); b.Version != CurrentVersion || CurrentVersion != "2026.12" || b.Schema != 2 {
		t.Errorf("Load gave %s (schema %d), current version %s", b.Version, b.Schema, CurrentVersion)
	}
	if got := Versions(); !slices.Equal(got, []string{"2026.11", "2026.12"}) {
		t.Errorf("versions %v", got)
	}
	if b := mustLoadVersion(t, "2026.11"); b.Schema != 0 || len(b.Citations) != 50 {
		t.Errorf("2026.11: schema %d, %d citations", b.Schema, len(b.Citations))
	}
}

func TestNeedsDecision202612(t *testing.T) {
	b := mustLoadVersion(t, "2026.12")
	tests := []struct {
		id   string
		v    assessment.AnswerValue
		want bool
	}{
		{"training-reminders", assessment.No, true},           // addressable specification
		{"training-reminders", assessment.Partial, true},      //
		{"training-initial", assessment.No, false},            // the standard: required
		{"contingency-backup-encrypted", assessment.No, true}, // now cites only the addressable encryption specification
		{"contingency-restore-tested", assessment.Partial, true},
		{"tech-mfa-remote", assessment.No, false}, // recognized practice: no rule decision
		{"incident-cyber-insurance", assessment.No, false},
	}
	for _, tt := range tests {
		q, ok := b.Question(tt.id)
		if !ok {
			t.Fatalf("%s missing", tt.id)
		}
		if got := q.NeedsDecision(assessment.Answer{Value: tt.v}); got != tt.want {
			t.Errorf("%s answered %s: NeedsDecision = %v, want %v", tt.id, tt.v, got, tt.want)
		}
	}
}
