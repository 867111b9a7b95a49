package scoring

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// moveBank is one threat (Moderate likelihood, High impact) with two
// technical weaknesses and one governance gap: q-first and q-more-1..3
// reveal "first", q-second reveals "second", q-gov the governance gap;
// q-checked links the check "backup-plans".
func moveBank() *questionnaire.Bank {
	q := func(id string, vulns ...string) questionnaire.Question {
		return question(id, "adm", []string{"164.308(a)(7)(ii)(A)"}, vulns, "")
	}
	checked := q("adm-checked", "first")
	checked.Checks = []string{"backup-plans"}
	return &questionnaire.Bank{
		Sections: []questionnaire.Section{{ID: "adm"}},
		Threats: []questionnaire.Threat{{ID: "outage", Name: "Outage", Source: "structural", Likelihood: mod, Impact: hi,
			Modifiers: []questionnaire.Modifier{{When: "remote_work", Likelihood: 1, Reason: "Remote work"}}}},
		Vulnerabilities: []questionnaire.Vulnerability{
			{ID: "first", Name: "First weakness", Threats: []string{"outage"}},
			{ID: "second", Name: "Second weakness", Threats: []string{"outage"}},
			{ID: "no-policies", Name: "No policies", Governance: true},
		},
		Questions: []questionnaire.Question{q("adm-first", "first"), q("adm-more-1", "first"), q("adm-more-2", "first"),
			q("adm-more-3", "first"), q("adm-second", "second"), q("adm-gov", "no-policies"), checked},
		Citations: testCitations,
	}
}

func answers(kv ...any) map[string]assessment.Answer {
	out := map[string]assessment.Answer{}
	for i := 0; i < len(kv); i += 2 {
		id := kv[i].(string)
		out[id] = answer(id, kv[i+1].(assessment.AnswerValue))
	}
	return out
}

// settled answers every question of b that m leaves out as not applicable,
// so that a test about some answers is not also about the questions nobody
// answered (which raise not-assessed risks).
func settled(b *questionnaire.Bank, m map[string]assessment.Answer) map[string]assessment.Answer {
	out := map[string]assessment.Answer{}
	for _, q := range b.Questions {
		out[q.ID] = answer(q.ID, assessment.NotApplicable)
	}
	for id, a := range m {
		out[id] = a
	}
	return out
}

func TestLikelihoodMoves(t *testing.T) {
	pass := finding("backup-plans", "us-east-1", "acct", assessment.Pass, nil)
	fail := finding("backup-plans", "us-east-1", "acct", assessment.Fail, nil)
	tests := []struct {
		name     string
		profile  assessment.Profile
		answers  map[string]assessment.Answer
		findings []assessment.Finding
		want     assessment.Level // default likelihood of R-outage; Unset: no risk
		basis    string
	}{
		{"one missing safeguard keeps the base rate", assessment.Profile{}, answers("adm-first", no), nil, mod, "First weakness (1 of 1 answer about it is no or unknown)"},
		{"the profile sets the base rate", assessment.Profile{RemoteWork: true}, answers("adm-first", no), nil, hi, "remote work (likelihood up 1 step)"},
		{"a second weakness raises it", assessment.Profile{}, answers("adm-first", no, "adm-second", no), nil, hi, "2 weaknesses are present together"},
		{"controls in place lower it", assessment.Profile{}, answers("adm-first", no, "adm-second", no, "adm-more-1", yes, "adm-more-2", yes, "adm-more-3", yes), nil, lo, "3 of 5 safeguards against it are in place"},
		{"most controls in place lower it two steps", assessment.Profile{}, answers("adm-second", no, "adm-more-1", yes, "adm-more-2", yes, "adm-more-3", yes), nil, vl, "likelihood down 2 steps"},
		{"a passing cloud check is a control", assessment.Profile{}, answers("adm-first", no), []assessment.Finding{pass}, lo, "1 cloud check passing"},
		{"a partial safeguard lowers it", assessment.Profile{}, answers("adm-first", partial), nil, lo, "partly in place"},
		{"one no among several yes is partial", assessment.Profile{}, answers("adm-first", no, "adm-more-1", yes, "adm-more-2", yes), nil, vl, "1 of 3 answers about it is no or unknown"},
		{"a failed check makes it a full weakness", assessment.Profile{}, answers("adm-first", partial), []assessment.Finding{fail}, mod, "1 failed cloud check"},
		{"no weakness, no risk", assessment.Profile{}, answers("adm-first", yes), nil, assessment.LevelUnset, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(Input{Bank: moveBank(), Profile: tt.profile, Answers: settled(moveBank(), tt.answers), Findings: tt.findings, Now: sampleNow})
			r, ok := findRisk(a, "R-outage")
			if !ok {
				if tt.want != assessment.LevelUnset {
					t.Fatalf("no risk: %v", riskIDs(a))
				}
				if len(a.ThreatsWithoutRisk) != 1 {
					t.Errorf("threats without risk %+v", a.ThreatsWithoutRisk)
				}
				return
			}
			basis := strings.Join(r.Basis, " ")
			if r.DefaultLikelihood != tt.want || !strings.Contains(basis, tt.basis) {
				t.Errorf("likelihood %s, want %s; basis %q lacks %q", r.DefaultLikelihood, tt.want, basis, tt.basis)
			}
			if r.Level != RiskLevel(r.Likelihood, r.Impact) || !strings.HasPrefix(r.Basis[0], "Base rate:") {
				t.Errorf("level %s of %s/%s; basis %q", r.Level, r.Likelihood, r.Impact, r.Basis)
			}
		})
	}
}

