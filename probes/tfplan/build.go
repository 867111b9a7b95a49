package tfplan

import (
	"sort"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// handler reads one resource type into the snapshot.
type handler func(b *builder, r *resource)

// phases lists the resource types the plan reader knows, in the order they
// are read: settings and resources other resources attach to come first.
var phases = []map[string]handler{
	{
		"aws_ebs_encryption_by_default":      (*builder).ebsDefault,
		"aws_s3_account_public_access_block": (*builder).accountPublicAccessBlock,
		"aws_iam_account_password_policy":    (*builder).passwordPolicy,
		"aws_guardduty_detector":             (*builder).guardDuty,
		"aws_backup_plan":                    (*builder).backupPlan,
		"aws_kms_key":                        (*builder).kmsKey,
		"aws_cloudwatch_log_group":           (*builder).logGroup,
		"aws_vpc":                            (*builder).vpc,
		"aws_lb":                             (*builder).loadBalancer,
		"aws_alb":                            (*builder).loadBalancer,
		"aws_rds_cluster":                    (*builder).rdsCluster,
	},
	{
		"aws_s3_bucket":      (*builder).bucket,
		"aws_security_group": (*builder).securityGroup,
		"aws_db_instance":    (*builder).dbInstance,
		"aws_ebs_volume":     (*builder).ebsVolume,
		"aws_instance":       (*builder).instance,
	},
	{
		"aws_s3_bucket_public_access_block":                  (*builder).bucketPublicAccessBlock,
		"aws_s3_bucket_server_side_encryption_configuration": (*builder).bucketEncryption,
		"aws_s3_bucket_versioning":                           (*builder).bucketVersioning,
		"aws_s3_bucket_logging":                              (*builder).bucketLogging,
		"aws_s3_bucket_policy":                               (*builder).bucketPolicy,
		"aws_s3_bucket_acl":                                  (*builder).bucketACL,
		"aws_s3_bucket_object_lock_configuration":            (*builder).bucketObjectLock,
		"aws_s3_bucket_lifecycle_configuration":              (*builder).bucketLifecycle,
		"aws_vpc_security_group_ingress_rule":                (*builder).ingressRule,
		"aws_security_group_rule":                            (*builder).securityGroupRule,
		"aws_flow_log":                                       (*builder).flowLog,
		"aws_lb_listener":                                    (*builder).listener,
		"aws_alb_listener":                                   (*builder).listener,
		"aws_rds_cluster_instance":                           (*builder).clusterInstance,
	},
	{
		"aws_cloudtrail": (*builder).trail,
	},
}

// build reads every resource and completes the snapshot.
func (b *builder) build() {
	known := map[string]bool{}
	for _, ph := range phases {
		for typ := range ph {
			known[typ] = true
		}
	}
	for _, r := range b.res {
		if !known[r.typ] {
			b.out.Unsupported[r.typ]++
		}
	}
	for _, ph := range phases {
		for _, r := range b.res {
			if h := ph[r.typ]; h != nil {
				b.out.Checked++
				h(b, r)
			}
		}
	}
	b.finish()
}

// region returns the snapshot's data for a region, adding it on first use.
func (b *builder) region(name string) *probes.RegionData {
	if rd := b.regions[name]; rd != nil {
		return rd
	}
	rd := &probes.RegionData{Region: name, InstancesCollected: true}
	b.regions[name] = rd
	return rd
}

// located records the address of the resource a finding will name.
func (b *builder) located(resource, addr string) {
	if _, ok := b.out.addrOf[resource]; !ok {
		b.out.addrOf[resource] = addr
	}
}

// declare records that the plan declares an account or region setting
// judged by check, and where.
func (b *builder) declare(check, region, addr string) {
	key := check + "|" + region
	b.declared[key] = true
	if _, ok := b.out.accountAddr[key]; !ok {
		b.out.accountAddr[key] = addr
	}
}

var notInPlan = &probes.APIError{Code: probes.CodeNotInPlan}

func knownAfterApply(what string) *probes.APIError {
	return &probes.APIError{Code: probes.CodeKnownAfterApply, Message: what}
}

// finish marks what the plan does not declare, so that no check takes
// the absence of a setting from the plan for its absence from the account.
func (b *builder) finish() {
	s := b.out.Snapshot
	b.settleClusters()
	if !b.declared[assessment.CheckS3AccountPublicAccessBlock+"|"+probes.GlobalRegion] {
		s.S3.AccountPublicAccessBlockErr = notInPlan
	}
	if !b.declared[assessment.CheckIAMPasswordPolicy+"|"+probes.GlobalRegion] {
		s.IAM.PasswordPolicyErr = notInPlan
	}
	s.IAM.CredentialReportErr, s.IAM.AccountSummaryErr, s.IAM.UsersErr = notInPlan, notInPlan, notInPlan
	s.Artifact.Err = notInPlan
	if len(s.CloudTrail.Trails) == 0 {
		s.CloudTrail.Errs = []probes.RegionalError{{Region: probes.GlobalRegion, Err: *notInPlan}}
	}
	for name, rd := range b.regions {
		has := func(check string) bool { return b.declared[check+"|"+name] }
		if !has(assessment.CheckGuardDutyEnabled) {
			rd.GuardDutyErr = notInPlan
		}
		if !has(assessment.CheckEC2EBSDefaultEncryption) {
			rd.EBSDefaultEncryptionErr = notInPlan
		}
		if !has(assessment.CheckBackupPlans) {
			rd.BackupPlansErr = notInPlan
		}
		rd.SecurityHubErr, rd.ConfigErr = notInPlan, notInPlan
		s.Regions = append(s.Regions, name)
	}
	sort.Strings(s.Regions)
	for _, name := range s.Regions {
		s.Regional = append(s.Regional, *b.regions[name])
	}
	sort.Slice(s.S3.Buckets, func(i, j int) bool { return s.S3.Buckets[i].ARN < s.S3.Buckets[j].ARN })
	for arn := range b.out.addrOf {
		if parts := strings.Split(arn, ":"); len(parts) > 5 && parts[0] == "arn" && parts[4] != "" && (s.AccountID == "" || parts[4] < s.AccountID) {
			s.AccountID = parts[4]
		}
	}
}
