package probes

import (
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func publicPolicy(principal, condition string) string {
	st := `{"Sid":"Open","Effect":"Allow","Principal":` + principal + `,"Action":"s3:GetObject","Resource":"arn:aws:s3:::phi-data/*"`
	if condition != "" {
		st += `,"Condition":` + condition
	}
	return `{"Version":"2012-10-17","Statement":[` + st + `}]}`
}

// openBucket removes every block so that the ACL and policy decide.
func openBucket(s *Snapshot) {
	s.S3.AccountPublicAccessBlock = nil
	b0(s).PublicAccessBlock = nil
	b0(s).PolicyIsPublic = nil
}

func TestS3Checks(t *testing.T) {
	id := bid("s3-bucket-public-access")
	allUsers := []Grant{{GranteeType: "Group", Grantee: groupAllUsers, Permission: "READ"}}
	runCases(t, []checkCase{
		{"account block all four", nil, gid("s3-account-public-access-block"), assessment.Pass, "", "all four"},
		{"account block missing", func(s *Snapshot) { s.S3.AccountPublicAccessBlock = nil }, gid("s3-account-public-access-block"), assessment.Fail, "", "no account-level"},
		{"account block absent code", func(s *Snapshot) {
			s.S3.AccountPublicAccessBlock = nil
			s.S3.AccountPublicAccessBlockErr = &APIError{Code: codeNoPublicAccessBlock}
		}, gid("s3-account-public-access-block"), assessment.Fail, "", "no account-level"},
		{"account block only acl flags", func(s *Snapshot) {
			s.S3.AccountPublicAccessBlock = &PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true}
		}, gid("s3-account-public-access-block"), assessment.Fail, "", "off: BlockPublicPolicy, RestrictPublicBuckets"},
		{"account block ignore and restrict", func(s *Snapshot) {
			s.S3.AccountPublicAccessBlock = &PublicAccessBlock{Configured: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
		}, gid("s3-account-public-access-block"), assessment.Pass, "", "off: BlockPublicAcls, BlockPublicPolicy"},
		{"account block denied", func(s *Snapshot) {
			s.S3.AccountPublicAccessBlockErr = denied("s3control:GetPublicAccessBlock")
		}, gid("s3-account-public-access-block"), assessment.NotAssessed, "AccessDenied", "account public access block"},

		{"bucket blocked", nil, id, assessment.Pass, "", "public ACLs ignored (account setting)"},
		{"bucket public acl", func(s *Snapshot) { openBucket(s); b0(s).ACLGrants = allUsers }, id, assessment.Fail, "", "AllUsers READ"},
		{"bucket authenticated users acl", func(s *Snapshot) {
			openBucket(s)
			b0(s).ACLGrants = []Grant{{GranteeType: "Group", Grantee: groupAuthUsers, Permission: "WRITE"}}
		}, id, assessment.Fail, "", "AuthenticatedUsers WRITE"},
		{"account block overrides public acl and policy", func(s *Snapshot) {
			b0(s).PublicAccessBlock = nil
			b0(s).ACLGrants = allUsers
			b0(s).PolicyIsPublic = ptr(true)
		}, id, assessment.Pass, "", "(account setting)"},
		{"account ignores acls, bucket restricts policies", func(s *Snapshot) {
			s.S3.AccountPublicAccessBlock = &PublicAccessBlock{Configured: true, IgnorePublicAcls: true}
			b0(s).PublicAccessBlock = &PublicAccessBlock{Configured: true, RestrictPublicBuckets: true}
			b0(s).ACLGrants = allUsers
			b0(s).PolicyIsPublic = ptr(true)
		}, id, assessment.Pass, "", "public policies restricted (bucket setting)"},
		{"account ignores acls only, policy public", func(s *Snapshot) {
			s.S3.AccountPublicAccessBlock = &PublicAccessBlock{Configured: true, IgnorePublicAcls: true, BlockPublicPolicy: true}
			b0(s).PublicAccessBlock = nil
			b0(s).ACLGrants = allUsers
			b0(s).PolicyIsPublic = ptr(true)
		}, id, assessment.Fail, "", "bucket policy is public"},
		{"policy status preferred over text", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`"*"`, "")
			b0(s).PolicyIsPublic = ptr(false)
		}, id, assessment.Pass, "", "no public"},
		{"policy principal star", func(s *Snapshot) { openBucket(s); b0(s).Policy = publicPolicy(`"*"`, "") }, id, assessment.Fail, "", "allows everyone in Open"},
		{"policy principal AWS star", func(s *Snapshot) { openBucket(s); b0(s).Policy = publicPolicy(`{"AWS":"*"}`, "") }, id, assessment.Fail, "", "Open"},
		{"policy principal AWS star list", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`{"AWS":["arn:aws:iam::1:root","*"]}`, "")
		}, id, assessment.Fail, "", "Open"},
		{"policy principal one account", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`{"AWS":"arn:aws:iam::444455556666:root"}`, "")
		}, id, assessment.Pass, "", "no public"},
		{"policy status unreadable, text used", func(s *Snapshot) {
			openBucket(s)
			b0(s).PolicyStatusErr = denied("s3:GetBucketPolicyStatus")
			b0(s).Policy = publicPolicy(`"*"`, "")
		}, id, assessment.Fail, "", "Open"},
		{"policy limited by source ip", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`"*"`, `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}`)
		}, id, assessment.Pass, "", "no public"},
		{"policy source ip everywhere", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`"*"`, `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`)
		}, id, assessment.Fail, "", "Open"},
		{"policy limited to vpc", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`"*"`, `{"StringEquals":{"aws:SourceVpc":"vpc-1"}}`)
		}, id, assessment.Pass, "", "no public"},
		{"policy limited to organization", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`{"AWS":"*"}`, `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`)
		}, id, assessment.Pass, "", "no public"},
		{"policy negated condition stays public", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`"*"`, `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}`)
		}, id, assessment.Fail, "", "Open"},
		{"policy wildcard org stays public", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = publicPolicy(`"*"`, `{"StringLike":{"aws:PrincipalOrgID":"o-*"}}`)
		}, id, assessment.Fail, "", "Open"},
		{"policy unreadable", func(s *Snapshot) {
			openBucket(s)
			b0(s).Policy = ""
			b0(s).PolicyErr = denied("s3:GetBucketPolicy")
		}, id, assessment.NotAssessed, "AccessDenied", "bucket policy"},
		{"acl unreadable", func(s *Snapshot) { openBucket(s); b0(s).ACLErr = denied("s3:GetBucketAcl") }, id, assessment.NotAssessed, "AccessDenied", "bucket ACL"},
		{"acl unreadable but blocked", func(s *Snapshot) { b0(s).ACLErr = denied("s3:GetBucketAcl") }, id, assessment.Pass, "", "ignored"},
		{"public acl with account block unknown", func(s *Snapshot) {
			openBucket(s)
			s.S3.AccountPublicAccessBlockErr = denied("s3control:GetPublicAccessBlock")
			b0(s).ACLGrants = allUsers
		}, id, assessment.NotAssessed, "AccessDenied", "AllUsers READ"},
		{"public acl with bucket block unknown", func(s *Snapshot) {
			openBucket(s)
			b0(s).PublicAccessBlockErr = &APIError{Code: "InternalError"}
			b0(s).ACLGrants = allUsers
		}, id, assessment.Error, "InternalError", "bucket public access block"},
		{"bucket deleted while reading", func(s *Snapshot) { b0(s).ACLErr = &APIError{Code: codeNoSuchBucket} }, id, "", "", ""},
		{"bucket list denied", func(s *Snapshot) { s.S3.ListErr = denied("s3:ListBuckets") }, gid("s3-bucket-versioning"), assessment.NotAssessed, "AccessDenied", "bucket list"},

		{"encryption kms", nil, bid("s3-bucket-default-encryption"), assessment.Pass, "", "aws:kms with key " + keyARN},
		{"encryption sse-s3", func(s *Snapshot) { b0(s).Encryption = &BucketEncryption{Configured: true, Algorithm: "AES256"} },
			bid("s3-bucket-default-encryption"), assessment.Pass, "", "default encryption AES256 (SSE-S3), no KMS key"},
		{"encryption missing", func(s *Snapshot) {
			b0(s).Encryption = nil
			b0(s).EncryptionErr = &APIError{Code: codeNoEncryption}
		}, bid("s3-bucket-default-encryption"), assessment.Fail, "", "no default encryption"},
		{"encryption denied", func(s *Snapshot) { b0(s).Encryption = nil; b0(s).EncryptionErr = denied("s3:GetBucketEncryption") },
			bid("s3-bucket-default-encryption"), assessment.NotAssessed, "AccessDenied", "default encryption"},
		{"encryption timeout", func(s *Snapshot) { b0(s).Encryption = nil; b0(s).EncryptionErr = &APIError{Code: "RequestTimeout"} },
			bid("s3-bucket-default-encryption"), assessment.Error, "RequestTimeout", "RequestTimeout"},

		{"tls deny s3 star", nil, bid("s3-bucket-secure-transport"), assessment.Pass, "", "denies"},
		{"tls deny get and put with bool false", nil, FindingID("s3-bucket-secure-transport", usEast, "arn:aws:s3:::trail-logs"), assessment.Pass, "", "denies"},
		{"tls no policy", func(s *Snapshot) { b0(s).Policy = ""; b0(s).PolicyErr = &APIError{Code: codeNoBucketPolicy} },
			bid("s3-bucket-secure-transport"), assessment.Fail, "", "no bucket policy"},
		{"tls deny only get", func(s *Snapshot) {
			b0(s).Policy = strings.Replace(secureTransportPolicy, `"s3:*"`, `"s3:GetObject"`, 1)
		},
			bid("s3-bucket-secure-transport"), assessment.Fail, "", "no Deny"},
		{"tls deny bucket arn only", func(s *Snapshot) {
			b0(s).Policy = strings.Replace(secureTransportPolicy, `, "arn:aws:s3:::phi-data/*"`, ``, 1)
		}, bid("s3-bucket-secure-transport"), assessment.Fail, "", "no Deny"},
		{"tls deny one prefix only", func(s *Snapshot) {
			b0(s).Policy = strings.Replace(secureTransportPolicy, `phi-data/*`, `phi-data/reports/*`, 1)
		}, bid("s3-bucket-secure-transport"), assessment.Fail, "", "no Deny"},
		{"tls deny resource star", func(s *Snapshot) {
			b0(s).Policy = strings.Replace(secureTransportPolicy, `["arn:aws:s3:::phi-data", "arn:aws:s3:::phi-data/*"]`, `"*"`, 1)
		}, bid("s3-bucket-secure-transport"), assessment.Pass, "", "denies"},
		{"tls condition true", func(s *Snapshot) { b0(s).Policy = strings.Replace(secureTransportPolicy, `"false"`, `"true"`, 1) },
			bid("s3-bucket-secure-transport"), assessment.Fail, "", "no Deny"},
		{"tls allow instead of deny", func(s *Snapshot) { b0(s).Policy = strings.Replace(secureTransportPolicy, `"Deny"`, `"Allow"`, 1) },
			bid("s3-bucket-secure-transport"), assessment.Fail, "", "no Deny"},
		{"tls malformed policy", func(s *Snapshot) { b0(s).Policy = `{"Statement": [` },
			bid("s3-bucket-secure-transport"), assessment.Error, "", "not valid policy JSON"},
		{"tls policy denied", func(s *Snapshot) { b0(s).Policy = ""; b0(s).PolicyErr = denied("s3:GetBucketPolicy") },
			bid("s3-bucket-secure-transport"), assessment.NotAssessed, "AccessDenied", "bucket policy"},

		{"versioning on", nil, bid("s3-bucket-versioning"), assessment.Pass, "", "enabled"},
		{"versioning suspended", func(s *Snapshot) { b0(s).Versioning = "Suspended" }, bid("s3-bucket-versioning"), assessment.Fail, "", "versioning suspended"},
		{"versioning never", func(s *Snapshot) { b0(s).Versioning = "" }, bid("s3-bucket-versioning"), assessment.Fail, "", "never enabled"},
		{"versioning denied", func(s *Snapshot) { b0(s).VersioningErr = denied("s3:GetBucketVersioning") }, bid("s3-bucket-versioning"), assessment.NotAssessed, "AccessDenied", "versioning"},

		{"logging on", nil, bid("s3-bucket-access-logging"), assessment.Pass, "", "access-logs"},
		{"logging off", func(s *Snapshot) { b0(s).Logging = &BucketLogging{} }, bid("s3-bucket-access-logging"), assessment.Fail, "", "off"},
		{"logging denied", func(s *Snapshot) { b0(s).LoggingErr = denied("s3:GetBucketLogging") }, bid("s3-bucket-access-logging"), assessment.NotAssessed, "AccessDenied", "logging"},
	})
}
