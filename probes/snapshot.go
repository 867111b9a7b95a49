package probes

import "time"

// SnapshotSchemaVersion is bumped when the snapshot's JSON shape changes
// incompatibly.
const SnapshotSchemaVersion = 1

// APIError records why a piece of the snapshot could not be collected. A nil
// *APIError beside a field means the field was read successfully (an absent
// configuration, such as NoSuchBucketPolicy, is a successful read of "none").
type APIError struct {
	Operation string `json:"operation"` // "s3:GetBucketEncryption"
	// Code is the AWS error code, or one of the probes' own: "RequestTimeout",
	// "NetworkError", "HTTP404" (an answer without an AWS code, by status),
	// "EmptyResponse", "InvalidResponse", "InvalidReport", "InvalidDocument",
	// "TooManyPages", "NoRegions", "NotReadOnly", "ClientError".
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
}

// Snapshot is everything the collectors read from one account. It serialises
// to JSON and can be evaluated again later without AWS.
type Snapshot struct {
	SchemaVersion int       `json:"schemaVersion"`
	Provider      string    `json:"provider"` // "aws"
	AccountID     string    `json:"accountId"`
	Partition     string    `json:"partition"` // "aws"
	CallerARN     string    `json:"callerArn"`
	StartedAt     time.Time `json:"startedAt"`
	FinishedAt    time.Time `json:"finishedAt"`
	ToolVersion   string    `json:"toolVersion"`
	Regions       []string  `json:"regions"` // regions scanned, sorted
	RegionsErr    *APIError `json:"regionsErr,omitempty"`
	// AccessErr says why the account could not be read at all (in an
	// organization scan: the role could not be assumed). Nothing else in
	// the snapshot is then meaningful.
	AccessErr *APIError `json:"accessErr,omitempty"`

	S3         S3Data         `json:"s3"`
	IAM        IAMData        `json:"iam"`
	CloudTrail CloudTrailData `json:"cloudtrail"`
	Artifact   ArtifactData   `json:"artifact"`
	Regional   []RegionData   `json:"regional"` // one per scanned region, sorted by region
}

// PublicAccessBlock is an S3 public access block configuration.
// Configured is false when none exists (all four flags then count as false).
type PublicAccessBlock struct {
	Configured            bool `json:"configured"`
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
}

type S3Data struct {
	AccountPublicAccessBlock    *PublicAccessBlock `json:"accountPublicAccessBlock,omitempty"`
	AccountPublicAccessBlockErr *APIError          `json:"accountPublicAccessBlockErr,omitempty"`
	Buckets                     []Bucket           `json:"buckets"`
	ListErr                     *APIError          `json:"listErr,omitempty"`
}

// Grant is one ACL grant. Grantee is a canonical id, an email, or a group URI
// such as http://acs.amazonaws.com/groups/global/AllUsers.
type Grant struct {
	GranteeType string `json:"granteeType"` // CanonicalUser, AmazonCustomerByEmail, Group
	Grantee     string `json:"grantee"`
	Permission  string `json:"permission"`
}

type BucketEncryption struct {
	Configured       bool   `json:"configured"`
	Algorithm        string `json:"algorithm,omitempty"` // AES256, aws:kms, aws:kms:dsse
	KMSKeyID         string `json:"kmsKeyId,omitempty"`
	BucketKeyEnabled bool   `json:"bucketKeyEnabled,omitempty"`
}

type BucketLogging struct {
	Enabled      bool   `json:"enabled"`
	TargetBucket string `json:"targetBucket,omitempty"`
	TargetPrefix string `json:"targetPrefix,omitempty"`
}

type ObjectLock struct {
	Enabled bool   `json:"enabled"`
	Mode    string `json:"mode,omitempty"` // GOVERNANCE, COMPLIANCE
	Days    int32  `json:"days,omitempty"`
	Years   int32  `json:"years,omitempty"`
}

