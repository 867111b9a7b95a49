package probes

import (
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func b0(s *Snapshot) *Bucket     { return &s.S3.Buckets[0] }
func r0(s *Snapshot) *RegionData { return &s.Regional[0] }
func tr0(s *Snapshot) *Trail     { return &s.CloudTrail.Trails[0] }
func alice(s *Snapshot) *CredentialRow {
	return &s.IAM.CredentialReport.Rows[1]
}

func gid(check string) string { return FindingID(check, GlobalRegion, acct) }
func rid(check string) string { return FindingID(check, usEast, acct) }
func bid(check string) string { return FindingID(check, usEast, dataARN) }
func tid(check string) string { return FindingID(check, usEast, trailARN) }
func ec2id(check, res string) string {
	return FindingID(check, usEast, "arn:aws:ec2:us-east-1:"+acct+":"+res)
}

func TestGoodSnapshotPassesEveryCheck(t *testing.T) {
	fs := Evaluate(goodSnapshot(), testNow, map[string][]string{"iam-root-mfa": {"q-mfa"}})
	seen := map[string]bool{}
	ids := map[string]bool{}
	for _, f := range fs {
		if f.Status != assessment.Pass {
			t.Errorf("%s: %s (%s)", f.ID, f.Status, f.Reason)
		}
		if ids[f.ID] {
			t.Errorf("duplicate finding id %s", f.ID)
		}
		ids[f.ID] = true
		seen[f.CheckID] = true
		if f.CheckID == "iam-root-mfa" && (len(f.Questions) != 1 || f.Questions[0] != "q-mfa") {
			t.Errorf("iam-root-mfa questions = %v", f.Questions)
		}
		if f.Reason == "" || len(f.Citations) == 0 || f.Remediation == "" || f.Title == "" {
			t.Errorf("%s: incomplete finding %+v", f.ID, f)
		}
	}
	for _, c := range Checks() {
		if !seen[c.ID] {
			t.Errorf("check %s produced no finding", c.ID)
		}
	}
	for i := 1; i < len(fs); i++ {
		if !findingLess(fs[i-1], fs[i]) {
			t.Errorf("findings out of order: %s before %s", fs[i-1].ID, fs[i].ID)
		}
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	a := Evaluate(goodSnapshot(), testNow, nil)
	b := Evaluate(goodSnapshot(), testNow, nil)
	if len(a) != len(b) {
		t.Fatalf("lengths differ: %d vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Reason != b[i].Reason || a[i].Status != b[i].Status {
			t.Fatalf("run differs at %d: %+v vs %+v", i, a[i], b[i])
		}
	}
}

type checkCase struct {
	name   string
	mutate func(s *Snapshot)
	id     string
	want   assessment.Status // "" means: no finding with this id
	code   string
	reason string // substring of the reason
}

func runCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSnapshot()
			if tc.mutate != nil {
				tc.mutate(s)
			}
			fs := Evaluate(s, testNow, nil)
			ids := map[string]bool{}
			for _, f := range fs {
				if ids[f.ID] {
					t.Fatalf("duplicate finding id %s", f.ID)
				}
				ids[f.ID] = true
			}
			if tc.want == "" {
				if ids[tc.id] {
					t.Fatalf("want no finding %s", tc.id)
				}
				return
			}
			f := findByID(t, fs, tc.id)
			if f.Status != tc.want || f.ErrorCode != tc.code {
				t.Errorf("status %s code %q, want %s %q (reason %q)", f.Status, f.ErrorCode, tc.want, tc.code, f.Reason)
			}
			if !strings.Contains(f.Reason, tc.reason) {
				t.Errorf("reason %q does not contain %q", f.Reason, tc.reason)
			}
			if strings.Contains(f.Reason, "\n") {
				t.Errorf("reason has several lines: %q", f.Reason)
			}
		})
	}
}

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

