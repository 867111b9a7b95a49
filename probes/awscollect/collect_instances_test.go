package awscollect

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

const (
	instARN = "arn:aws:ec2:us-east-1:123456789012:instance/"
	acctRes = testAccount
)

// outcome is what one finding should say: its status, error code and a
// part of its reason.
type outcome struct {
	check, region, resource string
	status                  assessment.Status
	code, reason            string
}

func expectFindings(t *testing.T, snap *probes.Snapshot, want []outcome) {
	t.Helper()
	fs := probes.Evaluate(snap, fixtureNow, nil)
	for _, w := range want {
		f := find(t, fs, w.check+" "+w.region+" "+w.resource, func(f assessment.Finding) bool {
			return f.CheckID == w.check && f.Region == w.region && f.Resource == w.resource
		})
		if f.Status != w.status || f.ErrorCode != w.code || !strings.Contains(f.Reason, w.reason) {
			t.Errorf("%s %s %s = %s %q %q, want %s %q containing %q", w.check, w.region, w.resource, f.Status, f.ErrorCode, f.Reason, w.status, w.code, w.reason)
		}
	}
}

// collectFaults reads the sample account with the given faults injected.
func collectFaults(t *testing.T, faults ...fakeaws.Fault) (*probes.Snapshot, *fakeaws.Server) {
	t.Helper()
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount(), fakeaws.WithPageSize(1))
	t.Cleanup(fake.Close)
	for _, f := range faults {
		fake.Inject(f)
	}
	snap, err := Collect(context.Background(), testOptions(fake.URL))
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return snap, fake
}

// TestCollectInstancesPatchesInspector reads EC2 instances, Systems
// Manager and Amazon Inspector over the wire and judges them.
func TestCollectInstancesPatchesInspector(t *testing.T) {
	snap, _ := collectSample(t)
	east, west := region(t, snap, "us-east-1"), region(t, snap, "us-west-2")
	wantInstances := []probes.Instance{
		{ID: "i-0aaa", State: "running", MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled", RootVolumeID: "vol-2",
			RootVolumeEncrypted: aws.Bool(true), Name: "ehr-app", Platform: "Linux/UNIX"},
		{ID: "i-0bbb", State: "running", MetadataHTTPTokens: "optional", MetadataHTTPEndpoint: "enabled", RootVolumeID: "vol-1",
			RootVolumeEncrypted: aws.Bool(false), Name: "legacy-fax", Platform: "Windows"},
		{ID: "i-0ccc", State: "stopped", MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "enabled", Platform: "Linux/UNIX"},
		{ID: "i-0fff", State: "running", MetadataHTTPTokens: "required", MetadataHTTPEndpoint: "disabled", Name: "scratch", Platform: "Linux/UNIX"},
	}
	if !east.InstancesCollected || east.InstancesErr != nil || !reflect.DeepEqual(east.Instances, wantInstances) || east.ForeignInstances != 1 {
		t.Errorf("instances = %v %+v %+v, %d of other owners", east.InstancesCollected, east.InstancesErr, east.Instances, east.ForeignInstances)
	}
	ended := func(days int) *time.Time { d := fixtureNow.AddDate(0, 0, -days); return &d }
	wantNodes := []probes.ManagedInstance{
		{ID: "i-0aaa", PingStatus: "Online", Patch: &probes.PatchState{Installed: 180, Operation: "Scan", OperationEnd: ended(1)}},
		{ID: "i-0bbb", PingStatus: "ConnectionLost", Patch: &probes.PatchState{Missing: 4, Failed: 1, InstalledPendingReboot: 2, Installed: 95,
			CriticalNonCompliant: 1, SecurityNonCompliant: 3, Operation: "Install", OperationEnd: ended(3)}},
		{ID: "i-0ccc", PingStatus: "Online"},
	}
	if !east.SSMCollected || east.ManagedInstancesErr != nil || !reflect.DeepEqual(east.ManagedInstances, wantNodes) {
		t.Errorf("managed instances = %v %+v %+v", east.SSMCollected, east.ManagedInstancesErr, east.ManagedInstances)
	}
	if want := (&probes.InspectorStatus{Status: "ENABLED", EC2: "ENABLED", ECR: "ENABLED", Lambda: "DISABLED", FindingsRead: true, Critical: 1, High: 2}); !reflect.DeepEqual(east.Inspector, want) {
		t.Errorf("inspector = %+v, want %+v", east.Inspector, want)
	}
	if want := (&probes.InspectorStatus{Status: "DISABLED", EC2: "DISABLED", ECR: "DISABLED", Lambda: "DISABLED"}); !reflect.DeepEqual(west.Inspector, want) {
		t.Errorf("us-west-2 inspector = %+v, want %+v", west.Inspector, want)
	}
	expectFindings(t, snap, []outcome{
		{"ec2-instance-imdsv2", "us-east-1", instARN + "i-0aaa", assessment.Pass, "", "required"},
		{"ec2-instance-imdsv2", "us-east-1", instARN + "i-0bbb", assessment.Fail, "", "IMDSv1"},
		{"ec2-instance-imdsv2", "us-east-1", instARN + "i-0ccc", assessment.Pass, "", "required"},
		{"ec2-instance-imdsv2", "us-east-1", instARN + "i-0fff", assessment.Pass, "", "turned off"},
		{"ec2-instance-imdsv2", "us-west-2", acctRes, assessment.Pass, "", "no EC2 instance"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0aaa", assessment.Pass, "", "ehr-app: patch compliant: 180 installed"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0bbb", assessment.Fail, "",
			"legacy-fax: patches not compliant: 4 missing, 1 failed, 2 installed pending reboot (non-compliant: 1 critical, 3 security); last install 2026-02-26"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0fff", assessment.NotAssessed, "", "not managed by Systems Manager: patch state unknown"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0ccc", assessment.NotAssessed, "", "instance stopped"},
		{"ec2-instance-imdsv2", "us-east-1", acctRes, assessment.Pass, "", "4 EC2 instances in this region; 1 of other owners were listed too and left out"},
		{"ssm-patch-compliance", "us-west-2", acctRes, assessment.Pass, "", "the account has no EC2 instance in this region"},
		{"inspector-enabled", "us-east-1", acctRes, assessment.Fail, "", "does not scan Lambda (DISABLED)"},
		{"inspector-enabled", "us-west-2", acctRes, assessment.Fail, "", "off in this region"},
		{"inspector-critical-findings", "us-east-1", acctRes, assessment.Fail, "", "1 critical and 2 high-severity"},
		{"inspector-critical-findings", "us-west-2", acctRes, assessment.NotAssessed, "", "Inspector is off"},
	})
}