type LifecycleRule struct {
	ID             string `json:"id,omitempty"`
	Status         string `json:"status"` // Enabled, Disabled
	Prefix         string `json:"prefix,omitempty"`
	ExpirationDays int32  `json:"expirationDays,omitempty"` // 0: no expiration
}

// Bucket is one S3 bucket. Each *Err field says why the field beside it is
// missing; fields are only meaningful when their error is nil.
type Bucket struct {
	Name                 string             `json:"name"`
	ARN                  string             `json:"arn"`
	Region               string             `json:"region"`
	RegionErr            *APIError          `json:"regionErr,omitempty"`
	CreationDate         time.Time          `json:"creationDate,omitempty"`
	PublicAccessBlock    *PublicAccessBlock `json:"publicAccessBlock,omitempty"`
	PublicAccessBlockErr *APIError          `json:"publicAccessBlockErr,omitempty"`
	ACLGrants            []Grant            `json:"aclGrants,omitempty"`
	ACLErr               *APIError          `json:"aclErr,omitempty"`
	Policy               string             `json:"policy,omitempty"` // raw JSON; "" when there is none
	PolicyErr            *APIError          `json:"policyErr,omitempty"`
	PolicyIsPublic       *bool              `json:"policyIsPublic,omitempty"` // GetBucketPolicyStatus
	PolicyStatusErr      *APIError          `json:"policyStatusErr,omitempty"`
	Encryption           *BucketEncryption  `json:"encryption,omitempty"`
	EncryptionErr        *APIError          `json:"encryptionErr,omitempty"`
	Versioning           string             `json:"versioning,omitempty"` // Enabled, Suspended, "" (never enabled)
	MFADelete            string             `json:"mfaDelete,omitempty"`
	VersioningErr        *APIError          `json:"versioningErr,omitempty"`
	Logging              *BucketLogging     `json:"logging,omitempty"`
	LoggingErr           *APIError          `json:"loggingErr,omitempty"`
	ObjectLock           *ObjectLock        `json:"objectLock,omitempty"`
	ObjectLockErr        *APIError          `json:"objectLockErr,omitempty"`
	Lifecycle            []LifecycleRule    `json:"lifecycle,omitempty"`
	LifecycleErr         *APIError          `json:"lifecycleErr,omitempty"`
}

// PasswordPolicy is the IAM account password policy. A nil policy with a nil
// error means NoSuchEntity: the AWS default applies.
type PasswordPolicy struct {
	MinimumLength              int32 `json:"minimumLength"`
	RequireUppercase           bool  `json:"requireUppercase"`
	RequireLowercase           bool  `json:"requireLowercase"`
	RequireNumbers             bool  `json:"requireNumbers"`
	RequireSymbols             bool  `json:"requireSymbols"`
	PasswordReusePrevention    int32 `json:"passwordReusePrevention"`
	MaxPasswordAge             int32 `json:"maxPasswordAge"`
	AllowUsersToChangePassword bool  `json:"allowUsersToChangePassword"`
	HardExpiry                 bool  `json:"hardExpiry"`
}

// CredentialRow is one row of the IAM credential report. The root account's
// row has User "<root_account>". Times are nil where the report says N/A or
// no_information.
type CredentialRow struct {
	User                string     `json:"user"`
	ARN                 string     `json:"arn"`
	UserCreation        *time.Time `json:"userCreation,omitempty"`
	PasswordEnabled     bool       `json:"passwordEnabled"`
	PasswordLastUsed    *time.Time `json:"passwordLastUsed,omitempty"`
	PasswordLastChanged *time.Time `json:"passwordLastChanged,omitempty"`
	MFAActive           bool       `json:"mfaActive"`
	AccessKey1Active    bool       `json:"accessKey1Active"`
	AccessKey1Rotated   *time.Time `json:"accessKey1Rotated,omitempty"`
	AccessKey1LastUsed  *time.Time `json:"accessKey1LastUsed,omitempty"`
	AccessKey2Active    bool       `json:"accessKey2Active"`
	AccessKey2Rotated   *time.Time `json:"accessKey2Rotated,omitempty"`
	AccessKey2LastUsed  *time.Time `json:"accessKey2LastUsed,omitempty"`
}

