package assessment

import "time"

// AssessmentStatus is the state of an assessment: a draft can change, a
// final assessment is locked.
type AssessmentStatus string

const (
	Draft AssessmentStatus = "draft"
	Final AssessmentStatus = "final"
)

// Assessment is one practice's risk analysis at one point in time: who and
// what it covers, the practice profile, the bank version its answers were
// given against, and whether it is final.
type Assessment struct {
	ID          int64
	Practice    string
	Assessor    string
	Scope       string
	Profile     Profile
	BankVersion string
	Status      AssessmentStatus
	CreatedAt   time.Time
	UpdatedAt   time.Time
	FinalizedAt time.Time // zero while draft
	Digest      string    // hex SHA-256 recorded by Finalize ("" while draft)
	CopiedFrom  int64     // 0 unless created by CopyForward
	// RiskTolerance is the highest level of risk the practice accepts
	// without action; LevelUnset means the default (Low).
	RiskTolerance Level
}
