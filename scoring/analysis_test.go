package scoring

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

func TestSampleRegister(t *testing.T) {
	a := Analyze(sampleInput())
	tests := []struct {
		id                    string
		likelihood, impact    assessment.Level
		defLikelihood, defImp assessment.Level
		level                 assessment.Level
		basis                 string // a sentence fragment the basis must hold
	}{
		// partial lowers likelihood: High +1 (staff > 10) = Very High, -1 = High; overridden to Low.
		{"R-ransomware-no-risk-analysis", lo, vh, hi, vh, mod, "partly in place"},
		{"R-insider-snooping-no-risk-analysis", lo, mod, lo, mod, lo, "partly in place"},
		{"R-ransomware-weak-authentication", vh, vh, vh, vh, vh, "More staff"},
		{"R-cloud-misconfiguration-weak-authentication", hi, vh, hi, vh, vh, "keeps data in the cloud"},
		{"R-insider-snooping-weak-authentication", mod, mod, mod, mod, mod, "safeguard is missing"},
		// unknown is treated like no.
		{"R-undetected-intrusion-no-audit-logs", mod, hi, mod, hi, mod, "unknown counts as a gap"},
		// two modifiers; confirmed by the findings a conflict links to the question.
		{"R-lost-device-unencrypted-devices", vh, hi, vh, hi, hi, "2 failed automated checks"},
		{"R-cloud-misconfiguration-unencrypted-cloud-storage", hi, vh, hi, vh, vh, "confirm the weakness"},
		// the BAA rule: Very High.
		{"R-vendor-breach-missing-baa", hi, vh, hi, vh, vh, "Acme Billing holds patient information"},
	}
	for _, tt := range tests {
		r, ok := findRisk(a, tt.id)
		if !ok {
			t.Errorf("risk %s missing; register: %v", tt.id, riskIDs(a))
			continue
		}
		if r.Likelihood != tt.likelihood || r.Impact != tt.impact || r.Level != tt.level ||
			r.DefaultLikelihood != tt.defLikelihood || r.DefaultImpact != tt.defImp {
			t.Errorf("%s: likelihood %s impact %s level %s (defaults %s/%s), want %s %s %s (defaults %s/%s)",
				tt.id, r.Likelihood, r.Impact, r.Level, r.DefaultLikelihood, r.DefaultImpact,
				tt.likelihood, tt.impact, tt.level, tt.defLikelihood, tt.defImp)
		}
		if !strings.Contains(strings.Join(r.Basis, " "), tt.basis) {
			t.Errorf("%s: basis %q lacks %q", tt.id, r.Basis, tt.basis)
		}
		if r.Level != RiskLevel(r.Likelihood, r.Impact) {
			t.Errorf("%s: level %s is not Table I-2 of %s/%s", tt.id, r.Level, r.Likelihood, r.Impact)
		}
	}
	if len(a.Risks) != len(tests)+1 { // + R-insider-snooping-no-audit-logs
		t.Errorf("register has %d risks, want %d: %v", len(a.Risks), len(tests)+1, riskIDs(a))
	}
	for _, absent := range []string{"R-ransomware-no-backups", "R-cloud-misconfiguration-public-cloud-storage", "R-insider-snooping-clearinghouse-not-isolated"} {
		if _, ok := findRisk(a, absent); ok {
			t.Errorf("risk %s raised; a yes answer, a suppressed finding and a hidden question raise none", absent)
		}
	}
	if !slices.IsSortedFunc(a.Risks, compareRisks) {
		t.Errorf("register not sorted: %v", riskIDs(a))
	}
	r, _ := findRisk(a, "R-ransomware-weak-authentication")
	if !slices.Contains(r.Controls, AnswerRef{QuestionID: "adm-backups", Value: yes}) {
		t.Errorf("controls of %s = %v, want the backups answered yes", r.ID, r.Controls)
	}
	if !r.Required || !slices.Equal(r.Citations, []string{"164.312(d)"}) || !slices.Equal(r.Sources.Answers, []AnswerRef{{"acc-mfa", no}}) {
		t.Errorf("%s: required %v citations %v sources %v", r.ID, r.Required, r.Citations, r.Sources.Answers)
	}
}