type CredentialReport struct {
	GeneratedAt time.Time       `json:"generatedAt"`
	Rows        []CredentialRow `json:"rows"`
}

// PolicyDocument is a named IAM policy document (raw JSON, URL-decoded).
type PolicyDocument struct {
	Name     string `json:"name"`
	ARN      string `json:"arn,omitempty"` // managed policies
	Document string `json:"document"`
}

// IAMPrincipal is a user or group with the policies that apply to it directly.
type IAMPrincipal struct {
	Name             string           `json:"name"`
	ARN              string           `json:"arn"`
	Groups           []string         `json:"groups,omitempty"`           // users: group names
	AttachedPolicies []string         `json:"attachedPolicies,omitempty"` // managed policy ARNs
	InlinePolicies   []PolicyDocument `json:"inlinePolicies,omitempty"`
	Err              *APIError        `json:"err,omitempty"`
}

type IAMData struct {
	PasswordPolicy      *PasswordPolicy   `json:"passwordPolicy,omitempty"`
	PasswordPolicyErr   *APIError         `json:"passwordPolicyErr,omitempty"`
	AccountSummary      map[string]int32  `json:"accountSummary,omitempty"` // AccountMFAEnabled, AccountAccessKeysPresent, ...
	AccountSummaryErr   *APIError         `json:"accountSummaryErr,omitempty"`
	CredentialReport    *CredentialReport `json:"credentialReport,omitempty"`
	CredentialReportErr *APIError         `json:"credentialReportErr,omitempty"`
	Users               []IAMPrincipal    `json:"users"`
	UsersErr            *APIError         `json:"usersErr,omitempty"`
	Groups              []IAMPrincipal    `json:"groups"`
	GroupsErr           *APIError         `json:"groupsErr,omitempty"`
	// ManagedPolicies holds the default version of every managed policy that
	// is attached to a user or group.
	ManagedPolicies    []PolicyDocument `json:"managedPolicies"`
	ManagedPoliciesErr *APIError        `json:"managedPoliciesErr,omitempty"`
}

type EventSelector struct {
	ReadWriteType           string         `json:"readWriteType"` // All, ReadOnly, WriteOnly
	IncludeManagementEvents bool           `json:"includeManagementEvents"`
	DataResources           []DataResource `json:"dataResources,omitempty"`
}

type DataResource struct {
	Type   string   `json:"type"` // AWS::S3::Object
	Values []string `json:"values"`
}

type FieldSelector struct {
	Field         string   `json:"field"`
	Equals        []string `json:"equals,omitempty"`
	NotEquals     []string `json:"notEquals,omitempty"`
	StartsWith    []string `json:"startsWith,omitempty"`
	NotStartsWith []string `json:"notStartsWith,omitempty"`
	EndsWith      []string `json:"endsWith,omitempty"`
	NotEndsWith   []string `json:"notEndsWith,omitempty"`
}

type AdvancedEventSelector struct {
	Name           string          `json:"name,omitempty"`
	FieldSelectors []FieldSelector `json:"fieldSelectors"`
}

type TrailStatus struct {
	IsLogging                         bool       `json:"isLogging"`
	LatestDeliveryTime                *time.Time `json:"latestDeliveryTime,omitempty"`
	LatestCloudWatchLogsDelivery      *time.Time `json:"latestCloudWatchLogsDelivery,omitempty"`
	LatestCloudWatchLogsDeliveryError string     `json:"latestCloudWatchLogsDeliveryError,omitempty"`
}

