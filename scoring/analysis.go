package scoring

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// SchemaVersion is the version of the Analysis JSON shape. It is bumped when
// the shape changes incompatibly.
const SchemaVersion = 1

// Analysis is everything derived from an assessment's inputs: completeness,
// compliance, the risk register, the risk management plan and the evidence
// behind them. Every slice is sorted, so the same Input always encodes to the
// same JSON bytes.
type Analysis struct {
	SchemaVersion int       `json:"schemaVersion"`
	BankVersion   string    `json:"bankVersion"`
	GeneratedAt   time.Time `json:"generatedAt"` // Input.Now

	Summary      Summary      `json:"summary"`
	Completeness Completeness `json:"completeness"`
	Compliance   Compliance   `json:"compliance"`

	// Risks is the risk register, highest level first, then by id.
	Risks []Risk `json:"risks"`
	// Plan is the risk management plan, by priority, then by id.
	Plan []PlanItem `json:"plan"`

	Conflicts            []Conflict              `json:"conflicts"`
	MissingBAAs          []MissingBAA            `json:"missingBaas"`
	SharedResponsibility []ServiceResponsibility `json:"sharedResponsibility"`
	SafeHarbor           SafeHarbor              `json:"safeHarbor"`

	// NotAssessed lists the findings a probe could not evaluate (status error
	// or not_assessed). They raise no risk but are evidence gaps.
	NotAssessed []FindingRef `json:"notAssessed"`

	// StaleOverrides are overrides for risks that no longer exist.
	StaleOverrides []assessment.Override `json:"staleOverrides"`
	// StaleTracking is tracking for plan items that no longer exist.
	StaleTracking []assessment.Tracking `json:"staleTracking"`

	// EvidenceToKeep lists the required standards and specifications
	// answered yes without an evidence reference, in bank order.
	EvidenceToKeep []EvidenceGap `json:"evidenceToKeep"`
	// RecognizedPractices are the recognized security frameworks the
	// practice says it follows, with what its answers show of them.
	RecognizedPractices []PracticeStatus `json:"recognizedPractices"`
	// Readiness is the unscored view of the proposed Security Rule update;
	// nil for a bank that does not describe it.
	Readiness *Readiness `json:"readiness,omitempty"`
}

// Summary is the executive view of the analysis.
type Summary struct {
	Risks        int                   `json:"risks"`
	ByLevel      []LevelCount          `json:"byLevel"`  // Very High first, all five levels
	TopRisks     []RiskBrief           `json:"topRisks"` // at most ten, in register order
	Completeness Progress              `json:"completeness"`
	Safeguards   []SafeguardCompliance `json:"safeguards"`
	Conflicts    int                   `json:"conflicts"`
	MissingBAAs  int                   `json:"missingBaas"`
	NotAssessed  int                   `json:"notAssessed"`
	PlanItems    int                   `json:"planItems"`
	SafeHarbor   string                `json:"safeHarbor"` // one sentence
	NextReview   string                `json:"nextReview"` // YYYY-MM-DD, one year after Input.Now
}

// LevelCount is the number of risks at one level.
type LevelCount struct {
	Level assessment.Level `json:"level"`
	Count int              `json:"count"`
}

// RiskBrief is a one-line view of a risk.
type RiskBrief struct {
	ID            string           `json:"id"`
	Threat        string           `json:"threat"`
	Vulnerability string           `json:"vulnerability"`
	Likelihood    assessment.Level `json:"likelihood"`
	Impact        assessment.Level `json:"impact"`
	Level         assessment.Level `json:"level"`
}

// Progress is answered out of applicable questions.
type Progress struct {
	Answered   int     `json:"answered"`
	Applicable int     `json:"applicable"`
	Percent    float64 `json:"percent"` // one decimal; 100 when nothing is applicable
}

// Completeness says how much of the questionnaire is answered. It never
// blocks a report; it is shown beside it.
type Completeness struct {
	Overall  Progress          `json:"overall"`
	Sections []SectionProgress `json:"sections"` // bank order
	// Hidden lists the questions branching hides, which count as not
	// applicable.
	Hidden []HiddenQuestion `json:"hidden"`
	// Unanswered lists applicable questions with no answer, in bank order.
	Unanswered []string `json:"unanswered"`
	// Review lists the areas for review: answers of no, partial or unknown,
	// and flagged answers, in bank order.
	Review []ReviewItem `json:"review"`
}

