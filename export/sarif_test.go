package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// The validator below encodes the SARIF 2.1.0 schema's rules for the objects
// this package writes: required properties, types, enumerations, unique
// items, plus two rules from the specification text (a result's ruleIndex
// must point at the rule with its ruleId; a result whose kind is not "fail"
// has level "none"). Objects may only carry properties the schema defines.

type sarifCheck func(path string, v any) []string

func sarifString(enum ...string) sarifCheck {
	return func(path string, v any) []string {
		s, ok := v.(string)
		if !ok {
			return []string{path + ": not a string"}
		}
		if len(enum) > 0 && !slices.Contains(enum, s) {
			return []string{fmt.Sprintf("%s: %q not one of %v", path, s, enum)}
		}
		return nil
	}
}

func sarifInt(min float64) sarifCheck {
	return func(path string, v any) []string {
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) || n < min {
			return []string{fmt.Sprintf("%s: %v is not an integer >= %v", path, v, min)}
		}
		return nil
	}
}

func sarifArray(item sarifCheck, unique bool) sarifCheck {
	return func(path string, v any) []string {
		a, ok := v.([]any)
		if !ok {
			return []string{path + ": not an array"}
		}
		var errs []string
		seen := map[string]bool{}
		for i, x := range a {
			errs = append(errs, item(fmt.Sprintf("%s[%d]", path, i), x)...)
			if unique {
				b, _ := json.Marshal(x)
				if seen[string(b)] {
					errs = append(errs, fmt.Sprintf("%s[%d]: duplicate item", path, i))
				}
				seen[string(b)] = true
			}
		}
		return errs
	}
}

func sarifObject(required []string, props map[string]sarifCheck) sarifCheck {
	return func(path string, v any) []string {
		o, ok := v.(map[string]any)
		if !ok {
			return []string{path + ": not an object"}
		}
		var errs []string
		for _, r := range required {
			if _, ok := o[r]; !ok {
				errs = append(errs, path+": missing required "+r)
			}
		}
		for k, x := range o {
			check, ok := props[k]
			if !ok {
				errs = append(errs, path+": property not in the schema: "+k)
				continue
			}
			errs = append(errs, check(path+"."+k, x)...)
		}
		return errs
	}
}

// sarifPropertyBag: any object; "tags" must be unique strings.
func sarifPropertyBag(path string, v any) []string {
	o, ok := v.(map[string]any)
	if !ok {
		return []string{path + ": not an object"}
	}
	if tags, ok := o["tags"]; ok {
		return sarifArray(sarifString(), true)(path+".tags", tags)
	}
	return nil
}

func sarifLogCheck() sarifCheck {
	levels := []string{"none", "note", "warning", "error"}
	text := sarifObject([]string{"text"}, map[string]sarifCheck{"text": sarifString(), "markdown": sarifString(), "properties": sarifPropertyBag})
	message := func(path string, v any) []string {
		o, _ := v.(map[string]any)
		_, hasText := o["text"]
		_, hasID := o["id"]
		errs := sarifObject(nil, map[string]sarifCheck{"text": sarifString(), "id": sarifString(), "properties": sarifPropertyBag})(path, v)
		if !hasText && !hasID {
			errs = append(errs, path+": message needs text or id")
		}
		return errs
	}
	rule := sarifObject([]string{"id"}, map[string]sarifCheck{
		"id": sarifString(), "name": sarifString(),
		"shortDescription": text, "fullDescription": text, "help": text,
		"defaultConfiguration": sarifObject(nil, map[string]sarifCheck{"level": sarifString(levels...), "properties": sarifPropertyBag}),
		"properties":           sarifPropertyBag,
	})
	logical := sarifObject(nil, map[string]sarifCheck{
		"name": sarifString(), "fullyQualifiedName": sarifString(), "kind": sarifString(), "index": sarifInt(-1),
	})
	result := sarifObject([]string{"message"}, map[string]sarifCheck{
		"ruleId": sarifString(), "ruleIndex": sarifInt(-1),
		"kind":    sarifString("notApplicable", "pass", "fail", "review", "open", "informational"),
		"level":   sarifString(levels...),
		"message": message,
		"locations": sarifArray(sarifObject(nil, map[string]sarifCheck{
			"logicalLocations": sarifArray(logical, true), "properties": sarifPropertyBag,
		}), false),
		"partialFingerprints": func(path string, v any) []string {
			o, ok := v.(map[string]any)
			if !ok {
				return []string{path + ": not an object"}
			}
			var errs []string
			for k, x := range o {
				errs = append(errs, sarifString()(path+"."+k, x)...)
			}
			return errs
		},
		"suppressions": sarifArray(sarifObject([]string{"kind"}, map[string]sarifCheck{
			"kind": sarifString("inSource", "external"), "status": sarifString("accepted", "underReview", "rejected"),
			"justification": sarifString(),
		}), true),
		"properties": sarifPropertyBag,
	})
	run := sarifObject([]string{"tool"}, map[string]sarifCheck{
		"tool": sarifObject([]string{"driver"}, map[string]sarifCheck{
			"driver": sarifObject([]string{"name"}, map[string]sarifCheck{
				"name": sarifString(), "version": sarifString(), "rules": sarifArray(rule, true),
			}),
		}),
		"results": sarifArray(result, false),
	})
	return sarifObject([]string{"version", "runs"}, map[string]sarifCheck{
		"$schema": sarifString(SARIFSchema, "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"),
		"version": sarifString("2.1.0"),
		"runs":    sarifArray(run, false),
	})
}

