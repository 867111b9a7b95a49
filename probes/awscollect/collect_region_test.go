package awscollect

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

// TestCollectRegionalServices reads the regional services of the sample
// account in each of its regions.
func TestCollectRegionalServices(t *testing.T) {
	snap, _ := collectSample(t)
	east := region(t, snap, "us-east-1")
	errs := map[string]*probes.APIError{"gd": east.GuardDutyErr, "sh": east.SecurityHubErr, "config": east.ConfigErr, "ebs": east.EBSDefaultEncryptionErr,
		"vol": east.VolumesErr, "snap": east.SnapshotsErr, "sg": east.SecurityGroupsErr, "vpc": east.VPCsErr, "fl": east.FlowLogsErr,
		"db": east.DBInstancesErr, "dbc": east.DBClustersErr, "dbs": east.DBSnapshotsErr, "kms": east.KMSKeysErr, "logs": east.LogGroupsErr,
		"backup": east.BackupPlansErr, "lb": east.LoadBalancersErr, "acm": east.CertificatesErr, "macie": east.MacieErr, "vaults": east.BackupVaultsErr,
		"restore": east.RestoreTestingPlansErr, "analyzers": east.AnalyzersErr, "external": east.ExternalAccessErr}
	for k, e := range errs {
		if e != nil {
			t.Errorf("%s error: %+v", k, e)
		}
	}
	t.Run("guardduty", func(t *testing.T) {
		if want := []probes.Detector{{ID: "det-east", Status: "ENABLED", HighFindings: 2}}; !reflect.DeepEqual(east.GuardDutyDetectors, want) {
			t.Errorf("detectors = %+v, want 2 high unarchived findings", east.GuardDutyDetectors)
		}
	})
	t.Run("securityhub", func(t *testing.T) {
		if !east.SecurityHubEnabled || east.SecurityHubARN == "" {
			t.Errorf("security hub = %v %q", east.SecurityHubEnabled, east.SecurityHubARN)
		}
	})
	t.Run("config", func(t *testing.T) {
		if want := []probes.ConfigRecorder{{Name: "default", AllSupported: true, IncludeGlobal: true, Recording: true, LastStatus: "SUCCESS"}}; !reflect.DeepEqual(east.ConfigRecorders, want) {
			t.Errorf("recorders = %+v", east.ConfigRecorders)
		}
	})
	t.Run("ec2", func(t *testing.T) {
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
	})
	t.Run("rds", func(t *testing.T) {
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
	})
	t.Run("kms", func(t *testing.T) {
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
		if want := map[string]string{"k-cust": "on", "k-norot": "off", "k-aws": "nil", "k-rsa": "nil", "k-ext": "nil", "k-gone": "nil", "k-nousage": "on"}; !reflect.DeepEqual(rot, want) {
			t.Errorf("kms rotation = %v, want %v (only rotatable keys asked)", rot, want)
		}
	})
	t.Run("logs", func(t *testing.T) {
		if want := []probes.LogGroup{{Name: "app", ARN: "arn:aws:logs:us-east-1:123456789012:log-group:app:*"}, {Name: "trail", ARN: "arn:aws:logs:us-east-1:123456789012:log-group:trail:*", RetentionDays: 2192}}; !reflect.DeepEqual(east.LogGroups, want) {
			t.Errorf("log groups = %+v", east.LogGroups)
		}
	})
	t.Run("backup", func(t *testing.T) {
		if len(east.BackupPlans) != 1 || east.BackupPlans[0].Name != "daily" || east.BackupPlans[0].ARN == "" {
			t.Errorf("backup plans = %+v", east.BackupPlans)
		}
		wantRules := []probes.BackupRule{{Name: "nightly", TargetVault: "main", CopyTo: []string{"arn:aws:backup:us-west-2:123456789012:backup-vault:dr"}}}
		if p := east.BackupPlans[0]; !reflect.DeepEqual(p.Rules, wantRules) || p.RulesErr != nil {
			t.Errorf("backup rules = %+v (%+v)", p.Rules, p.RulesErr)
		}
		lockDate := fixtureNow.AddDate(0, -2, 0)
		wantVaults := []probes.BackupVault{
			{Name: "Default", ARN: "arn:aws:backup:us-east-1:123456789012:backup-vault:Default", Type: "BACKUP_VAULT"},
			{Name: "main", ARN: "arn:aws:backup:us-east-1:123456789012:backup-vault:main", Type: "BACKUP_VAULT", Locked: true, MinRetentionDays: 35,
				LockDate: &lockDate, RecoveryPoints: 60},
		}
		if !reflect.DeepEqual(east.BackupVaults, wantVaults) || east.BackupVaultsErr != nil {
			t.Errorf("backup vaults = %+v (%+v)", east.BackupVaults, east.BackupVaultsErr)
		}
		if len(east.RestoreTestingPlans) != 1 || east.RestoreTestingPlans[0].Name != "monthly" || east.RestoreTestingPlansErr != nil {
			t.Errorf("restore-testing plans = %+v (%+v)", east.RestoreTestingPlans, east.RestoreTestingPlansErr)
		}
	})
	t.Run("access analyzer", func(t *testing.T) {
		if len(east.Analyzers) != 2 || east.AnalyzersErr != nil || east.ExternalAccessAnalyzer != "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/account" {
			t.Errorf("analyzers = %+v (%+v), reading %q", east.Analyzers, east.AnalyzersErr, east.ExternalAccessAnalyzer)
		}
		want := []probes.AccessFinding{{ID: "f-partner", Resource: "arn:aws:s3:::phi-records", ResourceType: "AWS::S3::Bucket", ResourceOwner: testAccount,
			Principals: []string{"AWS: 444455556666"}, Actions: []string{"s3:GetObject"}}}
		if !reflect.DeepEqual(east.ExternalAccess, want) || east.ExternalAccessErr != nil {
			t.Errorf("external access = %+v (%+v), want the active finding only", east.ExternalAccess, east.ExternalAccessErr)
		}
		if west := region(t, snap, "us-west-2"); west.Analyzers == nil || len(west.Analyzers) != 0 || west.ExternalAccess != nil ||
			west.BackupVaults == nil || west.RestoreTestingPlans == nil {
			t.Errorf("us-west-2 = %+v %+v, want read and empty", west.Analyzers, west.ExternalAccess)
		}
	})
	t.Run("elbv2", func(t *testing.T) {
		if len(east.LoadBalancers) != 1 || len(east.LoadBalancers[0].Listeners) != 2 {
			t.Fatalf("load balancers = %+v", east.LoadBalancers)
		}
		l80, l443 := east.LoadBalancers[0].Listeners[0], east.LoadBalancers[0].Listeners[1]
		if l80.Protocol != "HTTP" || !reflect.DeepEqual(l80.Actions, []probes.ListenerAction{{Type: "redirect", RedirectProtocol: "HTTPS"}}) ||
			l443.SSLPolicy != "ELBSecurityPolicy-TLS13-1-2-2021-06" || east.LoadBalancers[0].Scheme != "internet-facing" {
			t.Errorf("listeners = %+v", east.LoadBalancers[0].Listeners)
		}
		lb := east.LoadBalancers[0]
		want := &probes.WAFProtection{WebACLARN: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/portal-acl/a1b2c3d4-0000-4000-8000-00000000000a",
			WebACLName: "portal-acl", LogDestinations: []string{"arn:aws:firehose:us-east-1:123456789012:deliverystream/aws-waf-logs-portal"}}
		if lb.AccessLogs == nil || !*lb.AccessLogs || lb.AccessLogsBucket != "audit-logs" || !reflect.DeepEqual(lb.WAF, want) {
			t.Errorf("access logs %v %q, waf %+v", lb.AccessLogs, lb.AccessLogsBucket, lb.WAF)
		}
	})
	t.Run("macie", func(t *testing.T) {
		if east.Macie == nil || east.Macie.Status != "ENABLED" || east.Macie.ClassificationJobs == nil || *east.Macie.ClassificationJobs != 1 {
			t.Errorf("us-east-1 macie = %+v", east.Macie)
		}
		west, eu := region(t, snap, "us-west-2"), region(t, snap, "eu-west-1")
		if !reflect.DeepEqual(west.Macie, &probes.MacieSession{Status: probes.MacieNotEnabled}) || west.MacieErr != nil ||
			!reflect.DeepEqual(eu.Macie, &probes.MacieSession{Status: "PAUSED"}) {
			t.Errorf("us-west-2 macie = %+v (%v), eu-west-1 = %+v", west.Macie, west.MacieErr, eu.Macie)
		}
	})
	t.Run("acm", func(t *testing.T) {
		if len(east.Certificates) != 2 {
			t.Fatalf("certificates = %+v, want RSA and EC ones", east.Certificates)
		}
		c := east.Certificates[1]
		if c.Domain != "portal.example.com" || c.Status != "ISSUED" || c.NotAfter == nil || !c.NotAfter.Equal(fixtureNow.AddDate(0, 0, 20)) ||
			!reflect.DeepEqual(c.InUseBy, []string{"lb-a", "lb-b"}) {
			t.Errorf("certificate = %+v", c)
		}
	})
	t.Run("other regions", func(t *testing.T) {
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
}

// TestCollectKeepsOnlyOwnSnapshots: an endpoint that ignores OwnerIds=self
// lists other owners' public snapshots; only the account's own are kept and
// probed, and the others are counted.
func TestCollectKeepsOnlyOwnSnapshots(t *testing.T) {
	isolateAWS(t)
	acct := sampleAccount()
	acct.IgnoreOwnerFilter = true
	east := acct.RegionalStates["us-east-1"]
	for i := range 40 {
		east.Snapshots = append(east.Snapshots, fakeaws.Snapshot{ID: fmt.Sprintf("snap-foreign-%02d", i), Owner: "999999999999", Public: true})
	}
	east.DBSnapshots = append(east.DBSnapshots, fakeaws.DBSnapshot{ID: "shared-in", Type: "shared", Public: true, Owner: "999999999999"})
	snap, fake := collectEast(t, acct, nil, fakeaws.WithPageSize(7))
	r := region(t, snap, "us-east-1")
	var ids []string
	for _, s := range r.Snapshots {
		ids = append(ids, s.ID)
	}
	if want := []string{"snap-private", "snap-public"}; !reflect.DeepEqual(ids, want) || r.ForeignSnapshots != 41 {
		t.Errorf("snapshots = %v, foreign %d; want %v and 41 left out", ids, r.ForeignSnapshots, want)
	}
	if r.ForeignDBSnapshots != 1 || slices.ContainsFunc(r.DBSnapshots, func(s probes.DBSnapshot) bool { return s.ID == "shared-in" }) {
		t.Errorf("db snapshots = %+v, foreign %d", r.DBSnapshots, r.ForeignDBSnapshots)
	}
	probed := 0
	for _, c := range fake.Calls() {
		if c.Operation == "ec2:DescribeSnapshotAttribute" {
			probed++
		}
	}
	if probed != 2 {
		t.Errorf("%d DescribeSnapshotAttribute calls, want 2 (own snapshots only)", probed)
	}
	fs := probes.Evaluate(snap, fixtureNow, nil)
	if f := find(t, fs, "snapshot trace", func(f assessment.Finding) bool {
		return f.CheckID == "ec2-ebs-snapshot-public" && f.Resource == testAccount
	}); !strings.Contains(f.Reason, "41 of other owners") {
		t.Errorf("trace = %q", f.Reason)
	}
}