func TestCollectInstancesPatchesInspectorDenied(t *testing.T) {
	snap, _ := collectFaults(t,
		fakeaws.Fault{Operation: "ec2:DescribeInstances", Region: "us-west-2", Code: "UnauthorizedOperation", Status: 403},
		fakeaws.Fault{Operation: "ssm:DescribeInstancePatchStates", Region: "us-east-1", Code: "AccessDeniedException", Status: 400},
		fakeaws.Fault{Operation: "inspector2:ListFindings", Region: "us-east-1", Code: "AccessDeniedException", Status: 403},
		fakeaws.Fault{Operation: "inspector2:BatchGetAccountStatus", Region: "us-west-2", Code: "AccessDeniedException", Status: 403},
	)
	expectFindings(t, snap, []outcome{
		{"ec2-instance-imdsv2", "us-west-2", acctRes, assessment.NotAssessed, "UnauthorizedOperation", "ec2:DescribeInstances"},
		{"ssm-patch-compliance", "us-west-2", acctRes, assessment.NotAssessed, "UnauthorizedOperation", "the EC2 instances"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0aaa", assessment.NotAssessed, "AccessDeniedException", "ssm:DescribeInstancePatchStates"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0fff", assessment.NotAssessed, "", "not managed"},
		{"inspector-critical-findings", "us-east-1", acctRes, assessment.NotAssessed, "AccessDeniedException", "inspector2:ListFindings"},
		{"inspector-enabled", "us-east-1", acctRes, assessment.Fail, "", "Lambda"},
		{"inspector-enabled", "us-west-2", acctRes, assessment.NotAssessed, "AccessDeniedException", "inspector2:BatchGetAccountStatus"},
		{"inspector-critical-findings", "us-west-2", acctRes, assessment.NotAssessed, "AccessDeniedException", "inspector2:BatchGetAccountStatus"},
	})
	snap, _ = collectFaults(t, fakeaws.Fault{Operation: "ssm:DescribeInstanceInformation", Region: "us-east-1", Code: "AccessDeniedException", Status: 400})
	expectFindings(t, snap, []outcome{
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0aaa", assessment.NotAssessed, "AccessDeniedException", "whether Systems Manager manages the instance"},
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0fff", assessment.NotAssessed, "AccessDeniedException", "ssm:DescribeInstanceInformation"},
		{"ec2-instance-imdsv2", "us-east-1", instARN + "i-0bbb", assessment.Fail, "", "IMDSv1"},
	})
}

func TestCollectInstancesPatchesInspectorThrottled(t *testing.T) {
	ops := []string{"ec2:DescribeInstances", "ssm:DescribeInstanceInformation", "ssm:DescribeInstancePatchStates",
		"inspector2:BatchGetAccountStatus", "inspector2:ListFindings"}
	var faults []fakeaws.Fault
	for i, op := range ops {
		code := []string{"RequestLimitExceeded", "ThrottlingException", "ThrottlingException", "TooManyRequestsException", "ThrottlingException"}[i]
		faults = append(faults, fakeaws.Fault{Operation: op, Region: "us-east-1", Code: code, Status: 400, Times: 2})
	}
	snap, fake := collectFaults(t, faults...)
	east := region(t, snap, "us-east-1")
	if east.InstancesErr != nil || len(east.Instances) != 4 || east.ManagedInstancesErr != nil || len(east.ManagedInstances) != 3 ||
		east.ManagedInstances[1].Patch == nil || east.InspectorErr != nil || east.Inspector == nil || east.Inspector.Critical != 1 {
		t.Errorf("after throttling: instances %d %+v, managed %+v %+v, inspector %+v %+v",
			len(east.Instances), east.InstancesErr, east.ManagedInstances, east.ManagedInstancesErr, east.Inspector, east.InspectorErr)
	}
	counts := map[string]int{}
	for _, c := range fake.Calls() {
		if c.Region == "us-east-1" {
			counts[c.Operation]++
		}
	}
	for _, op := range ops {
		if counts[op] < 3 {
			t.Errorf("%s called %d times in us-east-1, want the throttled calls retried", op, counts[op])
		}
	}
	expectFindings(t, snap, []outcome{
		{"ssm-patch-compliance", "us-east-1", instARN + "i-0bbb", assessment.Fail, "", "4 missing"},
		{"inspector-critical-findings", "us-east-1", acctRes, assessment.Fail, "", "1 critical and 2 high-severity"},
	})
}