func TestCloudTrailChecks(t *testing.T) {
	all := gid("cloudtrail-enabled-all-regions")
	data := tid("cloudtrail-s3-data-events")
	advanced := func(fields ...FieldSelector) func(s *Snapshot) {
		return func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{Name: "s3", FieldSelectors: append([]FieldSelector{
				{Field: "eventCategory", Equals: []string{"Data"}},
				{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			}, fields...)}}
		}
	}
	runCases(t, []checkCase{
		{"multi-region logging", nil, all, assessment.Pass, "", "multi-region trail main is logging"},
		{"organization trail", func(s *Snapshot) { tr0(s).IsMultiRegion = false; tr0(s).IsOrganization = true }, all, assessment.Pass, "", "organization trail"},
		{"multi-region not logging", func(s *Snapshot) { tr0(s).Status.IsLogging = false }, all, assessment.Fail, "", "main exists but is not logging"},
		{"multi-region data events only", func(s *Snapshot) { tr0(s).EventSelectors[0].IncludeManagementEvents = false }, all, assessment.Fail, "", "main records no management events"},
		{"multi-region advanced data events only", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{FieldSelectors: []FieldSelector{
				{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}}}
		}, all, assessment.Fail, "", "main records no management events"},
		{"multi-region advanced management", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}
		}, all, assessment.Pass, "", "main is logging"},
		{"multi-region selectors unreadable", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).SelectorsErr = denied("cloudtrail:GetEventSelectors")
		},
			all, assessment.Pass, "", "event selectors unreadable"},
		{"single-region only", func(s *Snapshot) { tr0(s).IsMultiRegion = false }, all, assessment.Fail, "", "covers only us-east-1"},
		{"no trail", func(s *Snapshot) { s.CloudTrail.Trails = nil }, all, assessment.Fail, "", "no CloudTrail trail"},
		{"single-region status unreadable", func(s *Snapshot) {
			tr0(s).IsMultiRegion = false
			tr0(s).Status = nil
			tr0(s).StatusErr = denied("cloudtrail:GetTrailStatus")
		}, all, assessment.Fail, "", "single-region trail main (us-east-1), status unreadable"},
		{"logging trail beside an unreadable one", func(s *Snapshot) {
			other := *tr0(s)
			other.Name, other.ARN, other.Status, other.StatusErr = "aaa", "arn:aws:cloudtrail:us-east-1:111122223333:trail/aaa", nil, denied("cloudtrail:GetTrailStatus")
			s.CloudTrail.Trails = append([]Trail{other}, s.CloudTrail.Trails...)
		}, all, assessment.Pass, "", "main is logging"},
		{"trails unreadable", func(s *Snapshot) {
			s.CloudTrail = CloudTrailData{Errs: []RegionalError{{Region: usEast, Err: *denied("cloudtrail:DescribeTrails")}}}
		}, all, assessment.NotAssessed, "AccessDenied", "trails in us-east-1"},
		{"status unreadable", func(s *Snapshot) { tr0(s).Status = nil; tr0(s).StatusErr = denied("cloudtrail:GetTrailStatus") },
			all, assessment.NotAssessed, "AccessDenied", "status of trail main"},

		{"validation on", nil, tid("cloudtrail-log-file-validation"), assessment.Pass, "", "on"},
		{"validation off", func(s *Snapshot) { tr0(s).LogFileValidation = false }, tid("cloudtrail-log-file-validation"), assessment.Fail, "", "off"},
		{"validation region unreadable", func(s *Snapshot) {
			s.CloudTrail.Errs = []RegionalError{{Region: usWest, Err: APIError{Code: "UnrecognizedClientException"}}}
		}, FindingID("cloudtrail-log-file-validation", usWest, acct), assessment.NotAssessed, "UnrecognizedClientException", "trails"},
		{"kms on", nil, tid("cloudtrail-kms-encryption"), assessment.Pass, "", keyARN},
		{"kms off", func(s *Snapshot) { tr0(s).KMSKeyID = "" }, tid("cloudtrail-kms-encryption"), assessment.Fail, "", "no KMS key"},

		{"data events all buckets", nil, data, assessment.Pass, "", "all 2 buckets"},
		{"data events none", func(s *Snapshot) { tr0(s).EventSelectors[0].DataResources = nil }, data, assessment.Fail, "", "no S3 object data events"},
		{"data events read only", func(s *Snapshot) { tr0(s).EventSelectors[0].ReadWriteType = "ReadOnly" }, data, assessment.Fail, "", "object writes not recorded"},
		{"data events split selectors", func(s *Snapshot) {
			sel := tr0(s).EventSelectors[0]
			sel.ReadWriteType = "ReadOnly"
			w := sel
			w.ReadWriteType = "WriteOnly"
			tr0(s).EventSelectors = []EventSelector{sel, w}
		}, data, assessment.Pass, "", "reads and writes"},
		{"data events one bucket", func(s *Snapshot) {
			tr0(s).EventSelectors[0].DataResources[0].Values = []string{"arn:aws:s3:::phi-data/"}
		}, data, assessment.Fail, "", "object reads not recorded for trail-logs; object writes not recorded for trail-logs"},
		{"data events every bucket listed", func(s *Snapshot) {
			tr0(s).EventSelectors[0].DataResources[0].Values = []string{"arn:aws:s3:::phi-data/", "arn:aws:s3:::trail-logs/"}
		}, data, assessment.Pass, "", "reads and writes"},
		{"advanced all objects", advanced(), data, assessment.Pass, "", "reads and writes"},
		{"advanced read only", advanced(FieldSelector{Field: "readOnly", Equals: []string{"true"}}), data, assessment.Fail, "", "object writes not recorded"},
		{"advanced excludes other bucket", advanced(FieldSelector{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::unrelated/"}}), data, assessment.Pass, "", "reads"},
		{"advanced excludes log bucket", advanced(FieldSelector{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::trail-logs/"}}), data, assessment.Fail, "", "not recorded for trail-logs"},
		{"advanced starts with one bucket", advanced(FieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::phi-data/"}}), data, assessment.Fail, "", "trail-logs"},
		{"advanced only some event names", advanced(FieldSelector{Field: "eventName", Equals: []string{"PutObject"}}), data, assessment.Fail, "", "object reads not recorded for phi-data"},
		{"advanced event names excluded", advanced(FieldSelector{Field: "eventName", NotEquals: []string{"GetObject"}}), data, assessment.Fail, "", "not recorded for phi-data"},
		{"advanced one user only", advanced(FieldSelector{Field: "userIdentity.arn", StartsWith: []string{"arn:aws:iam::111122223333:role/app"}}), data, assessment.Fail, "", "not recorded"},
		{"advanced event source s3", advanced(FieldSelector{Field: "eventSource", Equals: []string{"s3.amazonaws.com"}}), data, assessment.Pass, "", "reads and writes"},
		{"advanced write only by not equals", advanced(FieldSelector{Field: "readOnly", NotEquals: []string{"true"}}), data, assessment.Fail, "", "object reads not recorded"},
		{"advanced management only", func(s *Snapshot) {
			tr0(s).EventSelectors = nil
			tr0(s).AdvancedEventSelectors = []AdvancedEventSelector{{FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}
		}, data, assessment.Fail, "", "no S3 object data events"},
		{"data events one bucket, bucket list denied", func(s *Snapshot) {
			tr0(s).EventSelectors[0].DataResources[0].Values = []string{"arn:aws:s3:::phi-data/"}
			s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets")
		}, data, assessment.NotAssessed, "AccessDenied", "bucket list"},
		{"selectors denied", func(s *Snapshot) { tr0(s).SelectorsErr = denied("cloudtrail:GetEventSelectors") }, data, assessment.NotAssessed, "AccessDenied", "event selectors"},

		{"cloudwatch recent", nil, tid("cloudtrail-cloudwatch-delivery"), assessment.Pass, "", "1h ago"},
		{"cloudwatch not configured", func(s *Snapshot) { tr0(s).CloudWatchLogsGroupARN = "" }, tid("cloudtrail-cloudwatch-delivery"), assessment.Fail, "", "not sent"},
		{"cloudwatch stale", func(s *Snapshot) {
			tr0(s).Status.LatestCloudWatchLogsDelivery = ago(3 * day24)
			tr0(s).Status.LatestCloudWatchLogsDeliveryError = "AccessDenied"
		}, tid("cloudtrail-cloudwatch-delivery"), assessment.Fail, "", "3d ago, delivery error AccessDenied"},
		{"cloudwatch never delivered", func(s *Snapshot) { tr0(s).Status.LatestCloudWatchLogsDelivery = nil }, tid("cloudtrail-cloudwatch-delivery"), assessment.Fail, "", "no delivery"},
		{"cloudwatch status unreadable", func(s *Snapshot) { tr0(s).Status = nil; tr0(s).StatusErr = &APIError{Code: "ThrottlingException"} },
			tid("cloudtrail-cloudwatch-delivery"), assessment.Error, "ThrottlingException", "trail status"},

		{"retention six years", nil, tid("logs-retention-six-years"), assessment.Pass, "", "log group trail-group kept 2557 days"},
		{"retention never expires", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 0 }, tid("logs-retention-six-years"), assessment.Pass, "", "never expires"},
		{"retention one year", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 365 }, tid("logs-retention-six-years"), assessment.Fail, "", "log group trail-group kept 365 days"},
		{"retention 2191 days", func(s *Snapshot) { r0(s).LogGroups[0].RetentionDays = 2191 }, tid("logs-retention-six-years"), assessment.Fail, "", "2191 days"},
		{"bucket lifecycle expires early", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
		}, tid("logs-retention-six-years"), assessment.Fail, "", `bucket trail-logs rule "expire" expires objects after 365 days`},
		{"bucket lifecycle disabled rule", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Disabled", ExpirationDays: 365}}
		}, tid("logs-retention-six-years"), assessment.Pass, "", "no lifecycle rule expiring"},
		{"bucket lifecycle covered by object lock", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = &ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 7}
		}, tid("logs-retention-six-years"), assessment.Pass, "", "object lock COMPLIANCE retention covers 6 years"},
		{"bucket lifecycle with short object lock", func(s *Snapshot) {
			s.S3.Buckets[1].Lifecycle = []LifecycleRule{{ID: "expire", Status: "Enabled", ExpirationDays: 365}}
			s.S3.Buckets[1].ObjectLock = &ObjectLock{Enabled: true, Mode: "GOVERNANCE", Days: 30}
		}, tid("logs-retention-six-years"), assessment.Fail, "", "365 days"},
		{"log groups denied", func(s *Snapshot) { r0(s).LogGroups = nil; r0(s).LogGroupsErr = denied("logs:DescribeLogGroups") },
			tid("logs-retention-six-years"), assessment.NotAssessed, "AccessDenied", "log group trail-group"},
		{"short group wins over unreadable lifecycle", func(s *Snapshot) {
			r0(s).LogGroups[0].RetentionDays = 30
			s.S3.Buckets[1].LifecycleErr = denied("s3:GetBucketLifecycleConfiguration")
		}, tid("logs-retention-six-years"), assessment.Fail, "", "30 days"},
		{"trail bucket in another account", func(s *Snapshot) { tr0(s).S3BucketName = "central-logs"; tr0(s).CloudWatchLogsGroupARN = "" },
			tid("logs-retention-six-years"), assessment.NotAssessed, "", "central-logs (not in this account)"},
		{"trail bucket with bucket list denied", func(s *Snapshot) {
			tr0(s).CloudWatchLogsGroupARN = ""
			s.S3.Buckets, s.S3.ListErr = nil, denied("s3:ListBuckets")
		}, tid("logs-retention-six-years"), assessment.NotAssessed, "AccessDenied", "bucket trail-logs"},
		{"log group region not scanned", func(s *Snapshot) {
			tr0(s).CloudWatchLogsGroupARN = "arn:aws:logs:eu-west-1:111122223333:log-group:g:*"
			tr0(s).S3BucketName = ""
		}, tid("logs-retention-six-years"), assessment.NotAssessed, "", "region eu-west-1 not scanned"},
		{"trail without destinations", func(s *Snapshot) { tr0(s).CloudWatchLogsGroupARN = ""; tr0(s).S3BucketName = "" },
			tid("logs-retention-six-years"), assessment.Fail, "", "no log destination"},
	})
}

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

		{"console mfa all", nil, gid("iam-user-console-mfa"), assessment.Pass, "", "all 1 console users use MFA"},
		{"console mfa missing", func(s *Snapshot) {
			r := s.IAM.CredentialReport
			r.Rows = append(r.Rows,
				CredentialRow{User: "bob", PasswordEnabled: true},
				CredentialRow{User: "carol", PasswordEnabled: true},
				CredentialRow{User: "svc", PasswordEnabled: false})
		}, gid("iam-user-console-mfa"), assessment.Fail, "", "2 of 3 console users without MFA: bob, carol (report generated 2h ago)"},
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

		{"keys rotated", nil, gid("iam-access-key-rotation"), assessment.Pass, "", "all 1 active access keys"},
		{"key old", func(s *Snapshot) { alice(s).AccessKey1Rotated = ago(120 * day24) }, gid("iam-access-key-rotation"), assessment.Fail, "", "alice key 1 (120 days)"},
		{"inactive old key ignored", func(s *Snapshot) {
			alice(s).AccessKey2Rotated = ago(500 * day24)
		}, gid("iam-access-key-rotation"), assessment.Pass, "", "rotated within 90 days"},
		{"key rotation denied", reportDenied, gid("iam-access-key-rotation"), assessment.NotAssessed, "AccessDenied", ""},

		{"credentials used", nil, gid("iam-unused-credentials"), assessment.Pass, "", "all 2 active passwords and keys"},
		{"password unused", func(s *Snapshot) { alice(s).PasswordLastUsed = ago(100 * day24) }, gid("iam-unused-credentials"), assessment.Fail, "", "alice password unused 100 days"},
		{"password unused 89 days", func(s *Snapshot) { alice(s).PasswordLastUsed = ago(89 * day24) }, gid("iam-unused-credentials"), assessment.Pass, "", ""},
		{"key never used", func(s *Snapshot) { alice(s).AccessKey1LastUsed = nil; alice(s).AccessKey1Rotated = ago(95 * day24) },
			gid("iam-unused-credentials"), assessment.Fail, "", "alice key 1 never used in 95 days"},
		{"new key never used", func(s *Snapshot) { alice(s).AccessKey1LastUsed = nil }, gid("iam-unused-credentials"), assessment.Pass, "", ""},
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

