package probes

import (
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

const (
	acct      = "111122223333"
	usEast    = "us-east-1"
	usWest    = "us-west-2"
	dataARN   = "arn:aws:s3:::phi-data"
	trailARN  = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
	logsGroup = "arn:aws:logs:us-east-1:111122223333:log-group:trail-group:*"
	aliceARN  = "arn:aws:iam::111122223333:user/alice"
	dbARN     = "arn:aws:rds:us-east-1:111122223333:db:ehr"
	lbARN     = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/portal/abc"
	certARN   = "arn:aws:acm:us-east-1:111122223333:certificate/c1"
	keyARN    = "arn:aws:kms:us-east-1:111122223333:key/k1"
)

var testNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

func ago(d time.Duration) *time.Time {
	t := testNow.Add(-d)
	return &t
}

func ptr[T any](v T) *T { return &v }

const day24 = 24 * time.Hour

const secureTransportPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "DenyPlainHTTP",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": ["arn:aws:s3:::phi-data", "arn:aws:s3:::phi-data/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}}
  }]
}`

func allBlocked() *PublicAccessBlock {
	return &PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
}

func goodBucket(name string) Bucket {
	return Bucket{
		Name: name, ARN: "arn:aws:s3:::" + name, Region: usEast,
		PublicAccessBlock: allBlocked(),
		ACLGrants:         []Grant{{GranteeType: "CanonicalUser", Grantee: "owner-id", Permission: "FULL_CONTROL"}},
		Policy:            secureTransportPolicy,
		PolicyIsPublic:    ptr(false),
		Encryption:        &BucketEncryption{Configured: true, Algorithm: "aws:kms", KMSKeyID: keyARN},
		Versioning:        "Enabled",
		Logging:           &BucketLogging{Enabled: true, TargetBucket: "access-logs"},
	}
}

// goodSnapshot is an account where every check passes.
func goodSnapshot() *Snapshot {
	trailBucket := goodBucket("trail-logs")
	trailBucket.Policy = `{"Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:GetObject","s3:PutObject"],
	  "Resource":"arn:aws:s3:::trail-logs/*","Condition":{"Bool":{"aws:SecureTransport":false}}}}`
	trailBucket.ObjectLock = &ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 7}
	return &Snapshot{
		SchemaVersion: SnapshotSchemaVersion, Provider: "aws", AccountID: acct, Partition: "aws",
		Regions: []string{usEast},
		S3: S3Data{
			AccountPublicAccessBlock: allBlocked(),
			Buckets:                  []Bucket{goodBucket("phi-data"), trailBucket},
		},
		IAM: IAMData{
			PasswordPolicy: &PasswordPolicy{MinimumLength: 14, RequireUppercase: true, RequireLowercase: true,
				RequireNumbers: true, RequireSymbols: true, PasswordReusePrevention: 24},
			AccountSummary: map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0},
			CredentialReport: &CredentialReport{GeneratedAt: testNow.Add(-2 * time.Hour), Rows: []CredentialRow{
				{User: rootUser, ARN: "arn:aws:iam::111122223333:root", MFAActive: true},
				{User: "alice", ARN: aliceARN, UserCreation: ago(400 * day24), PasswordEnabled: true,
					PasswordLastUsed: ago(day24), MFAActive: true, AccessKey1Active: true,
					AccessKey1Rotated: ago(10 * day24), AccessKey1LastUsed: ago(day24)},
			}},
			Users: []IAMPrincipal{{Name: "alice", ARN: aliceARN, Groups: []string{"readers"}}},
			Groups: []IAMPrincipal{{Name: "readers", ARN: "arn:aws:iam::111122223333:group/readers",
				AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}},
			ManagedPolicies: []PolicyDocument{{Name: "ReadOnlyAccess", ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess",
				Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}]}`}},
		},
		CloudTrail: CloudTrailData{Trails: []Trail{{
			Name: "main", ARN: trailARN, HomeRegion: usEast, IsMultiRegion: true, LogFileValidation: true,
			KMSKeyID: keyARN, S3BucketName: "trail-logs", CloudWatchLogsGroupARN: logsGroup,
			Status:         &TrailStatus{IsLogging: true, LatestDeliveryTime: ago(time.Hour), LatestCloudWatchLogsDelivery: ago(time.Hour)},
			EventSelectors: []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, DataResources: []DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}},
		}}},
		Artifact: ArtifactData{Agreements: []Agreement{{Name: "AWS Business Associate Addendum", Type: "DEFAULT", State: "ACTIVE",
			EffectiveStart: testNow.AddDate(-1, 0, 0)}}},
		Regional: []RegionData{goodRegion(usEast)},
	}
}

