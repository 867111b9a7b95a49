package scoring

import (
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// modelBank is a schema-2 style bank: a rule question on a required row, a
// rule question on an addressable row, and recognized and good-practice
// questions that support them.
func modelBank() *questionnaire.Bank {
	rule := func(q questionnaire.Question) questionnaire.Question { q.Basis = questionnaire.BasisRule; return q }
	support := func(q questionnaire.Question, b questionnaire.Basis, cites ...string) questionnaire.Question {
		q.Basis, q.Supports, q.Citations, q.Required = b, cites, nil, false
		return q
	}
	b := sampleBank()
	b.Questions = []questionnaire.Question{
		rule(question("docs-retention", "docs", []string{"164.316(b)(2)(i)"}, []string{"no-audit-logs"}, "")),
		rule(question("auth-sign-in", "access", []string{"164.312(d)"}, []string{"weak-authentication"}, "")),
		rule(question("logoff", "access", []string{"164.312(a)(2)(iii)"}, []string{"unencrypted-devices"}, "")),
		support(question("mfa-remote", "access", nil, []string{"weak-authentication"}, "", "iam-root-mfa"), questionnaire.BasisRecognized, "164.312(d)"),
		support(question("log-retention", "access", nil, []string{"no-audit-logs"}, "", "cloudwatch-log-retention"), questionnaire.BasisPractice, "164.316(b)(2)(i)"),
	}
	b.Questions[0].Guidance.Evidence = "The retention schedule in the policy binder"
	b.Sections = []questionnaire.Section{{ID: "access", Title: "Access"}, {ID: "docs", Title: "Documentation"}}
	return b
}

func modelInput(answers ...assessment.Answer) Input {
	in := Input{Bank: modelBank(), Answers: map[string]assessment.Answer{}, Now: sampleNow,
		Assessor: "Dana Ruiz", Scope: "All ePHI of the practice",
		Assets:  []assessment.Asset{{Name: "EHR", Kind: "ehr", HoldsEPHI: true}},
		Vendors: []assessment.Vendor{{Name: "EHR vendor", HoldsEPHI: true, BAASigned: true}}}
	for _, a := range answers {
		in.Answers[a.QuestionID] = a
	}
	return in
}

func allYes(extra ...assessment.Answer) Input {
	in := modelInput(answer("docs-retention", yes), answer("auth-sign-in", yes), answer("logoff", yes),
		answer("mfa-remote", yes), answer("log-retention", yes))
	for _, a := range extra {
		in.Answers[a.QuestionID] = a
	}
	return in
}

func withNA(id, reason string) assessment.Answer {
	a := answer(id, na)
	a.NAReason = reason
	return a
}

func withDecision(id string, v assessment.AnswerValue, d assessment.AddressableDecision) assessment.Answer {
	a := answer(id, v)
	a.Decision = &d
	return a
}

func blockerKinds(bs []Blocker) []string {
	var out []string
	for _, b := range bs {
		out = append(out, string(b.Kind)+":"+b.Target)
	}
	return out
}

func TestRegulatoryModel(t *testing.T) {
	const why = "Screens lock with the workstation's own timer, which staff cannot change."
	alt := assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: why,
		Alternative: "Windows locks the screen after five idle minutes.", DecidedBy: "Dana Ruiz", DecidedAt: "2026-11-02"}
	notReasonable := assessment.AddressableDecision{Kind: assessment.DecisionNotReasonable,
		Justification: "The practice has one room, always staffed, and no shared computers at all."}
	tests := []struct {
		name     string
		in       Input
		row      string
		want     ComplianceStatus
		blockers []string
	}{
		{"all yes is met", allYes(), "164.312(a)(2)(iii)", Met, nil},
		{"required not applicable without a reason is refused", allYes(answer("docs-retention", na)), "164.316(b)(2)(i)", NotAnswered,
			[]string{"na_without_reason:docs-retention"}},
		{"required not applicable with a one-word reason is refused", allYes(withNA("docs-retention", "none")), "164.316(b)(2)(i)", NotAnswered,
			[]string{"na_without_reason:docs-retention"}},
		{"required not applicable with a reason", allYes(withNA("docs-retention", "The practice keeps no documentation of its own: the parent hospital does.")),
			"164.316(b)(2)(i)", NotApplicable, nil},
		{"documented alternative counts as met", allYes(withDecision("logoff", no, alt)), "164.312(a)(2)(iii)", MetByAlternative, nil},
		{"documented not reasonable", allYes(withDecision("logoff", partial, notReasonable)), "164.312(a)(2)(iii)", DocumentedNotReasonable, nil},
		{"missing decision blocks finalize", allYes(answer("logoff", no)), "164.312(a)(2)(iii)", NotMet,
			[]string{"decision_missing:logoff"}},
		{"a one-character justification is no decision", allYes(withDecision("logoff", partial, assessment.AddressableDecision{Kind: assessment.DecisionNotReasonable, Justification: "x"})),
			"164.312(a)(2)(iii)", PartiallyMet, []string{"decision_missing:logoff"}},
		{"an alternative without the measure is no decision", allYes(withDecision("logoff", no, assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: why})),
			"164.312(a)(2)(iii)", NotMet, []string{"decision_missing:logoff"}},
		{"no MFA does not make authentication not met", allYes(answer("mfa-remote", no)), "164.312(d)", Met, nil},
		{"good practice never makes a specification not met", allYes(answer("log-retention", no)), "164.316(b)(2)(i)", Met, nil},
		{"unknown is not met", allYes(answer("auth-sign-in", unknown)), "164.312(d)", NotMet, nil},
		{"unanswered blocks finalize", modelInput(answer("docs-retention", yes), answer("logoff", yes), answer("mfa-remote", yes), answer("log-retention", yes)),
			"164.312(d)", NotAnswered, []string{"unanswered:auth-sign-in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(tt.in)
			if got := citation(t, a, tt.row).Status; got != tt.want {
				t.Errorf("%s is %s, want %s", tt.row, got, tt.want)
			}
			if got := blockerKinds(Blockers(a, tt.in)); !slices.Equal(got, tt.blockers) {
				t.Errorf("blockers %v, want %v", got, tt.blockers)
			}
		})
	}
}