// SectionProgress is the completeness of one section.
type SectionProgress struct {
	Section string `json:"section"`
	Title   string `json:"title"`
	Progress
	Review int `json:"review"` // areas for review in the section
}

// HiddenQuestion is a question that branching hides, with the reason.
type HiddenQuestion struct {
	QuestionID string `json:"questionId"`
	Section    string `json:"section"`
	Reason     string `json:"reason"`
}

// ReviewItem is an answer that needs attention.
type ReviewItem struct {
	QuestionID string                 `json:"questionId"`
	Section    string                 `json:"section"`
	Value      assessment.AnswerValue `json:"value"`
	Flagged    bool                   `json:"flagged,omitempty"`
	Note       string                 `json:"note,omitempty"`
	// Reason says in words why the item needs attention: not answered,
	// don't know, answered no or partial, flagged, not applicable without a
	// reason, or an addressable gap without a documented decision.
	Reason string `json:"reason,omitempty"`
}

// ComplianceStatus is where a practice stands on one citation.
type ComplianceStatus string

const (
	Met ComplianceStatus = "met"
	// MetByAlternative: an addressable specification not implemented as
	// written, with an equivalent alternative measure documented for every
	// gap (164.306(d)(3)(ii)(B)).
	MetByAlternative ComplianceStatus = "met_by_alternative"
	// DocumentedNotReasonable: an addressable specification the practice
	// documented as not reasonable and appropriate, with its reasons.
	DocumentedNotReasonable ComplianceStatus = "documented_not_reasonable"
	PartiallyMet            ComplianceStatus = "partially_met"
	NotMet                  ComplianceStatus = "not_met"
	NotApplicable           ComplianceStatus = "not_applicable"
	NotAnswered             ComplianceStatus = "not_answered"
)

// ComplianceStatuses lists the statuses from best to worst.
var ComplianceStatuses = []ComplianceStatus{Met, MetByAlternative, DocumentedNotReasonable, PartiallyMet, NotMet, NotApplicable, NotAnswered}

// Compliance is the standing per citation and per safeguard.
type Compliance struct {
	Citations  []CitationCompliance  `json:"citations"`  // Bank.Citations order
	Safeguards []SafeguardCompliance `json:"safeguards"` // questionnaire.Safeguards order
}

// CitationCompliance is the standing on one row of the Security Rule table,
// with the answers and findings behind it.
type CitationCompliance struct {
	Citation      string                  `json:"citation"`
	Safeguard     questionnaire.Safeguard `json:"safeguard"`
	Standard      string                  `json:"standard"`
	Specification string                  `json:"specification,omitempty"`
	Required      bool                    `json:"required"`
	Status        ComplianceStatus        `json:"status"`
	Answers       []AnswerRef             `json:"answers"`
	Findings      []FindingStatus         `json:"findings"`
	// Decisions are the decisions recorded for an addressable
	// specification answered no or partial.
	Decisions []DecisionRef `json:"decisions,omitempty"`

	// Supporting are the answers to recognized-practice and good-practice
	// questions that help with this row. They never change its status.
	Supporting []AnswerRef `json:"supporting,omitempty"`
	// Hidden lists the rule questions citing the row that the practice
	// profile rules out (Completeness.Hidden says why).
	Hidden []string `json:"hidden,omitempty"`
	// Unanswered lists the applicable rule questions not yet answered.
	Unanswered []string `json:"unanswered,omitempty"`
	// NAReasons are the written reasons for answers of not applicable.
	NAReasons []NAReasonRef `json:"naReasons,omitempty"`
	// NAWithoutReason lists answers of not applicable to a required row
	// without a written reason; they count as not answered.
	NAWithoutReason []string `json:"naWithoutReason,omitempty"`
	// DecisionMissing lists addressable gaps (no or partial) without a
	// documented decision.
	DecisionMissing []string `json:"decisionMissing,omitempty"`
}

// NAReasonRef is the written reason for one answer of not applicable.
type NAReasonRef struct {
	QuestionID string `json:"questionId"`
	Reason     string `json:"reason"`
}

