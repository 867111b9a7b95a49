package probes

// What the collectors read once per account: S3 buckets and the account's
// public access block, IAM, CloudTrail trails and AWS Artifact agreements.

import "time"

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
