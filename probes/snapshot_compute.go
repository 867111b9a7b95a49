package probes

// What the collectors read per region about detection, configuration
// recording, EC2, Systems Manager, Inspector, RDS, KMS and CloudWatch Logs.

import "time"

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
