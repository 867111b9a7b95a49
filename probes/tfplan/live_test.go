package tfplan

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

const (
	acct = "111122223333"
	east = "us-east-1"
)

func arn(svc, res string) string { return "arn:aws:" + svc + ":" + east + ":" + acct + ":" + res }

func ptr[T any](v T) *T { return &v }

func securePolicy(name string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "DenyPlainHTTP", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
		"Resource":  []string{"arn:aws:s3:::" + name, "arn:aws:s3:::" + name + "/*"},
		"Condition": map[string]any{"Bool": map[string]string{"aws:SecureTransport": "false"}}}}})
	return string(b)
}

func allBlocked() *probes.PublicAccessBlock {
	return &probes.PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
}

// liveCompliant is what the AWS collectors would read from an account built
// from compliant.json.
func liveCompliant() *probes.Snapshot {
	bucket := func(name string) probes.Bucket {
		return probes.Bucket{Name: name, ARN: "arn:aws:s3:::" + name, Region: east, PublicAccessBlock: allBlocked(),
			ACLGrants:  []probes.Grant{{GranteeType: "CanonicalUser", Grantee: "owner", Permission: "FULL_CONTROL"}},
			Policy:     securePolicy(name),
			Encryption: &probes.BucketEncryption{Configured: true, Algorithm: "aws:kms", KMSKeyID: arn("kms", "key/k1"), BucketKeyEnabled: true},
			Versioning: "Enabled", Logging: &probes.BucketLogging{Enabled: true, TargetBucket: "clinic-access-logs"}}
	}
	trailBucket := bucket("clinic-trail-logs")
	trailBucket.Lifecycle = []probes.LifecycleRule{{ID: "expire", Status: "Enabled", Prefix: "AWSLogs/", ExpirationDays: 400}}
	trailBucket.ObjectLock = &probes.ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 7}
	return &probes.Snapshot{SchemaVersion: probes.SnapshotSchemaVersion, Provider: "aws", AccountID: acct, Partition: "aws", Regions: []string{east},
		S3: probes.S3Data{AccountPublicAccessBlock: allBlocked(),
			Buckets: []probes.Bucket{bucket("clinic-phi"), bucket("clinic-access-logs"), trailBucket}},
		IAM: probes.IAMData{PasswordPolicy: &probes.PasswordPolicy{MinimumLength: 14, RequireUppercase: true, RequireLowercase: true,
			RequireNumbers: true, RequireSymbols: true, PasswordReusePrevention: 24, MaxPasswordAge: 90, AllowUsersToChangePassword: true}},
		CloudTrail: probes.CloudTrailData{Trails: []probes.Trail{{Name: "clinic-trail", ARN: arn("cloudtrail", "trail/clinic-trail"), HomeRegion: east,
			IsMultiRegion: true, LogFileValidation: true, KMSKeyID: arn("kms", "key/k1"), S3BucketName: "clinic-trail-logs",
			CloudWatchLogsGroupARN: arn("logs", "log-group:clinic-trail:*"), Status: &probes.TrailStatus{IsLogging: true},
			EventSelectors: []probes.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true,
				DataResources: []probes.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}}}},
		Regional: []probes.RegionData{{Region: east,
			GuardDutyDetectors:   []probes.Detector{{ID: "d1", Status: "ENABLED"}},
			EBSDefaultEncryption: true,
			Volumes:              []probes.Volume{{ID: "vol-data", State: "available", Encrypted: true}, {ID: "vol-root", State: "in-use", Encrypted: true}},
			InstancesCollected:   true,
			Instances:            []probes.Instance{{ID: "i-web", State: "running", MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled"}},
			SecurityGroups: []probes.SecurityGroup{{ID: "sg-web", Name: "web", Ingress: []probes.IPRule{
				{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDRs: []string{"0.0.0.0/0"}, IPv6: []string{"::/0"}},
				{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"10.0.0.0/8"}}}}},
			VPCs:     []probes.VPC{{ID: "vpc-main", InUse: true}},
			FlowLogs: []probes.FlowLog{{ID: "fl-1", ResourceID: "vpc-main", Status: "ACTIVE"}},
			DBInstances: []probes.DBInstance{
				{ID: "clinic-ehr", ARN: arn("rds", "db:clinic-ehr"), Engine: "postgres", StorageEncrypted: true, BackupRetention: 7, MultiAZ: true},
				{ID: "aurora-1", ARN: arn("rds", "db:aurora-1"), Engine: "aurora-postgresql", ClusterID: "clinic-aurora", StorageEncrypted: true},
				{ID: "aurora-2", ARN: arn("rds", "db:aurora-2"), Engine: "aurora-postgresql", ClusterID: "clinic-aurora", StorageEncrypted: true}},
			DBClusters: []probes.DBCluster{{ID: "clinic-aurora", ARN: arn("rds", "cluster:clinic-aurora"), Engine: "aurora-postgresql",
				StorageEncrypted: true, BackupRetention: 14, MultiAZ: true}},
			KMSKeys: []probes.KMSKey{{ID: "k1", ARN: arn("kms", "key/k1"), Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT",
				Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", RotationEnabled: ptr(true)}},
			LogGroups:   []probes.LogGroup{{Name: "clinic-trail", ARN: arn("logs", "log-group:clinic-trail:*"), RetentionDays: 2557}},
			BackupPlans: []probes.BackupPlan{{ID: "bp1", Name: "daily"}},
			LoadBalancers: []probes.LoadBalancer{{ARN: arn("elasticloadbalancing", "loadbalancer/app/portal/1"), Name: "portal", Type: "application",
				Scheme: "internet-facing", Listeners: []probes.Listener{
					{ARN: "l1", Port: 80, Protocol: "HTTP", Actions: []probes.ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS"}}},
					{ARN: "l2", Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", Actions: []probes.ListenerAction{{Type: "forward"}}}}}},
		}},
	}
}

// liveNonCompliant is what the AWS collectors would read from an account
// built from noncompliant.json (the root volume whose encryption the plan
// leaves to the AMI is left out).
func liveNonCompliant() *probes.Snapshot {
	s := &probes.Snapshot{SchemaVersion: probes.SnapshotSchemaVersion, Provider: "aws", AccountID: acct, Partition: "aws", Regions: []string{east},
		S3: probes.S3Data{AccountPublicAccessBlock: &probes.PublicAccessBlock{Configured: true, BlockPublicPolicy: true},
			Buckets: []probes.Bucket{{Name: "clinic-open", ARN: "arn:aws:s3:::clinic-open", Region: east,
				ACLGrants:  []probes.Grant{{GranteeType: "Group", Grantee: "http://acs.amazonaws.com/groups/global/AllUsers", Permission: "READ"}},
				Encryption: &probes.BucketEncryption{Configured: true, Algorithm: "AES256"},
				Lifecycle:  []probes.LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 90}}}}},
		IAM: probes.IAMData{PasswordPolicy: &probes.PasswordPolicy{MinimumLength: 8, AllowUsersToChangePassword: true}},
		CloudTrail: probes.CloudTrailData{Trails: []probes.Trail{{Name: "clinic-trail", ARN: arn("cloudtrail", "trail/clinic-trail"), HomeRegion: east,
			S3BucketName: "clinic-open", CloudWatchLogsGroupARN: arn("logs", "log-group:clinic-trail:*"), Status: &probes.TrailStatus{IsLogging: true}}}},
		Regional: []probes.RegionData{{Region: east,
			GuardDutyDetectors: []probes.Detector{{ID: "d1", Status: "DISABLED"}},
			Volumes:            []probes.Volume{{ID: "vol-data", State: "available"}, {ID: "vol-root0", State: "in-use"}},
			InstancesCollected: true,
			Instances: []probes.Instance{{ID: "i-0", State: "running", MetadataHTTPTokens: "optional", MetadataHTTPEndpoint: "enabled"},
				{ID: "i-1", State: "running", MetadataHTTPTokens: "optional", MetadataHTTPEndpoint: "enabled"}},
			SecurityGroups: []probes.SecurityGroup{
				{ID: "sg-admin", Name: "admin", Ingress: []probes.IPRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"0.0.0.0/0"}}}},
				{ID: "sg-db", Name: "db", Ingress: []probes.IPRule{{Protocol: "tcp", FromPort: 3389, ToPort: 3389, CIDRs: []string{"0.0.0.0/0"}}}}},
			VPCs: []probes.VPC{{ID: "vpc-main", InUse: true}},
			DBInstances: []probes.DBInstance{{ID: "clinic-ehr", ARN: arn("rds", "db:clinic-ehr"), Engine: "mysql", PubliclyAccessible: true, BackupRetention: 1},
				{ID: "aurora-1", ARN: arn("rds", "db:aurora-1"), Engine: "aurora-mysql", ClusterID: "clinic-aurora"}},
			DBClusters: []probes.DBCluster{{ID: "clinic-aurora", ARN: arn("rds", "cluster:clinic-aurora"), Engine: "aurora-mysql"}},
			KMSKeys: []probes.KMSKey{{ID: "k1", ARN: arn("kms", "key/k1"), Manager: "CUSTOMER", State: "Enabled", Spec: "SYMMETRIC_DEFAULT",
				Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", RotationEnabled: ptr(false)}},
			LogGroups: []probes.LogGroup{{Name: "clinic-trail", ARN: arn("logs", "log-group:clinic-trail:*"), RetentionDays: 30}},
			LoadBalancers: []probes.LoadBalancer{
				{ARN: arn("elasticloadbalancing", "loadbalancer/app/portal/abc"), Name: "portal", Type: "application", Listeners: []probes.Listener{
					{ARN: "l1", Port: 80, Protocol: "HTTP", Actions: []probes.ListenerAction{{Type: "forward"}}}}},
				{ARN: arn("elasticloadbalancing", "loadbalancer/app/api/def"), Name: "api", Type: "application", Listeners: []probes.Listener{
					{ARN: "l2", Port: 443, Protocol: "HTTPS", SSLPolicy: "ELBSecurityPolicy-2016-08", Actions: []probes.ListenerAction{{Type: "forward"}}}}}},
		}},
	}
	return s
}

// statusesByCheck lists each check's statuses, sorted.
func statusesByCheck(fs []assessment.Finding, only map[string]bool) map[string][]string {
	out := map[string][]string{}
	for _, f := range fs {
		if only == nil || only[f.CheckID] {
			out[f.CheckID] = append(out[f.CheckID], string(f.Status))
		}
	}
	for _, l := range out {
		slices.Sort(l)
	}
	return out
}

// TestPlanMatchesLiveSnapshot fails when a check judges a plan differently
// from the live account the plan would build: the plan reader must fill the
// snapshot the way the collectors do, and no rule may have a second copy.
func TestPlanMatchesLiveSnapshot(t *testing.T) {
	for _, tc := range []struct {
		file    string
		live    *probes.Snapshot
		planned int // findings that only a plan has (known after apply)
	}{
		{"compliant.json", liveCompliant(), 0},
		{"noncompliant.json", liveNonCompliant(), 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res := readPlan(t, tc.file).Evaluate(testNow, nil)
			judged := map[string]bool{}
			var planOnly int
			var fs []assessment.Finding
			for _, f := range res.Findings {
				if f.ErrorCode == probes.CodeKnownAfterApply || f.ErrorCode == probes.CodeNotInPlan {
					planOnly++
					continue
				}
				judged[f.CheckID] = true
				fs = append(fs, f)
			}
			if planOnly != tc.planned {
				t.Errorf("%d findings only the plan has, want %d", planOnly, tc.planned)
			}
			if len(judged) < 24 {
				t.Errorf("only %d checks judged the plan", len(judged))
			}
			plan := statusesByCheck(fs, nil)
			live := statusesByCheck(probes.Evaluate(tc.live, testNow, nil), judged)
			for check := range judged {
				if fmt.Sprint(plan[check]) != fmt.Sprint(live[check]) {
					t.Errorf("%s: plan %v, live account %v", check, plan[check], live[check])
				}
			}
		})
	}
}
