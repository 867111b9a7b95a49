package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanCheck(t *testing.T) {
	c := newCLI(t)
	const dir = "probes/tfplan/testdata/"
	var out planCheckJSON
	if err := json.Unmarshal([]byte(c.ok("plan-check", dir+"noncompliant.json", "--json")), &out); err != nil {
		t.Fatal(err)
	}
	if out.Counts["fail"] < 20 || len(out.Skipped) == 0 || out.Checked == 0 {
		t.Fatalf("counts %v, %d skipped, %d checked", out.Counts, len(out.Skipped), out.Checked)
	}
	for _, f := range out.Findings {
		if f.Address == "" {
			t.Errorf("finding %s has no address", f.ID)
		}
	}
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"gate", []string{dir + "noncompliant.json", "--fail-on", "critical"}, exitGate, "s3-bucket-public-access"},
		{"compliant passes the gate", []string{dir + "compliant.json", "--fail-on", "low"}, exitOK, "0 fail"},
		{"delete-only", []string{dir + "delete-only.json", "--fail-on", "low"}, exitOK, "Nothing to check: the plan only deletes"},
		{"skipped listed", []string{dir + "compliant.json"}, exitOK, "Skipped, they need the live account"},
		{"malformed", []string{dir + "malformed.json"}, exitFailure, ""},
		{"bad format", []string{dir + "compliant.json", "--format", "xml"}, exitUsage, ""},
		{"bad severity", []string{dir + "compliant.json", "--fail-on", "severe"}, exitUsage, ""},
		{"missing file", []string{dir + "none.json"}, exitFailure, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.run(append([]string{"plan-check"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.out) {
				t.Errorf("exit %d, want %d; stdout:\n%s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
	if r := c.run("plan-check", dir+"malformed.json"); !strings.Contains(r.stderr, "malformed.json:7:1") {
		t.Errorf("malformed: %s", r.stderr)
	}

	// suppressions: by Terraform address, with the same file format and expiry as probe
	sup := filepath.Join(t.TempDir(), "sup.yaml")
	if err := os.WriteFile(sup, []byte(`- check: s3-bucket-public-access
  resource: aws_s3_bucket.open
  reason: public website, reviewed
  expires: 2099-12-31
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := c.run("plan-check", dir+"noncompliant.json", "--fail-on", "critical", "--suppress", sup); r.code != exitOK {
		t.Errorf("suppressed gate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// SARIF: the location of each result is the Terraform address
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					LogicalLocations []struct{ Name string } `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(c.ok("plan-check", dir+"noncompliant.json", "--format", "sarif")), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatal("no SARIF results")
	}
	for _, r := range log.Runs[0].Results {
		if name := r.Locations[0].LogicalLocations[0].Name; !strings.HasPrefix(name, "aws_") && !strings.HasPrefix(name, "module.") {
			t.Errorf("SARIF location %q is not a Terraform address", name)
		}
	}
}

// --assessment records the plan check on the assessment, where the report
// shows it, the audit replay covers it and the gate still applies.
func TestPlanCheckAttachedToAssessment(t *testing.T) {
	c := newCLI(t)
	const plan = "probes/tfplan/testdata/noncompliant.json"
	id := strings.TrimSuffix(strings.Fields(c.ok("demo"))[3], ".")
	r := c.run("plan-check", plan, "--assessment", id, "--fail-on", "critical")
	if r.code != exitGate || !strings.Contains(r.stdout, "Attached to assessment "+id+" as plan check 1") {
		t.Fatalf("attach with gate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	raw, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	digest := hex.EncodeToString(sum[:])
	var out planCheckJSON
	if err := json.Unmarshal([]byte(c.ok("plan-check", plan, "--assessment", id, "--json")), &out); err != nil {
		t.Fatal(err)
	}
	if out.Attached == nil || out.Attached.PlanCheck != 2 || out.Attached.PlanSHA256 != digest {
		t.Errorf("JSON attached: %+v, want plan check 2 with SHA-256 %s", out.Attached, digest)
	}
	md := c.ok("report", id, "--format", "md")
	for _, want := range []string{"## Checks before deployment", "noncompliant.json", digest, "s3-bucket-public-access on aws_s3_bucket.open is FAIL"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	var rep struct {
		PlanChecks []struct {
			File   string         `json:"file"`
			Counts map[string]int `json:"counts"`
		} `json:"planChecks"`
	}
	if err := json.Unmarshal([]byte(c.ok("report", id, "--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.PlanChecks) != 2 || rep.PlanChecks[0].Counts["fail"] == 0 {
		t.Errorf("JSON report plan checks: %+v", rep.PlanChecks)
	}
	if v := c.ok("audit", id, "--verify"); !strings.Contains(v, "intact") {
		t.Errorf("audit --verify after attaching: %s", v)
	}
	for _, bad := range [][]string{{"--assessment", "0"}, {"--assessment", "x"}} {
		if r := c.run(append([]string{"plan-check", plan}, bad...)...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want a usage error", bad, r.code)
		}
	}
	if r := c.run("plan-check", plan, "--assessment", "999"); r.code != exitFailure || !strings.Contains(r.stderr, "999") {
		t.Errorf("unknown assessment: exit %d %q", r.code, r.stderr)
	}
}