func goodRegion(region string) RegionData {
	arn := func(svc, res string) string { return "arn:aws:" + svc + ":" + region + ":" + acct + ":" + res }
	return RegionData{
		Region:               region,
		GuardDutyDetectors:   []Detector{{ID: "det1", Status: "ENABLED"}},
		SecurityHubEnabled:   true,
		ConfigRecorders:      []ConfigRecorder{{Name: "default", AllSupported: true, IncludeGlobal: true, Recording: true, LastStatus: "Success"}},
		EBSDefaultEncryption: true,
		Volumes:              []Volume{{ID: "vol-1", State: "in-use", Encrypted: true}},
		Snapshots:            []EBSSnapshot{{ID: "snap-1", Encrypted: true}},
		SecurityGroups: []SecurityGroup{{ID: "sg-1", Name: "web", Ingress: []IPRule{
			{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: []string{"0.0.0.0/0"}, IPv6: []string{"::/0"}},
			{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"10.0.0.0/8"}},
		}}},
		VPCs:        []VPC{{ID: "vpc-1", InUse: true}},
		FlowLogs:    []FlowLog{{ID: "fl-1", ResourceID: "vpc-1", Status: "ACTIVE"}},
		DBInstances: []DBInstance{{ID: "ehr", ARN: arn("rds", "db:ehr"), Engine: "postgres", StorageEncrypted: true, BackupRetention: 7, MultiAZ: true}},
		DBSnapshots: []DBSnapshot{{ID: "ehr-snap", ARN: arn("rds", "snapshot:ehr-snap"), Encrypted: true}},
		KMSKeys: []KMSKey{{ID: "k1", ARN: arn("kms", "key/k1"), Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT",
			Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", RotationEnabled: ptr(true)}},
		LogGroups: []LogGroup{{Name: "trail-group", ARN: arn("logs", "log-group:trail-group:*"), RetentionDays: 2557}},
		BackupPlans: []BackupPlan{{ID: "bp1", Name: "daily", Rules: []BackupRule{{Name: "nightly", TargetVault: "main",
			CopyTo: []string{"arn:aws:backup:us-west-2:" + acct + ":backup-vault:dr"}}}}},
		BackupVaults: []BackupVault{{Name: "main", ARN: arn("backup", "backup-vault:main"), Locked: true, MinRetentionDays: 35,
			LockDate: ptr(testNow.AddDate(0, -1, 0)), RecoveryPoints: 40}},
		RestoreTestingPlans:    []RestoreTestingPlan{{Name: "monthly", ARN: arn("backup", "restore-testing-plan:monthly"), Schedule: "cron(0 5 1 * ? *)"}},
		Analyzers:              []Analyzer{{Name: "account", ARN: arn("access-analyzer", "analyzer/account"), Type: "ACCOUNT", Status: "ACTIVE"}},
		ExternalAccessAnalyzer: arn("access-analyzer", "analyzer/account"),
		ExternalAccess:         []AccessFinding{},
		LoadBalancers: []LoadBalancer{{ARN: arn("elasticloadbalancing", "loadbalancer/app/portal/abc"), Name: "portal", Type: "application",
			Scheme: "internet-facing", Listeners: []Listener{
				{ARN: "l1", Port: 80, Protocol: "HTTP", Actions: []ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS"}}},
				{ARN: "l2", Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", Actions: []ListenerAction{{Type: "forward"}}},
			},
			AccessLogs: ptr(true), AccessLogsBucket: "access-logs",
			WAF: &WAFProtection{WebACLARN: arn("wafv2", "regional/webacl/portal-acl/1"), WebACLName: "portal-acl",
				LogDestinations: []string{arn("logs", "log-group:aws-waf-logs-portal")}}}},
		Certificates: []Certificate{{ARN: arn("acm", "certificate/c1"), Domain: "portal.example.org", Status: "ISSUED",
			NotAfter: ptr(testNow.Add(200 * day24)), InUseBy: []string{arn("elasticloadbalancing", "loadbalancer/app/portal/abc")}}},
		Macie:              &MacieSession{Status: "ENABLED", ClassificationJobs: ptr(1)},
		InstancesCollected: true,
		Instances: []Instance{{ID: "i-1", State: "running", MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled",
			RootVolumeID: "vol-1", RootVolumeEncrypted: ptr(true), Name: "ehr-app", Platform: "Linux/UNIX"}},
		SSMCollected: true,
		ManagedInstances: []ManagedInstance{{ID: "i-1", PingStatus: "Online", Patch: &PatchState{Installed: 212, Operation: "Scan",
			OperationEnd: ago(day24)}}},
		Inspector: &InspectorStatus{Status: "ENABLED", EC2: "ENABLED", ECR: "ENABLED", Lambda: "ENABLED", FindingsRead: true},
	}
}

func denied(op string) *APIError {
	return &APIError{Operation: op, Code: "AccessDenied", Message: "not authorized"}
}

func findByID(t *testing.T, fs []assessment.Finding, id string) assessment.Finding {
	t.Helper()
	var got []assessment.Finding
	for _, f := range fs {
		if f.ID == id {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		ids := make([]string, 0, len(fs))
		for _, f := range fs {
			ids = append(ids, f.ID)
		}
		t.Fatalf("want exactly one finding %q, got %d; ids: %v", id, len(got), ids)
	}
	return got[0]
}