type Trail struct {
	Name                   string                  `json:"name"`
	ARN                    string                  `json:"arn"`
	HomeRegion             string                  `json:"homeRegion"`
	IsMultiRegion          bool                    `json:"isMultiRegion"`
	IsOrganization         bool                    `json:"isOrganization"`
	LogFileValidation      bool                    `json:"logFileValidation"`
	KMSKeyID               string                  `json:"kmsKeyId,omitempty"`
	S3BucketName           string                  `json:"s3BucketName,omitempty"`
	CloudWatchLogsGroupARN string                  `json:"cloudWatchLogsGroupArn,omitempty"`
	Status                 *TrailStatus            `json:"status,omitempty"`
	StatusErr              *APIError               `json:"statusErr,omitempty"`
	EventSelectors         []EventSelector         `json:"eventSelectors,omitempty"`
	AdvancedEventSelectors []AdvancedEventSelector `json:"advancedEventSelectors,omitempty"`
	SelectorsErr           *APIError               `json:"selectorsErr,omitempty"`
}

// RegionalError is an error that concerns one region of a service.
type RegionalError struct {
	Region string   `json:"region"`
	Err    APIError `json:"err"`
}

// CloudTrailData holds every trail seen from any scanned region, once each
// (deduplicated by ARN; shadow copies of multi-region trails folded in).
type CloudTrailData struct {
	Trails []Trail         `json:"trails"`
	Errs   []RegionalError `json:"errs,omitempty"` // DescribeTrails failures by region
}

// Agreement is one AWS Artifact customer agreement.
type Agreement struct {
	Name            string    `json:"name"`
	ARN             string    `json:"arn,omitempty"`
	AgreementARN    string    `json:"agreementArn,omitempty"`
	Type            string    `json:"type"`  // CUSTOM, DEFAULT, MODIFIED
	State           string    `json:"state"` // ACTIVE, CUSTOMER_TERMINATED, AWS_TERMINATED
	OrganizationARN string    `json:"organizationArn,omitempty"`
	EffectiveStart  time.Time `json:"effectiveStart,omitempty"`
	EffectiveEnd    time.Time `json:"effectiveEnd,omitempty"`
	Description     string    `json:"description,omitempty"`
}

type ArtifactData struct {
	Agreements []Agreement `json:"agreements"`
	Err        *APIError   `json:"err,omitempty"`
}

type Detector struct {
	ID           string    `json:"id"`
	Status       string    `json:"status"`       // ENABLED, DISABLED
	HighFindings int       `json:"highFindings"` // severity >= 7, not archived
	FindingsErr  *APIError `json:"findingsErr,omitempty"`
	Err          *APIError `json:"err,omitempty"` // GetDetector
}

type ConfigRecorder struct {
	Name          string `json:"name"`
	AllSupported  bool   `json:"allSupported"`
	IncludeGlobal bool   `json:"includeGlobal"`
	Recording     bool   `json:"recording"`
	LastStatus    string `json:"lastStatus,omitempty"` // Pending, Success, Failure
}

type Volume struct {
	ID        string `json:"id"`
	State     string `json:"state"`
	Encrypted bool   `json:"encrypted"`
	KMSKeyID  string `json:"kmsKeyId,omitempty"`
	ARN       string `json:"arn,omitempty"` // "": built from the region, account and id
}

type EBSSnapshot struct {
	ID        string    `json:"id"`
	VolumeID  string    `json:"volumeId,omitempty"`
	Encrypted bool      `json:"encrypted"`
	Public    bool      `json:"public"` // createVolumePermission has Group "all"
	PublicErr *APIError `json:"publicErr,omitempty"`
}

type IPRule struct {
	Protocol string   `json:"protocol"` // "-1" all, "tcp", "udp", "icmp", or a number
	FromPort int32    `json:"fromPort"`
	ToPort   int32    `json:"toPort"`
	CIDRs    []string `json:"cidrs,omitempty"`
	IPv6     []string `json:"ipv6,omitempty"`
}

type SecurityGroup struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	VPCID   string   `json:"vpcId,omitempty"`
	Ingress []IPRule `json:"ingress,omitempty"`
	ARN     string   `json:"arn,omitempty"` // "": built from the region, account and id
}

