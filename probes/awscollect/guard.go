package awscollect

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// operations is the one table of every call the collectors may send, keyed
// "service:Operation" with the service's signing name (s3control for S3
// Control), mapped to the IAM action that permits it. The read-only guard
// allows only these, and policy.json lists exactly their actions.
var operations = map[string]string{
	"sts:GetCallerIdentity": "sts:GetCallerIdentity",

	"iam:GetAccountPasswordPolicy":  "iam:GetAccountPasswordPolicy",
	"iam:GetAccountSummary":         "iam:GetAccountSummary",
	"iam:GenerateCredentialReport":  "iam:GenerateCredentialReport",
	"iam:GetCredentialReport":       "iam:GetCredentialReport",
	"iam:ListUsers":                 "iam:ListUsers",
	"iam:ListGroupsForUser":         "iam:ListGroupsForUser",
	"iam:ListAttachedUserPolicies":  "iam:ListAttachedUserPolicies",
	"iam:ListUserPolicies":          "iam:ListUserPolicies",
	"iam:GetUserPolicy":             "iam:GetUserPolicy",
	"iam:ListGroups":                "iam:ListGroups",
	"iam:ListAttachedGroupPolicies": "iam:ListAttachedGroupPolicies",
	"iam:ListGroupPolicies":         "iam:ListGroupPolicies",
	"iam:GetGroupPolicy":            "iam:GetGroupPolicy",
	"iam:ListPolicies":              "iam:ListPolicies",
	"iam:GetPolicyVersion":          "iam:GetPolicyVersion",

	"s3control:GetPublicAccessBlock":     "s3:GetAccountPublicAccessBlock",
	"s3:ListBuckets":                     "s3:ListAllMyBuckets",
	"s3:GetBucketLocation":               "s3:GetBucketLocation",
	"s3:GetPublicAccessBlock":            "s3:GetBucketPublicAccessBlock",
	"s3:GetBucketAcl":                    "s3:GetBucketAcl",
	"s3:GetBucketPolicy":                 "s3:GetBucketPolicy",
	"s3:GetBucketPolicyStatus":           "s3:GetBucketPolicyStatus",
	"s3:GetBucketEncryption":             "s3:GetEncryptionConfiguration",
	"s3:GetBucketVersioning":             "s3:GetBucketVersioning",
	"s3:GetBucketLogging":                "s3:GetBucketLogging",
	"s3:GetObjectLockConfiguration":      "s3:GetBucketObjectLockConfiguration",
	"s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",

	"cloudtrail:DescribeTrails":    "cloudtrail:DescribeTrails",
	"cloudtrail:GetTrailStatus":    "cloudtrail:GetTrailStatus",
	"cloudtrail:GetEventSelectors": "cloudtrail:GetEventSelectors",

	"guardduty:ListDetectors": "guardduty:ListDetectors",
	"guardduty:GetDetector":   "guardduty:GetDetector",
	"guardduty:ListFindings":  "guardduty:ListFindings",

	"securityhub:DescribeHub": "securityhub:DescribeHub",

	"config:DescribeConfigurationRecorders":      "config:DescribeConfigurationRecorders",
	"config:DescribeConfigurationRecorderStatus": "config:DescribeConfigurationRecorderStatus",

	"ec2:DescribeRegions":           "ec2:DescribeRegions",
	"ec2:GetEbsEncryptionByDefault": "ec2:GetEbsEncryptionByDefault",
	"ec2:DescribeVolumes":           "ec2:DescribeVolumes",
	"ec2:DescribeSnapshots":         "ec2:DescribeSnapshots",
	"ec2:DescribeSnapshotAttribute": "ec2:DescribeSnapshotAttribute",
	"ec2:DescribeSecurityGroups":    "ec2:DescribeSecurityGroups",
	"ec2:DescribeVpcs":              "ec2:DescribeVpcs",
	"ec2:DescribeNetworkInterfaces": "ec2:DescribeNetworkInterfaces",
	"ec2:DescribeFlowLogs":          "ec2:DescribeFlowLogs",
	"ec2:DescribeInstances":         "ec2:DescribeInstances",

	"ssm:DescribeInstanceInformation": "ssm:DescribeInstanceInformation",
	"ssm:DescribeInstancePatchStates": "ssm:DescribeInstancePatchStates",

	"inspector2:BatchGetAccountStatus": "inspector2:BatchGetAccountStatus",
	"inspector2:ListFindings":          "inspector2:ListFindings",

	"rds:DescribeDBInstances":                 "rds:DescribeDBInstances",
	"rds:DescribeDBClusters":                  "rds:DescribeDBClusters",
	"rds:DescribeDBSnapshots":                 "rds:DescribeDBSnapshots",
	"rds:DescribeDBSnapshotAttributes":        "rds:DescribeDBSnapshotAttributes",
	"rds:DescribeDBClusterSnapshots":          "rds:DescribeDBClusterSnapshots",
	"rds:DescribeDBClusterSnapshotAttributes": "rds:DescribeDBClusterSnapshotAttributes",

	"kms:ListKeys":             "kms:ListKeys",
	"kms:DescribeKey":          "kms:DescribeKey",
	"kms:GetKeyRotationStatus": "kms:GetKeyRotationStatus",

	"logs:DescribeLogGroups": "logs:DescribeLogGroups",

	"backup:ListBackupPlans":         "backup:ListBackupPlans",
	"backup:GetBackupPlan":           "backup:GetBackupPlan",
	"backup:ListBackupVaults":        "backup:ListBackupVaults",
	"backup:ListRestoreTestingPlans": "backup:ListRestoreTestingPlans",

	"access-analyzer:ListAnalyzers": "access-analyzer:ListAnalyzers",
	"access-analyzer:ListFindings":  "access-analyzer:ListFindings",

	"elasticloadbalancing:DescribeLoadBalancers":          "elasticloadbalancing:DescribeLoadBalancers",
	"elasticloadbalancing:DescribeListeners":              "elasticloadbalancing:DescribeListeners",
	"elasticloadbalancing:DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",

	"wafv2:GetWebACLForResource":    "wafv2:GetWebACLForResource",
	"wafv2:GetLoggingConfiguration": "wafv2:GetLoggingConfiguration",

	"acm:ListCertificates":    "acm:ListCertificates",
	"acm:DescribeCertificate": "acm:DescribeCertificate",

	"macie2:GetMacieSession":        "macie2:GetMacieSession",
	"macie2:ListClassificationJobs": "macie2:ListClassificationJobs",

	"artifact:ListCustomerAgreements": "artifact:ListCustomerAgreements",
}