// sarifCrossChecks applies the rules that span objects.
func sarifCrossChecks(doc map[string]any) []string {
	var errs []string
	for ri, r := range doc["runs"].([]any) {
		run := r.(map[string]any)
		rules := run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
		ids := map[string]bool{}
		for _, x := range rules {
			id := x.(map[string]any)["id"].(string)
			if ids[id] {
				errs = append(errs, "duplicate rule id "+id)
			}
			ids[id] = true
		}
		results, _ := run["results"].([]any)
		for i, x := range results {
			res := x.(map[string]any)
			idx := int(res["ruleIndex"].(float64))
			if idx < 0 || idx >= len(rules) || rules[idx].(map[string]any)["id"] != res["ruleId"] {
				errs = append(errs, fmt.Sprintf("runs[%d].results[%d]: ruleIndex %d does not point at rule %v", ri, i, idx, res["ruleId"]))
			}
			if kind, _ := res["kind"].(string); kind != "" && kind != "fail" && res["level"] != "none" {
				errs = append(errs, fmt.Sprintf("runs[%d].results[%d]: kind %s needs level none", ri, i, kind))
			}
		}
	}
	return errs
}

func validateSARIF(b []byte) []string {
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return []string{err.Error()}
	}
	errs := sarifLogCheck()("$", doc)
	if len(errs) > 0 {
		return errs
	}
	return sarifCrossChecks(doc)
}

func TestSARIFValidatorCatchesMistakes(t *testing.T) {
	good := `{"$schema":"` + SARIFSchema + `","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"r"}]}},
	  "results":[{"ruleId":"r","ruleIndex":0,"level":"error","message":{"text":"m"}}]}]}`
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"valid", good, ""},
		{"wrong version", strings.Replace(good, `"2.1.0"`, `"2.0.0"`, 1), "$.version"},
		{"no driver name", strings.Replace(good, `"name":"x",`, ``, 1), "missing required name"},
		{"bad level", strings.Replace(good, `"error"`, `"fatal"`, 1), "level"},
		{"no message", strings.Replace(good, `,"message":{"text":"m"}`, ``, 1), "missing required message"},
		{"empty message", strings.Replace(good, `{"text":"m"}`, `{}`, 1), "needs text or id"},
		{"bad index", strings.Replace(good, `"ruleIndex":0`, `"ruleIndex":3`, 1), "ruleIndex 3"},
		{"typo property", strings.Replace(good, `"ruleId"`, `"ruleID"`, 1), "ruleID"},
		{"bad suppression kind", strings.Replace(good, `"level":"error"`, `"level":"error","suppressions":[{"kind":"manual"}]`, 1), "kind"},
		{"open with level", strings.Replace(good, `"level":"error"`, `"kind":"open","level":"error"`, 1), "needs level none"},
	} {
		errs := validateSARIF([]byte(tc.doc))
		if tc.want == "" && len(errs) > 0 || tc.want != "" && !strings.Contains(strings.Join(errs, "\n"), tc.want) {
			t.Errorf("%s: errors %v, want one mentioning %q", tc.name, errs, tc.want)
		}
	}
}

// sarifFinding is a finding of a catalog check on one resource.
func sarifFinding(t *testing.T, checkID string, st assessment.Status, region, resource, reason string) assessment.Finding {
	t.Helper()
	c, ok := probes.CheckByID(checkID)
	if !ok {
		t.Fatalf("unknown check %s", checkID)
	}
	return assessment.Finding{ID: probes.FindingID(checkID, region, resource), CheckID: checkID, Title: c.Title, Status: st,
		Severity: c.Severity, Resource: resource, Region: region, Reason: reason, Citations: c.Citations, Remediation: c.Remediation}
}