type VPC struct {
	ID        string `json:"id"`
	IsDefault bool   `json:"isDefault"`
	// InUse: at least one network interface is attached in the VPC.
	InUse    bool      `json:"inUse"`
	InUseErr *APIError `json:"inUseErr,omitempty"`
	ARN      string    `json:"arn,omitempty"` // "": built from the region, account and id
}

// Instance is one EC2 instance with the settings the checks judge.
type Instance struct {
	ID    string `json:"id"`
	ARN   string `json:"arn,omitempty"` // "": built from the region, account and id
	State string `json:"state"`         // pending, running, stopped, ...
	// MetadataHTTPTokens is "required" when the instance metadata service
	// answers only requests with an IMDSv2 session token, "optional" when it
	// also answers IMDSv1 requests.
	MetadataHTTPTokens string `json:"metadataHttpTokens"`
	// MetadataHTTPEndpoint is "disabled" when the metadata service is off.
	MetadataHTTPEndpoint string `json:"metadataHttpEndpoint,omitempty"`
	RootVolumeID         string `json:"rootVolumeId,omitempty"`
	RootVolumeEncrypted  *bool  `json:"rootVolumeEncrypted,omitempty"`
	Name                 string `json:"name,omitempty"`     // the Name tag
	Platform             string `json:"platform,omitempty"` // "Linux/UNIX", "Windows", ...
}

// ManagedInstance is a node that Systems Manager manages in the region, as
// ssm:DescribeInstanceInformation lists it, with its patch state.
type ManagedInstance struct {
	ID         string `json:"id"`
	PingStatus string `json:"pingStatus,omitempty"` // Online, ConnectionLost, Inactive
	// Patch is the result of the node's last Patch Manager scan or
	// install; nil when none has been reported, or when PatchErr says why it
	// could not be read.
	Patch    *PatchState `json:"patch,omitempty"`
	PatchErr *APIError   `json:"patchErr,omitempty"`
}

// PatchState counts a managed node's patches after its last Patch Manager
// operation.
type PatchState struct {
	Missing                int        `json:"missing"`
	Failed                 int        `json:"failed"`
	InstalledPendingReboot int        `json:"installedPendingReboot"`
	InstalledRejected      int        `json:"installedRejected,omitempty"`
	CriticalNonCompliant   int        `json:"criticalNonCompliant,omitempty"`
	SecurityNonCompliant   int        `json:"securityNonCompliant,omitempty"`
	Installed              int        `json:"installed"`
	Operation              string     `json:"operation,omitempty"` // Scan, Install
	OperationEnd           *time.Time `json:"operationEnd,omitempty"`
}

// InspectorStatus is Amazon Inspector's state for the account in one
// region: whether it scans each kind of resource (ENABLED, ENABLING,
// DISABLED, SUSPENDED, ...), and its open findings of the two top
// severities.
type InspectorStatus struct {
	Status string `json:"status"`
	EC2    string `json:"ec2"`
	ECR    string `json:"ecr"`
	Lambda string `json:"lambda"`
	// FindingsRead is true when the findings were listed; they are listed
	// only when Inspector scans at least one kind of resource.
	FindingsRead bool      `json:"findingsRead,omitempty"`
	Critical     int       `json:"critical"`
	High         int       `json:"high"`
	FindingsErr  *APIError `json:"findingsErr,omitempty"`
}

type FlowLog struct {
	ID         string `json:"id"`
	ResourceID string `json:"resourceId"`
	Status     string `json:"status"` // ACTIVE
}

type DBInstance struct {
	ID                 string `json:"id"`
	ARN                string `json:"arn"`
	Engine             string `json:"engine"`
	ClusterID          string `json:"clusterId,omitempty"`
	StorageEncrypted   bool   `json:"storageEncrypted"`
	PubliclyAccessible bool   `json:"publiclyAccessible"`
	BackupRetention    int32  `json:"backupRetention"`
	MultiAZ            bool   `json:"multiAz"`
}