func TestLikelihoodAdjustments(t *testing.T) {
	threat := questionnaire.Threat{ID: "ransomware", Name: "Ransomware", Likelihood: mod, Impact: hi,
		Modifiers: []questionnaire.Modifier{
			{When: "remote_work", Likelihood: 1, Reason: "Remote work"},
			{When: "staff > 10", Likelihood: 2, Impact: 2, Reason: "Big practice"},
			{When: "clearinghouse", Likelihood: -1, Reason: "Never applies here"},
		}}
	tests := []struct {
		name     string
		profile  assessment.Profile
		answer   assessment.AnswerValue
		finding  bool
		wantL    assessment.Level
		wantI    assessment.Level
		inBasis  string
		notBasis string
	}{
		{"no answer keeps the catalog value", assessment.Profile{}, no, false, mod, hi, "missing", "partly"},
		{"partial lowers one step", assessment.Profile{}, partial, false, lo, hi, "partly in place", ""},
		{"unknown is treated like no", assessment.Profile{}, unknown, false, mod, hi, "unknown counts as a gap", "partly"},
		{"a failed finding confirms a partial", assessment.Profile{}, partial, true, mod, hi, "confirms the weakness", "partly"},
		{"modifier raises", assessment.Profile{RemoteWork: true}, no, false, hi, hi, "Remote work: likelihood up 1 step", ""},
		{"modifiers clamp to the scale", assessment.Profile{RemoteWork: true, Staff: 11}, no, false, vh, vh, "kept within the five-level scale", "Never applies"},
		{"partial after modifiers", assessment.Profile{RemoteWork: true}, partial, false, mod, hi, "Remote work", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &questionnaire.Bank{
				Threats:         []questionnaire.Threat{threat},
				Vulnerabilities: []questionnaire.Vulnerability{{ID: "no-backups", Name: "No backups", Threats: []string{"ransomware"}}},
				Questions:       []questionnaire.Question{question("adm-backups", "adm", []string{"164.308(a)(7)(ii)(A)"}, []string{"no-backups"}, "")},
				Sections:        []questionnaire.Section{{ID: "adm"}},
				Citations:       testCitations,
			}
			in := Input{Bank: b, Profile: tt.profile, Now: sampleNow,
				Answers: map[string]assessment.Answer{"adm-backups": answer("adm-backups", tt.answer)}}
			if tt.finding {
				in.Findings = []assessment.Finding{finding("backup-plans", "us-east-1", "acct", assessment.Fail, nil, "adm-backups")}
			}
			a := Analyze(in)
			r, ok := findRisk(a, "R-ransomware-no-backups")
			if !ok {
				t.Fatalf("risk missing: %v", riskIDs(a))
			}
			basis := strings.Join(r.Basis, " ")
			if r.DefaultLikelihood != tt.wantL || r.DefaultImpact != tt.wantI {
				t.Errorf("got %s/%s, want %s/%s; basis %q", r.DefaultLikelihood, r.DefaultImpact, tt.wantL, tt.wantI, basis)
			}
			if !strings.Contains(basis, tt.inBasis) || tt.notBasis != "" && strings.Contains(basis, tt.notBasis) {
				t.Errorf("basis %q: want %q, not %q", basis, tt.inBasis, tt.notBasis)
			}
		})
	}
}

