// Package fakeaws is an in-process fake of the AWS endpoints that the probes
// read. It speaks each service's wire protocol (REST-XML for S3 and S3
// Control, the query protocols for IAM, STS, EC2, RDS and ELBv2, JSON 1.1 and
// REST-JSON for the others) well enough for the SDK clients to talk to it,
// checks that requests carry a SigV4 Authorization header, returns AWS error
// codes, paginates lists, and records every call it receives.
//
// Tests describe the account as a Go value (Account), inject errors per
// operation and region (Fault), and may add latency to every call.
package fakeaws

import "time"

// Account is the state the fake serves.
type Account struct {
	ID        string
	Partition string // "aws" when empty
	CallerARN string
	// Regions are the enabled regions returned by ec2:DescribeRegions.
	Regions []string

	PasswordPolicy *PasswordPolicy // nil: NoSuchEntity
	AccountSummary map[string]int32
	// CredentialReport is the CSV text of the IAM credential report.
	CredentialReport string
	// ReportDelay is how many GetCredentialReport calls answer
	// ReportInProgress after the report was requested.
	ReportDelay    int
	ReportTime     time.Time
	Users          []User
	Groups         []Group
	Policies       []ManagedPolicy
	AccountPAB     *PublicAccessBlock // nil: NoSuchPublicAccessBlockConfiguration
	Buckets        []Bucket
	Trails         []Trail
	Agreements     []Agreement
	RegionalStates map[string]*Region
	// Members are the other accounts of the organization this account
	// manages: organizations:ListAccounts lists them, and sts:AssumeRole
	// into a role of theirs gives credentials that the fake answers with
	// their state.
	Members []*Account
	// RoleDenied makes sts:AssumeRole into this (member) account fail
	// with AccessDenied, as when the role is missing or does not trust the
	// caller.
	RoleDenied bool
	// Name is the account's name in the organization.
	Name string

	reportAsked bool
	reportPolls int

	// IgnoreOwnerFilter makes DescribeSnapshots answer every snapshot,
	// other owners' public ones included, whatever owner was asked for.
	IgnoreOwnerFilter bool
}

type PasswordPolicy struct {
	MinimumLength      int32
	RequireUppercase   bool
	RequireLowercase   bool
	RequireNumbers     bool
	RequireSymbols     bool
	ReusePrevention    int32
	MaxAge             int32
	AllowUsersToChange bool
	HardExpiry         bool
}

type User struct {
	Name             string
	Groups           []string
	AttachedPolicies []string // policy ARNs
	InlinePolicies   map[string]string
}

type Group struct {
	Name             string
	AttachedPolicies []string
	InlinePolicies   map[string]string
}

// ManagedPolicy is a managed policy; Attached says whether ListPolicies with
// OnlyAttached returns it.
type ManagedPolicy struct {
	Name     string
	ARN      string
	Version  string // default version id, "v1" when empty
	Document string
	Attached bool
}

