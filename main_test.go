package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
)

// cli runs one command line in-process against db.
type cli struct {
	t  *testing.T
	db string
}

type result struct {
	code           int
	stdout, stderr string
}

func (c cli) run(args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"--db", c.db, "--as", "Test Runner"}, args...), strings.NewReader(""), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func (c cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != 0 {
		c.t.Fatalf("%v: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

func newCLI(t *testing.T) cli {
	return cli{t: t, db: filepath.Join(t.TempDir(), "clinic.db")}
}

func TestExitCodesAndMessages(t *testing.T) {
	c := newCLI(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"unknown flag", []string{"list", "--colour"}, exitUsage, "unknown flag"},
		{"bad id", []string{"show", "seven"}, exitUsage, "not an assessment id"},
		{"missing practice", []string{"new"}, exitUsage, "--practice"},
		{"delete needs --yes", []string{"delete", "1"}, exitUsage, "--yes"},
		{"not found", []string{"show", "42"}, exitFailure, "hipaarisk list"},
		{"bad report format", []string{"report", "1", "--format", "docx"}, exitUsage, "pdf, json, csv, md"},
		{"bad fail-on", []string{"probe", "1", "--fail-on", "severe", "--from-snapshot", "x.json"}, exitUsage, "severe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.run(tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q does not mention %q", r.stderr, tt.stderr)
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); tt.code == exitUsage && n > 0 {
				t.Errorf("usage error is %d lines, want one: %q", n+1, r.stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	out := newCLI(t).ok("version")
	if !strings.HasPrefix(out, "hipaarisk ") || !strings.Contains(out, "revision") {
		t.Errorf("version output %q", out)
	}
}

func TestAssessmentLifecycle(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Clínica São José", "--assessor", "Zoë Ærø"))
	if id != "1" {
		t.Fatalf("new printed %q, want 1", id)
	}
	c.ok("import", id, "questionnaire/testdata/example.yaml")

	var list []assessmentJSON
	if err := json.Unmarshal([]byte(c.ok("list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Practice != "Clínica São José" || list[0].Answers == 0 || list[0].Status != "draft" {
		t.Fatalf("list: %+v", list)
	}

	// Export, import into a second assessment, export again: the same document.
	exported := c.ok("export-answers", id, "--format", "yaml")
	file := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(file, []byte(exported), 0o600); err != nil {
		t.Fatal(err)
	}
	id2 := strings.TrimSpace(c.ok("new", "--practice", "Clínica São José"))
	c.ok("import", id2, file)
	if again := c.ok("export-answers", id2, "--format", "yaml"); again != exported {
		t.Errorf("round trip changed the document:\n%s\n---\n%s", exported, again)
	}

	// An import with a typo writes nothing.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("answers:\n  adm-no-such-question:\n    vaule: yes\n"), 0o600)
	before := c.ok("export-answers", id2)
	if r := c.run("import", id2, bad); r.code != exitFailure || !strings.Contains(r.stderr, "bad.yaml:3") || !strings.Contains(r.stderr, `did you mean "value"`) {
		t.Errorf("bad import: exit %d, stderr %q", r.code, r.stderr)
	}
	if after := c.ok("export-answers", id2); after != before {
		t.Error("a failed import changed the assessment")
	}

	var an struct {
		SchemaVersion int `json:"schemaVersion"`
		Risks         []struct {
			ID string `json:"id"`
		} `json:"risks"`
		Plan []struct {
			ID string `json:"id"`
		} `json:"plan"`
	}
	if err := json.Unmarshal([]byte(c.ok("score", id, "--json")), &an); err != nil {
		t.Fatal(err)
	}
	if an.SchemaVersion == 0 || len(an.Risks) == 0 || len(an.Plan) == 0 {
		t.Fatalf("analysis: schema %d, %d risks, %d plan items", an.SchemaVersion, len(an.Risks), len(an.Plan))
	}
	if out := c.ok("score", id); !strings.Contains(out, "Completeness") {
		t.Errorf("score summary: %s", out)
	}

	risk, item := an.Risks[0].ID, an.Plan[0].ID
	if r := c.run("risk", id, "override", risk, "--likelihood", "low"); r.code != exitUsage || !strings.Contains(r.stderr, "--reason") {
		t.Errorf("override without reason: exit %d %q", r.code, r.stderr)
	}
	c.ok("risk", id, "override", risk, "--likelihood", "low", "--reason", "Only two workstations, both in a locked room")
	if out := c.ok("risk", id); !strings.Contains(out, "locked room") {
		t.Errorf("override not listed: %s", out)
	}
	c.ok("plan", id, "set", item, "--owner", "Zoë Ærø", "--due", "2027-01-31", "--status", "in_progress")
	if out := c.ok("plan", id); !strings.Contains(out, "Zoë Ærø") || !strings.Contains(out, "in_progress") {
		t.Errorf("plan tracking not shown: %s", out)
	}
	if r := c.run("plan", id, "set", item, "--due", "31/01/2027"); r.code != exitUsage {
		t.Errorf("bad due date: exit %d", r.code)
	}

	for _, f := range []string{"json", "md", "csv"} {
		if out := c.ok("report", id, "--format", f); len(out) < 100 {
			t.Errorf("%s report too short: %q", f, out)
		}
	}
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	c.ok("report", id, "--format", "pdf", "-o", pdf)
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("pdf: %v", err)
	}

	if out := c.ok("audit", id, "--verify"); !strings.Contains(out, "intact") {
		t.Errorf("audit verify: %s", out)
	}
	// An incomplete assessment is not finalized; the refusal lists what is missing.
	r := c.run("finalize", id2)
	if r.code != exitFailure || !strings.Contains(r.stderr, "cannot be finalized yet") ||
		!strings.Contains(r.stderr, "Answer question adm-risk-analysis-scope") {
		t.Errorf("finalize incomplete: exit %d %.600q", r.code, r.stderr)
	}
	next := strings.TrimSpace(c.ok("new", "--from", id))
	var shown assessmentJSON
	if err := json.Unmarshal([]byte(c.ok("show", next, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.CopiedFrom != 1 || shown.Answers == 0 {
		t.Errorf("carried forward: %+v", shown)
	}
	c.ok("delete", id2, "--yes")
}

// The demo is blocked until its open addressable gaps are decided; the
// answer command refuses a required not-applicable without a reason and a
// decision without substance.
func TestDemoFinalize(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSuffix(strings.Fields(c.ok("demo"))[3], ".")
	r := c.run("finalize", id)
	if r.code != exitFailure || !strings.Contains(r.stderr, "complete these 4 items") || !strings.Contains(r.stderr, "access-periodic-review") {
		t.Fatalf("finalize before: exit %d %q", r.code, r.stderr)
	}
	refused := [][]string{
		{"answer", id, "docs-retention", "not_applicable"},
		{"answer", id, "docs-retention", "not_applicable", "--na-reason", "n/a"},
		{"answer", id, "access-periodic-review", "no", "--decision", "not_reasonable", "--justification", "x"},
		{"answer", id, "access-periodic-review", "no", "--decision", "alternative", "--justification", "A quarterly review is too much for our size."},
		{"practices", id, "--framework", "iso27001", "--since", "2025-01-01"},
	}
	for _, args := range refused {
		if r := c.run(args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want a usage error (%q)", args, r.code, r.stderr)
		}
	}
	alt := "--alternative=Access is reviewed every year at the risk analysis and at every hire, role change and departure."
	c.ok("answer", id, "access-periodic-review", "no", "--decision", "alternative", "--justification",
		"A quarterly access review is more than 14 staff and one administrator can keep up with.", alt, "--decided-by", "Zoë Ærø")
	c.ok("answer", id, "device-laptop-encryption", "partial", "--decision", "not_reasonable", "--justification",
		"The billing laptop is replaced by an encrypted one in December and holds no files until then.")
	c.ok("answer", id, "workforce-termination-shared-codes", "yes", "--evidence", "Alarm company confirmation, 2026-11-19")
	c.ok("answer", id, "contingency-backup-encrypted", "yes", "--evidence", "BitLocker To Go on the new backup drive")
	c.ok("practices", id, "--framework", "csf2", "--since", "2026-06-01")
	if out := c.ok("practices", id); !strings.Contains(out, "NIST Cybersecurity Framework 2.0") || !strings.Contains(out, "2025-03-01") {
		t.Errorf("practices: %s", out)
	}
	md := c.ok("report", id, "--format", "md")
	for _, want := range []string{"Met by documented alternative", "Zoë Ærø, 20", "PROPOSED - NOT FINAL", "Answered yes, no evidence recorded",
		"NIST Cybersecurity Framework 2.0: followed since 2026-06-01", "NOT yet covered"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(md, "Before this analysis can be finalised") {
		t.Errorf("a complete draft still lists blockers")
	}
	c.ok("finalize", id)
	r = c.run("answer", id, "adm-risk-analysis-current", "yes")
	if r.code != exitFailure || !strings.Contains(r.stderr, "new --from") {
		t.Errorf("answer on a final assessment: exit %d %q", r.code, r.stderr)
	}
	if r := c.run("delete", id, "--yes"); r.code != exitFailure {
		t.Errorf("delete final: exit %d", r.code)
	}
	if out := c.ok("audit", id, "--verify"); !strings.Contains(out, "intact") {
		t.Errorf("audit verify: %s", out)
	}
}

// An assessment answered with bank 2026.11 still opens, scores and exports
// against its own reference table; carried forward, it moves to the current
// bank and says what did not carry.
func TestCarryForwardFromOlderBank(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	st, err := data.Open(ctx, c.db, data.WithActor("Test Runner"))
	if err != nil {
		t.Fatal(err)
	}
	old, err := st.CreateAssessment(ctx, data.NewAssessment{Practice: "Harbor Pediatrics", Assessor: "Dana", Scope: "All ePHI", BankVersion: "2026.11"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []assessment.Answer{
		{QuestionID: "adm-security-official", Value: assessment.Yes},
		{QuestionID: "training-phishing-practice", Value: assessment.No, Decision: &assessment.AddressableDecision{
			Kind: assessment.DecisionNotReasonable, Justification: "A phishing-test service costs more than the yearly budget."}},
		{QuestionID: "tech-password-expiry", Value: assessment.Yes}, // a question a later bank no longer asks
	} {
		if err := st.SaveAnswer(ctx, old, a); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	id := strconv.FormatInt(old, 10)
	var an struct {
		BankVersion string `json:"bankVersion"`
		Compliance  struct {
			Citations []json.RawMessage `json:"citations"`
		} `json:"compliance"`
	}
	if err := json.Unmarshal([]byte(c.ok("score", id, "--json")), &an); err != nil {
		t.Fatal(err)
	}
	if an.BankVersion != "2026.11" || len(an.Compliance.Citations) != 50 {
		t.Errorf("old assessment scored on %s with %d rows, want 2026.11 with 50", an.BankVersion, len(an.Compliance.Citations))
	}
	c.ok("report", id, "--format", "pdf", "-o", filepath.Join(t.TempDir(), "old.pdf"))

	r := c.run("new", "--from", id)
	if r.code != 0 {
		t.Fatalf("new --from: exit %d %q", r.code, r.stderr)
	}
	next := strings.TrimSpace(r.stdout)
	for _, want := range []string{"tech-password-expiry (yes): the question is not in question bank 2026.12",
		"training-phishing-practice (no): carried without its addressable decision"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("new --from does not say %q: %q", want, r.stderr)
		}
	}
	var shown assessmentJSON
	if err := json.Unmarshal([]byte(c.ok("show", next, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.BankVersion != "2026.12" || shown.Answers != 2 {
		t.Errorf("carried assessment %+v, want bank 2026.12 with 2 answers", shown)
	}
	if md := c.ok("report", next, "--format", "md"); !strings.Contains(md, "Answers not carried forward") || !strings.Contains(md, "tech-password-expiry") {
		t.Errorf("report does not list what did not carry")
	}
}

func TestProbeFromSnapshotGateAndDrift(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics"))
	snap := "probes/testdata/sample-snapshot.json"

	var out probeJSON
	if err := json.Unmarshal([]byte(c.ok("probe", id, "--from-snapshot", snap, "--json")), &out); err != nil {
		t.Fatal(err)
	}
	if out.RunID == 0 || len(out.Findings) == 0 || out.Counts["fail"] == 0 {
		t.Fatalf("probe: run %d, %d findings, counts %v", out.RunID, len(out.Findings), out.Counts)
	}
	if out.Drift != nil {
		t.Error("first run has drift")
	}

	// The gate: some failure is at least low; nothing is above critical.
	if r := c.run("probe", id, "--from-snapshot", snap, "--fail-on", "low"); r.code != exitGate {
		t.Errorf("--fail-on low: exit %d, want 3 (%s)", r.code, r.stderr)
	}
	if r := c.run("drift", id); r.code != 0 || !strings.Contains(r.stdout, "0 new failure") {
		t.Errorf("drift after identical runs: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	// Suppress every failure: the gate opens.
	seen := map[string]bool{}
	var sup strings.Builder
	for _, f := range out.Findings {
		if f.Status == "fail" && !seen[f.CheckID] {
			seen[f.CheckID] = true
			sup.WriteString("- check: " + f.CheckID + "\n  resource: \"*\"\n  reason: accepted for the test\n  expires: 2999-01-01\n")
		}
	}
	file := filepath.Join(t.TempDir(), "sup.yaml")
	os.WriteFile(file, []byte(sup.String()), 0o600)
	if r := c.run("probe", id, "--from-snapshot", snap, "--fail-on", "low", "--suppress", file); r.code != 0 {
		t.Errorf("all suppressed: exit %d (%s)", r.code, r.stderr)
	}

	sarif := c.ok("probe", id, "--from-snapshot", snap, "--format", "sarif")
	if !strings.Contains(sarif, `"version": "2.1.0"`) && !strings.Contains(sarif, `"version":"2.1.0"`) {
		t.Errorf("sarif output lacks version: %.200s", sarif)
	}
	if policy := c.ok("probe", "--print-policy"); !json.Valid([]byte(policy)) || !strings.Contains(policy, "s3:ListAllMyBuckets") {
		t.Errorf("policy: %.200s", policy)
	}
	if policy := c.ok("probe", "--print-policy", "--org", "--role", "Auditor"); !json.Valid([]byte(policy)) ||
		!strings.Contains(policy, "organizations:ListAccounts") || !strings.Contains(policy, "role/Auditor") {
		t.Errorf("organization policies: %.200s", policy)
	}
}

func TestDemo(t *testing.T) {
	c := newCLI(t)
	out := c.ok("demo")
	if !strings.Contains(out, "Created demo assessment") {
		t.Fatalf("demo: %s", out)
	}
	fields := strings.Fields(out)
	id := strings.TrimSuffix(fields[3], ".")
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("demo id %q", id)
	}
	if md := c.ok("report", id, "--format", "md"); !strings.Contains(md, "São José") {
		t.Errorf("demo report lacks the practice name")
	}
}

func TestRefusesForeignFileUnchanged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "notes.db")
	content := []byte("these are not the droids you are looking for\n")
	os.WriteFile(db, content, 0o600)
	sum := sha256.Sum256(content)
	c := cli{t: t, db: db}
	r := c.run("list")
	if r.code != exitFailure || !strings.Contains(r.stderr, "not a hipaarisk database") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	after, _ := os.ReadFile(db)
	if sha256.Sum256(after) != sum {
		t.Error("the foreign file was modified")
	}
}

func TestInterruptedExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	db := filepath.Join(t.TempDir(), "x.db")
	if code := run(ctx, []string{"--db", db, "new", "--practice", "P"}, strings.NewReader(""), &out, &errb); code != exitInterrupted {
		t.Errorf("exit %d, want %d (stderr %q)", code, exitInterrupted, errb.String())
	}
}

func TestGateThresholds(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Harbor Pediatrics"))
	snap := "probes/testdata/sample-snapshot.json"
	var out probeJSON
	if err := json.Unmarshal([]byte(c.ok("probe", id, "--from-snapshot", snap, "--json")), &out); err != nil {
		t.Fatal(err)
	}
	rank := map[assessment.Severity]int{assessment.Info: 0, assessment.LowSev: 1, assessment.Medium: 2, assessment.HighSev: 3, assessment.Critical: 4}
	worst := -1
	for _, f := range out.Findings {
		if f.Status == assessment.Fail && f.Suppressed == nil && rank[f.Severity] > worst {
			worst = rank[f.Severity]
		}
	}
	if worst < 1 {
		t.Fatal("the sample needs a failed finding of low severity or above")
	}
	for _, th := range []assessment.Severity{assessment.Critical, assessment.HighSev, assessment.Medium, assessment.LowSev} {
		t.Run(string(th), func(t *testing.T) {
			want := exitOK
			if worst >= rank[th] {
				want = exitGate
			}
			if r := c.run("probe", id, "--from-snapshot", snap, "--fail-on", string(th)); r.code != want {
				t.Errorf("--fail-on %s: exit %d, want %d (%s)", th, r.code, want, r.stderr)
			}
		})
	}
}

// yamlBlock returns the README's fenced YAML block that starts with prefix.
func yamlBlock(t *testing.T, readme, prefix string) string {
	t.Helper()
	i := strings.Index(readme, "```yaml\n"+prefix)
	if i < 0 {
		t.Fatalf("README has no yaml block starting with %q", prefix)
	}
	body := readme[i+len("```yaml\n"):]
	return body[:strings.Index(body, "```")]
}

func TestReadmeExamplesWork(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	dir := t.TempDir()
	imp, sup := filepath.Join(dir, "import.yaml"), filepath.Join(dir, "suppress.yaml")
	os.WriteFile(imp, []byte(yamlBlock(t, readme, "assessor:")), 0o600)
	os.WriteFile(sup, []byte(yamlBlock(t, readme, "- check:")), 0o600)

	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Readme Clinic"))
	c.ok("import", id, imp)
	c.ok("probe", id, "--from-snapshot", "probes/testdata/sample-snapshot.json", "--suppress", sup)
}

// review lists and records what the wizard's R key and cloud choices
// record, and the report prints it.
func TestReviewCommand(t *testing.T) {
	c := newCLI(t)
	id := strings.TrimSpace(c.ok("new", "--practice", "Pine Clinic", "--assessor", "Zoë Ærø"))
	if out := c.ok("review", id); !strings.Contains(out, "adm ") || strings.Contains(out, "profile") {
		t.Errorf("review list: %s", out)
	}
	if out := c.ok("review", id, "--section", "adm"); !strings.Contains(out, "section adm reviewed by Test Runner") {
		t.Errorf("review --section: %s", out)
	}
	if out := c.ok("review", id, "--cloud", "skipped"); !strings.Contains(out, "skipped") {
		t.Errorf("review --cloud: %s", out)
	}
	out := c.ok("review", id)
	if !strings.Contains(out, "Test Runner, 20") || !strings.Contains(out, "Cloud decision: skipped") {
		t.Errorf("review list after recording: %s", out)
	}
	md := c.ok("report", id, "--format", "md")
	for _, want := range []string{`Section "Security management and policies" reviewed by Test Runner`, "The cloud checks were skipped"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, bad := range [][]string{{"--section", "profile"}, {"--section", "nope"}, {"--cloud", "maybe"}, {"--section", "adm", "--cloud", "none"}} {
		if r := c.run(append([]string{"review", id}, bad...)...); r.code != exitUsage {
			t.Errorf("review %v: exit %d, want a usage error (%s)", bad, r.code, r.stderr)
		}
	}
	c.ok("review", id, "--cloud", "none")
	if out := c.ok("review", id); strings.Contains(out, "Cloud decision") {
		t.Errorf("the cloud decision was not removed: %s", out)
	}
}
