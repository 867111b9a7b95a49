package scoring

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// SchemaVersion is the version of the Analysis JSON shape. It is bumped when
// the shape changes incompatibly.
const SchemaVersion = 2

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

	// RiskTolerance is the highest level the practice treats as acceptable
	// (Input.RiskTolerance, Low when unset). The plan covers every risk
	// above it.
	RiskTolerance assessment.Level `json:"riskTolerance"`
	// Risks is the risk register, highest level first, then by id.
	Risks []Risk `json:"risks"`
	// Gaps are the governance gaps: standards of the security management
	// process not met. They have their own plan items and never change the
	// rating of a risk.
	Gaps []ComplianceGap `json:"gaps"`
	// Plan is the risk management plan, by priority, then by id.
	Plan []PlanItem `json:"plan"`
	// ThreatsWithoutRisk are the catalog's threats for which the assessment
	// found no weakness, so they raise no risk.
	ThreatsWithoutRisk []ThreatRef `json:"threatsWithoutRisk"`

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
	// ByPriority counts the plan items of each priority, 1 first.
	ByPriority    []int            `json:"byPriority"`
	Gaps          int              `json:"gaps"`
	RiskTolerance assessment.Level `json:"riskTolerance"`
	// AboveTolerance is the number of risks above the risk tolerance.
	AboveTolerance int `json:"aboveTolerance"`
	// FirstActions are the five plan items to do first.
	FirstActions []ActionBrief `json:"firstActions"`
	// Flagged is the number of plan items with a flag (overdue, acceptance
	// incomplete, done without evidence).
	Flagged    int    `json:"flagged"`
	SafeHarbor string `json:"safeHarbor"` // one sentence
	NextReview string `json:"nextReview"` // YYYY-MM-DD, one year after Input.Now
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
	Title         string           `json:"title"`
	Vulnerability string           `json:"vulnerability"` // the weaknesses, in words
	Likelihood    assessment.Level `json:"likelihood"`
	Impact        assessment.Level `json:"impact"`
	Level         assessment.Level `json:"level"`
	PlanItems     []string         `json:"planItems"`
}

// ActionBrief is a one-line view of a plan item.
type ActionBrief struct {
	ID       string                `json:"id"`
	Priority int                   `json:"priority"`
	Title    string                `json:"title"`
	Action   string                `json:"action"`
	Owner    string                `json:"owner"`
	Due      string                `json:"due"`
	Status   assessment.PlanStatus `json:"status"`
	Risks    []string              `json:"risks"`
	Gaps     []string              `json:"gaps,omitempty"`
}

// ThreatRef names a threat that raised no risk, and why.
type ThreatRef struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
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

// Risk is one threat scenario against the practice's ePHI: a threat, the
// stores it reaches and the weaknesses that make it possible, rated on the
// NIST SP 800-30 five-level scale with the reasons in words.
type Risk struct {
	// ID is "R-<threat>", or "R-<threat>-<scope>" when a loss or theft
	// threat is split into the stores that are encrypted and those that are
	// not.
	ID           string `json:"id"`
	ThreatID     string `json:"threatId"`
	Threat       string `json:"threat"`
	ThreatSource string `json:"threatSource,omitempty"`
	Description  string `json:"description,omitempty"`
	// Scope is "", "unencrypted" or "encrypted"; Title is the threat's name
	// with the scope in words.
	Scope string `json:"scope,omitempty"`
	Title string `json:"title"`

	// Reaches are the stores of ePHI (inventory, cloud, vendors) the threat
	// can reach.
	Reaches []StoreRef `json:"reaches"`
	// Weaknesses are the vulnerabilities present that make the threat
	// possible, strongest first.
	Weaknesses []Weakness `json:"weaknesses"`
	// Vulnerability names the weaknesses in one phrase.
	Vulnerability string `json:"vulnerability"`

	// BaseLikelihood and BaseImpact are the threat's base rate for a
	// practice of this profile (catalog default and profile modifiers).
	// DefaultLikelihood and DefaultImpact are what the analysis derived from
	// them; Likelihood and Impact are the effective values (the override
	// where one is set) from which Level is computed with Table I-2.
	BaseLikelihood    assessment.Level     `json:"baseLikelihood"`
	BaseImpact        assessment.Level     `json:"baseImpact"`
	DefaultLikelihood assessment.Level     `json:"defaultLikelihood"`
	DefaultImpact     assessment.Level     `json:"defaultImpact"`
	Likelihood        assessment.Level     `json:"likelihood"`
	Impact            assessment.Level     `json:"impact"`
	Level             assessment.Level     `json:"level"`
	Override          *assessment.Override `json:"override,omitempty"`
	// Basis says in plain sentences why the risk has its level: the base
	// rate, then what raised it, what lowered it, the impact and any
	// override with its reason.
	Basis   []string `json:"basis"`
	Raised  []string `json:"raised"`
	Lowered []string `json:"lowered"`

	// Controls are the safeguards in place against the threat: questions
	// answered yes and cloud checks that pass.
	Controls      []AnswerRef `json:"controls"`
	PassingChecks []string    `json:"passingChecks"`
	Sources       Sources     `json:"sources"`

	Citations []string `json:"citations"`
	// Required is true when any citation behind the risk is a required
	// specification.
	Required bool `json:"required"`
	// WithinTolerance is true when the level is at or below the practice's
	// risk tolerance.
	WithinTolerance bool `json:"withinTolerance"`
	// PlanItems are the ids of the plan items that reduce the risk.
	PlanItems []string `json:"planItems"`
	// NotAssessed is true when the risk rests only on applicable questions
	// nobody has answered yet: they are rated as if answered no.
	NotAssessed bool `json:"notAssessed,omitempty"`
}