type PublicAccessBlock struct {
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

type Grant struct {
	Type       string // CanonicalUser, AmazonCustomerByEmail, Group
	Grantee    string // id, email or URI
	Permission string
}

type Encryption struct {
	Algorithm string
	KMSKeyID  string
	BucketKey bool
}

type Logging struct {
	TargetBucket string
	TargetPrefix string
}

type ObjectLock struct {
	Mode  string
	Days  int32
	Years int32
}

type LifecycleRule struct {
	ID             string
	Status         string
	Prefix         string
	ExpirationDays int32
}

// Bucket is one S3 bucket. Region "" is us-east-1 (GetBucketLocation answers
// an empty constraint); "EU" is the legacy name of eu-west-1.
type Bucket struct {
	Name              string
	Region            string
	Created           time.Time
	PublicAccessBlock *PublicAccessBlock
	ACL               []Grant
	Policy            string
	PolicyPublic      bool
	Encryption        *Encryption
	Versioning        string
	MFADelete         string
	Logging           *Logging
	ObjectLock        *ObjectLock // nil: ObjectLockConfigurationNotFoundError
	Lifecycle         []LifecycleRule
	// Gone makes every call about the bucket except ListBuckets answer
	// NoSuchBucket, as when it is deleted during a scan.
	Gone bool
	// Unlisted leaves BucketRegion out of ListBuckets, as emulators and
	// AWS before 2024 do, so that GetBucketLocation has to be asked.
	Unlisted bool
}

type EventSelector struct {
	ReadWriteType     string
	IncludeManagement bool
	DataType          string
	DataValues        []string
}

type FieldSelector struct {
	Field  string
	Equals []string
}

type AdvancedSelector struct {
	Name   string
	Fields []FieldSelector
}

// Trail is a CloudTrail trail. DescribeTrails in its home region returns it;
// with includeShadowTrails, other regions return multi-region and
// organization trails too. GetTrailStatus and GetEventSelectors answer only
// in the home region.
type Trail struct {
	Name              string
	HomeRegion        string
	MultiRegion       bool
	Organization      bool
	LogFileValidation bool
	KMSKeyID          string
	S3Bucket          string
	LogGroupARN       string
	Logging           bool
	LatestDelivery    time.Time
	LatestCWDelivery  time.Time
	CWDeliveryError   string
	EventSelectors    []EventSelector
	AdvancedSelectors []AdvancedSelector
}

// Agreement is an AWS Artifact customer agreement.
type Agreement struct {
	Name            string
	ARN             string
	ID              string
	AgreementARN    string
	OrganizationARN string
	Type            string
	State           string
	Description     string
	EffectiveStart  time.Time
	EffectiveEnd    time.Time
}

// Region holds what the regional services report in one region.
type Region struct {
	Detectors            []Detector
	SecurityHubARN       string // "": not enabled (InvalidAccessException)
	Recorders            []Recorder
	EBSDefaultEncryption bool
	Volumes              []Volume
	Snapshots            []Snapshot
	SecurityGroups       []SecurityGroup
	VPCs                 []VPC
	NetworkInterfaces    []NetworkInterface
	FlowLogs             []FlowLog
	DBInstances          []DBInstance
	DBClusters           []DBCluster
	DBSnapshots          []DBSnapshot
	KMSKeys              []KMSKey
	LogGroups            []LogGroup
	BackupPlans          []BackupPlan
	BackupVaults         []BackupVault
	RestoreTestingPlans  []RestoreTestingPlan
	Analyzers            []Analyzer
	LoadBalancers        []LoadBalancer
	// WebACLs are the region's AWS WAF web ACLs; load balancers name theirs.
	WebACLs      []WebACL
	Certificates []Certificate
	// MacieStatus is ENABLED or PAUSED; "" is a region where Macie was
	// never enabled (GetMacieSession answers AccessDeniedException).
	MacieStatus  string
	MacieJobs    []string // classification job names
	Instances    []Instance
	ManagedNodes []ManagedNode
	Inspector    *Inspector // nil: never activated (every kind of resource DISABLED)
}

// Instance is an EC2 instance; Owner "" means the account itself.
type Instance struct {
	ID           string
	State        string // running when empty
	HTTPTokens   string // required, optional
	HTTPEndpoint string // enabled when empty
	RootVolumeID string
	Name         string
	Windows      bool
	Owner        string
}

// ManagedNode is a node Systems Manager manages (an EC2 instance i-..., or
// an on-premises server mi-...). Patch nil: Patch Manager has reported no
// patch state for it.
type ManagedNode struct {
	ID         string
	PingStatus string // Online when empty
	Patch      *PatchState
}

type PatchState struct {
	Missing, Failed, Installed, PendingReboot, Rejected, Critical, Security int32
	Operation                                                               string // Scan when empty
	End                                                                     time.Time
}

// Inspector is Amazon Inspector in one region: the scan state of each kind
// of resource (ENABLED, DISABLED, ...) and its findings.
type Inspector struct {
	EC2, ECR, Lambda string
	Findings         []InspectorFinding
}

// InspectorFinding is one finding; Account "" is the account itself.
type InspectorFinding struct {
	ID       string
	Severity string // CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED
	Status   string // ACTIVE, SUPPRESSED, CLOSED
	Account  string
}

type Detector struct {
	ID       string
	Status   string
	Findings []GuardDutyFinding
}

type GuardDutyFinding struct {
	ID       string
	Severity float64
	Archived bool
}

type Recorder struct {
	Name          string
	AllSupported  bool
	IncludeGlobal bool
	Recording     bool
	LastStatus    string
}

type Volume struct {
	ID        string
	State     string
	Encrypted bool
	KMSKeyID  string
}

// Snapshot is an EBS snapshot; Owner "" means the account itself.
type Snapshot struct {
	ID        string
	VolumeID  string
	Encrypted bool
	Public    bool
	Owner     string
}

type Rule struct {
	Protocol string
	FromPort int32
	ToPort   int32
	CIDRs    []string
	IPv6     []string
}

type SecurityGroup struct {
	ID      string
	Name    string
	VPCID   string
	Ingress []Rule
}

type VPC struct {
	ID        string
	IsDefault bool
}

type NetworkInterface struct {
	ID    string
	VPCID string
}

type FlowLog struct {
	ID         string
	ResourceID string
	Status     string
}

type DBInstance struct {
	ID                 string
	Engine             string
	ClusterID          string
	StorageEncrypted   bool
	PubliclyAccessible bool
	BackupRetention    int32
	MultiAZ            bool
}

type DBCluster struct {
	ID               string
	Engine           string
	StorageEncrypted bool
	BackupRetention  int32
	MultiAZ          bool
}

// DBSnapshot is an RDS snapshot; Type is "manual" or "automated".
type DBSnapshot struct {
	ID        string
	Cluster   bool
	Type      string
	Encrypted bool
	Public    bool
	Owner     string // another account's id for a snapshot shared with this one; "" is the account's own
}

type KMSKey struct {
	ID       string
	Manager  string
	State    string
	Spec     string
	Usage    string
	Origin   string
	Rotation bool
}

type LogGroup struct {
	Name          string
	RetentionDays int32
}

type BackupPlan struct {
	ID    string
	Name  string
	Rules []BackupRule
}

type BackupRule struct {
	Name        string
	TargetVault string
	CopyTo      []string // destination vault ARNs
}

// BackupVault is a vault; a lock with a LockDate is in compliance mode.
type BackupVault struct {
	Name             string
	Type             string // "": BACKUP_VAULT
	Locked           bool
	MinRetentionDays int64
	LockDate         time.Time
	RecoveryPoints   int64
}

type RestoreTestingPlan struct {
	Name     string
	Schedule string
}

// Analyzer is an IAM Access Analyzer analyzer with its findings.
type Analyzer struct {
	Name     string
	Type     string // ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ...
	Status   string // "": ACTIVE
	Findings []AccessFinding
}

type AccessFinding struct {
	ID           string
	Resource     string
	ResourceType string
	Owner        string // "": the account
	Principal    map[string]string
	Actions      []string
	Public       bool
	Status       string // "": ACTIVE; ARCHIVED, RESOLVED
}

type ListenerAction struct {
	Type             string
	RedirectProtocol string
}

type Listener struct {
	Port      int32
	Protocol  string
	SSLPolicy string
	Actions   []ListenerAction
}

type LoadBalancer struct {
	Name      string
	Type      string
	Scheme    string
	Listeners []Listener
	// AccessLogsBucket turns access logs on, to that bucket.
	AccessLogsBucket string
	// WebACL names the web ACL of the region associated with it.
	WebACL string
}

// WebACL is an AWS WAF web ACL; without LogDestinations it has no logging
// configuration.
type WebACL struct {
	Name            string
	LogDestinations []string
}

type Certificate struct {
	ID       string
	Domain   string
	Status   string
	NotAfter time.Time
	InUseBy  []string
	KeyType  string // RSA_2048 when empty
}

// Fault makes calls fail. Operation is "service:Action" with the service's
// signing name ("s3:GetBucketEncryption", "ec2:DescribeVolumes"; S3 Control is
// "s3control"). Region "" matches every region. Times 0 fails every matching
// call; n > 0 fails the first n. A Fault with a Body answers with that body
// verbatim (Status, default 200, and ContentType) instead of an AWS error, to
// play an emulator or proxy that answers in its own way. Reset closes the
// connection without any answer.
type Fault struct {
	Operation   string
	Region      string
	Code        string
	Status      int
	Message     string
	Times       int
	Body        string
	ContentType string
	Reset       bool
}
