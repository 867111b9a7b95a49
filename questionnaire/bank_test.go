package questionnaire

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// mustLoadOriginal loads bank 2026.11, which the tests below describe.
func mustLoadOriginal(t testing.TB) *Bank {
	t.Helper()
	b, err := LoadVersion("2026.11")
	if err != nil {
		t.Fatalf("LoadVersion(2026.11): %v", err)
	}
	return b
}

func mustLoad(t testing.TB) *Bank {
	t.Helper()
	b, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return b
}

// forEachBank runs f on every embedded bank version.
func forEachBank(t *testing.T, f func(t *testing.T, b *Bank)) {
	t.Helper()
	for _, v := range Versions() {
		t.Run(v, func(t *testing.T) {
			b, err := LoadVersion(v)
			if err != nil {
				t.Fatalf("LoadVersion(%s): %v", v, err)
			}
			f(t, b)
		})
	}
}

// Each embedded reference table must be an exact copy of the reference it
// was taken from.
func TestCitationsMatchReference(t *testing.T) {
	tests := []struct{ embedded, reference string }{
		{citationsFile, "testdata/security-rule.tsv"},
		{"bank/2026.12/" + citationsFile, "testdata/security-rule-full.tsv"},
	}
	for _, tt := range tests {
		t.Run(tt.embedded, func(t *testing.T) {
			ref, err := os.ReadFile(tt.reference)
			if err != nil {
				t.Fatal(err)
			}
			own, err := embedded.ReadFile(tt.embedded)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSpace(ref), bytes.TrimSpace(own)) {
				t.Fatalf("%s differs from %s", tt.embedded, tt.reference)
			}
		})
	}
}

func TestBankCoversEveryCitation(t *testing.T) {
	b := mustLoadOriginal(t)
	if len(b.Citations) != 50 {
		t.Fatalf("reference table has %d rows, want 50", len(b.Citations))
	}
	cited := map[string]int{}
	for _, q := range b.Questions {
		for _, c := range q.Citations {
			cited[c]++
		}
	}
	for _, c := range b.Citations {
		if cited[c.Citation] == 0 {
			t.Errorf("no question cites %s (%s)", c.Citation, c.Standard)
		}
	}
}

func TestBankShape(t *testing.T) {
	forEachBank(t, func(t *testing.T, b *Bank) {
		if n := len(b.Questions); n < 110 || n > 180 {
			t.Errorf("%d questions, want 110-180", n)
		}
		if n := len(b.Threats); n < 20 {
			t.Errorf("%d threats, want at least 20", n)
		}
		if n := len(b.Vulnerabilities); n < 40 || n > 70 {
			t.Errorf("%d vulnerabilities, want 40-70", n)
		}
		if b.Version == "" || !b.Sections[0].Profile {
			t.Errorf("version %q, first section %q: want a version and the profile section first", b.Version, b.Sections[0].ID)
		}
		for _, s := range b.Sections[1:] {
			if len(b.SectionQuestions(s.ID)) == 0 {
				t.Errorf("section %s has no questions", s.ID)
			}
		}
	})
}

