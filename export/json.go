package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// jsonReport is the JSON export: the assessment's inputs and the analysis
// derived from them.
type jsonReport struct {
	SchemaVersion int                  `json:"schemaVersion"`
	Generated     time.Time            `json:"generated"`
	ToolVersion   string               `json:"toolVersion"`
	Assessment    jsonAssessment       `json:"assessment"`
	Answers       []assessment.Answer  `json:"answers"` // bank order
	Assets        []assessment.Asset   `json:"assets"`
	Vendors       []assessment.Vendor  `json:"vendors"`
	Runs          []Run                `json:"runs"`
	Findings      []assessment.Finding `json:"findings"`
	// PlanChecks is left out when no plan was attached.
	PlanChecks []PlanCheck      `json:"planChecks,omitempty"`
	History    []HistoryEntry   `json:"history"`
	Audit      AuditSummary     `json:"audit"`
	SignOff    SignOff          `json:"signOff"`
	Analysis   scoring.Analysis `json:"analysis"`
	// Blockers is what keeps a draft from being finalised; NotCarried what
	// did not carry forward from the earlier assessment.
	Blockers   []scoring.Blocker         `json:"blockers"`
	NotCarried []questionnaire.CarryNote `json:"notCarried"`
	// Practices are the recognized frameworks as recorded.
	Practices []assessment.RecognizedPractice `json:"recognizedPractices"`
	// ReviewNotes say how the assessment was reviewed: sections confirmed,
	// what was carried forward and not reviewed, the cloud decision.
	ReviewNotes []string `json:"reviewNotes"`
}

type jsonAssessment struct {
	Practice    string             `json:"practice"`
	Assessor    string             `json:"assessor"`
	Scope       string             `json:"scope"`
	Status      string             `json:"status"`
	Digest      string             `json:"digest"`
	CreatedAt   time.Time          `json:"createdAt"`
	FinalizedAt time.Time          `json:"finalizedAt,omitzero"`
	BankVersion string             `json:"bankVersion"`
	Profile     assessment.Profile `json:"profile"`
}

type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	doc := jsonReport{
		SchemaVersion: SchemaVersion,
		Generated:     r.Generated.UTC(),
		ToolVersion:   r.ToolVersion,
		Assessment: jsonAssessment{
			Practice: r.Practice, Assessor: r.Assessor, Scope: r.Scope, Status: r.Status, Digest: r.Digest,
			CreatedAt: r.CreatedAt.UTC(), FinalizedAt: r.FinalizedAt.UTC(), BankVersion: r.Analysis.BankVersion,
			Profile: r.Profile,
		},
		Answers:     []assessment.Answer{},
		Assets:      orEmpty(r.Assets),
		Vendors:     orEmpty(r.Vendors),
		Runs:        orEmpty(r.Runs),
		Findings:    orEmpty(r.Findings),
		PlanChecks:  r.PlanChecks,
		History:     orEmpty(r.History),
		Audit:       r.Audit,
		SignOff:     r.SignOff,
		Analysis:    r.Analysis,
		Blockers:    orEmpty(r.Blockers),
		NotCarried:  orEmpty(r.NotCarried),
		Practices:   []assessment.RecognizedPractice{},
		ReviewNotes: orEmpty(r.ReviewNotes),
	}
	for _, p := range r.Analysis.RecognizedPractices {
		doc.Practices = append(doc.Practices, assessment.RecognizedPractice{Framework: p.Framework, Since: p.Since, Note: p.Note})
	}
	for _, q := range r.questionsInOrder() {
		if a, ok := r.Answers[q.ID]; ok {
			a.QuestionID = q.ID
			doc.Answers = append(doc.Answers, a)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// orEmpty makes a nil slice encode as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
