package probes

import (
	"sort"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// Check describes one automated test of an account's configuration.
type Check struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Service     string              `json:"service"`
	Severity    assessment.Severity `json:"severity"`
	Citations   []string            `json:"citations"`
	Remediation string              `json:"remediation"`
	// Global checks report once per account (region "global"); the others
	// report per region or per regional resource.
	Global bool `json:"global"`
}

// checkDef ties a check's description to the function that evaluates it.
type checkDef struct {
	Check
	eval func(*evaluation, Check)
}

// checkDefs lists every check, sorted by id. It is one long table on
// purpose: the whole catalog, with its citations, reads in one place.
func checkDefs() []checkDef {
	defs := []checkDef{
		{Check{assessment.CheckS3AccountPublicAccessBlock, "S3 public access is blocked for the whole account", "s3", assessment.HighSev,
			[]string{"164.308(a)(3)(i)", "164.312(a)(1)"},
			"Turn on all four S3 Block Public Access settings at the account level (S3 console, Block Public Access settings for this account).", true},
			evalAccountPublicAccessBlock},
		{Check{assessment.CheckS3BucketPublicAccess, "S3 bucket is not open to the public", "s3", assessment.Critical,
			[]string{"164.308(a)(3)(i)", "164.312(a)(1)"},
			"Turn on Block Public Access for the bucket (or the account), remove AllUsers and AuthenticatedUsers ACL grants, and drop policy statements that allow everyone.", false},
			evalBucketPublicAccess},
		{Check{assessment.CheckS3BucketDefaultEncryption, "S3 bucket encrypts new objects by default", "s3", assessment.HighSev,
			[]string{"164.312(a)(2)(iv)", "164.312(e)(2)(ii)"},
			"Set default encryption on the bucket, preferably SSE-KMS with a customer-managed key so that key use is logged and can be revoked.", false},
			evalBucketEncryption},
		{Check{assessment.CheckS3BucketSecureTransport, "S3 bucket refuses requests without TLS", "s3", assessment.Medium,
			[]string{"164.312(e)(1)", "164.312(e)(2)(i)"},
			"Add a bucket policy statement that denies s3:* to every principal on the bucket and its objects when aws:SecureTransport is false.", false},
			evalBucketSecureTransport},
		{Check{assessment.CheckS3BucketVersioning, "S3 bucket keeps previous object versions", "s3", assessment.Medium,
			[]string{"164.308(a)(7)(ii)(A)", "164.312(c)(1)"},
			"Enable versioning on the bucket so that overwritten or deleted objects can be recovered; add a lifecycle rule to expire old versions if cost matters.", false},
			evalBucketVersioning},
		{Check{assessment.CheckS3BucketAccessLogging, "S3 bucket records access logs", "s3", assessment.LowSev,
			[]string{"164.312(b)"},
			"Enable server access logging on the bucket, sending logs to a separate bucket that only administrators can read.", false},
			evalBucketLogging},
		{Check{assessment.CheckMacieEnabled, "Amazon Macie looks for patient data in S3", "macie", assessment.Medium,
			[]string{"164.308(a)(1)(ii)(A)"}, // the risk analysis has to know where ePHI is stored
			"Enable Amazon Macie in every region that holds S3 buckets, turn on automated sensitive data discovery (or run a classification job on the buckets), and add each bucket it finds patient data in to the practice's list of where ePHI is stored.", false},
			evalMacie},
		{Check{assessment.CheckCloudTrailEnabledAllRegions, "CloudTrail records activity in every region", "cloudtrail", assessment.HighSev,
			[]string{"164.308(a)(1)(ii)(D)", "164.312(b)"},
			"Create (or turn logging on for) one multi-region trail that records management events in every region.", true},
			evalTrailAllRegions},
		{Check{assessment.CheckCloudTrailLogFileValidation, "CloudTrail log files can be checked for tampering", "cloudtrail", assessment.Medium,
			[]string{"164.312(c)(1)", "164.312(c)(2)"},
			"Turn on log file validation for the trail so that altered or deleted log files can be detected.", false},
			evalTrailValidation},
		{Check{assessment.CheckCloudTrailKMSEncryption, "CloudTrail logs are encrypted with a KMS key", "cloudtrail", assessment.Medium,
			[]string{"164.312(a)(2)(iv)"},
			"Configure the trail to encrypt its log files with a customer-managed KMS key.", false},
			evalTrailKMS},
		{Check{assessment.CheckCloudTrailS3DataEvents, "CloudTrail records reads and writes of S3 objects", "cloudtrail", assessment.Medium,
			[]string{"164.312(b)", "164.308(a)(1)(ii)(D)"},
			"Add a data event selector to the trail for S3 objects, recording both read and write events for the buckets that hold ePHI (or all buckets).", false},
			evalTrailDataEvents},
		{Check{assessment.CheckCloudTrailCloudwatchDelivery, "CloudTrail delivers events to CloudWatch Logs", "cloudtrail", assessment.Medium,
			[]string{"164.308(a)(1)(ii)(D)", "164.308(a)(6)(ii)"},
			"Send the trail to a CloudWatch Logs log group (with a role CloudTrail can assume) so that alarms can watch for suspicious activity.", false},
			evalTrailCloudWatch},
		{Check{assessment.CheckCloudTrailImmutableLogs, "CloudTrail logs are stored where they cannot be deleted for six years", "cloudtrail", assessment.Medium,
			[]string{"164.312(b)", "164.316(b)(2)(i)"},
			"Send the trail to a bucket created with S3 Object Lock and set a default retention of at least 6 years (2192 days), in COMPLIANCE mode so that no one, root included, can delete the logs early.", false},
			evalTrailImmutableLogs},
		{Check{assessment.CheckLogsRetentionSixYears, "Logs are kept for at least six years", "logs", assessment.HighSev,
			[]string{"164.312(b)"}, // audit controls; 164.316(b)(2)(i) is about the practice's documentation, not logs
			"Set the log group's retention to 2192 days or more (or never expire), and make sure no lifecycle rule deletes trail logs from their bucket sooner. Audit logs (a trail's log group and its bucket) rate high; other log groups medium.", false},
			evalLogRetention},
		{Check{assessment.CheckIAMRootAccessKeys, "The root user has no access keys", "iam", assessment.Critical,
			[]string{"164.312(a)(1)", "164.312(a)(2)(i)"}, // access control and unique identification, not workforce clearance
			"Delete the root user's access keys; give people and programs their own IAM users or roles instead.", true},
			evalRootKeys},
		{Check{assessment.CheckIAMRootMFA, "The root user signs in with MFA", "iam", assessment.HighSev,
			[]string{"164.312(d)"},
			"Sign in as root and register an MFA device (a hardware key is best), then keep the root credentials locked away.", true},
			evalRootMFA},
		{Check{assessment.CheckIAMUserConsoleMFA, "Every IAM user with a console password uses MFA", "iam", assessment.HighSev,
			[]string{"164.312(d)", "164.308(a)(5)(ii)(D)"},
			"Have the user register an MFA device, and add a policy that denies most actions until MFA is used.", true},
			evalConsoleMFA},
		{Check{assessment.CheckIAMPasswordPolicy, "The IAM password policy is strong", "iam", assessment.Medium,
			[]string{"164.308(a)(5)(ii)(D)"},
			"Set the account password policy to at least 14 characters, remember 24 previous passwords, and require upper case, lower case, numbers and symbols.", true},
			evalPasswordPolicy},
		{Check{assessment.CheckIAMAccessKeyRotation, "Active access keys are rotated within 90 days", "iam", assessment.Medium,
			[]string{"164.308(a)(5)(ii)(D)", "164.308(a)(3)(ii)(C)"},
			"Create a new access key for the user, switch the programs that use it, then deactivate and delete the old key.", true},
			evalKeyRotation},
		{Check{assessment.CheckIAMUnusedCredentials, "No password or access key sits unused for 90 days", "iam", assessment.Medium,
			[]string{"164.308(a)(3)(ii)(C)", "164.308(a)(4)(ii)(C)"},
			"Remove the console password or deactivate the access key if it has not been used for 90 days; delete users who have left.", true},
			evalUnusedCredentials},
		{Check{assessment.CheckIAMAdminPolicies, "IAM users do not hold full administrator rights", "iam", assessment.HighSev,
			[]string{"164.308(a)(4)(ii)(B)", "164.312(a)(1)"},
			"Remove full-access policies from users (directly and through groups); give administrators a role they assume with MFA, and grant everyone else only what their job needs.", false},
			evalAdminPolicies},
		{Check{assessment.CheckKMSKeyRotation, "Customer-managed KMS keys rotate automatically", "kms", assessment.Medium,
			[]string{"164.312(a)(2)(iv)"},
			"Turn on automatic key rotation for the key (KMS console, Key rotation tab).", false},
			evalKMSRotation},
		{Check{assessment.CheckEC2EBSDefaultEncryption, "New EBS volumes are encrypted by default", "ec2", assessment.Medium,
			[]string{"164.312(a)(2)(iv)"},
			"Turn on EBS encryption by default in this region (EC2 console, Account attributes, Data protection and security).", false},
			evalEBSDefault},
		{Check{assessment.CheckEC2EBSVolumeEncryption, "EBS volume is encrypted", "ec2", assessment.HighSev,
			[]string{"164.312(a)(2)(iv)"},
			"Snapshot the volume, copy the snapshot with encryption on, create a new volume from it and swap it in.", false},
			evalEBSVolumes},
		{Check{assessment.CheckEC2EBSSnapshotPublic, "EBS snapshot is not shared publicly", "ec2", assessment.Critical,
			[]string{"164.312(a)(1)"},
			"Remove the public (all) create-volume permission from the snapshot, and block public access to EBS snapshots in the region.", false},
			evalEBSSnapshots},
		{Check{assessment.CheckEC2SecurityGroupAdminPorts, "Security group does not open admin or database ports to the internet", "ec2", assessment.HighSev,
			[]string{"164.312(e)(1)", "164.308(a)(1)(ii)(B)"},
			"Remove inbound rules from 0.0.0.0/0 and ::/0 to remote-administration and database ports; use a VPN, Session Manager, or a short list of office addresses.", false},
			evalSecurityGroups},
		{Check{assessment.CheckEC2VPCFlowLogs, "VPC in use records flow logs", "ec2", assessment.Medium,
			[]string{"164.312(b)"},
			"Create a flow log for the VPC (all traffic) sent to CloudWatch Logs or S3.", false},
			evalFlowLogs},
		{Check{assessment.CheckEC2InstanceIMDSv2, "EC2 instance requires IMDSv2 for its metadata", "ec2", assessment.HighSev,
			[]string{"164.312(a)(1)", "164.308(a)(1)(ii)(B)"},
			"Require session tokens for the instance metadata service (HttpTokens required; in Terraform metadata_options { http_tokens = \"required\" }) once the software on the instance uses IMDSv2, as current AWS SDKs and the CLI do.", false},
			evalIMDSv2},
		{Check{assessment.CheckSSMPatchCompliance, "EC2 instance is managed by Systems Manager and patched", "ssm", assessment.HighSev,
			[]string{"164.308(a)(1)(ii)(B)", "164.308(a)(5)(ii)(B)"},
			"Let Systems Manager manage the instance (SSM Agent running, an instance profile with AmazonSSMManagedInstanceCore), then have Patch Manager scan and install security updates on a schedule (a Quick Setup patch policy does both) and reboot instances that wait for it.", false},
			evalPatchCompliance},
		{Check{assessment.CheckInspectorEnabled, "Amazon Inspector scans EC2, ECR and Lambda in this region", "inspector2", assessment.Medium,
			[]string{"164.308(a)(1)(ii)(A)", "164.308(a)(1)(ii)(B)", "164.308(a)(8)"},
			"Activate Amazon Inspector in this region for EC2, ECR and Lambda (Inspector console, Account management, or for every account through the organization's delegated administrator); EC2 scanning needs the SSM Agent on the instances.", false},
			evalInspectorEnabled},
		{Check{assessment.CheckInspectorCriticalFindings, "No critical or high Amazon Inspector findings are open", "inspector2", assessment.HighSev,
			[]string{"164.308(a)(1)(ii)(B)", "164.308(a)(5)(ii)(B)"},
			"Open each active critical or high finding in the Inspector console and apply the fix it names (update the package, rebuild the image, upgrade the function's dependency); Inspector closes the finding when a new scan no longer sees the flaw. Put what cannot be fixed at once in the remediation plan.", false},
			evalInspectorFindings},
		{Check{assessment.CheckRDSStorageEncryption, "RDS database storage is encrypted", "rds", assessment.HighSev,
			[]string{"164.312(a)(2)(iv)"},
			"Take a snapshot, copy it with encryption on, restore a new encrypted database from the copy and switch the application to it.", false},
			evalRDSEncryption},
		{Check{assessment.CheckRDSPublicAccess, "RDS database is not reachable from the internet", "rds", assessment.HighSev,
			[]string{"164.312(a)(1)"},
			"Modify the database to turn off Publicly accessible, and keep it in private subnets.", false},
			evalRDSPublic},
		{Check{assessment.CheckRDSBackupRetention, "RDS database keeps automated backups", "rds", assessment.Medium,
			[]string{"164.308(a)(7)(ii)(A)"},
			"Set the backup retention period to at least 7 days.", false},
			evalRDSBackups},
		{Check{assessment.CheckRDSMultiAZ, "RDS database runs in more than one availability zone", "rds", assessment.LowSev,
			[]string{"164.308(a)(7)(ii)(B)"},
			"Modify the database to use a Multi-AZ deployment so that it survives the loss of one availability zone.", false},
			evalRDSMultiAZ},
		{Check{assessment.CheckRDSSnapshotPublic, "RDS snapshot is not shared publicly", "rds", assessment.Critical,
			[]string{"164.312(a)(1)"},
			"Remove \"all\" from the snapshot's restore attribute (share it with named accounts only, if at all).", false},
			evalRDSSnapshots},
		{Check{assessment.CheckGuardDutyEnabled, "GuardDuty threat detection is on", "guardduty", assessment.Medium,
			[]string{"164.308(a)(1)(ii)(D)", "164.308(a)(6)(i)"},
			"Enable GuardDuty in this region (or for all regions through your organization's delegated administrator).", false},
			evalGuardDuty},
		{Check{assessment.CheckGuardDutyHighFindings, "No high-severity GuardDuty findings are open", "guardduty", assessment.HighSev,
			[]string{"164.308(a)(6)(ii)"},
			"Investigate each high-severity GuardDuty finding, respond under your incident procedure, then archive it with a note.", false},
			evalGuardDutyFindings},
		{Check{assessment.CheckSecurityHubEnabled, "Security Hub is on", "securityhub", assessment.Medium,
			[]string{"164.308(a)(8)"},
			"Enable Security Hub in this region with the AWS Foundational Security Best Practices standard.", false},
			evalSecurityHub},
		{Check{assessment.CheckConfigRecorderEnabled, "AWS Config records resource changes", "config", assessment.Medium,
			[]string{"164.308(a)(1)(ii)(A)"},
			"Set up AWS Config in this region to record all supported resources, and fix the delivery channel if recording fails.", false},
			evalConfig},
		{Check{assessment.CheckBackupPlans, "AWS Backup has a backup plan", "backup", assessment.Medium,
			[]string{"164.308(a)(7)(ii)(A)"},
			"Create an AWS Backup plan (daily, kept at least 35 days) and assign the resources that hold ePHI to it.", false},
			evalBackupPlans},
		{Check{assessment.CheckBackupCrossCopy, "AWS Backup copies recovery points to another region or account", "backup", assessment.Medium,
			[]string{"164.308(a)(7)(ii)(A)", "164.308(a)(7)(ii)(B)"},
			"Add a copy action to a rule of the backup plan that sends each recovery point to a vault in another region, or better in a separate backup account, so that an outage of one region or an intruder in this account cannot destroy every copy.", false},
			evalBackupCrossCopy},
		{Check{assessment.CheckBackupVaultLock, "Backup vault is locked against deletion", "backup", assessment.Medium,
			[]string{"164.308(a)(7)(ii)(A)", "164.312(c)(1)"},
			"Turn on AWS Backup Vault Lock for the vault with a minimum retention that matches the backup plan; once tested, set a lock date so that compliance mode makes the lock permanent and no one, the root user included, can delete backups early.", false},
			evalBackupVaultLock},
		{Check{assessment.CheckBackupRestoreTesting, "A restore-testing plan tests that backups can be restored", "backup", assessment.Medium,
			[]string{"164.308(a)(7)(ii)(D)", "164.308(a)(7)(ii)(B)"},
			"Create an AWS Backup restore-testing plan (for example monthly) that restores recent recovery points of the resources holding ePHI and checks them, and keep its results with the contingency plan.", false},
			evalRestoreTesting},
		{Check{assessment.CheckAccessAnalyzerEnabled, "IAM Access Analyzer watches for resources shared outside the account", "access-analyzer", assessment.Medium,
			[]string{"164.308(a)(1)(ii)(D)", "164.308(a)(4)(ii)(B)"},
			"Create an IAM Access Analyzer analyzer with the account (or the organization) as its zone of trust in this region; it is free for external access and lists every resource shared with another account or the public.", false},
			evalAccessAnalyzer},
		{Check{assessment.CheckAccessAnalyzerExternalAccess, "No resource is shared outside the account without review", "access-analyzer", assessment.HighSev,
			[]string{"164.312(a)(1)", "164.308(a)(4)(ii)(B)"},
			"Review the resource's policy: remove the access if no one approved it; if the sharing is intended (a business associate's account, for example), archive the finding with a note, or add an archive rule, so that the review is recorded.", false},
			evalExternalAccess},
		{Check{assessment.CheckELBv2TLSListeners, "Load balancer accepts only TLS 1.2 or newer", "elbv2", assessment.HighSev,
			[]string{"164.312(e)(1)", "164.312(e)(2)(ii)"},
			"Change plain HTTP listeners to redirect to HTTPS, and use a TLS 1.2+ security policy such as ELBSecurityPolicy-TLS13-1-2-2021-06.", false},
			evalLoadBalancers},
		{Check{assessment.CheckELBv2AccessLogs, "Load balancer records access logs", "elbv2", assessment.Medium,
			[]string{"164.312(b)"},
			"Turn on access logs in the load balancer's attributes, sending them to an S3 bucket in the same region that only administrators can read and that keeps them as long as the other audit logs. Internet-facing load balancers rate medium, internal ones low.", false},
			evalAccessLogs},
		{Check{assessment.CheckWAFv2WebACL, "Internet-facing application load balancer is behind AWS WAF", "wafv2", assessment.Medium,
			[]string{"164.312(e)(1)", "164.308(a)(1)(ii)(B)"},
			"Create an AWS WAF web ACL in the load balancer's region with the AWS managed rule groups (core rule set, known bad inputs, IP reputation) and associate it with the load balancer; run the rules in count mode for a week first if blocking a patient by mistake is a worry.", false},
			evalWebACL},
		{Check{assessment.CheckWAFv2Logging, "AWS WAF web ACL in front of a load balancer logs its requests", "wafv2", assessment.LowSev,
			[]string{"164.312(b)"},
			"Turn on logging for the web ACL (AWS WAF console, the web ACL, Logging and metrics), to a CloudWatch Logs log group, S3 bucket or Firehose stream whose name starts with aws-waf-logs-, kept as long as the other audit logs.", false},
			evalWAFLogging},
		{Check{assessment.CheckACMCertificateExpiry, "Certificate in use stays valid for 30 days or more", "acm", assessment.Medium,
			[]string{"164.312(e)(1)"},
			"Renew or replace the certificate (DNS validation lets ACM renew it automatically) and attach the new one where the old one is used.", false},
			evalCertificates},
		{Check{assessment.CheckAWSAccountReadable, "The probe could read the account", "sts", assessment.HighSev,
			[]string{"164.308(a)(1)(ii)(A)"},
			"Create the read-only role in the account (see the README, Organizations) with the trust policy that lets the management account assume it, or probe the account with its own credentials.", true},
			evalAccountReadable},
		{Check{assessment.CheckAWSBAAAccepted, "The AWS Business Associate Addendum is accepted", "artifact", assessment.HighSev,
			[]string{"164.308(b)(1)", "164.308(b)(3)", "164.314(a)(2)(i)"},
			"Accept the AWS Business Associate Addendum in AWS Artifact (Agreements) for this account or for the whole organization before storing ePHI.", true},
			evalBAA},
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].ID < defs[j].ID })
	return defs
}

// Checks returns every check, sorted by id.
func Checks() []Check {
	defs := checkDefs()
	out := make([]Check, len(defs))
	for i, d := range defs {
		out[i] = d.Check
	}
	return out
}

// CheckByID returns the check with the given id.
func CheckByID(id string) (Check, bool) {
	for _, d := range checkDefs() {
		if d.ID == id {
			return d.Check, true
		}
	}
	return Check{}, false
}

// severityRank orders severities; unknown ones rank below info.
func severityRank(s assessment.Severity) int {
	switch s {
	case assessment.Critical:
		return 5
	case assessment.HighSev:
		return 4
	case assessment.Medium:
		return 3
	case assessment.LowSev:
		return 2
	case assessment.Info:
		return 1
	}
	return 0
}