// A cloud check that fails never makes a row not met by itself: it is
// listed on the row of the rule question it is linked to, and raises a risk.
func TestCloudFindingsAreEvidence(t *testing.T) {
	in := allYes()
	in.Bank.Questions[2].Checks = []string{"cloudwatch-log-retention"}
	in.Findings = []assessment.Finding{
		finding("iam-root-mfa", "global", "111122223333", assessment.Fail, []string{"164.312(d)"}, "mfa-remote"),
		finding("cloudwatch-log-retention", "us-east-1", "arn:aws:logs:us-east-1:111122223333:log-group:app", assessment.Fail, []string{"164.316(b)(2)(i)", "164.312(b)"}, "log-retention"),
	}
	a := Analyze(in)
	for _, row := range []string{"164.312(d)", "164.316(b)(2)(i)"} {
		cc := citation(t, a, row)
		if cc.Status != Met || len(cc.Findings) != 0 {
			t.Errorf("%s: %s with findings %v; a recognized or good-practice check must not touch it", row, cc.Status, cc.Findings)
		}
	}
	if cc := citation(t, a, "164.312(a)(2)(iii)"); cc.Status != Met || len(cc.Findings) != 1 {
		t.Errorf("linked rule question's row: %s with %v, want met with the failed finding as evidence", cc.Status, cc.Findings)
	}
	if _, ok := findRisk(a, "R-ransomware"); !ok {
		t.Errorf("the failed MFA check raised no risk")
	}
}

func TestUnansweredRaisesNotAssessedRisks(t *testing.T) {
	in := modelInput(answer("docs-retention", yes), answer("logoff", yes), answer("log-retention", yes))
	a := Analyze(in)
	r, ok := findRisk(a, "R-ransomware")
	if !ok {
		t.Fatalf("unanswered sign-in questions raised no risk: %v", a.Risks)
	}
	if !r.NotAssessed || !slices.Equal(r.Sources.Unanswered, []string{"auth-sign-in", "mfa-remote"}) ||
		!strings.Contains(strings.Join(r.Basis, " "), "Not assessed") {
		t.Errorf("risk %+v: want marked not assessed with its unanswered questions", r)
	}
	// Once answered, the same risk is assessed.
	in.Answers["auth-sign-in"] = answer("auth-sign-in", no)
	in.Answers["mfa-remote"] = answer("mfa-remote", yes)
	if r, ok := findRisk(Analyze(in), "R-ransomware"); !ok || r.NotAssessed || len(r.Sources.Unanswered) != 0 {
		t.Errorf("answered risk %+v (present %v)", r, ok)
	}
	for _, rv := range Analyze(allYes()).Risks {
		if rv.NotAssessed {
			t.Errorf("%s marked not assessed with every question answered", rv.ID)
		}
	}
}

