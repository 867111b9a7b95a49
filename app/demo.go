package app

import (
	"context"
	"fmt"
	"sort"

	"github.com/hipaarisk/hipaarisk/app/demo"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Demo creates the demo practice's assessment, as of now, and returns its
// id: the profile, inventories and answers, one probe run evaluated from the
// demo snapshot by the real checks, and the demo practice's decisions.
func (a *App) Demo(ctx context.Context) (int64, error) {
	doc, err := demo.Document()
	if err != nil {
		return 0, err
	}
	snap, err := demo.Snapshot()
	if err != nil {
		return 0, err
	}
	dec, err := demo.Choices()
	if err != nil {
		return 0, err
	}
	bank, err := questionnaire.LoadVersion(doc.BankVersion)
	if err != nil {
		return 0, fmt.Errorf("demo practice: %w", err)
	}
	st := a.st
	id, err := st.CreateAssessment(ctx, data.NewAssessment{
		Practice: demo.Practice, Assessor: doc.Assessor, Scope: doc.Scope, Profile: *doc.Profile, BankVersion: bank.Version,
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
	_, err = st.SaveProbeRun(ctx, id, data.ProbeRun{
		AccountID: snap.AccountID, Regions: snap.Regions, StartedAt: snap.StartedAt, FinishedAt: snap.FinishedAt,
		ToolVersion: snap.ToolVersion, Snapshot: demo.SnapshotJSON(), Findings: probes.Evaluate(snap, a.now(), bank.CheckLinks()),
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