type DBCluster struct {
	ID               string `json:"id"`
	ARN              string `json:"arn"`
	Engine           string `json:"engine"`
	StorageEncrypted bool   `json:"storageEncrypted"`
	BackupRetention  int32  `json:"backupRetention"`
	MultiAZ          bool   `json:"multiAz"`
}

type DBSnapshot struct {
	ID        string    `json:"id"`
	ARN       string    `json:"arn"`
	Cluster   bool      `json:"cluster"`
	Encrypted bool      `json:"encrypted"`
	Public    bool      `json:"public"` // restore attribute contains "all"
	PublicErr *APIError `json:"publicErr,omitempty"`
}

type KMSKey struct {
	ID              string    `json:"id"`
	ARN             string    `json:"arn"`
	Manager         string    `json:"manager"` // CUSTOMER, AWS
	State           string    `json:"state"`   // Enabled, Disabled, PendingDeletion, ...
	Spec            string    `json:"spec"`    // SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, ...
	Usage           string    `json:"usage"`   // ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC
	Origin          string    `json:"origin"`  // AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE
	RotationEnabled *bool     `json:"rotationEnabled,omitempty"`
	DescribeErr     *APIError `json:"describeErr,omitempty"`
	RotationErr     *APIError `json:"rotationErr,omitempty"`
}

// Rotatable reports whether AWS can rotate a key automatically: customer
// managed, enabled, symmetric encryption keys with key material from KMS.
// A SYMMETRIC_DEFAULT key is always an ENCRYPT_DECRYPT key, and key material
// comes from KMS unless the answer says otherwise, so an answer that leaves
// out KeyUsage or Origin (some endpoints do) does not hide a key.
func (k KMSKey) Rotatable() bool {
	return k.Manager == "CUSTOMER" && k.State == "Enabled" && k.Spec == "SYMMETRIC_DEFAULT" &&
		(k.Usage == "ENCRYPT_DECRYPT" || k.Usage == "") && (k.Origin == "AWS_KMS" || k.Origin == "")
}

type LogGroup struct {
	Name          string `json:"name"`
	ARN           string `json:"arn"`
	RetentionDays int32  `json:"retentionDays"` // 0: never expires
}

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