func TestConflicts(t *testing.T) {
	encQ := question("acc-encryption-at-rest", "access", []string{"164.312(a)(2)(iv)"}, []string{"unencrypted-storage"}, "")
	b := &questionnaire.Bank{
		Sections:        []questionnaire.Section{{ID: "access"}},
		Questions:       []questionnaire.Question{encQ},
		Threats:         []questionnaire.Threat{{ID: "data-theft", Name: "Data theft", Likelihood: mod, Impact: vh}},
		Vulnerabilities: []questionnaire.Vulnerability{{ID: "unencrypted-storage", Name: "Unencrypted storage", Threats: []string{"data-theft"}}},
		Citations:       testCitations,
	}
	rds := func(st assessment.Status, cits []string, qs ...string) assessment.Finding {
		return finding("rds-storage-encryption", "us-east-1", "arn:aws:rds:us-east-1:111122223333:db:ehr", st, cits, qs...)
	}
	suppressed := rds(assessment.Fail, []string{"164.312(a)(2)(iv)"}, "acc-encryption-at-rest")
	suppressed.Suppressed = &assessment.Suppression{Reason: "test database"}
	tests := []struct {
		name     string
		answer   assessment.AnswerValue
		finding  assessment.Finding
		conflict bool
		risk     bool
	}{
		{"yes and a linked failing finding", yes, rds(assessment.Fail, nil, "acc-encryption-at-rest"), true, true},
		{"yes and a failing finding on the same citation", yes, rds(assessment.Fail, []string{"164.312(a)(2)(iv)"}), true, true},
		{"yes and a passing finding", yes, rds(assessment.Pass, []string{"164.312(a)(2)(iv)"}, "acc-encryption-at-rest"), false, false},
		{"yes and a finding that could not run", yes, rds(assessment.NotAssessed, []string{"164.312(a)(2)(iv)"}, "acc-encryption-at-rest"), false, false},
		{"yes and a suppressed failing finding", yes, suppressed, false, false},
		{"yes and a failing finding on another citation", yes, rds(assessment.Fail, []string{"164.312(b)"}), false, false},
		{"yes and a failing finding on the whole standard", yes, rds(assessment.Fail, []string{"164.312(a)(1)"}), false, false},
		{"no and a linked failing finding", no, rds(assessment.Fail, nil, "acc-encryption-at-rest"), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(Input{Bank: b, Now: sampleNow, Findings: []assessment.Finding{tt.finding},
				Answers: map[string]assessment.Answer{encQ.ID: answer(encQ.ID, tt.answer)}})
			if got := len(a.Conflicts) == 1; got != tt.conflict {
				t.Fatalf("conflicts = %+v, want conflict %v", a.Conflicts, tt.conflict)
			}
			if tt.conflict {
				c := a.Conflicts[0]
				if c.QuestionID != encQ.ID || c.Answer != yes || !slices.Equal(c.Findings, []string{tt.finding.ID}) ||
					!strings.Contains(c.Detail, "ehr") || c.Action == "" || a.Summary.Conflicts != 1 {
					t.Errorf("conflict %+v", c)
				}
			}
			r, ok := findRisk(a, "R-data-theft-unencrypted-storage")
			if ok != tt.risk {
				t.Fatalf("risk raised %v, want %v", ok, tt.risk)
			}
			if ok && !slices.Contains(r.Sources.Findings, tt.finding.ID) {
				t.Errorf("risk sources %v lack the failing finding", r.Sources.Findings)
			}
		})
	}
}

func TestSampleConflicts(t *testing.T) {
	a := Analyze(sampleInput())
	var ids []string
	for _, c := range a.Conflicts {
		ids = append(ids, c.ID)
	}
	want := []string{"C-acc-encryption-at-rest", "C-ven-baa-signed", "C-cld-storage-encrypted", "C-vendor-amazon-web-services"}
	if !slices.Equal(ids, want) {
		t.Fatalf("conflicts %v, want %v", ids, want)
	}
	enc := a.Conflicts[0]
	if len(enc.Findings) != 2 || !strings.Contains(enc.Detail, "1 more failed finding") {
		t.Errorf("encryption conflict %+v, want the RDS and the S3 findings", enc)
	}
	if v := a.Conflicts[3]; v.Vendor != "Amazon Web Services" || v.QuestionID != "" || !strings.Contains(v.Action, "Artifact") {
		t.Errorf("vendor conflict %+v", v)
	}
}