// orgOperations are the reads an organization scan adds, from the
// management account: listing the accounts. (Assuming the role in each
// member account is sts:AssumeRole, a credential exchange.) They are not
// in policy.json: OrgPolicies adds them to the management account's policy.
var orgOperations = map[string]string{
	"organizations:ListAccounts": "organizations:ListAccounts",
}

// servicePrefixes maps the SDK's service ids to the prefixes of the
// operations table.
var servicePrefixes = map[string]string{
	"STS": "sts", "IAM": "iam", "S3": "s3", "S3 Control": "s3control", "EC2": "ec2", "RDS": "rds",
	"Elastic Load Balancing v2": "elasticloadbalancing", "CloudTrail": "cloudtrail", "GuardDuty": "guardduty",
	"SecurityHub": "securityhub", "Config Service": "config", "KMS": "kms", "CloudWatch Logs": "logs",
	"Backup": "backup", "ACM": "acm", "Organizations": "organizations", "WAFV2": "wafv2", "Macie2": "macie2",
	"AccessAnalyzer": "access-analyzer",
}

// credentialExchange are the calls the SDK's credential providers make to
// turn a profile (assumed role, web identity, IAM Identity Center) into
// temporary credentials. They change nothing in the account; they are not in
// policy.json because the caller's own identity, not the audit policy, has
// to permit them.
var credentialExchange = map[string]bool{
	"STS:AssumeRole":                true,
	"STS:AssumeRoleWithWebIdentity": true,
	"STS:AssumeRoleWithSAML":        true,
	"SSO:GetRoleCredentials":        true,
	"SSO OIDC:CreateToken":          true,
	"Signin:CreateOAuth2Token":      true,
}

// credentialSources are the packages of the SDK's clients for platform
// credentials: the EC2 instance metadata service and the container
// credentials endpoint. They talk only to the machine or container the
// probe runs on, never to an account, and carry no service id of their own.
var credentialSources = map[string]bool{
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds":                          true,
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds/internal/client": true,
}

// credentialSource reports whether params is the input of a platform
// credentials call.
func credentialSource(params any) bool {
	t := reflect.TypeOf(params)
	if t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t != nil && credentialSources[t.PkgPath()]
}

// checkRead is the read-only rule, shared by the SDK middleware and the
// hand-signed Artifact call: the operation must be named like a read (Get,
// BatchGet, List, Describe, GenerateCredentialReport) and be one of the
// operations the probes use.
func checkRead(operation string) error {
	_, name, _ := strings.Cut(operation, ":")
	readName := strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "BatchGet") || strings.HasPrefix(name, "List") ||
		strings.HasPrefix(name, "Describe") || name == "GenerateCredentialReport"
	_, known := operations[operation]
	if _, org := orgOperations[operation]; org {
		known = true
	}
	if !readName || !known {
		return fmt.Errorf("%w: %s", ErrNotReadOnly, operation)
	}
	return nil
}

// readOnlyGuard refuses, before anything is serialised or sent, every
// operation that checkRead does not allow.
type readOnlyGuard struct{}

func (readOnlyGuard) ID() string { return "ReadOnlyGuard" }

func (readOnlyGuard) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	service := awsmiddleware.GetServiceID(ctx)
	op := middleware.GetOperationName(ctx)
	if !credentialExchange[service+":"+op] && !credentialSource(in.Parameters) {
		prefix, ok := servicePrefixes[service]
		if !ok {
			prefix = strings.ToLower(service)
		}
		if err := checkRead(prefix + ":" + op); err != nil {
			return middleware.InitializeOutput{}, middleware.Metadata{}, err
		}
	}
	return next.HandleInitialize(ctx, in)
}

// addReadOnlyGuard puts the guard on a client's middleware stack.
func addReadOnlyGuard(stack *middleware.Stack) error {
	return stack.Initialize.Add(readOnlyGuard{}, middleware.After)
}