// writeSARIF runs the SARIF writer on the findings.
func writeSARIF(fs []assessment.Finding, toolVersion string) ([]byte, error) {
	var buf bytes.Buffer
	err := SARIF().Write(&buf, &Report{Findings: fs, ToolVersion: toolVersion})
	return buf.Bytes(), err
}

func TestSARIF(t *testing.T) {
	const bucket = "arn:aws:s3:::phi-data"
	notAssessed := sarifFinding(t, assessment.CheckSecurityHubEnabled, assessment.NotAssessed, "us-east-1", "123456789012",
		"could not read the Security Hub status: AccessDeniedException")
	notAssessed.ErrorCode = "AccessDeniedException"
	suppressed := sarifFinding(t, assessment.CheckS3BucketAccessLogging, assessment.Fail, "us-east-1", bucket, "server access logging off")
	suppressed.Suppressed = &assessment.Suppression{CheckID: assessment.CheckS3BucketAccessLogging, Resource: "*phi-data", Reason: "logs kept elsewhere"}
	fs := []assessment.Finding{
		sarifFinding(t, assessment.CheckS3BucketDefaultEncryption, assessment.Pass, "us-east-1", bucket, "default encryption aws:kms"),
		sarifFinding(t, assessment.CheckS3BucketVersioning, assessment.Fail, "us-east-1", bucket, "versioning never enabled"),
		sarifFinding(t, assessment.CheckIAMRootAccessKeys, assessment.Fail, probes.GlobalRegion, "123456789012", "root has 1 active access key(s)"),
		notAssessed,
		suppressed,
		sarifFinding(t, assessment.CheckIAMRootMFA, assessment.Pass, probes.GlobalRegion, "123456789012", "root MFA on"),
	}

	out, err := writeSARIF(fs, "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	if errs := validateSARIF(out); len(errs) > 0 {
		t.Fatalf("invalid SARIF:\n%s", strings.Join(errs, "\n"))
	}
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct {
						ID                   string
						DefaultConfiguration struct{ Level string }
						Properties           struct{ Citations []string }
					}
				}
			}
			Results []struct {
				RuleID, Kind, Level string
				Message             struct{ Text string }
				Locations           []struct {
					LogicalLocations []struct{ Name, FullyQualifiedName string }
				}
				Suppressions []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "hipaarisk" || run.Tool.Driver.Version != "1.2.3" || len(run.Tool.Driver.Rules) != len(probes.Checks()) {
		t.Errorf("driver = %+v", run.Tool.Driver.Name)
	}
	for _, r := range run.Tool.Driver.Rules {
		c, _ := probes.CheckByID(r.ID)
		if r.DefaultConfiguration.Level != sarifLevel(c.Severity) || !slices.Equal(r.Properties.Citations, c.Citations) {
			t.Errorf("rule %s: level %s citations %v", r.ID, r.DefaultConfiguration.Level, r.Properties.Citations)
		}
	}
	type got struct{ kind, level, suppression string }
	results := map[string]got{}
	for _, r := range run.Results {
		g := got{kind: r.Kind, level: r.Level}
		if len(r.Suppressions) == 1 {
			g.suppression = r.Suppressions[0].Kind + ":" + r.Suppressions[0].Justification
		}
		if len(r.Locations) != 1 || len(r.Locations[0].LogicalLocations) != 1 || r.Locations[0].LogicalLocations[0].Name == "" {
			t.Errorf("%s: locations %+v", r.RuleID, r.Locations)
		}
		if r.Message.Text == "" {
			t.Errorf("%s: empty message", r.RuleID)
		}
		results[r.RuleID] = g
	}
	want := map[string]got{
		assessment.CheckS3BucketVersioning:    {"fail", "warning", ""},
		assessment.CheckIAMRootAccessKeys:     {"fail", "error", ""},
		assessment.CheckSecurityHubEnabled:    {"open", "none", ""},
		assessment.CheckS3BucketAccessLogging: {"fail", "note", "external:logs kept elsewhere"},
	}
	if len(results) != len(want) {
		t.Errorf("results for %v, want %v", results, want)
	}
	for id, w := range want {
		if results[id] != w {
			t.Errorf("%s: %+v, want %+v", id, results[id], w)
		}
	}

	if _, err := writeSARIF([]assessment.Finding{{ID: "x", CheckID: "nope", Status: assessment.Fail}}, "1"); err == nil {
		t.Error("unknown check accepted")
	}
	empty, err := writeSARIF(nil, "1")
	if err != nil {
		t.Fatal(err)
	}
	if errs := validateSARIF(empty); len(errs) > 0 || !strings.Contains(string(empty), `"results": []`) {
		t.Errorf("empty log: %v\n%s", errs, empty)
	}
}