func TestGovernanceNeverMultipliesRisks(t *testing.T) {
	for _, gov := range []assessment.AnswerValue{yes, no, unknown} {
		t.Run(string(gov), func(t *testing.T) {
			base := Analyze(Input{Bank: moveBank(), Answers: settled(moveBank(), answers("adm-first", no, "adm-gov", yes)), Now: sampleNow})
			a := Analyze(Input{Bank: moveBank(), Answers: settled(moveBank(), answers("adm-first", no, "adm-gov", gov)), Now: sampleNow})
			if len(a.Risks) != 1 || a.Risks[0].DefaultLikelihood != base.Risks[0].DefaultLikelihood ||
				a.Risks[0].DefaultImpact != base.Risks[0].DefaultImpact || len(a.Risks[0].Weaknesses) != 1 {
				t.Fatalf("risks %+v differ from %+v", a.Risks, base.Risks)
			}
			if gov == yes {
				return
			}
			if len(a.Gaps) != 1 || a.Gaps[0].ID != "G-no-policies" || !slices.Equal(a.Gaps[0].PlanItems, []string{"P-no-policies"}) {
				t.Fatalf("gaps %+v", a.Gaps)
			}
			it, ok := findItem(a, "P-no-policies")
			if !ok || !slices.Equal(it.Gaps, []string{"G-no-policies"}) || len(it.Risks) != 0 || it.Priority < 2 {
				t.Errorf("gap item %+v", it)
			}
		})
	}
}

