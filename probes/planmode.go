package probes

import "github.com/hipaarisk/hipaarisk/assessment"

// Codes in an APIError that do not come from AWS but from a deployment
// plan: the value is decided only when the plan is applied, or the plan does
// not declare the thing at all (it may exist in the account all the same).
// Findings that depend on them are not_assessed, never pass.
const (
	CodeKnownAfterApply = "KnownAfterApply"
	CodeNotInPlan       = "NotInPlan"
)

// planReasons is the wording of findings that depend on a plan code.
var planReasons = map[string]string{
	CodeKnownAfterApply: "known after apply",
	CodeNotInPlan:       "not declared in the plan",
}

// liveOnly names the checks that only the live account can answer (usage,
// reports, findings, dates and agreements that no deployment plan holds),
// with the reason.
var liveOnly = map[string]string{
	assessment.CheckIAMRootAccessKeys:            "reads the root user's access keys from the IAM credential report",
	assessment.CheckIAMRootMFA:                   "reads the root user's MFA from the IAM credential report",
	assessment.CheckIAMUserConsoleMFA:            "reads which users sign in with MFA from the IAM credential report",
	assessment.CheckIAMAccessKeyRotation:         "reads access key ages from the IAM credential report",
	assessment.CheckIAMUnusedCredentials:         "reads when passwords and keys were last used from the IAM credential report",
	assessment.CheckIAMAdminPolicies:             "judges the policies of every IAM user, directly and through groups, which a plan shows only in part",
	assessment.CheckGuardDutyHighFindings:        "reads the open GuardDuty findings",
	assessment.CheckCloudTrailCloudwatchDelivery: "reads when the trail last delivered events to CloudWatch Logs",
	assessment.CheckACMCertificateExpiry:         "reads certificate expiry dates and where certificates are in use",
	assessment.CheckELBv2AccessLogs:              "reads each load balancer's access log attribute from the live account",
	assessment.CheckWAFv2WebACL:                  "reads which AWS WAF web ACL guards each load balancer from the live account",
	assessment.CheckWAFv2Logging:                 "reads the logging configuration of each AWS WAF web ACL from the live account",
	assessment.CheckMacieEnabled:                 "reads whether Amazon Macie is on in each region that holds S3 buckets",
	assessment.CheckAWSBAAAccepted:               "reads the agreements accepted in AWS Artifact",
	assessment.CheckAWSAccountReadable:           "is about whether the probe could read the live account",
	assessment.CheckBackupCrossCopy:              "reads each backup plan's rules and copy destinations from AWS Backup",
	assessment.CheckBackupVaultLock:              "reads each backup vault's lock state and lock date, which only the live account knows",
	assessment.CheckBackupRestoreTesting:         "reads the restore-testing plans of AWS Backup",
	assessment.CheckAccessAnalyzerEnabled:        "reads which IAM Access Analyzer analyzers are active",
	assessment.CheckAccessAnalyzerExternalAccess: "reads the active findings of IAM Access Analyzer",
	assessment.CheckSSMPatchCompliance:           "reads which instances Systems Manager manages and their patch state",
	assessment.CheckInspectorEnabled:             "reads whether Amazon Inspector scans in the account",
	assessment.CheckInspectorCriticalFindings:    "reads the open Amazon Inspector findings",
}

// LiveOnly says why only the live account can answer the check, or returns
// "" when a deployment plan can answer it too.
func (c Check) LiveOnly() string { return liveOnly[c.ID] }