func TestBlockersListEverythingMissing(t *testing.T) {
	in := modelInput(answer("docs-retention", na), answer("logoff", partial))
	in.Assets, in.Vendors, in.Assessor, in.Scope = nil, nil, " ", ""
	got := Blockers(Analyze(in), in)
	want := []string{"unanswered:auth-sign-in", "decision_missing:logoff", "unanswered:mfa-remote", "unanswered:log-retention",
		"na_without_reason:docs-retention", "no_assets:assets", "no_vendors:vendors", "no_assessor:assessor", "no_scope:scope"}
	if !slices.Equal(blockerKinds(got), want) {
		t.Errorf("blockers %v\nwant %v", blockerKinds(got), want)
	}
	for _, b := range got {
		if b.Message == "" || strings.Contains(b.Message, "%!") {
			t.Errorf("blocker %+v: message", b)
		}
	}
	if b := Blockers(Analyze(allYes()), allYes()); len(b) != 0 {
		t.Errorf("complete assessment blocked: %v", b)
	}
}

func TestEvidenceToKeep(t *testing.T) {
	in := allYes()
	a := in.Answers["auth-sign-in"]
	a.Evidence = "Screenshot of the EHR sign-in policy, 2026-11"
	in.Answers["auth-sign-in"] = a
	got := Analyze(in).EvidenceToKeep
	if len(got) != 1 || got[0].QuestionID != "docs-retention" || got[0].Hint != "The retention schedule in the policy binder" {
		t.Errorf("evidence to keep %+v: want only the required yes without a reference, with the bank's hint", got)
	}
}

func TestRecognizedPractices(t *testing.T) {
	in := allYes()
	in.Bank.Frameworks = []questionnaire.Framework{{ID: "hicp", Name: "HICP"}, {ID: "csf2", Name: "NIST CSF 2.0"}}
	in.Bank.Questions[3].References = []string{"HICP 3.S.A", "CSF PR.AA-03"}
	in.Bank.Questions[4].References = []string{"HICP 8.S.B"}
	in.Answers["log-retention"] = answer("log-retention", no)
	in.Practices = []assessment.RecognizedPractice{{Framework: "hicp", Since: "2025-03-01"}, {Framework: "csf2", Since: "2026-06-15"}}
	ps := Analyze(in).RecognizedPractices
	if len(ps) != 2 || ps[0].Framework != "csf2" || ps[1].Framework != "hicp" {
		t.Fatalf("practices %+v", ps)
	}
	csf, hicp := ps[0], ps[1]
	if csf.TwelveMonths || csf.Months != 5 || len(csf.InPlace) != 1 || csf.InPlace[0].Reference != "CSF PR.AA-03" {
		t.Errorf("csf2 %+v", csf)
	}
	if !hicp.TwelveMonths || hicp.Months != 20 || len(hicp.InPlace) != 1 || len(hicp.Open) != 1 || hicp.Open[0].Reference != "HICP 8.S.B" {
		t.Errorf("hicp %+v", hicp)
	}
}

func TestReadiness(t *testing.T) {
	in := allYes(answer("mfa-remote", no))
	in.Bank.ProposedRule = &questionnaire.ProposedRule{Title: "Proposed update", Status: "Proposed, not final as of the bank date", Items: []questionnaire.ProposalItem{
		{ID: "mfa", Questions: []string{"mfa-remote"}, Checks: []string{"iam-root-mfa"}},
		{ID: "logs", Questions: []string{"docs-retention"}},
		{ID: "unanswered", Questions: []string{"nobody"}},
		{ID: "checks-only", Checks: []string{"iam-root-mfa"}},
	}}
	in.Findings = []assessment.Finding{finding("iam-root-mfa", "global", "111122223333", assessment.Pass, nil)}
	r := Analyze(in).Readiness
	if r == nil || r.Status != "Proposed, not final as of the bank date" {
		t.Fatalf("readiness %+v", r)
	}
	want := []ReadinessState{NotReady, Ready, NotAssessed, Ready}
	for i, it := range r.Items {
		if it.State != want[i] {
			t.Errorf("%s: %s, want %s", it.ID, it.State, want[i])
		}
	}
	if Analyze(allYes()).Readiness != nil {
		t.Errorf("a bank without a proposed rule has a readiness view")
	}
}
