package awscollect

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

const testAccount = "123456789012"

var fixtureNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// isolateAWS points the SDK at static test credentials and away from any
// real configuration on the machine.
func isolateAWS(t testing.TB) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "AKIDEXAMPLETEST",
		"AWS_SECRET_ACCESS_KEY":       "secretEXAMPLEKEYdonotuse",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  "us-east-1",
		"AWS_DEFAULT_REGION":          "",
		"AWS_PROFILE":                 "",
		"AWS_ENDPOINT_URL":            "",
		"AWS_CA_BUNDLE":               "",
		"AWS_CONFIG_FILE":             dir + "/config",
		"AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials",
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
}

// testOptions are fast options for runs against the fake.
func testOptions(endpoint string) Options {
	return Options{EndpointURL: endpoint, ToolVersion: "test", Clock: func() time.Time { return fixtureNow },
		CallTimeout: 10 * time.Second, maxBackoff: 5 * time.Millisecond, pollDelay: time.Millisecond}
}

const fxAdminDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
const secureTransportDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::phi-records","arn:aws:s3:::phi-records/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

// credentialCSV is a credential report in AWS's column layout.
const credentialCSV = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2026-02-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::123456789012:user/alice,2021-05-01T00:00:00+00:00,true,2026-02-20T08:00:00+00:00,2025-06-01T00:00:00+00:00,N/A,false,true,2024-01-01T00:00:00+00:00,2026-02-27T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::123456789012:user/bob,2022-05-01T00:00:00+00:00,false,no_information,N/A,N/A,false,true,2025-12-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-12-02T00:00:00+00:00,2026-01-01T00:00:00+00:00,us-east-1,iam,false,N/A,false,N/A
`

// sampleAccount is a small practice's account over three regions with a
// mix of good and bad settings.
func sampleAccount() *fakeaws.Account {
	arn := func(svc, region, res string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", svc, region, testAccount, res)
	}
	return &fakeaws.Account{
		ID: testAccount, CallerARN: arn("iam", "", "user/auditor"),
		Regions: []string{"us-east-1", "us-west-2", "eu-west-1"},
		PasswordPolicy: &fakeaws.PasswordPolicy{MinimumLength: 14, RequireUppercase: true, RequireLowercase: true,
			RequireNumbers: true, RequireSymbols: true, ReusePrevention: 24, MaxAge: 90, AllowUsersToChange: true},
		AccountSummary:   map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "Users": 2},
		CredentialReport: credentialCSV, ReportDelay: 2, ReportTime: fixtureNow.Add(-2 * time.Hour),
		Users: []fakeaws.User{
			{Name: "bob", AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			{Name: "alice", Groups: []string{"admins", "staff"}, InlinePolicies: map[string]string{
				"b-extra": `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::phi-records/*"}}`,
				"a-notes": `{"Statement":[{"Effect":"Allow","Action":["logs:Get*"],"Resource":"*"}]}`,
			}},
		},
		Groups: []fakeaws.Group{
			{Name: "staff", InlinePolicies: map[string]string{"read-phi": `{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`}},
			{Name: "admins", AttachedPolicies: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}},
		},
		Policies: []fakeaws.ManagedPolicy{
			{Name: "AdministratorAccess", ARN: "arn:aws:iam::aws:policy/AdministratorAccess", Document: fxAdminDoc, Attached: true},
			{Name: "ReadOnlyAccess", ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", Version: "v7", Document: `{"Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}]}`, Attached: true},
			{Name: "RoleOnly", ARN: arn("iam", "", "policy/RoleOnly"), Document: fxAdminDoc, Attached: true},
			{Name: "Unused", ARN: arn("iam", "", "policy/Unused"), Document: fxAdminDoc},
		},
		AccountPAB: &fakeaws.PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true},
		Buckets: []fakeaws.Bucket{
			{Name: "phi-records", Region: "", Unlisted: true, Created: fixtureNow.AddDate(-2, 0, 0),
				PublicAccessBlock: &fakeaws.PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
				ACL:               []fakeaws.Grant{{Type: "CanonicalUser", Grantee: "owner-id", Permission: "FULL_CONTROL"}},
				Policy:            secureTransportDoc,
				Encryption:        &fakeaws.Encryption{Algorithm: "aws:kms", KMSKeyID: arn("kms", "us-east-1", "key/k-cust"), BucketKey: true},
				Versioning:        "Enabled", MFADelete: "Disabled",
				Logging:    &fakeaws.Logging{TargetBucket: "audit-logs", TargetPrefix: "phi/"},
				ObjectLock: &fakeaws.ObjectLock{Mode: "COMPLIANCE", Years: 6},
				Lifecycle:  []fakeaws.LifecycleRule{{ID: "expire-old", Status: "Enabled", Prefix: "tmp/", ExpirationDays: 30}}},
			{Name: "public-site", Region: "us-west-2", Created: fixtureNow.AddDate(-1, 0, 0),
				ACL: []fakeaws.Grant{
					{Type: "Group", Grantee: "http://acs.amazonaws.com/groups/global/AllUsers", Permission: "READ"},
					{Type: "AmazonCustomerByEmail", Grantee: "web@example.com", Permission: "WRITE"},
				},
				Policy: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public-site/*"}]}`, PolicyPublic: true},
			{Name: "legacy-eu", Region: "EU", Unlisted: true, Created: fixtureNow.AddDate(-5, 0, 0),
				Encryption: &fakeaws.Encryption{Algorithm: "AES256"}, Versioning: "Suspended", ObjectLock: &fakeaws.ObjectLock{}},
			{Name: "audit-logs", Region: "us-east-1", Encryption: &fakeaws.Encryption{Algorithm: "AES256"}},
			{Name: "deleted-mid-scan", Region: "us-west-2", Gone: true},
		},
		Trails: []fakeaws.Trail{
			{Name: "org-trail", HomeRegion: "us-east-1", MultiRegion: true, Organization: true, LogFileValidation: true,
				KMSKeyID: arn("kms", "us-east-1", "key/k-cust"), S3Bucket: "audit-logs", LogGroupARN: arn("logs", "us-east-1", "log-group:trail:*"),
				Logging: true, LatestDelivery: fixtureNow.Add(-time.Hour), LatestCWDelivery: fixtureNow.Add(-time.Hour),
				EventSelectors: []fakeaws.EventSelector{{ReadWriteType: "All", IncludeManagement: true, DataType: "AWS::S3::Object", DataValues: []string{"arn:aws:s3"}}}},
			{Name: "eu-local", HomeRegion: "eu-west-1", S3Bucket: "legacy-eu", Logging: false,
				AdvancedSelectors: []fakeaws.AdvancedSelector{{Name: "mgmt", Fields: []fakeaws.FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}},
		},
		Agreements: []fakeaws.Agreement{
			{Name: "AWS Business Associate Addendum", ARN: "arn:aws:artifact:::agreement/agreement-baa", ID: "agreement-baa",
				AgreementARN: arn("artifact", "", "customer-agreement/ca-1"), Type: "DEFAULT", State: "ACTIVE",
				Description: "HIPAA business associate addendum", EffectiveStart: fixtureNow.AddDate(-1, 0, 0)},
		},
		RegionalStates: map[string]*fakeaws.Region{
			"us-east-1": {
				Detectors: []fakeaws.Detector{{ID: "det-east", Status: "ENABLED", Findings: []fakeaws.GuardDutyFinding{
					{ID: "f1", Severity: 8}, {ID: "f2", Severity: 5}, {ID: "f3", Severity: 8.5, Archived: true}, {ID: "f4", Severity: 7}}}},
				SecurityHubARN:       arn("securityhub", "us-east-1", "hub/default"),
				Recorders:            []fakeaws.Recorder{{Name: "default", AllSupported: true, IncludeGlobal: true, Recording: true, LastStatus: "SUCCESS"}},
				EBSDefaultEncryption: true,
				Volumes:              []fakeaws.Volume{{ID: "vol-2", State: "in-use", Encrypted: true, KMSKeyID: "k-cust"}, {ID: "vol-1", State: "available"}},
				Snapshots: []fakeaws.Snapshot{{ID: "snap-public", VolumeID: "vol-1", Public: true}, {ID: "snap-private", VolumeID: "vol-2", Encrypted: true},
					{ID: "snap-other", Owner: "999999999999"}},
				SecurityGroups: []fakeaws.SecurityGroup{
					{ID: "sg-2", Name: "db", VPCID: "vpc-1", Ingress: []fakeaws.Rule{{Protocol: "-1", IPv6: []string{"::/0"}}}},
					{ID: "sg-1", Name: "web", VPCID: "vpc-1", Ingress: []fakeaws.Rule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"0.0.0.0/0", "10.0.0.0/8"}}}},
				},
				VPCs:              []fakeaws.VPC{{ID: "vpc-1"}, {ID: "vpc-0", IsDefault: true}},
				NetworkInterfaces: []fakeaws.NetworkInterface{{ID: "eni-1", VPCID: "vpc-1"}, {ID: "eni-2", VPCID: "vpc-1"}},
				FlowLogs:          []fakeaws.FlowLog{{ID: "fl-1", ResourceID: "vpc-1", Status: "ACTIVE"}},
				DBInstances: []fakeaws.DBInstance{{ID: "ehr-db", Engine: "postgres", StorageEncrypted: true, BackupRetention: 7, MultiAZ: true},
					{ID: "aurora-1", Engine: "aurora-mysql", ClusterID: "ehr-cluster", PubliclyAccessible: true}},
				DBClusters: []fakeaws.DBCluster{{ID: "ehr-cluster", Engine: "aurora-mysql", StorageEncrypted: true, BackupRetention: 1}},
				DBSnapshots: []fakeaws.DBSnapshot{{ID: "ehr-manual", Type: "manual", Encrypted: true, Public: true},
					{ID: "rds:ehr-auto", Type: "automated", Encrypted: true},
					{ID: "cluster-manual", Cluster: true, Type: "manual", Encrypted: true}},
				KMSKeys: []fakeaws.KMSKey{
					{ID: "k-cust", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", Rotation: true},
					{ID: "k-norot", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS"},
					{ID: "k-aws", Manager: "AWS", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", Rotation: true},
					{ID: "k-rsa", Manager: "CUSTOMER", State: "Enabled", Spec: "RSA_2048", Usage: "SIGN_VERIFY", Origin: "AWS_KMS"},
					{ID: "k-ext", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "EXTERNAL"},
					{ID: "k-gone", Manager: "CUSTOMER", State: "PendingDeletion", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS"},
					// an answer without KeyUsage, as some endpoints give
					{ID: "k-nousage", Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS", Rotation: true},
				},
				LogGroups: []fakeaws.LogGroup{{Name: "trail", RetentionDays: 2192}, {Name: "app"}},
				BackupPlans: []fakeaws.BackupPlan{{ID: "bp-1", Name: "daily", Rules: []fakeaws.BackupRule{{Name: "nightly", TargetVault: "main",
					CopyTo: []string{arn("backup", "us-west-2", "backup-vault:dr")}}}}},
				BackupVaults: []fakeaws.BackupVault{{Name: "main", Locked: true, MinRetentionDays: 35, LockDate: fixtureNow.AddDate(0, -2, 0), RecoveryPoints: 60},
					{Name: "Default"}},
				RestoreTestingPlans: []fakeaws.RestoreTestingPlan{{Name: "monthly", Schedule: "cron(0 5 1 * ? *)"}},
				Analyzers: []fakeaws.Analyzer{{Name: "unused", Type: "ACCOUNT_UNUSED_ACCESS"}, {Name: "account", Type: "ACCOUNT", Findings: []fakeaws.AccessFinding{
					{ID: "f-partner", Resource: "arn:aws:s3:::phi-records", ResourceType: "AWS::S3::Bucket", Principal: map[string]string{"AWS": "444455556666"},
						Actions: []string{"s3:GetObject"}},
					{ID: "f-archived", Resource: "arn:aws:iam::123456789012:role/vendor", ResourceType: "AWS::IAM::Role", Principal: map[string]string{"AWS": "777788889999"},
						Status: "ARCHIVED"}}}},
				LoadBalancers: []fakeaws.LoadBalancer{{Name: "portal", Type: "application", Scheme: "internet-facing", Listeners: []fakeaws.Listener{
					{Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", Actions: []fakeaws.ListenerAction{{Type: "forward"}}},
					{Port: 80, Protocol: "HTTP", Actions: []fakeaws.ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS"}}},
				}, AccessLogsBucket: "audit-logs", WebACL: "portal-acl"}},
				WebACLs:     []fakeaws.WebACL{{Name: "portal-acl", LogDestinations: []string{arn("firehose", "us-east-1", "deliverystream/aws-waf-logs-portal")}}},
				MacieStatus: "ENABLED", MacieJobs: []string{"phi-scan"},
				Certificates: []fakeaws.Certificate{
					{ID: "c-rsa", Domain: "portal.example.com", Status: "ISSUED", NotAfter: fixtureNow.AddDate(0, 0, 20), InUseBy: []string{"lb-b", "lb-a"}},
					{ID: "c-ec", Domain: "api.example.com", Status: "ISSUED", NotAfter: fixtureNow.AddDate(1, 0, 0), KeyType: "EC_prime256v1"},
				},
				Instances: []fakeaws.Instance{
					{ID: "i-0bbb", Name: "legacy-fax", HTTPTokens: "optional", RootVolumeID: "vol-1", Windows: true},
					{ID: "i-0aaa", Name: "ehr-app", HTTPTokens: "required", RootVolumeID: "vol-2"},
					{ID: "i-0ccc", State: "stopped", HTTPTokens: "required"},
					{ID: "i-0ddd", State: "terminated", HTTPTokens: "optional"},
					{ID: "i-0eee", HTTPTokens: "optional", Owner: "999999999999"},
					{ID: "i-0fff", Name: "scratch", HTTPTokens: "required", HTTPEndpoint: "disabled"},
				},
				ManagedNodes: []fakeaws.ManagedNode{
					{ID: "i-0bbb", PingStatus: "ConnectionLost", Patch: &fakeaws.PatchState{Missing: 4, Failed: 1, PendingReboot: 2, Installed: 95,
						Critical: 1, Security: 3, Operation: "Install", End: fixtureNow.AddDate(0, 0, -3)}},
					{ID: "mi-0123456789abcdef0"},
					{ID: "i-0aaa", Patch: &fakeaws.PatchState{Installed: 180, End: fixtureNow.AddDate(0, 0, -1)}},
					{ID: "i-0ccc"},
				},
				Inspector: &fakeaws.Inspector{EC2: "ENABLED", ECR: "ENABLED", Lambda: "DISABLED", Findings: []fakeaws.InspectorFinding{
					{ID: "f-1", Severity: "CRITICAL", Status: "ACTIVE"}, {ID: "f-2", Severity: "HIGH", Status: "ACTIVE"},
					{ID: "f-3", Severity: "HIGH", Status: "ACTIVE"}, {ID: "f-4", Severity: "HIGH", Status: "CLOSED"},
					{ID: "f-5", Severity: "MEDIUM", Status: "ACTIVE"}, {ID: "f-6", Severity: "CRITICAL", Status: "ACTIVE", Account: "999999999999"},
				}},
			},
			"us-west-2": {Volumes: []fakeaws.Volume{{ID: "vol-w", State: "in-use"}}},
			"eu-west-1": {Detectors: []fakeaws.Detector{{ID: "det-eu", Status: "DISABLED"}}, SecurityHubARN: arn("securityhub", "eu-west-1", "hub/default"),
				MacieStatus: "PAUSED"},
		},
	}
}

// collectEast collects the account's us-east-1 over the wire, with the
// faults injected, and returns the snapshot and the fake that served it.
func collectEast(t *testing.T, acct *fakeaws.Account, faults []fakeaws.Fault, opts ...fakeaws.Option) (*probes.Snapshot, *fakeaws.Server) {
	t.Helper()
	fake := fakeaws.New(acct, opts...)
	t.Cleanup(fake.Close)
	for _, f := range faults {
		fake.Inject(f)
	}
	o := testOptions(fake.URL)
	o.Regions = []string{"us-east-1"}
	snap, err := Collect(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return snap, fake
}