// RegionData is what the regional services reported in one region. Each
// *Err field says why the list or value beside it could not be read.
type RegionData struct {
	Region string `json:"region"`

	GuardDutyDetectors []Detector `json:"guardDutyDetectors"`
	GuardDutyErr       *APIError  `json:"guardDutyErr,omitempty"`

	SecurityHubEnabled bool      `json:"securityHubEnabled"`
	SecurityHubARN     string    `json:"securityHubArn,omitempty"`
	SecurityHubErr     *APIError `json:"securityHubErr,omitempty"`

	ConfigRecorders []ConfigRecorder `json:"configRecorders"`
	ConfigErr       *APIError        `json:"configErr,omitempty"`

	EBSDefaultEncryption    bool          `json:"ebsDefaultEncryption"`
	EBSDefaultEncryptionErr *APIError     `json:"ebsDefaultEncryptionErr,omitempty"`
	Volumes                 []Volume      `json:"volumes"`
	VolumesErr              *APIError     `json:"volumesErr,omitempty"`
	Snapshots               []EBSSnapshot `json:"snapshots"`
	SnapshotsErr            *APIError     `json:"snapshotsErr,omitempty"`
	// ForeignSnapshots counts the snapshots of other owners that the
	// endpoint listed although only the account's own were asked for; they
	// are left out of Snapshots and never probed.
	ForeignSnapshots  int             `json:"foreignSnapshots,omitempty"`
	SecurityGroups    []SecurityGroup `json:"securityGroups"`
	SecurityGroupsErr *APIError       `json:"securityGroupsErr,omitempty"`
	VPCs              []VPC           `json:"vpcs"`
	VPCsErr           *APIError       `json:"vpcsErr,omitempty"`
	FlowLogs          []FlowLog       `json:"flowLogs"`
	FlowLogsErr       *APIError       `json:"flowLogsErr,omitempty"`

	DBInstances    []DBInstance `json:"dbInstances"`
	DBInstancesErr *APIError    `json:"dbInstancesErr,omitempty"`
	DBClusters     []DBCluster  `json:"dbClusters"`
	DBClustersErr  *APIError    `json:"dbClustersErr,omitempty"`
	DBSnapshots    []DBSnapshot `json:"dbSnapshots"`
	DBSnapshotsErr *APIError    `json:"dbSnapshotsErr,omitempty"`
	// ForeignDBSnapshots counts listed snapshots whose ARN names another
	// account; they are left out of DBSnapshots and never probed.
	ForeignDBSnapshots int `json:"foreignDbSnapshots,omitempty"`

	KMSKeys    []KMSKey  `json:"kmsKeys"`
	KMSKeysErr *APIError `json:"kmsKeysErr,omitempty"`

	LogGroups    []LogGroup `json:"logGroups"`
	LogGroupsErr *APIError  `json:"logGroupsErr,omitempty"`

	BackupPlans    []BackupPlan `json:"backupPlans"`
	BackupPlansErr *APIError    `json:"backupPlansErr,omitempty"`
	// The lists below are nil (with a nil error) in a snapshot collected
	// before the checks that judge them existed.
	BackupVaults           []BackupVault        `json:"backupVaults"`
	BackupVaultsErr        *APIError            `json:"backupVaultsErr,omitempty"`
	RestoreTestingPlans    []RestoreTestingPlan `json:"restoreTestingPlans"`
	RestoreTestingPlansErr *APIError            `json:"restoreTestingPlansErr,omitempty"`
	Analyzers              []Analyzer           `json:"analyzers"`
	AnalyzersErr           *APIError            `json:"analyzersErr,omitempty"`
	// ExternalAccess are the active findings of the analyzer named by
	// ExternalAccessAnalyzer (an active account analyzer, else an active
	// organization analyzer); nil when no such analyzer exists.
	ExternalAccessAnalyzer string          `json:"externalAccessAnalyzer,omitempty"`
	ExternalAccess         []AccessFinding `json:"externalAccess"`
	ExternalAccessErr      *APIError       `json:"externalAccessErr,omitempty"`

	LoadBalancers    []LoadBalancer `json:"loadBalancers"`
	LoadBalancersErr *APIError      `json:"loadBalancersErr,omitempty"`

	Certificates    []Certificate `json:"certificates"`
	CertificatesErr *APIError     `json:"certificatesErr,omitempty"`

	// Macie is the Amazon Macie account of the region. Nil with a nil
	// MacieErr: the snapshot was written before Macie was read.
	Macie    *MacieSession `json:"macie,omitempty"`
	MacieErr *APIError     `json:"macieErr,omitempty"`

	// InstancesCollected is false when whatever filled the snapshot did not
	// read EC2 instances; the instance checks then report not_assessed.
	InstancesCollected bool       `json:"instancesCollected,omitempty"`
	Instances          []Instance `json:"instances,omitempty"`
	InstancesErr       *APIError  `json:"instancesErr,omitempty"`
	// ForeignInstances counts instances of other owners an endpoint listed;
	// they are left out of Instances.
	ForeignInstances int `json:"foreignInstances,omitempty"`

	// SSMCollected is false when whatever filled the snapshot did not read
	// Systems Manager; the patch check then reports not_assessed.
	SSMCollected        bool              `json:"ssmCollected,omitempty"`
	ManagedInstances    []ManagedInstance `json:"managedInstances,omitempty"`
	ManagedInstancesErr *APIError         `json:"managedInstancesErr,omitempty"`

	// Inspector is nil when Amazon Inspector was not read: InspectorErr
	// says why, or the snapshot was collected before the Inspector checks.
	Inspector    *InspectorStatus `json:"inspector,omitempty"`
	InspectorErr *APIError        `json:"inspectorErr,omitempty"`
}
