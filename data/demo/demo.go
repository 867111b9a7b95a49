// Package demo holds a realistic example practice, with answers, inventories
// and an AWS snapshot, for trying the tool and for tests.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
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

// Seed creates the demo assessment in st, as of now, and returns its id: the
// profile, inventories and answers, one probe run evaluated from the
// snapshot by the real checks, and the demo decisions.
func Seed(ctx context.Context, st *data.Store, now time.Time) (int64, error) {
	doc, err := Document()
	if err != nil {
		return 0, err
	}
	snap, err := Snapshot()
	if err != nil {
		return 0, err
	}
	dec, err := Choices()
	if err != nil {
		return 0, err
	}
	bank, err := questionnaire.LoadVersion(doc.BankVersion)
	if err != nil {
		return 0, fmt.Errorf("demo practice: %w", err)
	}
	id, err := st.CreateAssessment(ctx, data.NewAssessment{
		Practice: Practice, Assessor: doc.Assessor, Scope: doc.Scope, Profile: *doc.Profile, BankVersion: bank.Version,
	})
	if err != nil {
		return 0, fmt.Errorf("seed demo: %w", err)
	}
	ids := make([]string, 0, len(doc.Answers))
	for qid := range doc.Answers {
		ids = append(ids, qid)
	}
	sort.Strings(ids)
	answers := make([]assessment.Answer, 0, len(ids))
	for _, qid := range ids {
		answers = append(answers, doc.Answers[qid])
	}
	err = st.ImportInputs(ctx, id, data.Import{
		Profile: doc.Profile, Scope: doc.Scope, Assessor: doc.Assessor, Answers: answers, Assets: doc.Assets, Vendors: doc.Vendors,
		Practices: doc.Practices,
	})
	if err != nil {
		return 0, fmt.Errorf("seed demo inputs: %w", err)
	}
	findings := probes.Evaluate(snap, now, bank.CheckLinks())
	counts := map[assessment.Status]int{}
	for _, f := range findings {
		counts[f.Status]++
	}
	_, err = st.SaveProbeRun(ctx, id, data.ProbeRun{
		AccountID: snap.AccountID, Regions: snap.Regions, StartedAt: snap.StartedAt, FinishedAt: snap.FinishedAt,
		ToolVersion: snap.ToolVersion, Snapshot: snapshotJSON, Findings: findings, Counts: counts,
	})
	if err != nil {
		return 0, fmt.Errorf("seed demo probe run: %w", err)
	}
	for _, o := range dec.Overrides {
		if err := st.SetOverride(ctx, id, o); err != nil {
			return 0, fmt.Errorf("seed demo override %s: %w", o.RiskID, err)
		}
	}
	for _, t := range dec.Tracking {
		if err := st.SetTracking(ctx, id, t); err != nil {
			return 0, fmt.Errorf("seed demo tracking %s: %w", t.ItemID, err)
		}
	}
	for _, s := range dec.Suppressions {
		if err := st.AddSuppression(ctx, id, s); err != nil {
			return 0, fmt.Errorf("seed demo suppression %s: %w", s.CheckID, err)
		}
	}
	return id, nil
}
