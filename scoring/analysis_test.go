package scoring

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

func TestCompletenessAndBranching(t *testing.T) {
	tests := []struct {
		name          string
		clearinghouse bool
		answered      int
		applicable    int
		hidden        []string
		status        ComplianceStatus // of 164.308(a)(4)(ii)(A)
	}{
		{"clearinghouse questions hidden", false, 10, 11, []string{"adm-clearinghouse-isolated"}, NotApplicable},
		{"clearinghouse questions shown", true, 11, 12, []string{}, NotMet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sampleInput()
			in.Profile.Clearinghouse = tt.clearinghouse
			a := Analyze(in)
			c := a.Completeness
			if c.Overall.Answered != tt.answered || c.Overall.Applicable != tt.applicable {
				t.Errorf("overall %+v, want %d of %d", c.Overall, tt.answered, tt.applicable)
			}
			var hidden []string
			for _, h := range c.Hidden {
				hidden = append(hidden, h.QuestionID)
				if !strings.Contains(h.Reason, "clearinghouse") {
					t.Errorf("hidden reason %q does not say why", h.Reason)
				}
			}
			if !slices.Equal(append([]string{}, hidden...), tt.hidden) {
				t.Errorf("hidden %v, want %v", hidden, tt.hidden)
			}
			if got := citation(t, a, "164.308(a)(4)(ii)(A)").Status; got != tt.status {
				t.Errorf("164.308(a)(4)(ii)(A) is %s, want %s", got, tt.status)
			}
			r, ok := findRisk(a, "R-insider-snooping")
			raised := ok && slices.ContainsFunc(r.Weaknesses, func(w Weakness) bool { return w.ID == "clearinghouse-not-isolated" })
			if raised != tt.clearinghouse {
				t.Errorf("hidden question's answer raised a risk: %v", raised)
			}
		})
	}
	a := Analyze(sampleInput())
	if !slices.Equal(a.Completeness.Unanswered, []string{"doc-retention"}) {
		t.Errorf("unanswered %v", a.Completeness.Unanswered)
	}
	var review []string
	for _, r := range a.Completeness.Review {
		review = append(review, r.QuestionID)
	}
	// Unanswered questions are areas for review too, in bank order.
	if want := []string{"adm-risk-analysis", "acc-mfa", "acc-audit-logs", "dev-laptop-encryption", "doc-retention"}; !slices.Equal(review, want) {
		t.Errorf("review %v, want %v", review, want)
	}
	if a.Completeness.Overall.Percent != 90.9 || a.Summary.Completeness != a.Completeness.Overall {
		t.Errorf("percent %v / summary %+v", a.Completeness.Overall.Percent, a.Summary.Completeness)
	}
	cloud := a.Completeness.Sections[4]
	if cloud.Section != "cloud" || cloud.Answered != 2 || cloud.Applicable != 2 || cloud.Percent != 100 {
		t.Errorf("cloud section %+v: an answer of not applicable counts as answered", cloud)
	}
}

func citation(t *testing.T, a Analysis, c string) CitationCompliance {
	t.Helper()
	i := slices.IndexFunc(a.Compliance.Citations, func(cc CitationCompliance) bool { return cc.Citation == c })
	if i < 0 {
		t.Fatalf("citation %s missing", c)
	}
	return a.Compliance.Citations[i]
}

