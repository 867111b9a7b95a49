package awscollect

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
)

// TestCollectIAM reads the sample account's password policy, summary,
// credential report, users, groups and the policies attached to them.
func TestCollectIAM(t *testing.T) {
	snap, _ := collectSample(t)
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
