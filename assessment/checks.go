package assessment

// The ids of the automated cloud checks. Questions link to them, findings
// carry them, suppressions and the report name them; they are written here
// and nowhere else.
const (
	CheckS3AccountPublicAccessBlock   = "s3-account-public-access-block"
	CheckS3BucketPublicAccess         = "s3-bucket-public-access"
	CheckS3BucketDefaultEncryption    = "s3-bucket-default-encryption"
	CheckS3BucketSecureTransport      = "s3-bucket-secure-transport"
	CheckS3BucketVersioning           = "s3-bucket-versioning"
	CheckS3BucketAccessLogging        = "s3-bucket-access-logging"
	CheckMacieEnabled                 = "macie-enabled"
	CheckCloudTrailEnabledAllRegions  = "cloudtrail-enabled-all-regions"
	CheckCloudTrailLogFileValidation  = "cloudtrail-log-file-validation"
	CheckCloudTrailKMSEncryption      = "cloudtrail-kms-encryption"
	CheckCloudTrailS3DataEvents       = "cloudtrail-s3-data-events"
	CheckCloudTrailCloudwatchDelivery = "cloudtrail-cloudwatch-delivery"
	CheckCloudTrailImmutableLogs      = "cloudtrail-immutable-log-storage"
	CheckLogsRetentionSixYears        = "logs-retention-six-years"
	CheckIAMRootAccessKeys            = "iam-root-access-keys"
	CheckIAMRootMFA                   = "iam-root-mfa"
	CheckIAMUserConsoleMFA            = "iam-user-console-mfa"
	CheckIAMPasswordPolicy            = "iam-password-policy"
	CheckIAMAccessKeyRotation         = "iam-access-key-rotation"
	CheckIAMUnusedCredentials         = "iam-unused-credentials"
	CheckIAMAdminPolicies             = "iam-admin-policies"
	CheckKMSKeyRotation               = "kms-key-rotation"
	CheckEC2EBSDefaultEncryption      = "ec2-ebs-default-encryption"
	CheckEC2EBSVolumeEncryption       = "ec2-ebs-volume-encryption"
	CheckEC2EBSSnapshotPublic         = "ec2-ebs-snapshot-public"
	CheckEC2SecurityGroupAdminPorts   = "ec2-security-group-admin-ports"
	CheckEC2VPCFlowLogs               = "ec2-vpc-flow-logs"
	CheckEC2InstanceIMDSv2            = "ec2-instance-imdsv2"
	CheckSSMPatchCompliance           = "ssm-patch-compliance"
	CheckInspectorEnabled             = "inspector-enabled"
	CheckInspectorCriticalFindings    = "inspector-critical-findings"
	CheckRDSStorageEncryption         = "rds-storage-encryption"
	CheckRDSPublicAccess              = "rds-public-access"
	CheckRDSBackupRetention           = "rds-backup-retention"
	CheckRDSMultiAZ                   = "rds-multi-az"
	CheckRDSSnapshotPublic            = "rds-snapshot-public"
	CheckGuardDutyEnabled             = "guardduty-enabled"
	CheckGuardDutyHighFindings        = "guardduty-high-findings"
	CheckSecurityHubEnabled           = "securityhub-enabled"
	CheckConfigRecorderEnabled        = "config-recorder-enabled"
	CheckBackupPlans                  = "backup-plans"
	CheckBackupCrossCopy              = "backup-cross-copy"
	CheckBackupVaultLock              = "backup-vault-lock"
	CheckBackupRestoreTesting         = "backup-restore-testing"
	CheckAccessAnalyzerEnabled        = "access-analyzer-enabled"
	CheckAccessAnalyzerExternalAccess = "access-analyzer-external-access"
	CheckELBv2TLSListeners            = "elbv2-tls-listeners"
	CheckELBv2AccessLogs              = "elbv2-access-logs"
	CheckWAFv2WebACL                  = "wafv2-web-acl"
	CheckWAFv2Logging                 = "wafv2-logging"
	CheckACMCertificateExpiry         = "acm-certificate-expiry"
	CheckAWSBAAAccepted               = "aws-baa-accepted"
	CheckAWSAccountReadable           = "aws-account-readable"
)

// CheckIDs lists every check id, in catalogue order.
var CheckIDs = []string{
	CheckS3AccountPublicAccessBlock,
	CheckS3BucketPublicAccess,
	CheckS3BucketDefaultEncryption,
	CheckS3BucketSecureTransport,
	CheckS3BucketVersioning,
	CheckS3BucketAccessLogging,
	CheckMacieEnabled,
	CheckCloudTrailEnabledAllRegions,
	CheckCloudTrailLogFileValidation,
	CheckCloudTrailKMSEncryption,
	CheckCloudTrailS3DataEvents,
	CheckCloudTrailCloudwatchDelivery,
	CheckCloudTrailImmutableLogs,
	CheckLogsRetentionSixYears,
	CheckIAMRootAccessKeys,
	CheckIAMRootMFA,
	CheckIAMUserConsoleMFA,
	CheckIAMPasswordPolicy,
	CheckIAMAccessKeyRotation,
	CheckIAMUnusedCredentials,
	CheckIAMAdminPolicies,
	CheckKMSKeyRotation,
	CheckEC2EBSDefaultEncryption,
	CheckEC2EBSVolumeEncryption,
	CheckEC2EBSSnapshotPublic,
	CheckEC2SecurityGroupAdminPorts,
	CheckEC2VPCFlowLogs,
	CheckEC2InstanceIMDSv2,
	CheckSSMPatchCompliance,
	CheckInspectorEnabled,
	CheckInspectorCriticalFindings,
	CheckRDSStorageEncryption,
	CheckRDSPublicAccess,
	CheckRDSBackupRetention,
	CheckRDSMultiAZ,
	CheckRDSSnapshotPublic,
	CheckGuardDutyEnabled,
	CheckGuardDutyHighFindings,
	CheckSecurityHubEnabled,
	CheckConfigRecorderEnabled,
	CheckBackupPlans,
	CheckBackupCrossCopy,
	CheckBackupVaultLock,
	CheckBackupRestoreTesting,
	CheckAccessAnalyzerEnabled,
	CheckAccessAnalyzerExternalAccess,
	CheckELBv2TLSListeners,
	CheckELBv2AccessLogs,
	CheckWAFv2WebACL,
	CheckWAFv2Logging,
	CheckACMCertificateExpiry,
	CheckAWSBAAAccepted,
	CheckAWSAccountReadable,
}