func TestQuestionRules(t *testing.T) {
	forEachBank(t, func(t *testing.T, b *Bank) {
		seen := map[string]bool{}
		for _, q := range b.Questions {
			if seen[q.ID] {
				t.Errorf("%s: duplicate id", q.ID)
			}
			seen[q.ID] = true
			if strings.Contains(q.Text, " and/or ") || strings.Count(q.Text, "?") != 1 || !strings.HasSuffix(q.Text, "?") {
				t.Errorf("%s: text %q must be one question", q.ID, q.Text)
			}
			g := q.Guidance
			for name, v := range map[string]string{"why": g.Why, "good": g.Good, "if_not": g.IfNot, "action": g.Action, "owner": g.Owner} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: guidance %s is empty", q.ID, name)
				}
			}
			required := false
			for _, c := range q.Citations {
				ref, ok := b.Citation(c)
				if !ok {
					t.Errorf("%s: citation %s not in table", q.ID, c)
					continue
				}
				required = required || ref.Required
			}
			if q.Required != required {
				t.Errorf("%s: required = %v, the reference table says %v", q.ID, q.Required, required)
			}
			if len(q.Answers) == 0 {
				t.Errorf("%s: allowed answers not filled in", q.ID)
			}
			if len(q.Vulnerabilities) == 0 {
				t.Errorf("%s: reveals no vulnerability", q.ID)
			}
			for _, v := range q.Vulnerabilities {
				if _, ok := b.Vulnerability(v); !ok {
					t.Errorf("%s: unknown vulnerability %s", q.ID, v)
				}
			}
			if q.ShowIf != "" {
				if _, err := ParseCondition(q.ShowIf, b.cloudOptions()); err != nil {
					t.Errorf("%s: %v", q.ID, err)
				}
			}
			if q.Line == 0 {
				t.Errorf("%s: line not recorded", q.ID)
			}
		}
	})
}

func TestCatalogReferences(t *testing.T) {
	forEachBank(t, func(t *testing.T, b *Bank) {
		usedVuln := map[string]bool{}
		for _, q := range b.Questions {
			for _, v := range q.Vulnerabilities {
				usedVuln[v] = true
			}
		}
		usedThreat := map[string]bool{}
		for _, v := range b.Vulnerabilities {
			if !usedVuln[v.ID] {
				t.Errorf("vulnerability %s is revealed by no question", v.ID)
			}
			for _, th := range v.Threats {
				if _, ok := b.Threat(th); !ok {
					t.Errorf("vulnerability %s: unknown threat %s", v.ID, th)
				}
				usedThreat[th] = true
			}
		}
		for _, th := range b.Threats {
			if !usedThreat[th.ID] {
				t.Errorf("threat %s is linked to no vulnerability", th.ID)
			}
			if !th.Likelihood.Valid() || !th.Impact.Valid() {
				t.Errorf("threat %s: likelihood %v impact %v", th.ID, th.Likelihood, th.Impact)
			}
			for _, m := range th.Modifiers {
				if _, err := ParseCondition(m.When, b.cloudOptions()); err != nil {
					t.Errorf("threat %s: %v", th.ID, err)
				}
			}
		}
	})
}

func TestCheckLinks(t *testing.T) {
	forEachBank(t, func(t *testing.T, b *Bank) {
		links := b.CheckLinks()
		for _, c := range assessment.CheckIDs {
			if len(links[c]) == 0 {
				t.Errorf("check %s informs no question", c)
			}
		}
		for c, ids := range links {
			if !slices.Contains(assessment.CheckIDs, c) {
				t.Errorf("unknown check %s", c)
			}
			if !slices.IsSorted(ids) {
				t.Errorf("check %s: ids not sorted: %v", c, ids)
			}
			for _, id := range ids {
				q, _ := b.Question(id)
				if !slices.Contains(q.Checks, c) {
					t.Errorf("check %s lists %s, which does not link it", c, id)
				}
			}
		}
		if got := links["iam-root-mfa"]; !slices.Equal(got, []string{"cloud-admin-mfa", "cloud-root-account"}) {
			t.Errorf("iam-root-mfa links %v", got)
		}
	})
}

func TestProfileFieldsDescribeProfile(t *testing.T) {
	forEachBank(t, func(t *testing.T, b *Bank) {
		var keys []string
		for _, f := range b.ProfileFields {
			keys = append(keys, f.Key)
		}
		want := inputfile.Fields(reflect.TypeFor[assessment.Profile](), "yaml").Names
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("profile fields %v, want one for each of %v", keys, want)
		}
		if got := b.cloudOptions(); !slices.Equal(got, []string{"aws", "azure", "google-cloud", "microsoft-365", "google-workspace", "other"}) {
			t.Errorf("cloud options %v", got)
		}
	})
}