func TestBAARule(t *testing.T) {
	baaFail := finding(checkAWSBAA, "global", "111122223333", assessment.Fail, []string{"164.308(b)(1)"})
	baaPass := finding(checkAWSBAA, "global", "111122223333", assessment.Pass, []string{"164.308(b)(1)"})
	tests := []struct {
		name      string
		vendors   []assessment.Vendor
		findings  []assessment.Finding
		missing   []string
		level     assessment.Level // of R-vendor-breach-missing-baa; Unset: no such risk
		conflicts int
	}{
		{"vendor with ePHI and no BAA", []assessment.Vendor{{Name: "Acme Billing", HoldsEPHI: true}}, nil, []string{"Acme Billing"}, vh, 0},
		{"two vendors without BAA, sorted", []assessment.Vendor{{Name: "Zed Labs", HoldsEPHI: true}, {Name: "Acme Billing", HoldsEPHI: true}}, nil, []string{"Acme Billing", "Zed Labs"}, vh, 0},
		{"vendor with a signed BAA", []assessment.Vendor{{Name: "Acme Billing", HoldsEPHI: true, BAASigned: true}}, nil, nil, assessment.LevelUnset, 0},
		{"vendor without ePHI", []assessment.Vendor{{Name: "Cleaners"}}, nil, nil, assessment.LevelUnset, 0},
		{"AWS signed but the addendum is not active", []assessment.Vendor{{Name: "AWS", Service: "hosting", HoldsEPHI: true, BAASigned: true}}, []assessment.Finding{baaFail}, nil, hi, 1},
		{"AWS signed and the addendum is active", []assessment.Vendor{{Name: "AWS", HoldsEPHI: true, BAASigned: true}}, []assessment.Finding{baaPass}, nil, assessment.LevelUnset, 0},
		{"failing addendum but AWS not in the vendor list", []assessment.Vendor{{Name: "Lawson Labs", BAASigned: true}}, []assessment.Finding{baaFail}, nil, assessment.LevelUnset, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &questionnaire.Bank{Citations: testCitations} // no catalog entry: the fixed ids apply
			a := Analyze(Input{Bank: b, Vendors: tt.vendors, Findings: tt.findings, Now: sampleNow})
			var missing []string
			for _, m := range a.MissingBAAs {
				missing = append(missing, m.Vendor)
				if m.RiskID != "R-vendor-breach-missing-baa" || m.PlanItem != "P-missing-baa" {
					t.Errorf("missing BAA %+v", m)
				}
			}
			if !slices.Equal(missing, tt.missing) {
				t.Errorf("missing BAAs %v, want %v", missing, tt.missing)
			}
			r, ok := findRisk(a, "R-vendor-breach-missing-baa")
			if ok != (tt.level != assessment.LevelUnset) || ok && r.Level != tt.level {
				t.Fatalf("risk %+v (present %v), want level %s", r, ok, tt.level)
			}
			if len(a.Conflicts) != tt.conflicts {
				t.Errorf("conflicts %+v, want %d", a.Conflicts, tt.conflicts)
			}
			if !ok {
				return
			}
			it, ok := findItem(a, "P-missing-baa")
			if !ok {
				t.Fatalf("no plan item for the BAA risk")
			}
			for _, v := range tt.missing {
				if !slices.ContainsFunc(it.Actions, func(s string) bool { return strings.Contains(s, v) }) {
					t.Errorf("plan actions %q do not name %s", it.Actions, v)
				}
			}
			if len(tt.missing) > 0 && (it.Priority != 1 || !slices.Equal(r.Sources.Vendors, tt.missing) || !r.Required) {
				t.Errorf("BAA item priority %d, risk vendors %v required %v", it.Priority, r.Sources.Vendors, r.Required)
			}
			if !strings.Contains(r.Basis[0], "no entry for this threat") {
				t.Errorf("basis %q does not say the threat is not in the catalog", r.Basis)
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	const id = "R-ransomware-weak-authentication" // default Very High / Very High
	tests := []struct {
		name      string
		overrides []assessment.Override
		wantL     assessment.Level
		wantI     assessment.Level
		wantLevel assessment.Level
		reason    string
		stale     []string
	}{
		{"none", nil, vh, vh, vh, "", []string{}},
		{"likelihood only", []assessment.Override{{RiskID: id, Likelihood: lo, Reason: "Offline backups"}}, lo, vh, mod, "Offline backups", []string{}},
		{"impact only", []assessment.Override{{RiskID: id, Impact: lo, Reason: "Read-only copies"}}, vh, lo, lo, "Read-only copies", []string{}},
		{"both", []assessment.Override{{RiskID: id, Likelihood: vl, Impact: vh, Reason: "Isolated"}}, vl, vh, lo, "Isolated", []string{}},
		{"latest wins", []assessment.Override{
			{RiskID: id, Likelihood: mod, Reason: "new", At: sampleNow},
			{RiskID: id, Likelihood: vl, Reason: "old", At: sampleNow.Add(-time.Hour)},
		}, mod, vh, hi, "new", []string{}},
		{"stale", []assessment.Override{{RiskID: "R-gone-away", Likelihood: lo, Reason: "no longer there"}}, vh, vh, vh, "", []string{"R-gone-away"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sampleInput()
			in.Overrides = tt.overrides
			a := Analyze(in)
			r, ok := findRisk(a, id)
			if !ok {
				t.Fatal("risk missing")
			}
			if r.Likelihood != tt.wantL || r.Impact != tt.wantI || r.Level != tt.wantLevel {
				t.Errorf("got %s/%s level %s, want %s/%s level %s", r.Likelihood, r.Impact, r.Level, tt.wantL, tt.wantI, tt.wantLevel)
			}
			if r.DefaultLikelihood != vh || r.DefaultImpact != vh {
				t.Errorf("defaults changed: %s/%s", r.DefaultLikelihood, r.DefaultImpact)
			}
			if (r.Override != nil) != (tt.reason != "") || r.Override != nil && r.Override.Reason != tt.reason {
				t.Errorf("override %+v, want reason %q", r.Override, tt.reason)
			}
			var stale []string
			for _, o := range a.StaleOverrides {
				stale = append(stale, o.RiskID)
			}
			if !slices.Equal(append([]string{}, stale...), tt.stale) {
				t.Errorf("stale overrides %v, want %v", stale, tt.stale)
			}
			if !slices.IsSortedFunc(a.Risks, compareRisks) {
				t.Errorf("register not re-sorted after overrides")
			}
		})
	}
}

func TestPlan(t *testing.T) {
	a := Analyze(sampleInput())
	tests := []struct {
		id       string
		risks    []string
		priority int
		due      string
		owner    string
		status   assessment.PlanStatus
		residual assessment.Level
		action   string
	}{
		{"P-weak-authentication", []string{"R-ransomware-weak-authentication", "R-cloud-misconfiguration-weak-authentication", "R-insider-snooping-weak-authentication"},
			1, "2026-12-20", "IT support", assessment.Todo, mod, "Put acc-mfa in place."},
		{"P-missing-baa", []string{"R-vendor-breach-missing-baa"}, 1, "2026-12-20", "Office manager", assessment.InProgress, mod, "Acme Billing"},
		{"P-no-audit-logs", []string{"R-undetected-intrusion-no-audit-logs", "R-insider-snooping-no-audit-logs"}, 2, "2027-02-18", defaultOwner, assessment.Todo, lo, "Put acc-audit-logs in place."},
		{"P-unencrypted-cloud-storage", []string{"R-cloud-misconfiguration-unencrypted-cloud-storage"}, 1, "2026-12-20", defaultOwner, assessment.Todo, mod, "Fix rds-storage-encryption."},
	}
	for _, tt := range tests {
		it, ok := findItem(a, tt.id)
		if !ok {
			t.Errorf("plan item %s missing", tt.id)
			continue
		}
		if !slices.Equal(it.Risks, tt.risks) || it.Priority != tt.priority || it.SuggestedDue != tt.due ||
			it.Owner != tt.owner || it.Status != tt.status || it.ResidualLevel != tt.residual ||
			!slices.ContainsFunc(it.Actions, func(s string) bool { return strings.Contains(s, tt.action) }) {
			t.Errorf("%s = %+v\nwant risks %v priority %d due %s owner %s status %s residual %s action %q",
				tt.id, it, tt.risks, tt.priority, tt.due, tt.owner, tt.status, tt.residual, tt.action)
		}
	}
	if len(a.StaleTracking) != 1 || a.StaleTracking[0].ItemID != "P-retired-item" {
		t.Errorf("stale tracking %+v", a.StaleTracking)
	}
	if !slices.IsSortedFunc(a.Plan, func(x, y PlanItem) int { return x.Priority - y.Priority }) {
		t.Errorf("plan not by priority")
	}
	it, _ := findItem(a, "P-missing-baa")
	if it.SuggestedOwner != "Office manager" || it.Note != "Contract sent to Acme Billing." || it.Due != it.SuggestedDue {
		t.Errorf("tracking not applied: %+v", it)
	}
}

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
			_, raised := findRisk(a, "R-insider-snooping-clearinghouse-not-isolated")
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
	if total != s.Risks || s.Risks != len(a.Risks) || len(s.TopRisks) != min(10, len(a.Risks)) || s.TopRisks[0].ID != a.Risks[0].ID {
		t.Errorf("summary %+v", s)
	}
	if s.NextReview != "2027-11-20" || s.NotAssessed != 2 || s.MissingBAAs != 1 || s.Conflicts != 4 || s.PlanItems != len(a.Plan) {
		t.Errorf("summary %+v", s)
	}
	if a.SchemaVersion != 1 || a.BankVersion != "test-1" || !a.GeneratedAt.Equal(sampleNow) {
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
	if len(a.Risks) < 50 || len(a.Conflicts) == 0 || len(a.StaleOverrides) != 1 || len(a.StaleTracking) != 1 || len(a.MissingBAAs) == 0 {
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
