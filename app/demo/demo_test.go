package demo

import (
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

var seedNow = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

func TestDocument(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Profile
	if p == nil || p.Providers != 4 || p.Staff != 14 || p.Locations != 2 || !p.EHRHosted || !p.RemoteWork || !p.PortableDevices ||
		!p.UsesService("aws") || !p.UsesService("microsoft-365") {
		t.Fatalf("profile %+v", p)
	}
	missingBAA, unencrypted := 0, 0
	for _, v := range doc.Vendors {
		if v.HoldsEPHI && !v.BAASigned {
			missingBAA++
		}
	}
	for _, a := range doc.Assets {
		if a.HoldsEPHI && a.Encrypted == assessment.EncryptionNo {
			unencrypted++
		}
	}
	if missingBAA == 0 || unencrypted == 0 {
		t.Errorf("want a vendor without a BAA (%d) and an unencrypted asset (%d)", missingBAA, unencrypted)
	}
	bank, err := questionnaire.LoadVersion(doc.BankVersion)
	if err != nil {
		t.Fatal(err)
	}
	if bank.Version != questionnaire.CurrentVersion {
		t.Errorf("the demo is on bank %s, new assessments on %s", bank.Version, questionnaire.CurrentVersion)
	}
	seen := map[assessment.AnswerValue]int{}
	for i := range bank.Questions {
		q := &bank.Questions[i]
		visible, _ := bank.Visible(q, *p)
		a, ok := doc.Answers[q.ID]
		switch {
		case visible && !ok:
			t.Errorf("applicable question %s is not answered", q.ID)
		case !visible && ok:
			t.Errorf("hidden question %s is answered", q.ID)
		}
		if ok {
			seen[a.Value]++
		}
	}
	for _, v := range []assessment.AnswerValue{assessment.Yes, assessment.Partial, assessment.No, assessment.Unknown} {
		if seen[v] == 0 {
			t.Errorf("no answer is %s: the demo should show a mix of gaps", v)
		}
	}
}

// analysis evaluates the demo the way the tool does.
func analysis(t *testing.T) (scoring.Analysis, []assessment.Finding, Decisions) {
	t.Helper()
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	snap, err := Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := Choices()
	if err != nil {
		t.Fatal(err)
	}
	bank, err := questionnaire.LoadVersion(doc.BankVersion)
	if err != nil {
		t.Fatal(err)
	}
	fs := probes.ApplySuppressions(probes.Evaluate(snap, seedNow, bank.CheckLinks()), dec.Suppressions, seedNow)
	a := scoring.Analyze(scoring.Input{Bank: bank, Profile: *doc.Profile, Answers: doc.Answers, Assets: doc.Assets,
		Vendors: doc.Vendors, Findings: fs, Overrides: dec.Overrides, Tracking: dec.Tracking, Practices: doc.Practices,
		Assessor: doc.Assessor, Scope: doc.Scope, Config: scoring.DefaultConfig(), Now: seedNow})
	return a, fs, dec
}

func TestSnapshotAndChoicesApply(t *testing.T) {
	a, fs, dec := analysis(t)
	byStatus := map[assessment.Status]int{}
	suppressed := 0
	for _, f := range fs {
		byStatus[f.Status]++
		if f.Suppressed != nil {
			suppressed++
		}
	}
	for _, st := range []assessment.Status{assessment.Pass, assessment.Fail, assessment.NotAssessed} {
		if byStatus[st] == 0 {
			t.Errorf("the demo snapshot gives no %s finding", st)
		}
	}
	if suppressed != len(dec.Suppressions) {
		t.Errorf("%d findings suppressed, want %d", suppressed, len(dec.Suppressions))
	}
	overridden := 0
	for _, k := range a.Risks {
		if k.Override != nil {
			overridden++
		}
	}
	if overridden != len(dec.Overrides) || len(a.StaleOverrides) != 0 {
		t.Errorf("%d risks overridden and %d stale overrides, want %d and 0", overridden, len(a.StaleOverrides), len(dec.Overrides))
	}
	if len(a.StaleTracking) != 0 {
		t.Errorf("tracking for plan items that do not exist: %+v", a.StaleTracking)
	}
	if len(a.MissingBAAs) == 0 || len(a.Conflicts) == 0 {
		t.Errorf("the demo should show a missing BAA (%d) and a conflict (%d)", len(a.MissingBAAs), len(a.Conflicts))
	}
}
