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
