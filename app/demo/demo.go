// Package demo holds a realistic example practice, with answers, inventories
// and an AWS snapshot, for trying the tool and for tests. The app package
// records it (App.Demo).
package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Practice is the demo practice's name (not ASCII on purpose).
const Practice = "Clínica São José Family Medicine"

var (
	//go:embed practice.yaml
	practiceYAML []byte
	//go:embed snapshot.json
	snapshotJSON []byte
	//go:embed decisions.json
	decisionsJSON []byte
)

// Decisions are what the demo practice decided about its analysis: a rating
// override, remediation tracking and an accepted cloud finding.
type Decisions struct {
	Overrides    []assessment.Override    `json:"overrides"`
	Tracking     []assessment.Tracking    `json:"tracking"`
	Suppressions []assessment.Suppression `json:"suppressions"`
}

// Document returns the demo practice's profile, inventories and answers, in
// the import format.
func Document() (*questionnaire.Document, error) {
	doc, err := questionnaire.ParseDocument("practice.yaml", practiceYAML)
	if err != nil {
		return nil, fmt.Errorf("demo practice: %w", err)
	}
	return doc, nil
}

// Snapshot returns the demo practice's AWS account snapshot.
func Snapshot() (*probes.Snapshot, error) {
	var s probes.Snapshot
	dec := json.NewDecoder(bytes.NewReader(snapshotJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("demo snapshot: %w", err)
	}
	return &s, nil
}

// Choices returns the demo practice's override, tracking and
// suppression.
func Choices() (Decisions, error) {
	var d Decisions
	dec := json.NewDecoder(bytes.NewReader(decisionsJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Decisions{}, fmt.Errorf("demo decisions: %w", err)
	}
	return d, nil
}

// SnapshotJSON returns the demo snapshot exactly as it is embedded, for
// storing as the run's evidence.
func SnapshotJSON() []byte { return bytes.Clone(snapshotJSON) }