func TestRegionalChecks(t *testing.T) {
	key := FindingID("kms-key-rotation", usEast, keyARN)
	kms := func(f func(k *KMSKey)) func(s *Snapshot) { return func(s *Snapshot) { f(&r0(s).KMSKeys[0]) } }
	vol := ec2id("ec2-ebs-volume-encryption", "volume/vol-1")
	snap := ec2id("ec2-ebs-snapshot-public", "snapshot/snap-1")
	sg := ec2id("ec2-security-group-admin-ports", "security-group/sg-1")
	vpc := ec2id("ec2-vpc-flow-logs", "vpc/vpc-1")
	rule := func(r IPRule) func(s *Snapshot) {
		return func(s *Snapshot) { r0(s).SecurityGroups[0].Ingress = append(r0(s).SecurityGroups[0].Ingress, r) }
	}
	db := func(check string) string { return FindingID(check, usEast, dbARN) }
	dbSnap := FindingID("rds-snapshot-public", usEast, "arn:aws:rds:us-east-1:111122223333:snapshot:ehr-snap")
	lb := FindingID("elbv2-tls-listeners", usEast, lbARN)
	listener := func(f func(l []Listener)) func(s *Snapshot) {
		return func(s *Snapshot) { f(r0(s).LoadBalancers[0].Listeners) }
	}
	cert := FindingID("acm-certificate-expiry", usEast, certARN)
	runCases(t, []checkCase{
		{"kms rotating", nil, key, assessment.Pass, "", "rotation on"},
		{"kms not rotating", kms(func(k *KMSKey) { k.RotationEnabled = ptr(false) }), key, assessment.Fail, "", "rotation off"},
		{"kms aws managed skipped", kms(func(k *KMSKey) { k.Manager = "AWS"; k.RotationEnabled = ptr(false) }), key, "", "", ""},
		{"kms asymmetric skipped", kms(func(k *KMSKey) { k.Spec = "RSA_2048"; k.RotationEnabled = nil }), key, "", "", ""},
		{"kms hmac skipped", kms(func(k *KMSKey) { k.Spec = "HMAC_256"; k.RotationEnabled = nil }), key, "", "", ""},
		{"kms imported skipped", kms(func(k *KMSKey) { k.Origin = "EXTERNAL"; k.RotationEnabled = ptr(false) }), key, "", "", ""},
		{"kms disabled skipped", kms(func(k *KMSKey) { k.State = "Disabled"; k.RotationEnabled = ptr(false) }), key, "", "", ""},
		{"kms pending deletion skipped", kms(func(k *KMSKey) {
			k.State = "PendingDeletion"
			k.RotationErr = &APIError{Code: "KMSInvalidStateException"}
		}), key, "", "", ""},
		{"kms rotation denied", kms(func(k *KMSKey) { k.RotationEnabled = nil; k.RotationErr = &APIError{Code: "AccessDeniedException"} }),
			key, assessment.NotAssessed, "AccessDeniedException", "rotation status"},
		{"kms describe denied", kms(func(k *KMSKey) { k.DescribeErr = &APIError{Code: "AccessDeniedException"} }), key, assessment.NotAssessed, "AccessDeniedException", "key details"},
		{"kms list denied", func(s *Snapshot) { r0(s).KMSKeys = nil; r0(s).KMSKeysErr = &APIError{Code: "AccessDeniedException"} },
			rid("kms-key-rotation"), assessment.NotAssessed, "AccessDeniedException", "KMS keys"},

		{"ebs default on", nil, rid("ec2-ebs-default-encryption"), assessment.Pass, "", "on"},
		{"ebs default off", func(s *Snapshot) { r0(s).EBSDefaultEncryption = false }, rid("ec2-ebs-default-encryption"), assessment.Fail, "", "off"},
		{"ebs default opt-in region", func(s *Snapshot) { r0(s).EBSDefaultEncryptionErr = &APIError{Code: "OptInRequired"} },
			rid("ec2-ebs-default-encryption"), assessment.NotAssessed, "OptInRequired", ""},
		{"volume encrypted", nil, vol, assessment.Pass, "", "encrypted"},
		{"volume plain", func(s *Snapshot) { r0(s).Volumes[0].Encrypted = false }, vol, assessment.Fail, "", "not encrypted (state in-use)"},
		{"volumes denied", func(s *Snapshot) { r0(s).VolumesErr = &APIError{Code: "UnauthorizedOperation"} }, rid("ec2-ebs-volume-encryption"), assessment.NotAssessed, "UnauthorizedOperation", "volumes"},
		{"snapshot private", nil, snap, assessment.Pass, "", "not shared"},
		{"snapshot public", func(s *Snapshot) { r0(s).Snapshots[0].Public = true }, snap, assessment.Fail, "", "anyone can create a volume"},
		{"snapshot attribute denied", func(s *Snapshot) { r0(s).Snapshots[0].PublicErr = &APIError{Code: "UnauthorizedOperation"} }, snap, assessment.NotAssessed, "UnauthorizedOperation", ""},

		{"sg https only", nil, sg, assessment.Pass, "", "web: no admin"},
		{"sg ssh world", rule(IPRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "port 22 (SSH) open to 0.0.0.0/0"},
		{"sg rdp ipv6", rule(IPRule{Protocol: "tcp", FromPort: 3389, ToPort: 3389, IPv6: []string{"::/0"}}), sg, assessment.Fail, "", "port 3389 (RDP) open to ::/0"},
		{"sg all traffic", rule(IPRule{Protocol: "-1", CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "all traffic open to 0.0.0.0/0"},
		{"sg all tcp ports", rule(IPRule{Protocol: "tcp", FromPort: 0, ToPort: 65535, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "and 4 more"},
		{"sg postgres in range", rule(IPRule{Protocol: "tcp", FromPort: 5000, ToPort: 6000, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "port 5432 (PostgreSQL)"},
		{"sg mongo", rule(IPRule{Protocol: "6", FromPort: 27017, ToPort: 27017, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Fail, "", "27017"},
		{"sg ssh from office", rule(IPRule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDRs: []string{"198.51.100.7/32"}}), sg, assessment.Pass, "", ""},
		{"sg dns udp", rule(IPRule{Protocol: "udp", FromPort: 53, ToPort: 53, CIDRs: []string{"0.0.0.0/0"}}), sg, assessment.Pass, "", ""},
		{"sg denied", func(s *Snapshot) { r0(s).SecurityGroupsErr = &APIError{Code: "UnauthorizedOperation"} }, rid("ec2-security-group-admin-ports"), assessment.NotAssessed, "UnauthorizedOperation", ""},

		{"flow log present", nil, vpc, assessment.Pass, "", "active"},
		{"flow log missing", func(s *Snapshot) { r0(s).FlowLogs = nil }, vpc, assessment.Fail, "", "without an active flow log"},
		{"flow log on a subnet only", func(s *Snapshot) { r0(s).FlowLogs[0].ResourceID = "subnet-1" }, vpc, assessment.Fail, "", ""},
		{"unused vpc skipped", func(s *Snapshot) { r0(s).FlowLogs = nil; r0(s).VPCs[0].InUse = false }, vpc, "", "", ""},
		{"vpc use unknown", func(s *Snapshot) {
			r0(s).FlowLogs = nil
			r0(s).VPCs[0].InUseErr = &APIError{Code: "UnauthorizedOperation"}
		},
			vpc, assessment.NotAssessed, "UnauthorizedOperation", "in use"},
		{"flow logs denied", func(s *Snapshot) { r0(s).FlowLogsErr = &APIError{Code: "UnauthorizedOperation"} }, rid("ec2-vpc-flow-logs"), assessment.NotAssessed, "UnauthorizedOperation", "flow logs"},

		{"rds encrypted", nil, db("rds-storage-encryption"), assessment.Pass, "", "instance storage encrypted"},
		{"rds unencrypted", func(s *Snapshot) { r0(s).DBInstances[0].StorageEncrypted = false }, db("rds-storage-encryption"), assessment.Fail, "", "not encrypted"},
		{"rds denied", func(s *Snapshot) { r0(s).DBInstancesErr = &APIError{Code: "AccessDenied"} }, rid("rds-storage-encryption"), assessment.NotAssessed, "AccessDenied", "RDS"},
		{"aurora cluster evaluated once", func(s *Snapshot) {
			r0(s).DBInstances[0].ClusterID = "ehr-cluster"
			r0(s).DBInstances[0].StorageEncrypted = false
			r0(s).DBClusters = []DBCluster{{ID: "ehr-cluster", ARN: "arn:aws:rds:us-east-1:111122223333:cluster:ehr-cluster", Engine: "aurora-postgresql"}}
		}, FindingID("rds-storage-encryption", usEast, "arn:aws:rds:us-east-1:111122223333:cluster:ehr-cluster"), assessment.Fail, "", "cluster storage not encrypted"},
		{"aurora member has no own storage finding", func(s *Snapshot) {
			r0(s).DBInstances[0].ClusterID = "ehr-cluster"
			r0(s).DBClusters = []DBCluster{{ID: "ehr-cluster", ARN: "arn:aws:rds:us-east-1:111122223333:cluster:ehr-cluster"}}
		}, db("rds-storage-encryption"), "", "", ""},
		{"clusters denied, instances fine", func(s *Snapshot) { r0(s).DBClustersErr = &APIError{Code: "AccessDenied"} }, db("rds-multi-az"), assessment.Pass, "", ""},
		{"both rds lists denied", func(s *Snapshot) {
			r0(s).DBClustersErr = &APIError{Code: "AccessDenied"}
			r0(s).DBInstancesErr = &APIError{Code: "AccessDenied"}
		}, rid("rds-multi-az"), assessment.NotAssessed, "AccessDenied", ""},
		{"rds private", nil, db("rds-public-access"), assessment.Pass, "", "not publicly"},
		{"rds public", func(s *Snapshot) { r0(s).DBInstances[0].PubliclyAccessible = true }, db("rds-public-access"), assessment.Fail, "", "postgres instance ehr is publicly accessible"},
		{"rds backups", nil, db("rds-backup-retention"), assessment.Pass, "", "7 days"},
		{"rds short backups", func(s *Snapshot) { r0(s).DBInstances[0].BackupRetention = 1 }, db("rds-backup-retention"), assessment.Pass, "", "7 or more recommended"},
		{"rds no backups", func(s *Snapshot) { r0(s).DBInstances[0].BackupRetention = 0 }, db("rds-backup-retention"), assessment.Fail, "", "retention 0 days"},
		{"rds multi-az", nil, db("rds-multi-az"), assessment.Pass, "", "more than one"},
		{"rds single az", func(s *Snapshot) { r0(s).DBInstances[0].MultiAZ = false }, db("rds-multi-az"), assessment.Fail, "", "single availability zone"},
		{"rds snapshot private", nil, dbSnap, assessment.Pass, "", "not shared"},
		{"rds snapshot public", func(s *Snapshot) { r0(s).DBSnapshots[0].Public = true }, dbSnap, assessment.Fail, "", "any AWS account can restore"},
		{"rds snapshot attribute denied", func(s *Snapshot) { r0(s).DBSnapshots[0].PublicErr = &APIError{Code: "AccessDenied"} }, dbSnap, assessment.NotAssessed, "AccessDenied", ""},

		{"guardduty on", nil, rid("guardduty-enabled"), assessment.Pass, "", "det1 enabled"},
		{"guardduty none", func(s *Snapshot) { r0(s).GuardDutyDetectors = nil }, rid("guardduty-enabled"), assessment.Fail, "", "no GuardDuty detector"},
		{"guardduty disabled", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].Status = "DISABLED" }, rid("guardduty-enabled"), assessment.Fail, "", "DISABLED"},
		{"guardduty denied", func(s *Snapshot) { r0(s).GuardDutyErr = &APIError{Code: "AccessDeniedException"} }, rid("guardduty-enabled"), assessment.NotAssessed, "AccessDeniedException", ""},
		{"guardduty detector unreadable", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].Err = &APIError{Code: "InternalServerErrorException"} },
			rid("guardduty-enabled"), assessment.Error, "InternalServerErrorException", ""},
		{"no high findings", nil, rid("guardduty-high-findings"), assessment.Pass, "", "no open"},
		{"high findings", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].HighFindings = 3 }, rid("guardduty-high-findings"), assessment.Fail, "", "3 open high-severity"},
		{"findings when off", func(s *Snapshot) { r0(s).GuardDutyDetectors = nil }, rid("guardduty-high-findings"), assessment.NotAssessed, "", "GuardDuty is off"},
		{"findings denied", func(s *Snapshot) { r0(s).GuardDutyDetectors[0].FindingsErr = &APIError{Code: "AccessDeniedException"} },
			rid("guardduty-high-findings"), assessment.NotAssessed, "AccessDeniedException", "findings"},

		{"hub on", nil, rid("securityhub-enabled"), assessment.Pass, "", "enabled"},
		{"hub off", func(s *Snapshot) { r0(s).SecurityHubEnabled = false }, rid("securityhub-enabled"), assessment.Fail, "", "not enabled"},
		{"hub not subscribed", func(s *Snapshot) {
			r0(s).SecurityHubEnabled = false
			r0(s).SecurityHubErr = &APIError{Code: "InvalidAccessException"}
		},
			rid("securityhub-enabled"), assessment.Fail, "", "InvalidAccessException"},
		{"hub denied", func(s *Snapshot) { r0(s).SecurityHubErr = &APIError{Code: "AccessDeniedException"} }, rid("securityhub-enabled"), assessment.NotAssessed, "AccessDeniedException", ""},
		{"hub server error", func(s *Snapshot) { r0(s).SecurityHubErr = &APIError{Code: "InternalException"} }, rid("securityhub-enabled"), assessment.Error, "InternalException", ""},

		{"config recording", nil, rid("config-recorder-enabled"), assessment.Pass, "", "all supported"},
		{"config none", func(s *Snapshot) { r0(s).ConfigRecorders = nil }, rid("config-recorder-enabled"), assessment.Fail, "", "no configuration recorder"},
		{"config stopped", func(s *Snapshot) { r0(s).ConfigRecorders[0].Recording = false }, rid("config-recorder-enabled"), assessment.Fail, "", "stopped"},
		{"config failing", func(s *Snapshot) { r0(s).ConfigRecorders[0].LastStatus = "Failure" }, rid("config-recorder-enabled"), assessment.Fail, "", "Failure"},
		{"config failing upper case", func(s *Snapshot) { r0(s).ConfigRecorders[0].LastStatus = "FAILURE" }, rid("config-recorder-enabled"), assessment.Fail, "", "FAILURE"},
		{"config selected types", func(s *Snapshot) { r0(s).ConfigRecorders[0].AllSupported = false }, rid("config-recorder-enabled"), assessment.Pass, "", "selected"},
		{"config denied", func(s *Snapshot) { r0(s).ConfigErr = &APIError{Code: "AccessDeniedException"} }, rid("config-recorder-enabled"), assessment.NotAssessed, "AccessDeniedException", ""},

		{"backup plan", nil, rid("backup-plans"), assessment.Pass, "", "1 backup plan(s): daily"},
		{"no backup plan", func(s *Snapshot) { r0(s).BackupPlans = nil }, rid("backup-plans"), assessment.Fail, "", "no AWS Backup plan"},
		{"backup denied", func(s *Snapshot) { r0(s).BackupPlansErr = &APIError{Code: "AccessDeniedException"} }, rid("backup-plans"), assessment.NotAssessed, "AccessDeniedException", ""},

		{"lb redirect and tls13", nil, lb, assessment.Pass, "", "portal: 2 listener(s)"},
		{"lb http forward", listener(func(l []Listener) { l[0].Actions = []ListenerAction{{Type: "forward"}} }), lb, assessment.Fail, "", "HTTP listener on port 80 does not redirect to HTTPS"},
		{"lb redirect keeps protocol", listener(func(l []Listener) { l[0].Actions[0].RedirectProtocol = "#{protocol}" }), lb, assessment.Fail, "", "does not redirect"},
		{"lb tls 1.0 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-2016-08" }), lb, assessment.Fail, "", "ELBSecurityPolicy-2016-08, which allows TLS older than 1.2"},
		{"lb tls 1.1 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-TLS13-1-1-2021-06" }), lb, assessment.Fail, "", "older than 1.2"},
		{"lb tls 1.2 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01" }), lb, assessment.Pass, "", ""},
		{"lb fs 1.2 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-FS-1-2-Res-2020-10" }), lb, assessment.Pass, "", ""},
		{"nlb tls listener old", listener(func(l []Listener) { l[1].Protocol = "TLS"; l[1].SSLPolicy = "ELBSecurityPolicy-FS-2018-06" }), lb, assessment.Fail, "", "TLS listener on port 443"},
		{"lb listeners denied", func(s *Snapshot) { r0(s).LoadBalancers[0].ListenersErr = &APIError{Code: "AccessDenied"} }, lb, assessment.NotAssessed, "AccessDenied", "listeners of portal"},
		{"lbs denied", func(s *Snapshot) { r0(s).LoadBalancersErr = &APIError{Code: "AccessDenied"} }, rid("elbv2-tls-listeners"), assessment.NotAssessed, "AccessDenied", ""},

		{"cert valid", nil, cert, assessment.Pass, "", "valid until 2027-01-01 (200 days)"},
		{"cert expiring", func(s *Snapshot) { r0(s).Certificates[0].NotAfter = ptr(testNow.Add(10 * day24)) }, cert, assessment.Fail, "", "expires on 2026-06-25 (in 10 days)"},
		{"cert expired", func(s *Snapshot) {
			r0(s).Certificates[0].NotAfter = ago(day24)
			r0(s).Certificates[0].Status = "EXPIRED"
		}, cert, assessment.Fail, "", "expired on 2026-06-14"},
		{"cert unused skipped", func(s *Snapshot) { r0(s).Certificates[0].InUseBy = nil; r0(s).Certificates[0].NotAfter = ago(day24) }, cert, "", "", ""},
		{"cert describe denied", func(s *Snapshot) { r0(s).Certificates[0].DescribeErr = &APIError{Code: "AccessDeniedException"} }, cert, assessment.NotAssessed, "AccessDeniedException", ""},
	})
}