func TestCompliance(t *testing.T) {
	a := Analyze(sampleInput())
	tests := []struct {
		citation string
		status   ComplianceStatus
		findings int
	}{
		{"164.312(a)(2)(iv)", Met, 3},               // two yes answers; failing S3 and RDS findings of the linked checks are evidence, not a status
		{"164.312(a)(2)(i)", Met, 0},                // yes
		{"164.310(d)(2)(iii)", MetByAlternative, 0}, // no, with a documented equivalent alternative
		{"164.312(b)", NotMet, 1},                   // unknown counts as not met; the not-assessed finding is listed
		{"164.308(a)(1)(ii)(A)", PartiallyMet, 0},   // partial
		{"164.308(b)(3)", Met, 1},                   // yes; the failing BAA check is listed and raises a conflict, not a status
		{"164.308(a)(4)(ii)(B)", NotApplicable, 1},
		{"164.308(a)(3)(ii)(A)", NotAnswered, 0}, // no question cites it
		{"164.316(b)(2)(i)", NotAnswered, 0},
	}
	for _, tt := range tests {
		cc := citation(t, a, tt.citation)
		if cc.Status != tt.status || len(cc.Findings) != tt.findings {
			t.Errorf("%s: %s with %d findings, want %s with %d (%+v)", tt.citation, cc.Status, len(cc.Findings), tt.status, tt.findings, cc)
		}
	}
	dec := citation(t, a, "164.310(d)(2)(iii)").Decisions
	if len(dec) != 1 || dec[0].Kind != assessment.DecisionAlternative || dec[0].QuestionID != "dev-laptop-encryption" {
		t.Errorf("addressable decision %+v", dec)
	}
	if len(a.Compliance.Citations) != len(testCitations) {
		t.Errorf("%d citations, want every row (%d)", len(a.Compliance.Citations), len(testCitations))
	}
	total := 0
	for _, s := range a.Compliance.Safeguards {
		if s.Met+s.MetByAlternative+s.DocumentedNotReasonable+s.PartiallyMet+s.NotMet+s.NotApplicable+s.NotAnswered != s.Citations {
			t.Errorf("%s counts do not add up: %+v", s.Safeguard, s)
		}
		total += s.Citations
	}
	if total != len(testCitations) {
		t.Errorf("safeguards count %d citations, want %d", total, len(testCitations))
	}
}

func TestSafeHarbor(t *testing.T) {
	a := Analyze(sampleInput())
	h := a.SafeHarbor
	want := "2 of 7 stores of ePHI are encrypted at rest; 3 are not: Dr. Lee's laptop, RDS database ehr-db, S3 bucket clinic-scans; " +
		"for 2 it is not known: Backup drive, EBS volume vol-0abc."
	if h.Sentence != want || a.Summary.SafeHarbor != want {
		t.Errorf("sentence\n%q, want\n%q", h.Sentence, want)
	}
	if h.Total != 7 || h.Encrypted != 2 {
		t.Errorf("total %d encrypted %d", h.Total, h.Encrypted)
	}
	tests := []struct {
		assets []assessment.Asset
		want   string
	}{
		{nil, "No stores of ePHI are recorded yet; list them in the asset inventory."},
		{[]assessment.Asset{{Name: "EHR server", HoldsEPHI: true, Encrypted: assessment.EncryptionYes}}, "The one store of ePHI is encrypted at rest."},
		{[]assessment.Asset{{Name: "A", HoldsEPHI: true, Encrypted: assessment.EncryptionYes}, {Name: "B", HoldsEPHI: true, Encrypted: assessment.EncryptionYes}, {Name: "C", Encrypted: assessment.EncryptionNo}},
			"All 2 stores of ePHI are encrypted at rest."},
		{[]assessment.Asset{{Name: "A", HoldsEPHI: true, Encrypted: assessment.EncryptionNo}}, "0 of 1 store of ePHI is encrypted at rest; 1 is not: A."},
		{[]assessment.Asset{{Name: "A", HoldsEPHI: true, Encrypted: assessment.EncryptionYes}, {Name: "Charts", Kind: "paper", HoldsEPHI: true, Encrypted: assessment.EncryptionNo}},
			"The one store of ePHI is encrypted at rest."},
	}
	for _, tt := range tests {
		got := Analyze(Input{Assets: tt.assets, Now: sampleNow}).SafeHarbor.Sentence
		if got != tt.want {
			t.Errorf("sentence %q, want %q", got, tt.want)
		}
	}
	var many []assessment.Asset
	for _, n := range []string{"g", "f", "e", "d", "c", "b", "a"} {
		many = append(many, assessment.Asset{Name: n, HoldsEPHI: true, Encrypted: assessment.EncryptionNo})
	}
	if got := Analyze(Input{Assets: many, Now: sampleNow}).SafeHarbor.Sentence; !strings.HasSuffix(got, "not: a, b, c, d, e and 2 more.") {
		t.Errorf("long list sentence %q", got)
	}
}