func TestLookups(t *testing.T) {
	b := mustLoadOriginal(t)
	tests := []struct {
		name string
		ok   bool
		got  func() bool
	}{
		{"question", true, func() bool { q, ok := b.Question("adm-risk-analysis-current"); return ok && q.Section == "adm" }},
		{"missing question", false, func() bool { _, ok := b.Question("adm-nope"); return ok }},
		{"threat", true, func() bool { th, ok := b.Threat("ransomware"); return ok && th.Impact == assessment.VeryHigh }},
		{"missing threat", false, func() bool { _, ok := b.Threat("meteor"); return ok }},
		{"vulnerability", true, func() bool { v, ok := b.Vulnerability("no-backups"); return ok && len(v.Threats) > 0 }},
		{"section", true, func() bool { s, ok := b.Section("cloud"); return ok && s.Title != "" }},
		{"missing section", false, func() bool { _, ok := b.Section("nope"); return ok }},
		{"citation", true, func() bool { c, ok := b.Citation("164.312(a)(2)(iv)"); return ok && !c.Required }},
		{"section questions in order", true, func() bool {
			qs := b.SectionQuestions("adm")
			return len(qs) > 0 && qs[0].ID == "adm-risk-analysis-current"
		}},
		{"profile section has no questions", false, func() bool { return len(b.SectionQuestions("profile")) > 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(); got != tt.ok {
				t.Errorf("got %v, want %v", got, tt.ok)
			}
		})
	}
}

func TestLoadCachesAndVersions(t *testing.T) {
	b := mustLoad(t)
	again := mustLoad(t)
	if b != again {
		t.Error("Load parsed the bank twice")
	}
	same, err := LoadVersion(b.Version)
	if err != nil || same != b {
		t.Errorf("LoadVersion(%q) = %p, %v; want the loaded bank", b.Version, same, err)
	}
	_, err = LoadVersion("2019.01")
	if err == nil || !strings.Contains(err.Error(), "2019.01") || !strings.Contains(err.Error(), b.Version) {
		t.Errorf("LoadVersion of a missing version: %v; want an error naming both versions", err)
	}
}

func TestNeedsDecision(t *testing.T) {
	b := mustLoadOriginal(t)
	addressable, _ := b.Question("tech-auto-logoff")       // 164.312(a)(2)(iii), A
	required, _ := b.Question("adm-risk-analysis-current") // R
	mixed, _ := b.Question("contingency-backup-encrypted") // R and A
	tests := []struct {
		q    *Question
		v    assessment.AnswerValue
		want bool
	}{
		{addressable, assessment.No, true},
		{addressable, assessment.Partial, true},
		{addressable, assessment.Yes, false},
		{addressable, assessment.Unknown, false},
		{addressable, assessment.NotApplicable, false},
		{required, assessment.No, false},
		{mixed, assessment.No, false},
	}
	for _, tt := range tests {
		if got := tt.q.NeedsDecision(assessment.Answer{Value: tt.v}); got != tt.want {
			t.Errorf("%s answered %s: NeedsDecision = %v, want %v", tt.q.ID, tt.v, got, tt.want)
		}
	}
}