// SafeguardCompliance counts the citations of one safeguard by status.
type SafeguardCompliance struct {
	Safeguard questionnaire.Safeguard `json:"safeguard"`
	Citations int                     `json:"citations"`
	Met       int                     `json:"met"`
	// MetByAlternative and DocumentedNotReasonable count addressable rows
	// settled by a documented decision.
	MetByAlternative        int `json:"metByAlternative"`
	DocumentedNotReasonable int `json:"documentedNotReasonable"`
	PartiallyMet            int `json:"partiallyMet"`
	NotMet                  int `json:"notMet"`
	NotApplicable           int `json:"notApplicable"`
	NotAnswered             int `json:"notAnswered"`
}

// AnswerRef is an answer given as evidence.
type AnswerRef struct {
	QuestionID string                 `json:"questionId"`
	Value      assessment.AnswerValue `json:"value"`
}

// FindingStatus is a finding given as evidence.
type FindingStatus struct {
	ID     string            `json:"id"`
	Status assessment.Status `json:"status"`
}

// DecisionRef is the decision recorded on an addressable specification.
type DecisionRef struct {
	QuestionID    string                  `json:"questionId"`
	Kind          assessment.DecisionKind `json:"kind"`
	Justification string                  `json:"justification"`
	Alternative   string                  `json:"alternative,omitempty"`
	DecidedBy     string                  `json:"decidedBy,omitempty"`
	DecidedAt     string                  `json:"decidedAt,omitempty"` // YYYY-MM-DD
	// Problems say why a recorded decision does not count as documented;
	// empty when it does.
	Problems []string `json:"problems,omitempty"`
}

// FindingRef describes a finding that could not be evaluated.
type FindingRef struct {
	ID        string            `json:"id"`
	CheckID   string            `json:"checkId"`
	Status    assessment.Status `json:"status"`
	Resource  string            `json:"resource"`
	Region    string            `json:"region"`
	ErrorCode string            `json:"errorCode,omitempty"`
	Reason    string            `json:"reason"`
}

// Risk is one threat/vulnerability pair raised by the assessment.
type Risk struct {
	ID              string `json:"id"` // "R-<threat>-<vulnerability>"
	ThreatID        string `json:"threatId"`
	Threat          string `json:"threat"`
	ThreatSource    string `json:"threatSource,omitempty"`
	VulnerabilityID string `json:"vulnerabilityId"`
	Vulnerability   string `json:"vulnerability"`

	// DefaultLikelihood and DefaultImpact are what the analysis derived;
	// Likelihood and Impact are the effective values (the override where one
	// is set) from which Level is computed with Table I-2.
	DefaultLikelihood assessment.Level     `json:"defaultLikelihood"`
	DefaultImpact     assessment.Level     `json:"defaultImpact"`
	Likelihood        assessment.Level     `json:"likelihood"`
	Impact            assessment.Level     `json:"impact"`
	Level             assessment.Level     `json:"level"`
	Override          *assessment.Override `json:"override,omitempty"`
	// Basis says in plain sentences how the default values were reached.
	Basis []string `json:"basis"`

	// Controls are the safeguards in place against the same threat
	// (questions answered yes).
	Controls []AnswerRef `json:"controls"`
	Sources  Sources     `json:"sources"`

	Citations []string `json:"citations"`
	// Required is true when any citation behind the risk is a required
	// specification.
	Required bool `json:"required"`
	// NotAssessed is true when the risk rests only on applicable questions
	// nobody has answered yet: it is rated as if they were answered no.
	NotAssessed bool   `json:"notAssessed,omitempty"`
	PlanItem    string `json:"planItem"` // "P-<vulnerability>"
}

// Sources are the inputs that raised a risk.
type Sources struct {
	Answers  []AnswerRef `json:"answers"`
	Findings []string    `json:"findings"`
	Vendors  []string    `json:"vendors,omitempty"` // vendors holding ePHI without a BAA
	// Unanswered lists the applicable questions, not yet answered, whose
	// "no" would raise the risk.
	Unanswered []string `json:"unanswered,omitempty"`
}