func TestSharedResponsibility(t *testing.T) {
	a := Analyze(sampleInput())
	got := map[string]ControlStatus{}
	var services []string
	for _, s := range a.SharedResponsibility {
		services = append(services, s.Service)
		if len(s.AWSOperates) == 0 {
			t.Errorf("%s: nothing on the AWS side", s.Service)
		}
		for _, p := range s.Practice {
			got[s.Service+"/"+p.Control] = p.Status
		}
	}
	if want := []string{"aws", "iam", "s3", "ec2", "rds", "cloudtrail"}; !slices.Equal(services, want) {
		t.Errorf("services %v, want %v", services, want)
	}
	tests := []struct {
		key  string
		want ControlStatus
	}{
		{"aws/" + ctlBAA, ControlNotMet},                   // the addendum check fails
		{"iam/" + ctlIAM, ControlMet},                      // root MFA passes
		{"s3/" + ctlEncryptionAtRest, ControlNotMet},       // one bucket unencrypted
		{"s3/" + ctlNetwork, ControlNotMet},                // suppressed, still not met
		{"s3/" + ctlBackups, ControlUnknown},               // no finding, no linked answer
		{"ec2/" + ctlEncryptionAtRest, ControlNotAssessed}, // the check errored
		{"rds/" + ctlBackups, ControlMet},                  // from the backups answer (yes)
		{"cloudtrail/" + ctlLogging, ControlNotAssessed},
	}
	for _, tt := range tests {
		if got[tt.key] != tt.want {
			t.Errorf("%s = %q, want %q", tt.key, got[tt.key], tt.want)
		}
	}
	none := Analyze(Input{Now: sampleNow})
	if len(none.SharedResponsibility) != 0 {
		t.Errorf("no cloud, yet %d services", len(none.SharedResponsibility))
	}
}

func TestSummary(t *testing.T) {
	a := Analyze(sampleInput())
	s := a.Summary
	total := 0
	for k, lc := range s.ByLevel {
		if lc.Level != assessment.Levels[len(assessment.Levels)-1-k] {
			t.Errorf("byLevel order %+v", s.ByLevel)
		}
		total += lc.Count
	}
	if total != s.Risks || s.Risks != len(a.Risks) || len(s.TopRisks) == 0 || s.TopRisks[0].ID != a.Risks[0].ID {
		t.Errorf("summary %+v", s)
	}
	if s.NextReview != "2027-11-20" || s.NotAssessed != 2 || s.MissingBAAs != 1 || s.Conflicts != len(a.Conflicts) || s.PlanItems != len(a.Plan) {
		t.Errorf("summary %+v", s)
	}
	if a.SchemaVersion != SchemaVersion || a.BankVersion != "test-1" || !a.GeneratedAt.Equal(sampleNow) {
		t.Errorf("header %d %q %v", a.SchemaVersion, a.BankVersion, a.GeneratedAt)
	}
}

func TestDeterminism(t *testing.T) {
	b := syntheticBank(150)
	in := syntheticInput(b, 1000, 1)
	want := encode(t, Analyze(in))
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 99))
		sh := in
		sh.Findings = shuffled(rng, in.Findings)
		sh.Assets = shuffled(rng, in.Assets)
		sh.Vendors = shuffled(rng, in.Vendors)
		sh.Overrides = shuffled(rng, in.Overrides)
		sh.Tracking = shuffled(rng, in.Tracking)
		if got := encode(t, Analyze(sh)); !bytes.Equal(got, want) {
			t.Fatalf("seed %d: shuffled input gives different bytes", seed)
		}
	}
	a := Analyze(in)
	if len(a.Risks) < 15 || len(a.Conflicts) == 0 || len(a.StaleOverrides) != 1 || len(a.StaleTracking) == 0 || len(a.MissingBAAs) == 0 {
		t.Errorf("synthetic analysis too thin: %d risks, %d conflicts, %d stale overrides, %d stale tracking, %d missing BAAs",
			len(a.Risks), len(a.Conflicts), len(a.StaleOverrides), len(a.StaleTracking), len(a.MissingBAAs))
	}
}