func TestRateThreat(t *testing.T) {
	b := mustLoadOriginal(t)
	tests := []struct {
		threat  string
		profile assessment.Profile
		like    assessment.Level
		impact  assessment.Level
		applied int
	}{
		{"lost-device", assessment.Profile{}, assessment.Low, assessment.High, 1},
		{"lost-device", assessment.Profile{PortableDevices: true, RemoteWork: true}, assessment.VeryHigh, assessment.High, 2},
		{"cloud-misconfiguration", assessment.Profile{}, assessment.VeryLow, assessment.High, 1},
		{"cloud-misconfiguration", assessment.Profile{CloudServices: []string{"aws"}}, assessment.High, assessment.High, 1},
		{"phishing", assessment.Profile{Staff: 30, CloudServices: []string{"aws"}}, assessment.VeryHigh, assessment.VeryHigh, 2},
		{"insider-snooping", assessment.Profile{Staff: 60}, assessment.VeryHigh, assessment.Moderate, 2},
		{"ransomware", assessment.Profile{RemoteWork: true, Staff: 40}, assessment.VeryHigh, assessment.VeryHigh, 2}, // clamped at the top
	}
	for _, tt := range tests {
		r, ok := b.RateThreat(tt.threat, tt.profile)
		if !ok || r.Likelihood != tt.like || r.Impact != tt.impact || len(r.Applied) != tt.applied {
			t.Errorf("%s %+v: got %+v, want %v/%v with %d modifiers", tt.threat, tt.profile, r, tt.like, tt.impact, tt.applied)
		}
	}
	if _, ok := b.RateThreat("meteor", assessment.Profile{}); ok {
		t.Error("unknown threat rated")
	}
}

// A practice that is not a clearinghouse, sponsors no group plan and uses no
// cloud service sees none of those questions, and sees them once it does.
func TestBranching(t *testing.T) {
	b := mustLoadOriginal(t)
	isClearinghouse := func(q Question) bool { return slices.Contains(q.Citations, "164.308(a)(4)(ii)(A)") }
	isPlan := func(q Question) bool { return slices.Contains(q.Citations, "164.314(b)(2)") }
	isCloud := func(q Question) bool { return q.Section == "cloud" }
	tests := []struct {
		name    string
		profile assessment.Profile
		hidden  func(Question) bool // exactly these are hidden
	}{
		{"plain practice", assessment.Profile{Staff: 5, PortableDevices: true, RemoteWork: true}, func(q Question) bool {
			return isClearinghouse(q) || isPlan(q) || isCloud(q)
		}},
		{"clearinghouse", assessment.Profile{Clearinghouse: true, PortableDevices: true, RemoteWork: true}, func(q Question) bool {
			return isPlan(q) || isCloud(q)
		}},
		{"plan sponsor", assessment.Profile{GroupHealthPlan: true, PortableDevices: true, RemoteWork: true}, func(q Question) bool {
			return isClearinghouse(q) || isCloud(q)
		}},
		{"everything", assessment.Profile{Clearinghouse: true, GroupHealthPlan: true, PortableDevices: true, RemoteWork: true, EHRHosted: true,
			CloudServices: []string{"aws", "microsoft-365"}}, func(q Question) bool { return false }},
		{"cloud without aws", assessment.Profile{CloudServices: []string{"azure"}, PortableDevices: true, RemoteWork: true, EHRHosted: true}, func(q Question) bool {
			return isClearinghouse(q) || isPlan(q) || strings.Contains(q.ShowIf, "cloud:")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hidden := 0
			for i := range b.Questions {
				q := &b.Questions[i]
				if q.ShowIf == "ehr_hosted" && !tt.profile.EHRHosted {
					continue // not part of this comparison
				}
				visible, reason := b.Visible(q, tt.profile)
				if want := !tt.hidden(*q); visible != want {
					t.Errorf("%s: visible = %v, want %v", q.ID, visible, want)
				}
				if !visible {
					hidden++
					if !strings.HasPrefix(reason, "Not applicable: ") {
						t.Errorf("%s: reason %q", q.ID, reason)
					}
				}
			}
			t.Logf("%d hidden", hidden)
		})
	}
	q, _ := b.Question("access-clearinghouse-isolation")
	_, reason := b.Visible(q, assessment.Profile{})
	if want := "Not applicable: this question is asked only when the practice acts as a health care clearinghouse."; reason != want {
		t.Errorf("reason %q, want %q", reason, want)
	}
}

func BenchmarkLoadBank(b *testing.B) {
	sub, err := fs.Sub(embedded, "bank/"+CurrentVersion)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadFS(sub); err != nil {
			b.Fatal(err)
		}
	}
}
