package assessment

import "time"

// Status is the outcome of one check on one resource.
type Status string

const (
	Pass Status = "pass"
	Fail Status = "fail"
	// Error: the probe could not read what it needed for a reason other than
	// permissions (network, service error). Never a pass.
	Error Status = "error"
	// NotAssessed: the probe was denied (AccessDenied and friends) or the
	// service is unavailable in that region. ErrorCode says which.
	NotAssessed Status = "not_assessed"
)

// Severity ranks a failed check for the pipeline gate and the report.
type Severity string

const (
	Critical Severity = "critical"
	HighSev  Severity = "high"
	Medium   Severity = "medium"
	LowSev   Severity = "low"
	Info     Severity = "info"
)

// Suppression is a recorded decision to accept a failed finding for a time.
type Suppression struct {
	CheckID  string    `json:"checkId" yaml:"check"`
	Resource string    `json:"resource" yaml:"resource"` // glob pattern; "" or "*" matches all
	Reason   string    `json:"reason" yaml:"reason"`
	Expires  time.Time `json:"expires" yaml:"expires"` // zero: never
}

// Finding is one check evaluated on one resource.
type Finding struct {
	// ID is stable: checkID|region|resource. It is unique across the
	// accounts of an organization too: every resource is the account id or
	// an ARN that names the account, except S3 buckets, whose names AWS
	// keeps unique across all accounts.
	ID          string       `json:"id"`
	AccountID   string       `json:"accountId,omitempty"` // the AWS account the finding is about
	CheckID     string       `json:"checkId"`
	Title       string       `json:"title"`
	Status      Status       `json:"status"`
	Severity    Severity     `json:"severity"`
	Resource    string       `json:"resource"` // ARN or id
	Region      string       `json:"region"`   // "global" for global services
	Reason      string       `json:"reason"`   // one line with the observed values
	ErrorCode   string       `json:"errorCode,omitempty"`
	Citations   []string     `json:"citations"` // "164.312(a)(2)(iv)"
	Questions   []string     `json:"questions,omitempty"`
	Remediation string       `json:"remediation"`
	Suppressed  *Suppression `json:"suppressed,omitempty"`
	// Address is the Terraform address of the resource (e.g.
	// module.db.aws_db_instance.main) when the finding judges a deployment
	// plan rather than a live account.
	Address string `json:"address,omitempty"`
}