func shuffled[T any](rng *rand.Rand, s []T) []T {
	out := slices.Clone(s)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func TestEmptyInput(t *testing.T) {
	a := Analyze(Input{Now: sampleNow})
	b := encode(t, a)
	if bytes.Contains(b, []byte("null")) {
		t.Errorf("empty analysis encodes null lists:\n%s", b)
	}
	if a.Completeness.Overall.Percent != 100 || len(a.Risks) != 0 {
		t.Errorf("empty analysis %+v", a.Summary)
	}
}

func TestEveryKnownCheckHasAService(t *testing.T) {
	for _, id := range assessment.CheckIDs {
		if _, ok := checkService[id]; !ok {
			t.Errorf("check %s has no row in the shared-responsibility table", id)
		}
	}
	if len(checkService) != len(assessment.CheckIDs) {
		t.Errorf("table lists %d checks, the bank knows %d", len(checkService), len(assessment.CheckIDs))
	}
}

// Cloud findings are evidence on a row, never its status: a failed check
// linked to a row's rule question is listed and raises risks, but the row
// stays what the answers make it.
func TestFindingsNeverChangeStatus(t *testing.T) {
	q := question("aud-logs", "audit", []string{"164.312(b)"}, []string{"no-logs"}, "", "cloudtrail-enabled-all-regions")
	hidden := question("aud-cloud-logs", "audit", []string{"164.312(b)"}, []string{"no-logs"}, "clearinghouse", "cloudtrail-enabled-all-regions")
	tests := []struct {
		name       string
		questions  []questionnaire.Question
		answer     assessment.AnswerValue // "" leaves the question unanswered
		finding    assessment.Status
		suppressed bool
		want       ComplianceStatus
		findings   int
	}{
		{"met with a passing finding", []questionnaire.Question{q}, yes, assessment.Pass, false, Met, 1},
		{"met with a failing finding stays met", []questionnaire.Question{q}, yes, assessment.Fail, false, Met, 1},
		{"a suppressed failure is listed", []questionnaire.Question{q}, yes, assessment.Fail, true, Met, 1},
		{"an unassessed finding is listed", []questionnaire.Question{q}, yes, assessment.NotAssessed, false, Met, 1},
		{"partially met stays partially met", []questionnaire.Question{q}, partial, assessment.Fail, false, PartiallyMet, 1},
		{"not met stays not met", []questionnaire.Question{q}, no, assessment.Fail, false, NotMet, 1},
		{"not answered stays not answered", []questionnaire.Question{q}, "", assessment.Fail, false, NotAnswered, 1},
		{"not applicable without a reason counts as not answered", []questionnaire.Question{q}, na, assessment.Fail, false, NotAnswered, 1},
		{"hidden by branching is not applicable", []questionnaire.Question{hidden}, yes, assessment.Fail, false, NotApplicable, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := finding("cloudtrail-enabled-all-regions", "global", "111122223333", tt.finding, []string{"164.312(b)"})
			if tt.suppressed {
				f.Suppressed = &assessment.Suppression{Reason: "accepted"}
			}
			in := Input{
				Bank:     &questionnaire.Bank{Sections: []questionnaire.Section{{ID: "audit"}}, Questions: tt.questions, Citations: testCitations},
				Findings: []assessment.Finding{f}, Answers: map[string]assessment.Answer{}, Now: sampleNow,
			}
			if tt.answer != "" {
				in.Answers[tt.questions[0].ID] = answer(tt.questions[0].ID, tt.answer)
			}
			cc := citation(t, Analyze(in), "164.312(b)")
			if cc.Status != tt.want || len(cc.Findings) != tt.findings {
				t.Errorf("status %s with %d findings, want %s with %d", cc.Status, len(cc.Findings), tt.want, tt.findings)
			}
		})
	}
}
