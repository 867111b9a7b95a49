package probes

// What the collectors read per region about AWS Backup, IAM Access
// Analyzer, load balancers and AWS WAF, ACM certificates and Macie.

import "time"

type BackupPlan struct {
	ID   string `json:"id"`
	ARN  string `json:"arn"`
	Name string `json:"name"`
	// Rules are the plan's rules (backup:GetBackupPlan). Nil with a nil
	// RulesErr means they were not read: the snapshot predates the
	// cross-copy check, or came from a source that does not read them.
	Rules    []BackupRule `json:"rules"`
	RulesErr *APIError    `json:"rulesErr,omitempty"`
}

// BackupRule is one rule of a backup plan.
type BackupRule struct {
	Name        string `json:"name"`
	TargetVault string `json:"targetVault,omitempty"`
	// CopyTo are the ARNs of the vaults the rule copies each recovery point
	// to (its copy actions).
	CopyTo []string `json:"copyTo,omitempty"`
}

// BackupVault is one AWS Backup vault with its Vault Lock settings.
type BackupVault struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	Type string `json:"type,omitempty"` // BACKUP_VAULT, LOGICALLY_AIR_GAPPED_BACKUP_VAULT, ...
	// Locked: Vault Lock applies, so recovery points cannot be deleted or
	// changed before their retention ends.
	Locked bool `json:"locked"`
	// MinRetentionDays is the shortest retention the lock enforces (0: none).
	MinRetentionDays int64 `json:"minRetentionDays,omitempty"`
	// LockDate is when the lock becomes immutable (compliance mode); nil
	// for a lock that can be removed at any time (governance mode).
	LockDate       *time.Time `json:"lockDate,omitempty"`
	RecoveryPoints int64      `json:"recoveryPoints"`
}

// RestoreTestingPlan is one AWS Backup restore-testing plan.
type RestoreTestingPlan struct {
	Name          string     `json:"name"`
	ARN           string     `json:"arn"`
	Schedule      string     `json:"schedule,omitempty"`
	LastExecution *time.Time `json:"lastExecution,omitempty"`
}

// Analyzer is one IAM Access Analyzer analyzer.
type Analyzer struct {
	Name   string `json:"name"`
	ARN    string `json:"arn"`
	Type   string `json:"type"`   // ACCOUNT, ORGANIZATION (external access); *_UNUSED_ACCESS, *_INTERNAL_ACCESS
	Status string `json:"status"` // ACTIVE, CREATING, DISABLED, FAILED
	// Account is the account that owns the analyzer when that is not the
	// account probed: an organization's analyzer, shown only in its
	// owner's account, that covers a member account in an organization scan.
	Account string `json:"account,omitempty"`
}

// ExternalAccess reports whether the analyzer watches for resources shared
// outside its zone of trust and is working.
func (a Analyzer) ExternalAccess() bool {
	return (a.Type == "ACCOUNT" || a.Type == "ORGANIZATION") && a.Status == "ACTIVE"
}

// AccessFinding is one active external-access finding of IAM Access
// Analyzer: a resource that a principal outside the zone of trust can use.
type AccessFinding struct {
	ID           string `json:"id"`
	Resource     string `json:"resource"`
	ResourceType string `json:"resourceType"` // AWS::S3::Bucket, AWS::IAM::Role, ...
	// ResourceOwner is the account that owns the resource (an organization
	// analyzer reports on every member account's resources).
	ResourceOwner string `json:"resourceOwner,omitempty"`
	// Principals name who has access, "AWS: 444455556666" or "AWS: *".
	Principals []string `json:"principals,omitempty"`
	Public     bool     `json:"public,omitempty"`
	Actions    []string `json:"actions,omitempty"`
}

type ListenerAction struct {
	Type             string `json:"type"`                       // forward, redirect, fixed-response, ...
	RedirectProtocol string `json:"redirectProtocol,omitempty"` // HTTPS, #{protocol}
}

type Listener struct {
	ARN       string           `json:"arn"`
	Port      int32            `json:"port"`
	Protocol  string           `json:"protocol"` // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE
	SSLPolicy string           `json:"sslPolicy,omitempty"`
	Actions   []ListenerAction `json:"actions,omitempty"`
}

type LoadBalancer struct {
	ARN          string     `json:"arn"`
	Name         string     `json:"name"`
	Type         string     `json:"type"`   // application, network, gateway
	Scheme       string     `json:"scheme"` // internet-facing, internal
	Listeners    []Listener `json:"listeners"`
	ListenersErr *APIError  `json:"listenersErr,omitempty"`
	// AccessLogs is the access_logs.s3.enabled attribute of an application
	// or network load balancer (gateway load balancers have none). Nil with
	// a nil AttributesErr: the snapshot was written before the attributes
	// were read.
	AccessLogs       *bool     `json:"accessLogs,omitempty"`
	AccessLogsBucket string    `json:"accessLogsBucket,omitempty"`
	AttributesErr    *APIError `json:"attributesErr,omitempty"`
	// WAF is the AWS WAF protection of an internet-facing application load
	// balancer, the only kind the WAF checks judge. Nil with a nil WAFErr:
	// not read (another kind of load balancer, or an older snapshot).
	WAF    *WAFProtection `json:"waf,omitempty"`
	WAFErr *APIError      `json:"wafErr,omitempty"`
}

// WAFProtection is the AWS WAF web ACL in front of a load balancer and
// where that web ACL sends its request logs.
type WAFProtection struct {
	WebACLARN  string `json:"webAclArn,omitempty"` // "": no web ACL
	WebACLName string `json:"webAclName,omitempty"`
	// LogDestinations are the log destinations of the web ACL's logging
	// configuration; empty when it has none.
	LogDestinations []string  `json:"logDestinations,omitempty"`
	LoggingErr      *APIError `json:"loggingErr,omitempty"`
}

type Certificate struct {
	ARN         string     `json:"arn"`
	Domain      string     `json:"domain"`
	Status      string     `json:"status"` // ISSUED, EXPIRED, ...
	NotAfter    *time.Time `json:"notAfter,omitempty"`
	InUseBy     []string   `json:"inUseBy,omitempty"`
	DescribeErr *APIError  `json:"describeErr,omitempty"`
}

// MacieNotEnabled is the status of a region where Amazon Macie has never
// been enabled (or was disabled): GetMacieSession has no session to show.
const MacieNotEnabled = "NOT_ENABLED"

// MacieSession is the state of Amazon Macie in one region.
type MacieSession struct {
	// Status is ENABLED or PAUSED as Macie reports it, or MacieNotEnabled.
	Status string `json:"status"`
	// ClassificationJobs counts the sensitive data discovery jobs of an
	// enabled account; nil when they were not listed.
	ClassificationJobs *int      `json:"classificationJobs,omitempty"`
	JobsErr            *APIError `json:"jobsErr,omitempty"`
}