// StoreRef is one store of ePHI a risk reaches.
type StoreRef struct {
	Name      string `json:"name"`
	Group     string `json:"group"`               // questionnaire.StoreGroups
	Encrypted string `json:"encrypted,omitempty"` // yes, no, unknown; "" for vendors
}

// Weakness is one vulnerability present, with the answers and findings that
// show it.
type Weakness struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Partial is true when the safeguard is partly in place: most answers
	// about it are yes or partial and no check failed.
	Partial  bool        `json:"partial"`
	Answers  []AnswerRef `json:"answers"`
	Findings []string    `json:"findings"`
	Vendors  []string    `json:"vendors,omitempty"`
	// Unanswered are applicable questions not yet answered whose "no"
	// would show it; they count as no until answered.
	Unanswered []string `json:"unanswered,omitempty"`
	// Summary says in words how the answers show it, e.g. "2 of 5 answers
	// are no or unknown".
	Summary string `json:"summary"`
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

// ComplianceGap is a governance gap: a standard of the security management
// process (risk analysis, policies, a security official, sanctions,
// evaluation ...) not met. It is remediated by its own plan item and is
// never a multiplier of a technical threat.
type ComplianceGap struct {
	ID              string      `json:"id"` // "G-<vulnerability>"
	VulnerabilityID string      `json:"vulnerabilityId"`
	Name            string      `json:"name"`
	Description     string      `json:"description,omitempty"`
	Partial         bool        `json:"partial"`
	Answers         []AnswerRef `json:"answers"`
	Findings        []string    `json:"findings"`
	Citations       []string    `json:"citations"`
	Required        bool        `json:"required"`
	PlanItems       []string    `json:"planItems"`
}

// PlanItem is one remediation item of the risk management plan: the actions
// that remove one weakness, with every risk and gap they reduce. No two
// items share an action.
type PlanItem struct {
	ID              string   `json:"id"` // "P-<vulnerability>", or "P-within-tolerance"
	VulnerabilityID string   `json:"vulnerabilityId,omitempty"`
	Vulnerability   string   `json:"vulnerability"` // the item's title: the weakness it removes
	Risks           []string `json:"risks"`         // risk ids, register order
	Gaps            []string `json:"gaps"`          // governance gap ids

	Level    assessment.Level `json:"level"` // highest level of its risks
	Required bool             `json:"required"`
	// Priority: 1 (most urgent) to 4. See PriorityFor.
	Priority int      `json:"priority"`
	Actions  []string `json:"actions"`

	SuggestedOwner string `json:"suggestedOwner,omitempty"`
	SuggestedDue   string `json:"suggestedDue"` // YYYY-MM-DD
	// ResidualLevel is the level expected once the actions are done, or,
	// for a done item, the level the practice assessed (ResidualAssessed).
	ResidualLevel    assessment.Level `json:"residualLevel"`
	ResidualAssessed bool             `json:"residualAssessed,omitempty"`

	// What the user recorded (Input.Tracking). Owner and Due are the recorded
	// values, else the suggestions; Status is todo until recorded.
	Owner     string                `json:"owner,omitempty"`
	Due       string                `json:"due"`
	Status    assessment.PlanStatus `json:"status"`
	Note      string                `json:"note,omitempty"`
	Reason    string                `json:"reason,omitempty"`    // why the risk is accepted
	Approver  string                `json:"approver,omitempty"`  // who approved the acceptance
	Review    string                `json:"review,omitempty"`    // when the acceptance is reviewed
	Completed string                `json:"completed,omitempty"` // when the item was done
	Evidence  string                `json:"evidence,omitempty"`  // what shows it is done
	TrackedBy string                `json:"trackedBy,omitempty"`
	TrackedAt time.Time             `json:"trackedAt,omitzero"`
	// Flags are problems with the item's tracking, in words: overdue, an
	// acceptance without reason, approver or review date, done without
	// evidence.
	Flags []string `json:"flags"`
}

// Conflict is an answer that says a safeguard is in place while a cloud
// check the question itself links to shows it is not.
type Conflict struct {
	ID         string                 `json:"id"` // "C-<question>" or "C-vendor-<vendor>"
	QuestionID string                 `json:"questionId,omitempty"`
	Question   string                 `json:"question,omitempty"` // the question's text
	Vendor     string                 `json:"vendor,omitempty"`
	Answer     assessment.AnswerValue `json:"answer,omitempty"`
	Checks     []string               `json:"checks"`    // the failing checks' ids
	Findings   []string               `json:"findings"`  // the failing findings' ids
	Resources  []string               `json:"resources"` // the resources they failed on
	Citations  []string               `json:"citations"`
	Detail     string                 `json:"detail"`
	// Action says what the practice should verify and do.
	Action string `json:"action"`
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
