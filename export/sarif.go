package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// SARIF 2.1.0 identifiers.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Citations        []string            `json:"citations"`
	Service          string              `json:"service"`
	Severity         assessment.Severity `json:"severity"`
	SecuritySeverity string              `json:"security-severity"`
	Tags             []string            `json:"tags"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Kind                string             `json:"kind"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifResultProps struct {
	Status    assessment.Status `json:"status"`
	ErrorCode string            `json:"errorCode,omitempty"`
	Region    string            `json:"region"`
}

type sarifLocation struct {
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s assessment.Severity) string {
	switch s {
	case assessment.Critical, assessment.HighSev:
		return "error"
	case assessment.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the numeric score code-scanning tools sort by.
func securitySeverity(s assessment.Severity) string {
	switch s {
	case assessment.Critical:
		return "9.5"
	case assessment.HighSev:
		return "8.0"
	case assessment.Medium:
		return "5.5"
	case assessment.LowSev:
		return "3.0"
	}
	return "0.0"
}

// sarifWriter writes a report's cloud findings as a SARIF 2.1.0 log.
type sarifWriter struct{}

// SARIF returns the writer of a report's cloud findings as a SARIF 2.1.0 log
// with one run, for code-scanning tools. It reads only the report's Findings
// and ToolVersion, so a probe run can be written without a whole report; it
// is not one of Formats, since the log carries findings, not the analysis.
//
// Every check is a rule; failed findings are results of kind "fail";
// findings that could not be evaluated (error, not_assessed) are results of
// kind "open" (level "none"), since the tool could not tell whether they
// pass. Passed findings are left out. Suppressed findings carry an external,
// accepted suppression.
func SARIF() Writer { return sarifWriter{} }

func (sarifWriter) Write(w io.Writer, r *Report) error {
	log, err := sarifLogOf(r.Findings, r.ToolVersion)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return fmt.Errorf("sarif: encode: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

// sarifLogOf builds the log of the findings.
func sarifLogOf(fs []assessment.Finding, toolVersion string) (sarifLog, error) {
	rules, index := sarifRules()
	results := []sarifResult{}
	for _, f := range fs {
		if f.Status == assessment.Pass {
			continue
		}
		ri, ok := index[f.CheckID]
		if !ok {
			return sarifLog{}, fmt.Errorf("sarif: finding %s: unknown check %q", f.ID, f.CheckID)
		}
		results = append(results, sarifResultOf(f, ri))
	}
	return sarifLog{
		Schema:  SARIFSchema,
		Version: SARIFVersion,
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "hipaarisk", Version: toolVersion, Rules: rules}},
			Results: results,
		}},
	}, nil
}

// sarifRules describes every check as a rule, and indexes them by check id.
func sarifRules() ([]sarifRule, map[string]int) {
	checks := probes.Checks()
	index := make(map[string]int, len(checks))
	rules := make([]sarifRule, len(checks))
	for i, c := range checks {
		index[c.ID] = i
		rules[i] = sarifRule{
			ID:                   c.ID,
			Name:                 c.ID,
			ShortDescription:     sarifText{c.Title},
			Help:                 sarifText{c.Remediation},
			DefaultConfiguration: sarifConfig{sarifLevel(c.Severity)},
			Properties: sarifRuleProps{
				Citations: c.Citations, Service: c.Service, Severity: c.Severity,
				SecuritySeverity: securitySeverity(c.Severity), Tags: []string{"security", "hipaa", c.Service},
			},
		}
	}
	return rules, index
}

// sarifResultOf is the result of one finding that did not pass; ri is the
// index of its check's rule.
func sarifResultOf(f assessment.Finding, ri int) sarifResult {
	kind, level := "fail", sarifLevel(f.Severity)
	if f.Status != assessment.Fail {
		kind, level = "open", "none"
	}
	r := sarifResult{
		RuleID:    f.CheckID,
		RuleIndex: ri,
		Kind:      kind,
		Level:     level,
		Message:   sarifText{fmt.Sprintf("%s: %s", f.Title, f.Reason)},
		Locations: []sarifLocation{{LogicalLocations: []sarifLogicalLocation{{
			Name: f.Resource, FullyQualifiedName: f.Region + "/" + f.Resource, Kind: "resource",
		}}}},
		PartialFingerprints: map[string]string{"findingId/v1": f.ID},
		Properties:          sarifResultProps{Status: f.Status, ErrorCode: f.ErrorCode, Region: f.Region},
	}
	if f.Suppressed != nil {
		r.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: f.Suppressed.Reason}}
	}
	return r
}