// PlanItem is one remediation item of the risk management plan. It covers the
// risks that share one vulnerability.
type PlanItem struct {
	ID              string   `json:"id"` // "P-<vulnerability>"
	VulnerabilityID string   `json:"vulnerabilityId"`
	Vulnerability   string   `json:"vulnerability"`
	Risks           []string `json:"risks"` // risk ids, register order

	Level    assessment.Level `json:"level"` // highest level of its risks
	Required bool             `json:"required"`
	// Priority: 1 (most urgent) to 4. See PriorityFor.
	Priority int      `json:"priority"`
	Actions  []string `json:"actions"`

	SuggestedOwner string `json:"suggestedOwner,omitempty"`
	SuggestedDue   string `json:"suggestedDue"` // YYYY-MM-DD
	// ResidualLevel is the level expected once the actions are done.
	ResidualLevel assessment.Level `json:"residualLevel"`

	// What the user recorded (Input.Tracking). Owner and Due are the recorded
	// values, else the suggestions; Status is todo until recorded.
	Owner     string                `json:"owner,omitempty"`
	Due       string                `json:"due"`
	Status    assessment.PlanStatus `json:"status"`
	Note      string                `json:"note,omitempty"`
	TrackedBy string                `json:"trackedBy,omitempty"`
	TrackedAt time.Time             `json:"trackedAt,omitzero"`
}

// Conflict is an answer that says a safeguard is in place while a probe
// finding shows it is not.
type Conflict struct {
	ID         string                 `json:"id"` // "C-<question>" or "C-vendor-<vendor>"
	QuestionID string                 `json:"questionId,omitempty"`
	Vendor     string                 `json:"vendor,omitempty"`
	Answer     assessment.AnswerValue `json:"answer,omitempty"`
	Findings   []string               `json:"findings"`
	Citations  []string               `json:"citations"`
	Detail     string                 `json:"detail"`
	Action     string                 `json:"action"`
}

// MissingBAA is a vendor that holds ePHI without a signed business associate
// agreement.
type MissingBAA struct {
	Vendor   string `json:"vendor"`
	Service  string `json:"service,omitempty"`
	RiskID   string `json:"riskId"`
	PlanItem string `json:"planItem"`
}

// ControlStatus is the state of one practice-side cloud safeguard.
type ControlStatus string

const (
	ControlMet         ControlStatus = "met"
	ControlNotMet      ControlStatus = "not_met"
	ControlNotAssessed ControlStatus = "not_assessed"
	ControlUnknown     ControlStatus = "unknown"
)

// ServiceResponsibility splits one cloud service's safeguards between what
// AWS operates and what the practice must configure.
type ServiceResponsibility struct {
	Service     string            `json:"service"` // "s3", "rds", ...
	Name        string            `json:"name"`
	AWSOperates []string          `json:"awsOperates"`
	Practice    []PracticeControl `json:"practice"`
}

// PracticeControl is one safeguard the practice configures, with its status
// and the evidence.
type PracticeControl struct {
	Control  string        `json:"control"`
	Status   ControlStatus `json:"status"`
	Answers  []AnswerRef   `json:"answers"`
	Findings []string      `json:"findings"`
}

// SafeHarbor says which stores of ePHI are encrypted at rest well enough
// that a lost copy counts as secured under HHS breach guidance.
type SafeHarbor struct {
	Stores       []EPHIStore `json:"stores"` // inventory first, then cloud, by name
	Total        int         `json:"total"`
	Encrypted    int         `json:"encrypted"`
	NotEncrypted []string    `json:"notEncrypted"` // store names answered no
	Unknown      []string    `json:"unknown"`      // store names not known
	Sentence     string      `json:"sentence"`
}

// Encrypted values of an EPHIStore.
const (
	StoreEncrypted    = "yes"
	StoreNotEncrypted = "no"
	StoreUnknown      = "unknown"
)

// EPHIStore is one place ePHI is kept.
type EPHIStore struct {
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`   // asset kind, or s3-bucket, rds-instance, rds-cluster, ebs-volume
	Source    string   `json:"source"` // "inventory" or "aws"
	Encrypted string   `json:"encrypted"`
	Basis     string   `json:"basis"`
	Findings  []string `json:"findings,omitempty"`
}

// Analyze derives the analysis from the inputs. It is pure and
// deterministic.
func Analyze(in Input) Analysis {
	return analyze(in)
}
