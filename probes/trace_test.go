package probes

import (
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// emptyRegion is a region that was read and holds nothing.
func emptyRegion(name string) RegionData {
	return RegionData{Region: name, GuardDutyDetectors: []Detector{}, ConfigRecorders: []ConfigRecorder{}, Volumes: []Volume{},
		Snapshots: []EBSSnapshot{}, SecurityGroups: []SecurityGroup{}, VPCs: []VPC{}, FlowLogs: []FlowLog{},
		DBInstances: []DBInstance{}, DBClusters: []DBCluster{}, DBSnapshots: []DBSnapshot{}, KMSKeys: []KMSKey{},
		LogGroups: []LogGroup{}, BackupPlans: []BackupPlan{}, BackupVaults: []BackupVault{}, RestoreTestingPlans: []RestoreTestingPlan{},
		Analyzers: []Analyzer{}, LoadBalancers: []LoadBalancer{}, Certificates: []Certificate{},
		Macie:              &MacieSession{Status: MacieNotEnabled},
		InstancesCollected: true, Instances: []Instance{}, SSMCollected: true, ManagedInstances: []ManagedInstance{},
		Inspector: &InspectorStatus{Status: "ENABLED", EC2: "ENABLED", ECR: "ENABLED", Lambda: "ENABLED", FindingsRead: true}}
}

// emptySnapshot is a new account: everything was read, nothing is there.
func emptySnapshot() *Snapshot {
	return &Snapshot{
		SchemaVersion: SnapshotSchemaVersion, Provider: "aws", AccountID: acct, Partition: "aws",
		Regions: []string{usEast, usWest},
		S3:      S3Data{AccountPublicAccessBlock: allBlocked(), Buckets: []Bucket{}},
		IAM: IAMData{AccountSummary: map[string]int32{"AccountMFAEnabled": 1},
			CredentialReport: &CredentialReport{GeneratedAt: testNow.Add(-time.Hour), Rows: []CredentialRow{{User: rootUser, MFAActive: true}}},
			Users:            []IAMPrincipal{}, Groups: []IAMPrincipal{}, ManagedPolicies: []PolicyDocument{}},
		CloudTrail: CloudTrailData{Trails: []Trail{}},
		Artifact:   ArtifactData{Agreements: []Agreement{}},
		Regional:   []RegionData{emptyRegion(usEast), emptyRegion(usWest)},
	}
}

// TestEveryCheckLeavesATrace: for every region that was read, every
// per-region check reports something about that region, and every check
// reports something about the account, saying what it found and why it
// judged nothing rather than staying silent.
func TestEveryCheckLeavesATrace(t *testing.T) {
	allAWSManaged := goodSnapshot()
	r0(allAWSManaged).KMSKeys = []KMSKey{
		{ID: "a1", Manager: "AWS", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS"},
		{ID: "a2", Manager: "AWS", State: "Enabled", Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS"},
		{ID: "r1", Manager: "CUSTOMER", State: "Enabled", Spec: "RSA_2048", Usage: "SIGN_VERIFY", Origin: "AWS_KMS"},
	}
	withEmptyRegion := goodSnapshot()
	withEmptyRegion.Regions = append(withEmptyRegion.Regions, usWest)
	withEmptyRegion.Regional = append(withEmptyRegion.Regional, emptyRegion(usWest))
	skipped := goodSnapshot()
	r0(skipped).Volumes = []Volume{{ID: "vol-x", State: "deleting"}}
	r0(skipped).VPCs = []VPC{{ID: "vpc-empty"}}
	r0(skipped).Certificates[0].InUseBy = nil
	r0(skipped).ExternalAccess = []AccessFinding{{ID: "f-other", Resource: "arn:aws:s3:::member-bucket", ResourceOwner: "999988887777"}}
	r0(skipped).BackupPlans = []BackupPlan{}
	r0(skipped).Instances = []Instance{{ID: "i-stopped", State: "stopped", MetadataHTTPTokens: "required"}}
	noWAF := goodSnapshot()
	internal := r0(noWAF).LoadBalancers[0]
	internal.Scheme, internal.WAF = "internal", nil
	gateway := LoadBalancer{ARN: lbARN + "-gw", Name: "inspect", Type: "gateway", Scheme: "internal", Listeners: []Listener{}}
	r0(noWAF).LoadBalancers = []LoadBalancer{internal, gateway}
	stoppedGone := goodSnapshot()
	r0(stoppedGone).Instances = []Instance{{ID: "i-gone", State: "shutting-down", MetadataHTTPTokens: "optional"}}
	inspectorOff := goodSnapshot()
	r0(inspectorOff).Inspector = &InspectorStatus{Status: "DISABLED", EC2: "DISABLED", ECR: "DISABLED", Lambda: "DISABLED"}
	for name, s := range map[string]*Snapshot{"empty account": emptySnapshot(), "empty second region": withEmptyRegion,
		"only AWS-managed keys": allAWSManaged, "only skipped resources": skipped, "no load balancer for AWS WAF": noWAF,
		"only an instance shutting down": stoppedGone, "Inspector off": inspectorOff} {
		t.Run(name, func(t *testing.T) {
			fs := Evaluate(s, testNow, nil)
			for _, c := range Checks() {
				var mine []assessment.Finding
				for _, f := range fs {
					if f.CheckID == c.ID {
						mine = append(mine, f)
					}
				}
				if len(mine) == 0 {
					t.Errorf("%s: no finding", c.ID)
				}
				for _, f := range mine {
					if f.Status == assessment.Error {
						t.Errorf("%s: %s %s: %s", c.ID, f.Status, f.Region, f.Reason)
					}
				}
				if !c.PerRegion() {
					continue
				}
				for _, r := range s.Regional {
					n := 0
					for _, f := range mine {
						if f.Region == r.Region {
							n++
						}
					}
					if n == 0 {
						t.Errorf("%s: no finding for region %s", c.ID, r.Region)
					}
				}
			}
		})
	}
	fs := Evaluate(allAWSManaged, testNow, nil)
	if f := findByID(t, fs, rid("kms-key-rotation")); f.Status != assessment.Pass ||
		f.Reason != "3 key(s), none that can rotate automatically: 2 AWS-managed (AWS rotates these itself), 1 asymmetric or HMAC (RSA_2048); nothing to rotate" {
		t.Errorf("kms trace = %s %q", f.Status, f.Reason)
	}
}

// TestTraceNet: a per-region check that says nothing about a region is
// reported as an error, never passed over.
func TestTraceNet(t *testing.T) {
	e := &evaluation{s: goodSnapshot(), now: testNow}
	e.s.Regional = append(e.s.Regional, emptyRegion(usWest))
	c := Check{ID: "x-test", Service: "ec2", Title: "t", Citations: []string{"164.312(b)"}}
	e.pass(c, usEast, acct, "fine")
	e.leaveTrace(c, 0)
	if len(e.out) != 2 || e.out[1].Region != usWest || e.out[1].Status != assessment.Error {
		t.Fatalf("findings = %+v", e.out)
	}
	e.out = nil
	e.leaveTrace(Check{ID: "x-global", Service: "iam", Global: true}, 0)
	if len(e.out) != 1 || e.out[0].Region != GlobalRegion || e.out[0].Status != assessment.Error {
		t.Fatalf("findings = %+v", e.out)
	}
}
