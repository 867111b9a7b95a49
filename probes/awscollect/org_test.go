package awscollect

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

const (
	memberOK     = "222233334444"
	memberDenied = "333344445555"
)

// orgAccount is a three-account organization: the sample account manages
// it, one member lets the probes assume the role, one does not.
func orgAccount() *fakeaws.Account {
	mgmt := sampleAccount()
	mgmt.Name = "management"
	ok := sampleAccount()
	ok.ID, ok.Name, ok.CallerARN = memberOK, "clinic", "arn:aws:sts::"+memberOK+":assumed-role/"+DefaultRole+"/hipaarisk-probe"
	ok.CredentialReport = strings.ReplaceAll(ok.CredentialReport, testAccount, memberOK)
	mgmt.Members = []*fakeaws.Account{ok, {ID: memberDenied, Name: "lab", RoleDenied: true}}
	return mgmt
}

func TestCollectOrg(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(orgAccount())
	defer fake.Close()
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-east-1", "eu-west-1"}
	snaps, err := CollectOrg(context.Background(), opts, OrgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 3 {
		t.Fatalf("%d snapshots, want 3", len(snaps))
	}
	byID := map[string]*probes.Snapshot{}
	for _, s := range snaps {
		byID[s.AccountID] = s
	}
	for _, id := range []string{testAccount, memberOK} {
		s := byID[id]
		if s == nil || s.AccessErr != nil || len(s.Regional) != 2 || len(s.S3.Buckets) != 4 {
			t.Errorf("account %s: %+v", id, s)
		}
	}
	if byID[memberOK].CallerARN != "arn:aws:sts::"+memberOK+":assumed-role/"+DefaultRole+"/hipaarisk-probe" {
		t.Errorf("member read as %s", byID[memberOK].CallerARN)
	}
	denied := byID[memberDenied]
	if denied == nil || denied.AccessErr == nil || denied.AccessErr.Code != "AccessDenied" || denied.AccessErr.Operation != "sts:AssumeRole" {
		t.Fatalf("denied account: %+v", denied)
	}
	var all []assessment.Finding
	for _, s := range snaps {
		fs := probes.Evaluate(s, fixtureNow, nil)
		if s.AccountID == memberDenied {
			if len(fs) != 1 || fs[0].Status != assessment.NotAssessed || fs[0].ErrorCode != "AccessDenied" || fs[0].CheckID != assessment.CheckAWSAccountReadable {
				t.Errorf("denied account findings = %+v", fs)
			}
		} else if len(fs) < 50 {
			t.Errorf("account %s: only %d findings", s.AccountID, len(fs))
		}
		for _, f := range fs {
			if f.AccountID != s.AccountID {
				t.Errorf("finding %s carries account %q, want %s", f.ID, f.AccountID, s.AccountID)
			}
		}
		all = append(all, fs...)
	}
	ids := map[string]bool{}
	for _, f := range all {
		if ids[f.ID] && !strings.Contains(f.Resource, "arn:aws:s3:::") {
			t.Errorf("finding id %s appears in two accounts", f.ID)
		}
		ids[f.ID] = true
	}
	// every call of a member account was signed with its role's credentials
	for _, c := range fake.Calls() {
		if c.Operation == "organizations:ListAccounts" && c.AccessKey != "AKIDEXAMPLETEST" {
			t.Errorf("ListAccounts signed with %s", c.AccessKey)
		}
	}
}

func TestCollectOrgLimitsAccounts(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(orgAccount())
	defer fake.Close()
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-east-1"}
	snaps, err := CollectOrg(context.Background(), opts, OrgOptions{Role: "Auditor", Accounts: []string{memberOK}})
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 1 || snaps[0].AccountID != memberOK || snaps[0].AccessErr != nil {
		t.Fatalf("snapshots = %+v", snaps)
	}
	for _, c := range fake.Calls() {
		if c.Operation == "sts:AssumeRole" && c.AccessKey != "AKIDEXAMPLETEST" {
			t.Errorf("AssumeRole signed with %s", c.AccessKey)
		}
	}
}

func TestCollectOrgNotAnOrganization(t *testing.T) {
	isolateAWS(t)
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	_, err := CollectOrg(context.Background(), testOptions(fake.URL), OrgOptions{})
	if err == nil || !strings.Contains(err.Error(), "AWSOrganizationsNotInUseException") {
		t.Fatalf("err = %v", err)
	}
}

func TestOrgPolicies(t *testing.T) {
	b, err := OrgPolicies("", "111111111111")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ManagementAccountPolicy struct{ Statement []struct{ Action any } }
		MemberRole              struct {
			Name              string
			PermissionsPolicy json.RawMessage
			TrustPolicy       struct {
				Statement []struct{ Principal map[string]string }
			}
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	mgmt := string(b)
	for _, want := range []string{`"organizations:ListAccounts"`, `"arn:aws:iam::*:role/HipaariskReadOnly"`, `"arn:aws:iam::111111111111:root"`} {
		if !strings.Contains(mgmt, want) {
			t.Errorf("policies lack %s", want)
		}
	}
	if doc.MemberRole.Name != DefaultRole || len(doc.ManagementAccountPolicy.Statement) != 3 ||
		doc.MemberRole.TrustPolicy.Statement[0].Principal["AWS"] != "arn:aws:iam::111111111111:root" {
		t.Errorf("policies = %s", b)
	}
	if strings.Contains(string(doc.MemberRole.PermissionsPolicy), "organizations:") || strings.Contains(string(doc.MemberRole.PermissionsPolicy), "AssumeRole") {
		t.Error("the member role may only read")
	}
}

// A member account without an analyzer of its own is covered by the
// organization's analyzer, which AWS shows only in the management account:
// the organization scan gives the member that analyzer and the findings on
// its own resources.
func TestCollectOrgSharesTheOrganizationAnalyzer(t *testing.T) {
	isolateAWS(t)
	org := orgAccount()
	org.RegionalStates["us-east-1"].Analyzers = []fakeaws.Analyzer{{Name: "org", Type: "ORGANIZATION", Findings: []fakeaws.AccessFinding{
		{ID: "f-member", Resource: "arn:aws:s3:::clinic-exports", ResourceType: "AWS::S3::Bucket", Owner: memberOK,
			Principal: map[string]string{"AWS": "999988887777"}, Actions: []string{"s3:GetObject"}},
	}}}
	org.Members[0].RegionalStates["us-east-1"].Analyzers = nil
	fake := fakeaws.New(org)
	defer fake.Close()
	opts := testOptions(fake.URL)
	opts.Regions = []string{"us-east-1"}
	snaps, err := CollectOrg(context.Background(), opts, OrgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snaps {
		if s.AccountID != memberOK {
			continue
		}
		fs := probes.Evaluate(s, fixtureNow, nil)
		enabled := find(t, fs, "analyzer check", func(f assessment.Finding) bool { return f.CheckID == assessment.CheckAccessAnalyzerEnabled })
		if enabled.Status != assessment.Pass || !strings.Contains(enabled.Reason, "in account "+testAccount) {
			t.Errorf("member's analyzer check: %s %q", enabled.Status, enabled.Reason)
		}
		shared := find(t, fs, "shared bucket", func(f assessment.Finding) bool {
			return f.CheckID == assessment.CheckAccessAnalyzerExternalAccess && f.Resource == "arn:aws:s3:::clinic-exports"
		})
		if shared.Status != assessment.Fail {
			t.Errorf("member's shared bucket: %s %q", shared.Status, shared.Reason)
		}
	}
}
