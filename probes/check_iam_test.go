package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// uid is the id of a finding about alice (suffix "") or one of her keys.
func uid(check, suffix string) string { return FindingID(check, GlobalRegion, aliceARN+suffix) }

func TestIAMChecks(t *testing.T) {
	admin := FindingID("iam-admin-policies", GlobalRegion, aliceARN)
	inline := func(doc string) func(s *Snapshot) {
		return func(s *Snapshot) {
			s.IAM.Users[0].InlinePolicies = []PolicyDocument{{Name: "custom", Document: doc}}
		}
	}
	reportDenied := func(s *Snapshot) {
		s.IAM.CredentialReport = nil
		s.IAM.CredentialReportErr = denied("iam:GetCredentialReport")
	}
	runCases(t, []checkCase{
		{"root no keys", nil, gid("iam-root-access-keys"), assessment.Pass, "", "report generated 2h ago"},
		{"root active key", func(s *Snapshot) {
			s.IAM.CredentialReport.Rows[0].AccessKey1Active = true
			s.IAM.CredentialReport.Rows[0].AccessKey1LastUsed = ago(3 * day24)
		}, gid("iam-root-access-keys"), assessment.Fail, "", "root has 1 active access key(s): key 1 last used 2026-06-12 (report generated 2h ago)"},
		{"root key from summary", func(s *Snapshot) { reportDenied(s); s.IAM.AccountSummary["AccountAccessKeysPresent"] = 1 },
			gid("iam-root-access-keys"), assessment.Fail, "", "account summary"},
		{"root keys unreadable", func(s *Snapshot) { reportDenied(s); s.IAM.AccountSummaryErr = denied("iam:GetAccountSummary") },
			gid("iam-root-access-keys"), assessment.NotAssessed, "AccessDenied", "credential report"},
		{"root row missing", func(s *Snapshot) {
			s.IAM.CredentialReport.Rows = s.IAM.CredentialReport.Rows[1:]
			s.IAM.AccountSummaryErr = denied("iam:GetAccountSummary")
		}, gid("iam-root-access-keys"), assessment.Error, "", rootUser},
		{"root row missing, keys from summary", func(s *Snapshot) {
			s.IAM.CredentialReport.Rows = s.IAM.CredentialReport.Rows[1:]
			s.IAM.AccountSummary["AccountAccessKeysPresent"] = 1
		}, gid("iam-root-access-keys"), assessment.Fail, "", "account summary"},
		{"root row missing, mfa from summary", func(s *Snapshot) { s.IAM.CredentialReport.Rows = s.IAM.CredentialReport.Rows[1:] },
			gid("iam-root-mfa"), assessment.Pass, "", "account summary"},
		{"root mfa on", nil, gid("iam-root-mfa"), assessment.Pass, "", "root MFA on"},
		{"root mfa off", func(s *Snapshot) { s.IAM.CredentialReport.Rows[0].MFAActive = false }, gid("iam-root-mfa"), assessment.Fail, "", "root MFA off (report generated 2h ago)"},
		{"root mfa from summary", func(s *Snapshot) { reportDenied(s) }, gid("iam-root-mfa"), assessment.Pass, "", "account summary"},
		{"root mfa unreadable", func(s *Snapshot) { reportDenied(s); s.IAM.AccountSummary = nil }, gid("iam-root-mfa"), assessment.NotAssessed, "AccessDenied", "credential report"},

		{"console mfa on", nil, uid("iam-user-console-mfa", ""), assessment.Pass, "", "alice signs in to the console with MFA"},
		{"console mfa missing", func(s *Snapshot) {
			r := s.IAM.CredentialReport
			r.Rows = append(r.Rows,
				CredentialRow{User: "bob", ARN: "arn:aws:iam::111122223333:user/bob", PasswordEnabled: true},
				CredentialRow{User: "svc", PasswordEnabled: false})
		}, FindingID("iam-user-console-mfa", GlobalRegion, "arn:aws:iam::111122223333:user/bob"), assessment.Fail, "", "bob has a console password without MFA (report generated 2h ago)"},
		{"console mfa user without arn", func(s *Snapshot) {
			s.IAM.CredentialReport.Rows = append(s.IAM.CredentialReport.Rows, CredentialRow{User: "carol", PasswordEnabled: true})
		}, FindingID("iam-user-console-mfa", GlobalRegion, "arn:aws:iam::111122223333:user/carol"), assessment.Fail, "", "carol"},
		{"console mfa no console users", func(s *Snapshot) { alice(s).PasswordEnabled = false },
			gid("iam-user-console-mfa"), assessment.Pass, "", "no IAM user has a console password"},
		{"console mfa denied", reportDenied, gid("iam-user-console-mfa"), assessment.NotAssessed, "AccessDenied", "credential report"},
		{"password policy strong", nil, gid("iam-password-policy"), assessment.Pass, "", "minimum length 14"},
		{"password policy default", func(s *Snapshot) { s.IAM.PasswordPolicy = nil }, gid("iam-password-policy"), assessment.Fail, "", "AWS default policy"},
		{"password policy NoSuchEntity", func(s *Snapshot) {
			s.IAM.PasswordPolicy = nil
			s.IAM.PasswordPolicyErr = &APIError{Code: codeNoSuchEntity}
		}, gid("iam-password-policy"), assessment.Fail, "", "AWS default policy"},
		{"password policy weak", func(s *Snapshot) { s.IAM.PasswordPolicy.MinimumLength = 8; s.IAM.PasswordPolicy.RequireSymbols = false },
			gid("iam-password-policy"), assessment.Fail, "", "minimum length 8 (need 14), symbols not required"},
		{"password policy denied", func(s *Snapshot) { s.IAM.PasswordPolicyErr = denied("iam:GetAccountPasswordPolicy") },
			gid("iam-password-policy"), assessment.NotAssessed, "AccessDenied", "password policy"},

		{"keys rotated", nil, uid("iam-access-key-rotation", "/access-key-1"), assessment.Pass, "", "alice key 1 created 10 days ago"},
		{"key old", func(s *Snapshot) { alice(s).AccessKey1Rotated = ago(120 * day24) }, uid("iam-access-key-rotation", "/access-key-1"), assessment.Fail, "", "alice key 1 created 120 days ago"},
		{"second key old", func(s *Snapshot) { alice(s).AccessKey2Active = true; alice(s).AccessKey2Rotated = ago(200 * day24) },
			uid("iam-access-key-rotation", "/access-key-2"), assessment.Fail, "", "alice key 2 created 200 days ago"},
		{"key creation unknown", func(s *Snapshot) { alice(s).AccessKey1Rotated = nil }, uid("iam-access-key-rotation", "/access-key-1"), assessment.Fail, "", "creation date unknown"},
		{"inactive old key ignored", func(s *Snapshot) {
			alice(s).AccessKey2Rotated = ago(500 * day24)
		}, uid("iam-access-key-rotation", "/access-key-2"), "", "", ""},
		{"no active keys", func(s *Snapshot) { alice(s).AccessKey1Active = false }, gid("iam-access-key-rotation"), assessment.Pass, "", "no IAM user has an active access key"},
		{"no account finding when keys exist", nil, gid("iam-access-key-rotation"), "", "", ""},
		{"key rotation denied", reportDenied, gid("iam-access-key-rotation"), assessment.NotAssessed, "AccessDenied", ""},

		{"password used", nil, uid("iam-unused-credentials", ""), assessment.Pass, "", "alice console password last used 2026-06-14"},
		{"key used", nil, uid("iam-unused-credentials", "/access-key-1"), assessment.Pass, "", "alice key 1 last used"},
		{"password unused", func(s *Snapshot) { alice(s).PasswordLastUsed = ago(100 * day24) }, uid("iam-unused-credentials", ""), assessment.Fail, "", "alice console password unused for 100 days"},
		{"password unused 89 days", func(s *Snapshot) { alice(s).PasswordLastUsed = ago(89 * day24) }, uid("iam-unused-credentials", ""), assessment.Pass, "", ""},
		{"key never used", func(s *Snapshot) { alice(s).AccessKey1LastUsed = nil; alice(s).AccessKey1Rotated = ago(95 * day24) },
			uid("iam-unused-credentials", "/access-key-1"), assessment.Fail, "", "alice key 1 never used in 95 days"},
		{"new key never used", func(s *Snapshot) { alice(s).AccessKey1LastUsed = nil }, uid("iam-unused-credentials", "/access-key-1"), assessment.Pass, "", "not used yet"},
		{"key never used, no dates", func(s *Snapshot) { alice(s).AccessKey1LastUsed = nil; alice(s).AccessKey1Rotated = nil },
			uid("iam-unused-credentials", "/access-key-1"), assessment.Error, "", "neither"},
		{"no credentials", func(s *Snapshot) { alice(s).AccessKey1Active = false; alice(s).PasswordEnabled = false },
			gid("iam-unused-credentials"), assessment.Pass, "", "no IAM user has a console password or an active access key"},
		{"unused denied", reportDenied, gid("iam-unused-credentials"), assessment.NotAssessed, "AccessDenied", ""},

		{"no admin", nil, admin, assessment.Pass, "", "no full-access"},
		{"admin through group", func(s *Snapshot) {
			s.IAM.Groups[0].AttachedPolicies = append(s.IAM.Groups[0].AttachedPolicies, "arn:aws:iam::aws:policy/AdministratorAccess")
		}, admin, assessment.Fail, "", "AdministratorAccess (AWS managed) through group readers"},
		{"admin managed star star", func(s *Snapshot) {
			s.IAM.Users[0].AttachedPolicies = []string{"arn:aws:iam::111122223333:policy/everything"}
			s.IAM.ManagedPolicies = append(s.IAM.ManagedPolicies, PolicyDocument{Name: "everything", ARN: "arn:aws:iam::111122223333:policy/everything",
				Document: `{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"*"}}`})
		}, admin, assessment.Fail, "", "policy everything"},
		{"admin inline star", inline(`{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}`), admin, assessment.Fail, "", "inline policy custom"},
		{"admin inline not action", inline(`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`), admin, assessment.Fail, "", "inline policy custom"},
		{"star on one bucket", inline(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::phi-data/*"}]}`), admin, assessment.Pass, "", ""},
		{"deny star", inline(`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`), admin, assessment.Pass, "", ""},
		{"malformed inline", inline(`not json`), admin, assessment.Error, "", "not valid policy JSON"},
		{"managed document missing", func(s *Snapshot) {
			s.IAM.ManagedPolicies = nil
			s.IAM.ManagedPoliciesErr = denied("iam:GetPolicyVersion")
		}, admin, assessment.NotAssessed, "AccessDenied", "ReadOnlyAccess"},
		{"group unreadable", func(s *Snapshot) { s.IAM.Groups[0].Err = denied("iam:ListAttachedGroupPolicies") }, admin, assessment.NotAssessed, "AccessDenied", "group readers"},
		{"user unreadable", func(s *Snapshot) { s.IAM.Users[0].Err = denied("iam:ListAttachedUserPolicies") }, admin, assessment.NotAssessed, "AccessDenied", "user alice"},
		{"users unreadable", func(s *Snapshot) { s.IAM.Users = nil; s.IAM.UsersErr = denied("iam:ListUsers") }, gid("iam-admin-policies"), assessment.NotAssessed, "AccessDenied", "IAM users"},
	})
}
