package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// A member account covered by the organization's analyzer passes the
// analyzer check and gets the findings on its own resources; a member with
// its own analyzer keeps it; without the owner's findings, the member's
// findings stay unread.
func TestShareOrganizationAnalyzers(t *testing.T) {
	const mgmt, member, own = "111111111111", "222222222222", "333333333333"
	orgA := Analyzer{Name: "org", ARN: "arn:aws:access-analyzer:us-east-1:111111111111:analyzer/org", Type: "ORGANIZATION", Status: "ACTIVE"}
	snap := func(account string, analyzers []Analyzer, findings []AccessFinding, read string) *Snapshot {
		s := goodSnapshot()
		s.AccountID = account
		r0(s).Analyzers, r0(s).ExternalAccess, r0(s).ExternalAccessAnalyzer = analyzers, findings, read
		return s
	}
	findings := []AccessFinding{
		{ID: "f1", Resource: "arn:aws:s3:::member-exports", ResourceType: "AWS::S3::Bucket", ResourceOwner: member, Principals: []string{"AWS: 999999999999"}},
		{ID: "f2", Resource: "arn:aws:s3:::other", ResourceType: "AWS::S3::Bucket", ResourceOwner: own, Principals: []string{"AWS: *"}, Public: true},
	}
	snaps := []*Snapshot{
		snap(mgmt, []Analyzer{orgA}, findings, orgA.ARN),
		snap(member, []Analyzer{}, nil, ""),
		snap(own, []Analyzer{{Name: "mine", ARN: "arn:mine", Type: "ACCOUNT", Status: "ACTIVE"}}, []AccessFinding{}, "arn:mine"),
	}
	ShareOrganizationAnalyzers(snaps)
	status := func(s *Snapshot, check, resource string) assessment.Status {
		t.Helper()
		for _, f := range Evaluate(s, testNow, nil) {
			if f.CheckID == check && f.Region == usEast && f.Resource == resource {
				return f.Status
			}
		}
		t.Fatalf("%s: no %s finding on %s", s.AccountID, check, resource)
		return ""
	}
	if got := status(snaps[1], assessment.CheckAccessAnalyzerEnabled, member); got != assessment.Pass {
		t.Errorf("member covered by the organization's analyzer: %s", got)
	}
	if got := status(snaps[1], assessment.CheckAccessAnalyzerExternalAccess, "arn:aws:s3:::member-exports"); got != assessment.Fail {
		t.Errorf("member's shared bucket: %s", got)
	}
	if n := len(r0(snaps[2]).Analyzers); n != 1 || r0(snaps[2]).ExternalAccessAnalyzer != "arn:mine" {
		t.Errorf("a member with its own analyzer was changed: %+v", r0(snaps[2]).Analyzers)
	}
	if n := len(r0(snaps[0]).Analyzers); n != 1 {
		t.Errorf("the owner got its own analyzer twice: %+v", r0(snaps[0]).Analyzers)
	}

	// The owner read its account analyzer instead: the member is covered,
	// but its findings were not read.
	snaps = []*Snapshot{
		snap(mgmt, []Analyzer{orgA, {Name: "acct", ARN: "arn:acct", Type: "ACCOUNT", Status: "ACTIVE"}}, []AccessFinding{}, "arn:acct"),
		snap(member, []Analyzer{}, nil, ""),
	}
	ShareOrganizationAnalyzers(snaps)
	if got := status(snaps[1], assessment.CheckAccessAnalyzerEnabled, member); got != assessment.Pass {
		t.Errorf("member covered, findings unread: enabled %s", got)
	}
	if got := status(snaps[1], assessment.CheckAccessAnalyzerExternalAccess, member); got != assessment.NotAssessed {
		t.Errorf("member's findings unread: %s, want not assessed", got)
	}
}
