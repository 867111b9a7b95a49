package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/inputfile"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Import reads an import file (YAML or JSON), validates it against the
// assessment's bank and applies it in one transaction: all of it or
// nothing. It returns the document imported.
func (a *App) Import(ctx context.Context, id int64, path string) (*questionnaire.Document, error) {
	raw, err := inputfile.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read import file: %w", err)
	}
	doc, err := questionnaire.ParseDocument(filepath.Base(path), raw)
	if err != nil {
		return nil, fmt.Errorf("nothing was imported; fix these and try again:\n%w", err)
	}
	bank, err := a.Bank(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := bank.ValidateDocument(doc); err != nil {
		return nil, fmt.Errorf("nothing was imported; fix these and try again:\n%w", err)
	}
	return doc, a.importDocument(ctx, id, doc)
}

// importDocument applies a parsed document.
func (a *App) importDocument(ctx context.Context, id int64, doc *questionnaire.Document) error {
	in := data.Import{Profile: doc.Profile, Scope: doc.Scope, Assessor: doc.Assessor, Assets: doc.Assets, Vendors: doc.Vendors,
		Practices: doc.Practices}
	for qid, ans := range doc.Answers {
		ans.QuestionID = qid
		in.Answers = append(in.Answers, ans)
	}
	return a.st.ImportInputs(ctx, id, in)
}

// ExportAnswers writes an assessment's profile, scope, answers and
// inventories in the import format ("yaml" or "json").
func (a *App) ExportAnswers(ctx context.Context, id int64, format string) ([]byte, error) {
	in, err := a.st.LoadInputs(ctx, id)
	if err != nil {
		return nil, err
	}
	p := in.Assessment.Profile
	return questionnaire.MarshalDocument(&questionnaire.Document{
		BankVersion: in.Assessment.BankVersion,
		Profile:     &p, Scope: in.Assessment.Scope, Assessor: in.Assessment.Assessor,
		Answers: Answered(in.Answers), Assets: in.Assets, Vendors: in.Vendors, Practices: in.Practices,
	}, format)
}

// Assets returns the asset inventory.
func (a *App) Assets(ctx context.Context, id int64) ([]assessment.Asset, error) {
	return a.st.Assets(ctx, id)
}

// SaveAsset adds the asset (ID 0) or updates it, and returns its id.
func (a *App) SaveAsset(ctx context.Context, id int64, x assessment.Asset) (int64, error) {
	if x.ID == 0 {
		return a.st.AddAsset(ctx, id, x)
	}
	return x.ID, a.st.UpdateAsset(ctx, id, x)
}

// DeleteAsset removes an asset from the inventory.
func (a *App) DeleteAsset(ctx context.Context, id, assetID int64) error {
	return a.st.DeleteAsset(ctx, id, assetID)
}

// Vendors returns the vendor inventory.
func (a *App) Vendors(ctx context.Context, id int64) ([]assessment.Vendor, error) {
	return a.st.Vendors(ctx, id)
}

// SaveVendor adds the vendor (ID 0) or updates it, and returns its id.
func (a *App) SaveVendor(ctx context.Context, id int64, v assessment.Vendor) (int64, error) {
	if v.ID == 0 {
		return a.st.AddVendor(ctx, id, v)
	}
	return v.ID, a.st.UpdateVendor(ctx, id, v)
}

// DeleteVendor removes a vendor from the inventory.
func (a *App) DeleteVendor(ctx context.Context, id, vendorID int64) error {
	return a.st.DeleteVendor(ctx, id, vendorID)
}

// Overrides returns the risk-rating overrides.
func (a *App) Overrides(ctx context.Context, id int64) ([]assessment.Override, error) {
	return a.st.Overrides(ctx, id)
}

// SetOverride records a likelihood and/or impact override with its reason.
func (a *App) SetOverride(ctx context.Context, id int64, o assessment.Override) error {
	return a.st.SetOverride(ctx, id, o)
}

// ClearOverride removes a risk's override.
func (a *App) ClearOverride(ctx context.Context, id int64, riskID string) error {
	return a.st.ClearOverride(ctx, id, riskID)
}

// Tracking returns the remediation tracking of the plan's items.
func (a *App) Tracking(ctx context.Context, id int64) ([]assessment.Tracking, error) {
	return a.st.Tracking(ctx, id)
}

// SetTracking records a plan item's owner, due date, status and note.
func (a *App) SetTracking(ctx context.Context, id int64, t assessment.Tracking) error {
	return a.st.SetTracking(ctx, id, t)
}

// EditTracking changes only what edit changes of a plan item's tracking,
// in one transaction with reading it (see data.Store.EditTracking).
func (a *App) EditTracking(ctx context.Context, id int64, itemID string, edit func(*assessment.Tracking) error) (assessment.Tracking, error) {
	return a.st.EditTracking(ctx, id, itemID, edit)
}

// EditAnswer changes only what edit changes of an answer, in one
// transaction with reading it (see data.Store.EditAnswer).
func (a *App) EditAnswer(ctx context.Context, id int64, questionID string, edit func(*assessment.Answer) error) (assessment.Answer, error) {
	return a.st.EditAnswer(ctx, id, questionID, edit)
}

// EditOverride changes only what edit changes of a risk's override, in one
// transaction with reading it (see data.Store.EditOverride).
func (a *App) EditOverride(ctx context.Context, id int64, riskID string, edit func(*assessment.Override) error) (assessment.Override, error) {
	return a.st.EditOverride(ctx, id, riskID, edit)
}

// SetRiskTolerance records the highest level of risk the practice accepts
// without action; LevelUnset returns to the default.
func (a *App) SetRiskTolerance(ctx context.Context, id int64, l assessment.Level) error {
	return a.st.SetRiskTolerance(ctx, id, l)
}

// Suppressions returns the assessment's recorded suppressions.
func (a *App) Suppressions(ctx context.Context, id int64) ([]assessment.Suppression, error) {
	return a.st.Suppressions(ctx, id)
}

// AddSuppression records an accepted finding; it stays visible in the
// analysis and the report.
func (a *App) AddSuppression(ctx context.Context, id int64, sp assessment.Suppression) error {
	return a.st.AddSuppression(ctx, id, sp)
}

// Practices returns the recognized security frameworks the practice says it
// follows.
func (a *App) Practices(ctx context.Context, id int64) ([]assessment.RecognizedPractice, error) {
	return a.st.Practices(ctx, id)
}

// SetPractice records that the practice follows a recognized framework
// since a date, after checking it against the assessment's bank.
func (a *App) SetPractice(ctx context.Context, id int64, p assessment.RecognizedPractice) error {
	bank, err := a.Bank(ctx, id)
	if err != nil {
		return err
	}
	if err := bank.CheckPractice(p); err != nil {
		return &ValidationError{err}
	}
	return a.st.SetPractice(ctx, id, p)
}

// ClearPractice removes the record of a framework.
func (a *App) ClearPractice(ctx context.Context, id int64, framework string) error {
	return a.st.ClearPractice(ctx, id, framework)
}