func TestBAACheck(t *testing.T) {
	id := gid("aws-baa-accepted")
	set := func(as ...Agreement) func(s *Snapshot) { return func(s *Snapshot) { s.Artifact.Agreements = as } }
	runCases(t, []checkCase{
		{"baa active", nil, id, assessment.Pass, "", "AWS Business Associate Addendum active for this account since 2025-06-15"},
		{"baa through organization", set(Agreement{Name: "AWS Organizations Business Associate Addendum", State: "ACTIVE", OrganizationARN: "arn:aws:organizations::1:organization/o-1"}),
			id, assessment.Pass, "", "through organization arn:aws:organizations::1:organization/o-1"},
		{"baa by abbreviation", set(Agreement{Name: "AWS BAA", State: "ACTIVE"}), id, assessment.Pass, "", "AWS BAA active"},
		{"baa lower case name", set(Agreement{Name: "aws business associate addendum", State: "ACTIVE"}), id, assessment.Pass, "", ""},
		{"baa terminated", set(Agreement{Name: "AWS Business Associate Addendum", State: "CUSTOMER_TERMINATED"},
			Agreement{Name: "AWS Customer Agreement", State: "ACTIVE"}),
			id, assessment.Fail, "", "seen: AWS Business Associate Addendum (CUSTOMER_TERMINATED)"},
		{"no agreements", set(), id, assessment.Fail, "", "no Business Associate Addendum accepted"},
		{"other agreement only", set(Agreement{Name: "AWS Non-Disclosure Agreement", State: "ACTIVE"}), id, assessment.Fail, "", "no Business Associate"},
		{"artifact denied", func(s *Snapshot) {
			s.Artifact.Err = &APIError{Operation: "artifact:ListCustomerAgreements", Code: "AccessDeniedException"}
		},
			id, assessment.NotAssessed, "AccessDeniedException", "artifact:ListCustomerAgreements"},
	})
}