func TestEncryptionLowersLossImpact(t *testing.T) {
	b := moveBank()
	b.Threats = append(b.Threats, questionnaire.Threat{ID: "theft", Name: "Theft", Source: "adversarial", Likelihood: mod, Impact: hi,
		Reaches: []string{questionnaire.ReachDevices}, EncryptionProtects: true})
	b.Vulnerabilities[0].Threats = []string{"outage", "theft"}
	laptop := func(name string, enc assessment.Encryption) assessment.Asset {
		return assessment.Asset{Name: name, Kind: "laptop", HoldsEPHI: true, Encrypted: enc}
	}
	tests := []struct {
		name   string
		assets []assessment.Asset
		want   map[string]assessment.Level // risk id -> impact
	}{
		{"not encrypted", []assessment.Asset{laptop("A", assessment.EncryptionNo)}, map[string]assessment.Level{"R-theft-unencrypted": hi}},
		{"unknown counts as not encrypted", []assessment.Asset{laptop("A", assessment.EncryptionUnknown)}, map[string]assessment.Level{"R-theft-unencrypted": hi}},
		{"encrypted", []assessment.Asset{laptop("A", assessment.EncryptionYes)}, map[string]assessment.Level{"R-theft-encrypted": lo}},
		{"both", []assessment.Asset{laptop("A", assessment.EncryptionYes), laptop("B", assessment.EncryptionNo)},
			map[string]assessment.Level{"R-theft-encrypted": lo, "R-theft-unencrypted": hi}},
		{"no device of its kind", []assessment.Asset{{Name: "PC", Kind: "workstation", HoldsEPHI: true, Encrypted: assessment.EncryptionNo}},
			map[string]assessment.Level{"R-theft": mod}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(Input{Bank: b, Assets: tt.assets, Answers: answers("adm-first", no), Now: sampleNow})
			got := map[string]assessment.Level{}
			for _, r := range a.Risks {
				if r.ThreatID == "theft" {
					got[r.ID] = r.DefaultImpact
				}
				if r.ThreatID == "outage" && r.DefaultImpact != hi {
					t.Errorf("encryption changed the impact of a threat it does not protect against: %s", r.DefaultImpact)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("impacts %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConflictsNeedALinkedCheck(t *testing.T) {
	b := moveBank()
	res := "arn:aws:backup:us-east-1:111122223333:backup-plan:nightly"
	tests := []struct {
		name     string
		question string
		finding  assessment.Finding
		conflict bool
	}{
		{"the question's own check fails", "adm-checked", finding("backup-plans", "us-east-1", res, assessment.Fail, []string{"164.308(a)(7)(ii)(A)"}), true},
		{"same citation, another check", "adm-first", finding("cloudtrail-cloudwatch-delivery", "us-east-1", res, assessment.Fail, []string{"164.308(a)(7)(ii)(A)"}), false},
		{"same citation, another check on the linked question", "adm-checked", finding("s3-bucket-versioning", "us-east-1", res, assessment.Fail, []string{"164.308(a)(7)(ii)(A)"}), false},
		{"the linked check passes", "adm-checked", finding("backup-plans", "us-east-1", res, assessment.Pass, nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(Input{Bank: b, Answers: answers(tt.question, yes), Findings: []assessment.Finding{tt.finding}, Now: sampleNow})
			if (len(a.Conflicts) == 1) != tt.conflict {
				t.Fatalf("conflicts %+v, want %v", a.Conflicts, tt.conflict)
			}
			if !tt.conflict {
				return
			}
			c := a.Conflicts[0]
			q, _ := questionByID(b, c.QuestionID)
			if !slices.Equal(c.Checks, []string{"backup-plans"}) || !slices.Equal(c.Resources, []string{res}) ||
				c.Question != q.Text || !strings.Contains(c.Action, "Verify") || !strings.Contains(c.Detail, res) {
				t.Errorf("conflict %+v", c)
			}
		})
	}
}

func questionByID(b *questionnaire.Bank, id string) (questionnaire.Question, bool) {
	for _, q := range b.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return questionnaire.Question{}, false
}

// checkTraceable verifies the plan against the register both ways.
func checkTraceable(t *testing.T, a Analysis) {
	t.Helper()
	items := map[string]PlanItem{}
	actions := map[string]string{}
	for _, p := range a.Plan {
		items[p.ID] = p
		for _, act := range p.Actions {
			if other, dup := actions[act]; dup {
				t.Errorf("plan items %s and %s share the action %q", other, p.ID, act)
			}
			actions[act] = p.ID
		}
		if len(p.Risks)+len(p.Gaps) == 0 || len(p.Actions) == 0 {
			t.Errorf("plan item %s has no risk, gap or action", p.ID)
		}
	}
	for _, r := range a.Risks {
		if len(r.PlanItems) == 0 {
			t.Errorf("risk %s has no plan item", r.ID)
		}
		for _, id := range r.PlanItems {
			if !slices.Contains(items[id].Risks, r.ID) {
				t.Errorf("risk %s names plan item %s, which does not name it", r.ID, id)
			}
		}
	}
	for _, g := range a.Gaps {
		if len(g.PlanItems) == 0 {
			t.Errorf("gap %s has no plan item", g.ID)
		}
		for _, id := range g.PlanItems {
			if !slices.Contains(items[id].Gaps, g.ID) {
				t.Errorf("gap %s names plan item %s, which does not name it", g.ID, id)
			}
		}
	}
	for _, p := range a.Plan {
		for _, id := range p.Risks {
			if r, ok := findRisk(a, id); !ok || !slices.Contains(r.PlanItems, p.ID) {
				t.Errorf("plan item %s names risk %s, which does not name it", p.ID, id)
			}
		}
	}
}

func TestPlanTraceable(t *testing.T) {
	checkTraceable(t, Analyze(sampleInput()))
	checkTraceable(t, Analyze(syntheticInput(syntheticBank(150), 1000, 2)))
	in := syntheticInput(loadBank(t), 1000, 3)
	checkTraceable(t, Analyze(in))
	in.RiskTolerance = assessment.High
	a := Analyze(in)
	checkTraceable(t, a)
	for _, p := range a.Plan {
		if p.ID != ToleranceItem && len(p.Gaps) == 0 && p.Level <= assessment.High {
			t.Errorf("plan item %s covers only risks within the tolerance", p.ID)
		}
	}
}

func TestSampleRisks(t *testing.T) {
	a := Analyze(sampleInput())
	want := []string{"R-cloud-misconfiguration", "R-insider-snooping", "R-lost-device", "R-ransomware", "R-undetected-intrusion", "R-vendor-breach"}
	got := riskIDs(a)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("register %v, want %v", got, want)
	}
	r, _ := findRisk(a, "R-ransomware")
	if r.Override == nil || r.Likelihood != lo || !strings.Contains(strings.Join(r.Basis, " "), "offline copies") {
		t.Errorf("override not applied: %+v", r)
	}
	if len(a.StaleOverrides) != 1 || a.StaleOverrides[0].RiskID != "R-ransomware-no-risk-analysis" {
		t.Errorf("stale overrides %+v: an old pair id must be reported", a.StaleOverrides)
	}
	v, _ := findRisk(a, "R-vendor-breach")
	if v.Level != vh || !slices.Equal(v.Sources.Vendors, []string{"Acme Billing"}) {
		t.Errorf("BAA rule: %+v", v)
	}
	if len(a.Gaps) != 1 || a.Gaps[0].ID != "G-no-risk-analysis" {
		t.Errorf("gaps %+v", a.Gaps)
	}
	for _, r := range a.Risks {
		for _, w := range r.Weaknesses {
			if w.ID == "no-risk-analysis" {
				t.Errorf("%s counts a governance gap as a weakness", r.ID)
			}
		}
	}
}

func TestTrackingFlags(t *testing.T) {
	past, future := sampleNow.AddDate(0, 0, -3).Format(time.DateOnly), sampleNow.AddDate(0, 1, 0).Format(time.DateOnly)
	tests := []struct {
		name     string
		tr       assessment.Tracking
		flag     string // a fragment of a flag; "" wants none
		residual assessment.Level
		assessed bool
	}{
		{"open and on time", assessment.Tracking{Status: assessment.Todo, Due: future}, "", mod, false},
		{"open past its due date", assessment.Tracking{Status: assessment.InProgress, Due: past}, "Overdue", mod, false},
		{"accepted without reason", assessment.Tracking{Status: assessment.Accepted, Approver: "Dr. Lee", Review: future}, "without a reason", mod, false},
		{"acceptance review past", assessment.Tracking{Status: assessment.Accepted, Reason: "r", Approver: "a", Review: past}, "due for review", mod, false},
		{"done without evidence", assessment.Tracking{Status: assessment.Done, Completed: past}, "no evidence", mod, false},
		{"done with assessed residual", assessment.Tracking{Status: assessment.Done, Completed: past, Evidence: "invoice", Residual: vl}, "", vl, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := tt.tr
			tr.ItemID = "P-first"
			a := Analyze(Input{Bank: moveBank(), Answers: answers("adm-first", no, "adm-second", no), Tracking: []assessment.Tracking{tr}, Now: sampleNow})
			it, ok := findItem(a, "P-first")
			if !ok {
				t.Fatalf("no item: %+v", a.Plan)
			}
			flags := strings.Join(it.Flags, " ")
			if tt.flag == "" && len(it.Flags) > 0 || tt.flag != "" && !strings.Contains(flags, tt.flag) {
				t.Errorf("flags %q, want %q", it.Flags, tt.flag)
			}
			if it.ResidualLevel != tt.residual || it.ResidualAssessed != tt.assessed {
				t.Errorf("residual %s assessed %v, want %s %v", it.ResidualLevel, it.ResidualAssessed, tt.residual, tt.assessed)
			}
		})
	}
}

// A rating change carried forward from an earlier assessment says so until
// it is reviewed.
func TestCarriedOverrideIsMarked(t *testing.T) {
	in := Input{Bank: moveBank(), Answers: settled(moveBank(), answers("adm-first", no)), Now: sampleNow}
	in.Overrides = []assessment.Override{{RiskID: "R-outage", Likelihood: lo, Reason: "generator on site", CarriedForward: true}}
	r, ok := findRisk(Analyze(in), "R-outage")
	if !ok || r.Override == nil || !strings.Contains(strings.Join(r.Basis, " "), "carried forward from the earlier assessment and not yet reviewed") {
		t.Fatalf("risk %+v", r)
	}
	in.Overrides[0].CarriedForward = false
	if r, _ := findRisk(Analyze(in), "R-outage"); strings.Contains(strings.Join(r.Basis, " "), "carried forward") {
		t.Errorf("a reviewed override is still marked carried: %q", r.Basis)
	}
}
