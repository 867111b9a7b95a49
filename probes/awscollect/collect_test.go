package awscollect

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

func find[T any](t *testing.T, items []T, what string, match func(T) bool) T {
	t.Helper()
	for _, it := range items {
		if match(it) {
			return it
		}
	}
	t.Fatalf("%s not found", what)
	var zero T
	return zero
}

func region(t *testing.T, s *probes.Snapshot, name string) probes.RegionData {
	return find(t, s.Regional, "region "+name, func(r probes.RegionData) bool { return r.Region == name })
}

// TestCollectSampleAccount reads a realistic account over real HTTP, one
// item per page so that every paginator is followed.
func TestCollectSampleAccount(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithPageSize(1))
	defer fake.Close()

	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if snap.AccountID != testAccount || snap.Partition != "aws" || snap.CallerARN != "arn:aws:iam::123456789012:user/auditor" {
		t.Errorf("identity = %q %q %q", snap.AccountID, snap.Partition, snap.CallerARN)
	}
	if want := []string{"eu-west-1", "us-east-1", "us-west-2"}; !reflect.DeepEqual(snap.Regions, want) || snap.RegionsErr != nil {
		t.Errorf("regions = %v (%v), want %v", snap.Regions, snap.RegionsErr, want)
	}
	if snap.StartedAt != fixtureNow || snap.ToolVersion != "test" || snap.SchemaVersion != probes.SnapshotSchemaVersion {
		t.Errorf("header = %v %q %d", snap.StartedAt, snap.ToolVersion, snap.SchemaVersion)
	}

	t.Run("s3", func(t *testing.T) {
		s3 := snap.S3
		if s3.ListErr != nil || s3.AccountPublicAccessBlockErr != nil {
			t.Fatalf("errors: %v %v", s3.ListErr, s3.AccountPublicAccessBlockErr)
		}
		if want := (&probes.PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true}); !reflect.DeepEqual(s3.AccountPublicAccessBlock, want) {
			t.Errorf("account PAB = %+v", s3.AccountPublicAccessBlock)
		}
		var names []string
		for _, b := range s3.Buckets {
			names = append(names, b.Name+"@"+b.Region)
		}
		if want := []string{"audit-logs@us-east-1", "legacy-eu@eu-west-1", "phi-records@us-east-1", "public-site@us-west-2"}; !reflect.DeepEqual(names, want) {
			t.Errorf("buckets = %v, want %v (the deleted one skipped, EU and empty locations mapped)", names, want)
		}
		phi := find(t, s3.Buckets, "phi-records", func(b probes.Bucket) bool { return b.Name == "phi-records" })
		want := probes.Bucket{Name: "phi-records", ARN: "arn:aws:s3:::phi-records", Region: "us-east-1", CreationDate: fixtureNow.AddDate(-2, 0, 0),
			PublicAccessBlock: &probes.PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
			ACLGrants:         []probes.Grant{{GranteeType: "CanonicalUser", Grantee: "owner-id", Permission: "FULL_CONTROL"}},
			Policy:            secureTransportDoc, PolicyIsPublic: new(bool),
			Encryption: &probes.BucketEncryption{Configured: true, Algorithm: "aws:kms", KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/k-cust", BucketKeyEnabled: true},
			Versioning: "Enabled", MFADelete: "Disabled",
			Logging:    &probes.BucketLogging{Enabled: true, TargetBucket: "audit-logs", TargetPrefix: "phi/"},
			ObjectLock: &probes.ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 6},
			Lifecycle:  []probes.LifecycleRule{{ID: "expire-old", Status: "Enabled", Prefix: "tmp/", ExpirationDays: 30}},
		}
		if !reflect.DeepEqual(phi, want) {
			t.Errorf("phi-records =\n%+v\nwant\n%+v", phi, want)
		}
		pub := find(t, s3.Buckets, "public-site", func(b probes.Bucket) bool { return b.Name == "public-site" })
		if pub.PublicAccessBlock == nil || pub.PublicAccessBlock.Configured || pub.PublicAccessBlockErr != nil {
			t.Errorf("public-site PAB = %+v %v, want not configured", pub.PublicAccessBlock, pub.PublicAccessBlockErr)
		}
		if pub.Encryption == nil || pub.Encryption.Configured || pub.EncryptionErr != nil {
			t.Errorf("public-site encryption = %+v %v, want not configured", pub.Encryption, pub.EncryptionErr)
		}
		if pub.PolicyIsPublic == nil || !*pub.PolicyIsPublic || len(pub.ACLGrants) != 2 || pub.ACLGrants[0].Grantee != "http://acs.amazonaws.com/groups/global/AllUsers" ||
			pub.ACLGrants[1] != (probes.Grant{GranteeType: "AmazonCustomerByEmail", Grantee: "web@example.com", Permission: "WRITE"}) {
			t.Errorf("public-site policy/ACL = %v %+v", pub.PolicyIsPublic, pub.ACLGrants)
		}
		if pub.ObjectLock == nil || pub.ObjectLock.Enabled || pub.Lifecycle != nil || pub.LifecycleErr != nil || pub.Logging == nil || pub.Logging.Enabled {
			t.Errorf("public-site lock/lifecycle/logging = %+v %+v %+v", pub.ObjectLock, pub.Lifecycle, pub.Logging)
		}
		eu := find(t, s3.Buckets, "legacy-eu", func(b probes.Bucket) bool { return b.Name == "legacy-eu" })
		if eu.Versioning != "Suspended" || eu.Policy != "" || eu.PolicyErr != nil || eu.PolicyIsPublic == nil || *eu.PolicyIsPublic ||
			eu.ObjectLock == nil || !eu.ObjectLock.Enabled || eu.ObjectLock.Mode != "" {
			t.Errorf("legacy-eu = %+v", eu)
		}
	})

	t.Run("iam", func(t *testing.T) {
		iam := snap.IAM
		for name, e := range map[string]*probes.APIError{"policy": iam.PasswordPolicyErr, "summary": iam.AccountSummaryErr, "report": iam.CredentialReportErr,
			"users": iam.UsersErr, "groups": iam.GroupsErr, "managed": iam.ManagedPoliciesErr} {
			if e != nil {
				t.Errorf("%s error: %+v", name, e)
			}
		}
		if want := (&probes.PasswordPolicy{MinimumLength: 14, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true,
			PasswordReusePrevention: 24, MaxPasswordAge: 90, AllowUsersToChangePassword: true}); !reflect.DeepEqual(iam.PasswordPolicy, want) {
			t.Errorf("password policy = %+v", iam.PasswordPolicy)
		}
		if iam.AccountSummary["AccountMFAEnabled"] != 1 || iam.AccountSummary["Users"] != 2 || len(iam.AccountSummary) != 3 {
			t.Errorf("summary = %v", iam.AccountSummary)
		}
		rep := iam.CredentialReport
		if rep == nil || !rep.GeneratedAt.Equal(fixtureNow.Add(-2*time.Hour)) || len(rep.Rows) != 3 {
			t.Fatalf("credential report = %+v", rep)
		}
		root, alice, bob := rep.Rows[0], rep.Rows[1], rep.Rows[2]
		if root.User != "<root_account>" || root.PasswordEnabled || !root.MFAActive || root.PasswordLastChanged != nil || root.PasswordLastUsed == nil {
			t.Errorf("root row = %+v", root)
		}
		if !alice.PasswordEnabled || alice.MFAActive || !alice.AccessKey1Active || alice.AccessKey1Rotated == nil ||
			!alice.AccessKey1Rotated.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) || alice.AccessKey2Rotated != nil {
			t.Errorf("alice row = %+v", alice)
		}
		if bob.PasswordLastUsed != nil || !bob.AccessKey2Active || bob.AccessKey1LastUsed != nil || bob.AccessKey2LastUsed == nil {
			t.Errorf("bob row = %+v", bob)
		}
		wantUsers := []probes.IAMPrincipal{
			{Name: "alice", ARN: "arn:aws:iam::123456789012:user/alice", Groups: []string{"admins", "staff"}, InlinePolicies: []probes.PolicyDocument{
				{Name: "a-notes", Document: `{"Statement":[{"Effect":"Allow","Action":["logs:Get*"],"Resource":"*"}]}`},
				{Name: "b-extra", Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::phi-records/*"}}`},
			}},
			{Name: "bob", ARN: "arn:aws:iam::123456789012:user/bob", AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		}
		if !reflect.DeepEqual(iam.Users, wantUsers) {
			t.Errorf("users =\n%+v\nwant\n%+v", iam.Users, wantUsers)
		}
		wantGroups := []probes.IAMPrincipal{
			{Name: "admins", ARN: "arn:aws:iam::123456789012:group/admins", AttachedPolicies: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}},
			{Name: "staff", ARN: "arn:aws:iam::123456789012:group/staff", InlinePolicies: []probes.PolicyDocument{
				{Name: "read-phi", Document: `{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`}}},
		}
		if !reflect.DeepEqual(iam.Groups, wantGroups) {
			t.Errorf("groups =\n%+v\nwant\n%+v", iam.Groups, wantGroups)
		}
		var arns []string
		for _, p := range iam.ManagedPolicies {
			arns = append(arns, p.ARN)
		}
		if want := []string{"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"}; !reflect.DeepEqual(arns, want) {
			t.Errorf("managed policies = %v, want %v (only those attached to users or groups)", arns, want)
		}
		if iam.ManagedPolicies[0].Document != fxAdminDoc || iam.ManagedPolicies[0].Name != "AdministratorAccess" {
			t.Errorf("admin document = %+v", iam.ManagedPolicies[0])
		}
	})

	t.Run("cloudtrail", func(t *testing.T) {
		ct := snap.CloudTrail
		if len(ct.Errs) != 0 || len(ct.Trails) != 2 {
			t.Fatalf("trails = %+v errs %+v (want 2, shadow copies folded)", ct.Trails, ct.Errs)
		}
		eu, org := ct.Trails[0], ct.Trails[1]
		if org.ARN != "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail" || !org.IsMultiRegion || !org.IsOrganization ||
			!org.LogFileValidation || org.KMSKeyID == "" || org.S3BucketName != "audit-logs" || org.CloudWatchLogsGroupARN == "" {
			t.Errorf("org trail = %+v", org)
		}
		if org.StatusErr != nil || org.Status == nil || !org.Status.IsLogging || org.Status.LatestCloudWatchLogsDelivery == nil ||
			!org.Status.LatestDeliveryTime.Equal(fixtureNow.Add(-time.Hour)) {
			t.Errorf("org status = %+v %v", org.Status, org.StatusErr)
		}
		if want := []probes.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, DataResources: []probes.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}; !reflect.DeepEqual(org.EventSelectors, want) || org.SelectorsErr != nil {
			t.Errorf("org selectors = %+v %v", org.EventSelectors, org.SelectorsErr)
		}
		if eu.HomeRegion != "eu-west-1" || eu.IsMultiRegion || eu.StatusErr != nil || eu.Status == nil || eu.Status.IsLogging {
			t.Errorf("eu trail = %+v status %+v %v (status must be read in the home region)", eu, eu.Status, eu.StatusErr)
		}
		if want := []probes.AdvancedEventSelector{{Name: "mgmt", FieldSelectors: []probes.FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}; !reflect.DeepEqual(eu.AdvancedEventSelectors, want) {
			t.Errorf("eu advanced selectors = %+v", eu.AdvancedEventSelectors)
		}
	})

	t.Run("regional", func(t *testing.T) {
		east := region(t, snap, "us-east-1")
		errs := map[string]*probes.APIError{"gd": east.GuardDutyErr, "sh": east.SecurityHubErr, "config": east.ConfigErr, "ebs": east.EBSDefaultEncryptionErr,
			"vol": east.VolumesErr, "snap": east.SnapshotsErr, "sg": east.SecurityGroupsErr, "vpc": east.VPCsErr, "fl": east.FlowLogsErr,
			"db": east.DBInstancesErr, "dbc": east.DBClustersErr, "dbs": east.DBSnapshotsErr, "kms": east.KMSKeysErr, "logs": east.LogGroupsErr,
			"backup": east.BackupPlansErr, "lb": east.LoadBalancersErr, "acm": east.CertificatesErr}
		for k, e := range errs {
			if e != nil {
				t.Errorf("%s error: %+v", k, e)
			}
		}
		if want := []probes.Detector{{ID: "det-east", Status: "ENABLED", HighFindings: 2}}; !reflect.DeepEqual(east.GuardDutyDetectors, want) {
			t.Errorf("detectors = %+v, want 2 high unarchived findings", east.GuardDutyDetectors)
		}
		if !east.SecurityHubEnabled || east.SecurityHubARN == "" {
			t.Errorf("security hub = %v %q", east.SecurityHubEnabled, east.SecurityHubARN)
		}
		if want := []probes.ConfigRecorder{{Name: "default", AllSupported: true, IncludeGlobal: true, Recording: true, LastStatus: "SUCCESS"}}; !reflect.DeepEqual(east.ConfigRecorders, want) {
			t.Errorf("recorders = %+v", east.ConfigRecorders)
		}
		if !east.EBSDefaultEncryption || !reflect.DeepEqual(east.Volumes, []probes.Volume{{ID: "vol-1", State: "available"}, {ID: "vol-2", State: "in-use", Encrypted: true, KMSKeyID: "k-cust"}}) {
			t.Errorf("ebs = %v %+v", east.EBSDefaultEncryption, east.Volumes)
		}
		if want := []probes.EBSSnapshot{{ID: "snap-private", VolumeID: "vol-2", Encrypted: true}, {ID: "snap-public", VolumeID: "vol-1", Public: true}}; !reflect.DeepEqual(east.Snapshots, want) {
			t.Errorf("snapshots = %+v, want own snapshots only", east.Snapshots)
		}
		wantSG := []probes.SecurityGroup{
			{ID: "sg-1", Name: "web", VPCID: "vpc-1", Ingress: []probes.IPRule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"0.0.0.0/0", "10.0.0.0/8"}}}},
			{ID: "sg-2", Name: "db", VPCID: "vpc-1", Ingress: []probes.IPRule{{Protocol: "-1", FromPort: 0, ToPort: 65535, IPv6: []string{"::/0"}}}},
		}
		if !reflect.DeepEqual(east.SecurityGroups, wantSG) {
			t.Errorf("security groups = %+v", east.SecurityGroups)
		}
		if want := []probes.VPC{{ID: "vpc-0", IsDefault: true}, {ID: "vpc-1", InUse: true}}; !reflect.DeepEqual(east.VPCs, want) {
			t.Errorf("vpcs = %+v", east.VPCs)
		}
		if want := []probes.FlowLog{{ID: "fl-1", ResourceID: "vpc-1", Status: "ACTIVE"}}; !reflect.DeepEqual(east.FlowLogs, want) {
			t.Errorf("flow logs = %+v", east.FlowLogs)
		}
		if len(east.DBInstances) != 2 || east.DBInstances[1] != (probes.DBInstance{ID: "ehr-db", ARN: "arn:aws:rds:us-east-1:123456789012:db:ehr-db", Engine: "postgres",
			StorageEncrypted: true, BackupRetention: 7, MultiAZ: true}) || !east.DBInstances[0].PubliclyAccessible || east.DBInstances[0].ClusterID != "ehr-cluster" {
			t.Errorf("db instances = %+v", east.DBInstances)
		}
		if len(east.DBClusters) != 1 || east.DBClusters[0].BackupRetention != 1 || !east.DBClusters[0].StorageEncrypted {
			t.Errorf("db clusters = %+v", east.DBClusters)
		}
		var snaps []string
		for _, s := range east.DBSnapshots {
			snaps = append(snaps, s.ID+map[bool]string{true: ":public", false: ""}[s.Public]+map[bool]string{true: ":cluster", false: ""}[s.Cluster])
		}
		if want := []string{"cluster-manual:cluster", "ehr-manual:public", "rds:ehr-auto"}; !reflect.DeepEqual(snaps, want) {
			t.Errorf("db snapshots = %v, want %v", snaps, want)
		}
		rot := map[string]string{}
		for _, k := range east.KMSKeys {
			v := "nil"
			if k.RotationEnabled != nil {
				v = map[bool]string{true: "on", false: "off"}[*k.RotationEnabled]
			}
			if k.RotationErr != nil || k.DescribeErr != nil {
				v = "err"
			}
			rot[k.ID] = v
		}
		if want := map[string]string{"k-cust": "on", "k-norot": "off", "k-aws": "nil", "k-rsa": "nil", "k-ext": "nil", "k-gone": "nil"}; !reflect.DeepEqual(rot, want) {
			t.Errorf("kms rotation = %v, want %v (only rotatable keys asked)", rot, want)
		}
		if want := []probes.LogGroup{{Name: "app", ARN: "arn:aws:logs:us-east-1:123456789012:log-group:app:*"}, {Name: "trail", ARN: "arn:aws:logs:us-east-1:123456789012:log-group:trail:*", RetentionDays: 2192}}; !reflect.DeepEqual(east.LogGroups, want) {
			t.Errorf("log groups = %+v", east.LogGroups)
		}
		if len(east.BackupPlans) != 1 || east.BackupPlans[0].Name != "daily" || east.BackupPlans[0].ARN == "" {
			t.Errorf("backup plans = %+v", east.BackupPlans)
		}
		if len(east.LoadBalancers) != 1 || len(east.LoadBalancers[0].Listeners) != 2 {
			t.Fatalf("load balancers = %+v", east.LoadBalancers)
		}
		l80, l443 := east.LoadBalancers[0].Listeners[0], east.LoadBalancers[0].Listeners[1]
		if l80.Protocol != "HTTP" || !reflect.DeepEqual(l80.Actions, []probes.ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS"}}) ||
			l443.SSLPolicy != "ELBSecurityPolicy-TLS13-1-2-2021-06" || east.LoadBalancers[0].Scheme != "internet-facing" {
			t.Errorf("listeners = %+v", east.LoadBalancers[0].Listeners)
		}
		if len(east.Certificates) != 2 {
			t.Fatalf("certificates = %+v, want RSA and EC ones", east.Certificates)
		}
		c := east.Certificates[1]
		if c.Domain != "portal.example.com" || c.Status != "ISSUED" || c.NotAfter == nil || !c.NotAfter.Equal(fixtureNow.AddDate(0, 0, 20)) ||
			!reflect.DeepEqual(c.InUseBy, []string{"lb-a", "lb-b"}) {
			t.Errorf("certificate = %+v", c)
		}

		west := region(t, snap, "us-west-2")
		if west.SecurityHubEnabled || west.SecurityHubErr != nil || west.GuardDutyErr != nil || len(west.GuardDutyDetectors) != 0 ||
			west.GuardDutyDetectors == nil || len(west.Volumes) != 1 {
			t.Errorf("us-west-2 = %+v", west)
		}
		eu := region(t, snap, "eu-west-1")
		if !reflect.DeepEqual(eu.GuardDutyDetectors, []probes.Detector{{ID: "det-eu", Status: "DISABLED"}}) || !eu.SecurityHubEnabled {
			t.Errorf("eu-west-1 = %+v", eu)
		}
	})

	t.Run("artifact", func(t *testing.T) {
		a := snap.Artifact
		if a.Err != nil || len(a.Agreements) != 1 || a.Agreements[0].State != "ACTIVE" || a.Agreements[0].Name != "AWS Business Associate Addendum" ||
			!a.Agreements[0].EffectiveStart.Equal(fixtureNow.AddDate(-1, 0, 0)) || !a.Agreements[0].EffectiveEnd.IsZero() {
			t.Errorf("artifact = %+v", a)
		}
	})

	t.Run("wire", func(t *testing.T) {
		host := strings.TrimPrefix(fake.URL, "http://")
		seen := map[string]bool{}
		for _, c := range fake.Calls() {
			seen[c.Operation] = true
			if c.Host != host {
				t.Errorf("%s went to host %q, want %q (no account-id prefix, path-style S3)", c.Operation, c.Host, host)
			}
		}
		var missing, extra []string
		for op := range operations {
			if !seen[op] {
				missing = append(missing, op)
			}
		}
		for op := range seen {
			if _, ok := operations[op]; !ok {
				extra = append(extra, op)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("operations table and calls differ: never called %v; called but not in table %v", missing, extra)
		}
	})
}

func TestCollectDeterministic(t *testing.T) {
	isolateAWS(t)
	var out [2][]byte
	for i := range out {
		fake := fakeaws.New(sampleAccount(), fakeaws.WithPageSize(2))
		snap, err := Collect(context.Background(), testOptions(fake.URL))
		fake.Close()
		if err != nil {
			t.Fatalf("Collect: %v", err)
		}
		if out[i], err = json.Marshal(snap); err != nil {
			t.Fatal(err)
		}
	}
	if string(out[0]) != string(out[1]) {
		t.Errorf("two collections of the same account differ:\n%s\n%s", out[0], out[1])
	}
	if strings.Contains(string(out[0]), "secretEXAMPLEKEY") || strings.Contains(string(out[0]), "AKIDEXAMPLETEST") {
		t.Error("snapshot contains credentials")
	}
}

func TestCollectRecordsDeniedCalls(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	for _, f := range []fakeaws.Fault{
		{Operation: "ec2:DescribeVolumes", Region: "us-west-2", Code: "UnauthorizedOperation", Status: 403, Message: "You are not authorized to perform this operation."},
		{Operation: "s3:GetBucketPolicy", Code: "AccessDenied", Status: 403},
		{Operation: "s3control:GetPublicAccessBlock", Code: "AccessDenied", Status: 403},
		{Operation: "kms:ListKeys", Region: "us-east-1", Code: "AccessDeniedException", Status: 400},
		{Operation: "iam:GetCredentialReport", Code: "AccessDenied", Status: 403},
		{Operation: "iam:ListUsers", Code: "AccessDenied", Status: 403},
		{Operation: "iam:GetGroupPolicy", Code: "AccessDenied", Status: 403},
		{Operation: "guardduty:ListDetectors", Region: "eu-west-1", Code: "AccessDeniedException", Status: 403},
		{Operation: "securityhub:DescribeHub", Region: "us-west-2", Code: "AccessDeniedException", Status: 403},
		{Operation: "cloudtrail:DescribeTrails", Region: "us-west-2", Code: "UnrecognizedClientException", Status: 400},
		{Operation: "cloudtrail:GetEventSelectors", Code: "AccessDeniedException", Status: 400},
		{Operation: "rds:DescribeDBSnapshotAttributes", Code: "AccessDenied", Status: 403},
		{Operation: "ec2:DescribeNetworkInterfaces", Region: "us-east-1", Code: "UnauthorizedOperation", Status: 403},
		{Operation: "acm:DescribeCertificate", Code: "AccessDeniedException", Status: 400},
		{Operation: "artifact:ListCustomerAgreements", Code: "AccessDeniedException", Status: 403, Message: "not allowed"},
	} {
		fake.Inject(f)
	}
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	east, west, eu := region(t, snap, "us-east-1"), region(t, snap, "us-west-2"), region(t, snap, "eu-west-1")
	phi := find(t, snap.S3.Buckets, "phi", func(b probes.Bucket) bool { return b.Name == "phi-records" })
	dbSnap := find(t, east.DBSnapshots, "ehr-manual", func(s probes.DBSnapshot) bool { return s.ID == "ehr-manual" })
	tests := []struct {
		name string
		got  *probes.APIError
		op   string
		code string
	}{
		{"volumes", west.VolumesErr, "ec2:DescribeVolumes", "UnauthorizedOperation"},
		{"bucket policy", phi.PolicyErr, "s3:GetBucketPolicy", "AccessDenied"},
		{"account PAB", snap.S3.AccountPublicAccessBlockErr, "s3control:GetPublicAccessBlock", "AccessDenied"},
		{"kms", east.KMSKeysErr, "kms:ListKeys", "AccessDeniedException"},
		{"credential report", snap.IAM.CredentialReportErr, "iam:GetCredentialReport", "AccessDenied"},
		{"users", snap.IAM.UsersErr, "iam:ListUsers", "AccessDenied"},
		{"group inline policy", snap.IAM.Groups[1].Err, "iam:GetGroupPolicy", "AccessDenied"},
		{"guardduty", eu.GuardDutyErr, "guardduty:ListDetectors", "AccessDeniedException"},
		{"security hub", west.SecurityHubErr, "securityhub:DescribeHub", "AccessDeniedException"},
		{"trail selectors", snap.CloudTrail.Trails[0].SelectorsErr, "cloudtrail:GetEventSelectors", "AccessDeniedException"},
		{"db snapshot attribute", dbSnap.PublicErr, "rds:DescribeDBSnapshotAttributes", "AccessDenied"},
		{"vpc in use", east.VPCs[0].InUseErr, "ec2:DescribeNetworkInterfaces", "UnauthorizedOperation"},
		{"certificate", east.Certificates[0].DescribeErr, "acm:DescribeCertificate", "AccessDeniedException"},
		{"artifact", snap.Artifact.Err, "artifact:ListCustomerAgreements", "AccessDeniedException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got == nil || tt.got.Operation != tt.op || tt.got.Code != tt.code || tt.got.Message == "" {
				t.Errorf("got %+v, want %s %s with a message", tt.got, tt.op, tt.code)
			}
		})
	}
	if want := []probes.RegionalError{{Region: "us-west-2", Err: probes.APIError{Operation: "cloudtrail:DescribeTrails", Code: "UnrecognizedClientException", Message: "injected UnrecognizedClientException"}}}; !reflect.DeepEqual(snap.CloudTrail.Errs, want) {
		t.Errorf("cloudtrail errs = %+v", snap.CloudTrail.Errs)
	}
	if len(snap.CloudTrail.Trails) != 2 {
		t.Errorf("trails = %d, want 2 still seen from other regions", len(snap.CloudTrail.Trails))
	}
	if snap.S3.AccountPublicAccessBlock != nil || phi.Policy != "" || snap.IAM.CredentialReport != nil || len(snap.IAM.Users) != 0 {
		t.Error("a denied read must leave its data empty")
	}
	if snap.IAM.Groups[0].Err != nil {
		t.Errorf("admins group err = %+v, want nil", snap.IAM.Groups[0].Err)
	}
}

func TestCollectRetriesThrottling(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	faults := []fakeaws.Fault{
		{Operation: "iam:ListUsers", Code: "Throttling", Status: 400, Times: 2},
		{Operation: "ec2:DescribeVpcs", Region: "us-east-1", Code: "RequestLimitExceeded", Status: 503, Times: 3},
		{Operation: "s3:GetBucketAcl", Code: "SlowDown", Status: 503, Times: 2},
		{Operation: "guardduty:ListDetectors", Code: "TooManyRequestsException", Status: 429, Times: 2},
		{Operation: "kms:DescribeKey", Code: "ThrottlingException", Status: 400, Times: 3},
		{Operation: "artifact:ListCustomerAgreements", Code: "ThrottlingException", Status: 429, Times: 2},
		{Operation: "artifact:ListCustomerAgreements", Code: "ThrottlingException", Status: 400, Times: 3},
		{Operation: "iam:GenerateCredentialReport", Code: "LimitExceeded", Status: 409, Times: 1},
	}
	for _, f := range faults {
		fake.Inject(f)
	}
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	east := region(t, snap, "us-east-1")
	if snap.IAM.UsersErr != nil || len(snap.IAM.Users) != 2 {
		t.Errorf("users = %d %+v", len(snap.IAM.Users), snap.IAM.UsersErr)
	}
	if east.VPCsErr != nil || len(east.VPCs) != 2 {
		t.Errorf("vpcs = %+v %+v", east.VPCs, east.VPCsErr)
	}
	for _, b := range snap.S3.Buckets {
		if b.ACLErr != nil {
			t.Errorf("bucket %s acl err %+v", b.Name, b.ACLErr)
		}
	}
	for _, k := range east.KMSKeys {
		if k.DescribeErr != nil {
			t.Errorf("key %s describe err %+v", k.ID, k.DescribeErr)
		}
	}
	if east.GuardDutyErr != nil || len(east.GuardDutyDetectors) != 1 || snap.Artifact.Err != nil || len(snap.Artifact.Agreements) != 1 {
		t.Errorf("guardduty %+v / artifact %+v", east.GuardDutyErr, snap.Artifact.Err)
	}
	if snap.IAM.CredentialReportErr != nil || snap.IAM.CredentialReport == nil {
		t.Errorf("credential report err %+v", snap.IAM.CredentialReportErr)
	}
	counts := map[string]int{}
	for _, c := range fake.Calls() {
		counts[c.Operation]++
	}
	if counts["iam:ListUsers"] != 3 || counts["artifact:ListCustomerAgreements"] != 6 {
		t.Errorf("calls = %v, want throttled calls retried", counts)
	}
}

func TestCollectEndpointConfiguration(t *testing.T) {
	tests := []struct {
		name string
		env  bool
	}{{"option", false}, {"AWS_ENDPOINT_URL", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			fake := fakeaws.New(sampleAccount())
			defer fake.Close()
			opts := testOptions(fake.URL)
			if tt.env {
				t.Setenv("AWS_ENDPOINT_URL", fake.URL)
				opts.EndpointURL = ""
			}
			opts.Regions = []string{"us-west-2", "eu-west-1", "", "us-west-2"}
			snap, err := Collect(context.Background(), opts)
			if err != nil {
				t.Fatalf("Collect: %v", err)
			}
			if !reflect.DeepEqual(snap.Regions, []string{"eu-west-1", "us-west-2"}) || len(snap.Regional) != 2 {
				t.Errorf("regions = %v", snap.Regions)
			}
			if snap.S3.AccountPublicAccessBlock == nil || !snap.S3.AccountPublicAccessBlock.Configured || len(snap.S3.Buckets) != 4 {
				t.Errorf("s3 = %+v", snap.S3)
			}
			for _, c := range fake.Calls() {
				if c.Operation == "ec2:DescribeRegions" {
					t.Error("DescribeRegions called although regions were named")
				}
			}
		})
	}
}

func TestCollectRegionFallback(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_REGION", "eu-west-1")
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	fake.Inject(fakeaws.Fault{Operation: "ec2:DescribeRegions", Code: "UnauthorizedOperation", Status: 403})
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if !reflect.DeepEqual(snap.Regions, []string{"eu-west-1"}) || snap.RegionsErr == nil || snap.RegionsErr.Code != "UnauthorizedOperation" {
		t.Errorf("regions = %v err %+v, want the configured region and the error", snap.Regions, snap.RegionsErr)
	}
}

func TestCollectFatalErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, fake *fakeaws.Server) string // returns endpoint
		want    error
		contain string
	}{
		{"expired token", func(t *testing.T, f *fakeaws.Server) string {
			f.Inject(fakeaws.Fault{Operation: "sts:GetCallerIdentity", Code: "ExpiredToken", Status: 403})
			return f.URL
		}, ErrBadCredentials, "ExpiredToken"},
		{"invalid key", func(t *testing.T, f *fakeaws.Server) string {
			f.Inject(fakeaws.Fault{Operation: "sts:GetCallerIdentity", Code: "InvalidClientTokenId", Status: 403})
			return f.URL
		}, ErrBadCredentials, "InvalidClientTokenId"},
		{"signature", func(t *testing.T, f *fakeaws.Server) string {
			f.Inject(fakeaws.Fault{Operation: "sts:GetCallerIdentity", Code: "SignatureDoesNotMatch", Status: 403})
			return f.URL
		}, ErrBadCredentials, "SignatureDoesNotMatch"},
		{"no credentials", func(t *testing.T, f *fakeaws.Server) string {
			t.Setenv("AWS_ACCESS_KEY_ID", "")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "")
			return f.URL
		}, ErrNoCredentials, "aws sso login"},
		{"unreachable", func(t *testing.T, f *fakeaws.Server) string {
			return "http://127.0.0.1:1"
		}, ErrNetwork, "127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			fake := fakeaws.New(sampleAccount())
			defer fake.Close()
			snap, err := Collect(context.Background(), testOptions(tt.setup(t, fake)))
			if !errors.Is(err, tt.want) || snap != nil {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.contain) || strings.Contains(msg, "\n") || strings.Contains(msg, "secretEXAMPLEKEY") {
				t.Errorf("message %q: want one line containing %q and no secret", msg, tt.contain)
			}
		})
	}
}

func TestCollectCancel(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithLatency(100*time.Millisecond))
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	opts := testOptions(fake.URL)
	opts.Concurrency = 1
	var events int
	opts.Progress = func(Progress) {
		if events++; events == 1 {
			cancel()
		}
	}
	start := time.Now()
	snap, err := Collect(ctx, opts)
	if !errors.Is(err, context.Canceled) || snap != nil {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Collect took %v after cancel", d)
	}
}

func TestCollectProgress(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	opts := testOptions(fake.URL)
	var got []Progress
	opts.Progress = func(p Progress) { got = append(got, p) }
	if _, err := Collect(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	total := 4 + 3*len(regionalServices)
	if len(got) != total {
		t.Fatalf("%d progress events, want %d", len(got), total)
	}
	units := map[string]bool{}
	for i, p := range got {
		if p.Done != i+1 || p.Total != total || p.Service == "" || p.Region == "" {
			t.Errorf("event %d = %+v", i, p)
		}
		units[p.Service+"/"+p.Region] = true
	}
	if len(units) != total || !units["iam/global"] || !units["ec2/eu-west-1"] || !units["cloudtrail/global"] {
		t.Errorf("units = %v", units)
	}
}

func TestReportTime(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"N/A", "", false}, {"no_information", "", false}, {"not_supported", "", false}, {"", "", false},
		{"2024-03-04T05:06:07+00:00", "2024-03-04T05:06:07Z", false},
		{"2024-03-04T07:06:07+02:00", "2024-03-04T05:06:07Z", false},
		{"2024-03-04T05:06:07Z", "2024-03-04T05:06:07Z", false},
		{"2024-03-04T05:06:07.123Z", "2024-03-04T05:06:07Z", false},
		{"N/A ", "", false},
		{"yesterday", "", true},
	}
	for _, tt := range tests {
		got, err := reportTime(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("reportTime(%q) err = %v", tt.in, err)
			continue
		}
		s := ""
		if got != nil {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("reportTime(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestParseCredentialReportErrors(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"missing column", "user,arn,password_enabled,access_key_1_active,access_key_2_active\nx,y,true,false,false\n", "mfa_active"},
		{"bad time", strings.Replace(credentialCSV, "2024-01-01T00:00:00+00:00", "soon", 1), "access_key_1_last_rotated"},
		{"empty", "", "header"},
	}
	for _, tt := range tests {
		_, err := parseCredentialReport([]byte(tt.csv))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want mention of %q", tt.name, err, tt.want)
		}
	}
}

// TestParseCredentialReportValues reads the spellings AWS and emulators use
// for flags and empty times.
func TestParseCredentialReportValues(t *testing.T) {
	csv := "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active\r\n" +
		"<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00Z,not_supported,no_information,TRUE,False,N/A,false\r\n" +
		"ann,arn:aws:iam::1:user/ann,2021-01-01T00:00:00+00:00,True,2026-01-01T00:00:00.000Z,false,true,2025-01-01T00:00:00+00:00,N/A\r\n"
	rows, err := parseCredentialReport([]byte(csv))
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows = %+v err %v", rows, err)
	}
	root, ann := rows[0], rows[1]
	if root.User != "<root_account>" || root.PasswordEnabled || !root.MFAActive || root.AccessKey1Active || root.PasswordLastUsed != nil || root.UserCreation == nil {
		t.Errorf("root = %+v", root)
	}
	if !ann.PasswordEnabled || ann.MFAActive || !ann.AccessKey1Active || ann.AccessKey2Active || ann.PasswordLastUsed == nil ||
		!ann.AccessKey1Rotated.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ann = %+v", ann)
	}
}

func TestDecodeDocument(t *testing.T) {
	doc := `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a+b/*"}]}`
	got, aerr := decodeDocument("iam:GetUserPolicy", url.QueryEscape(doc))
	if aerr != nil || got != doc {
		t.Errorf("decode = %q %v", got, aerr)
	}
	// Emulators may hand the document back as plain JSON; '+' and '%' then
	// stay as they are.
	plain := `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a+b/100%/*"}]}`
	if got, aerr := decodeDocument("iam:GetUserPolicy", "\n "+plain); aerr != nil || got != plain {
		t.Errorf("plain JSON = %q %v, want it unchanged", got, aerr)
	}
	if _, aerr := decodeDocument("iam:GetUserPolicy", "%zz"); aerr == nil || aerr.Code != "InvalidDocument" {
		t.Errorf("bad encoding: %+v", aerr)
	}
}

// TestCollectAssumeRoleProfile uses a named profile that assumes a role:
// the credential exchange passes the read-only guard and the probes then
// run with the temporary credentials.
func TestCollectAssumeRoleProfile(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	dir := t.TempDir()
	writeFile(t, dir+"/config", "[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Auditor\nsource_profile = base\nregion = us-east-1\n")
	writeFile(t, dir+"/credentials", "[base]\naws_access_key_id = AKIDBASEPROFILE\naws_secret_access_key = baseSecretKey\n")
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	opts := testOptions(fake.URL)
	opts.Profile = "audit"
	opts.Regions = []string{"us-east-1"}
	snap, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	calls := fake.Calls()
	if calls[0].Operation != "sts:AssumeRole" || len(snap.S3.Buckets) != 4 {
		t.Errorf("first call %s, %d buckets; want the role assumed first", calls[0].Operation, len(snap.S3.Buckets))
	}
	if calls[0].AccessKey != "AKIDBASEPROFILE" {
		t.Errorf("AssumeRole signed with %q, want the source profile's key", calls[0].AccessKey)
	}
	for _, c := range calls[1:] {
		if c.AccessKey != "ASIAFAKEASSUMED" {
			t.Errorf("%s signed with %q, want the assumed role's key", c.Operation, c.AccessKey)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCollectCABundle reaches an HTTPS endpoint whose certificate is trusted
// only through AWS_CA_BUNDLE, as behind a corporate proxy.
func TestCollectCABundle(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithTLS())
	defer fake.Close()
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-east-1"}
	if _, err := Collect(context.Background(), opts); !errors.Is(err, ErrNetwork) {
		t.Fatalf("untrusted certificate: err = %v, want ErrNetwork", err)
	}
	bundle := t.TempDir() + "/ca.pem"
	writeFile(t, bundle, string(fake.CertPEM()))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	snap, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatalf("Collect with AWS_CA_BUNDLE: %v", err)
	}
	if snap.AccountID != testAccount || len(snap.S3.Buckets) != 4 || snap.Artifact.Err != nil {
		t.Errorf("snapshot over TLS: account %q, %d buckets, artifact %+v", snap.AccountID, len(snap.S3.Buckets), snap.Artifact.Err)
	}
}