func TestRegionsUnreadable(t *testing.T) {
	s := goodSnapshot()
	s.Regional = nil
	s.RegionsErr = &APIError{Operation: "ec2:DescribeRegions", Code: "UnauthorizedOperation"}
	fs := Evaluate(s, testNow, nil)
	for _, c := range Checks() {
		if c.Global || strings.HasPrefix(c.ID, "s3-") || strings.HasPrefix(c.ID, "cloudtrail-") || c.ID == "iam-admin-policies" || c.ID == "logs-retention-six-years" {
			continue
		}
		f := findByID(t, fs, gid(c.ID))
		if f.Status != assessment.NotAssessed || f.ErrorCode != "UnauthorizedOperation" {
			t.Errorf("%s: %s %s", c.ID, f.Status, f.ErrorCode)
		}
	}
}

func TestTwoRegionsReportSeparately(t *testing.T) {
	s := goodSnapshot()
	west := goodRegion(usWest)
	west.GuardDutyDetectors = nil
	s.Regions = append(s.Regions, usWest)
	s.Regional = append(s.Regional, west)
	fs := Evaluate(s, testNow, nil)
	if f := findByID(t, fs, rid("guardduty-enabled")); f.Status != assessment.Pass {
		t.Errorf("us-east-1: %s", f.Status)
	}
	if f := findByID(t, fs, FindingID("guardduty-enabled", usWest, acct)); f.Status != assessment.Fail {
		t.Errorf("us-west-2: %s", f.Status)
	}
}

func TestStatusForError(t *testing.T) {
	for code, want := range map[string]assessment.Status{
		"AccessDenied": assessment.NotAssessed, "AccessDeniedException": assessment.NotAssessed, "UnauthorizedOperation": assessment.NotAssessed,
		"AuthorizationError": assessment.NotAssessed, "OptInRequired": assessment.NotAssessed, "SubscriptionRequiredException": assessment.NotAssessed,
		"UnrecognizedClientException": assessment.NotAssessed, "InvalidClientTokenId": assessment.NotAssessed,
		"CloudTrailARNInvalidException": assessment.NotAssessed,
		"RequestTimeout":                assessment.Error, "InternalError": assessment.Error, "NetworkError": assessment.Error, "": assessment.Error,
		"HTTP404": assessment.Error, "HTTP500": assessment.Error, "EmptyResponse": assessment.Error, "TooManyPages": assessment.Error,
	} {
		if got := StatusForError(code); got != want {
			t.Errorf("StatusForError(%q) = %s, want %s", code, got, want)
		}
	}
}

func TestChecksCatalog(t *testing.T) {
	cs := Checks()
	if len(cs) != len(assessment.CheckIDs) {
		t.Errorf("%d checks, want %d", len(cs), len(assessment.CheckIDs))
	}
	for i, c := range cs {
		if i > 0 && cs[i-1].ID >= c.ID {
			t.Errorf("not sorted at %s", c.ID)
		}
		if c.Title == "" || c.Service == "" || c.Remediation == "" || len(c.Citations) == 0 || severityRank(c.Severity) == 0 {
			t.Errorf("%s incomplete: %+v", c.ID, c)
		}
		for _, cit := range c.Citations {
			if !strings.HasPrefix(cit, "164.3") || strings.Count(cit, "(") != strings.Count(cit, ")") {
				t.Errorf("%s: bad citation %q", c.ID, cit)
			}
		}
		got, ok := CheckByID(c.ID)
		if !ok || got.ID != c.ID {
			t.Errorf("CheckByID(%s) = %v, %v", c.ID, got.ID, ok)
		}
	}
	if _, ok := CheckByID("no-such-check"); ok {
		t.Error("CheckByID found an unknown id")
	}
	// Checks returns copies: changing one must not change the catalog.
	cs[0].Citations[0] = "changed"
	if Checks()[0].Citations[0] == "changed" {
		t.Error("Checks shares its citation slices")
	}
}

func TestAge(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{5 * time.Minute, "5m"}, {2 * time.Hour, "2h"}, {47 * time.Hour, "47h"}, {72 * time.Hour, "3d"}} {
		if got := age(testNow, testNow.Add(-tc.d)); got != tc.want {
			t.Errorf("age(%v) = %s, want %s", tc.d, got, tc.want)
		}
	}
}
