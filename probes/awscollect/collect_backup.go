package awscollect

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/hipaarisk/hipaarisk/probes"
)

// backup reads the region's backup plans (each with its rules), vaults and
// restore-testing plans, the three lists at once.
func (c *collector) backup(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	var wg sync.WaitGroup
	wg.Go(func() { d.BackupPlans, d.BackupPlansErr = c.backupPlans(ctx, rc) })
	wg.Go(func() { d.BackupVaults, d.BackupVaultsErr = c.backupVaults(ctx, rc) })
	wg.Go(func() { d.RestoreTestingPlans, d.RestoreTestingPlansErr = c.restoreTestingPlans(ctx, rc) })
	wg.Wait()
}

// backupPlans lists the plans, then reads each plan's rules concurrently.
func (c *collector) backupPlans(ctx context.Context, rc *regionClients) ([]probes.BackupPlan, *probes.APIError) {
	var ps []probes.BackupPlan
	aerr := paginate(ctx, c, "backup:ListBackupPlans", backup.NewListBackupPlansPaginator(rc.backup, &backup.ListBackupPlansInput{}),
		func(out *backup.ListBackupPlansOutput) {
			for _, p := range out.BackupPlansList {
				ps = append(ps, probes.BackupPlan{ID: aws.ToString(p.BackupPlanId), ARN: aws.ToString(p.BackupPlanArn), Name: aws.ToString(p.BackupPlanName)})
			}
		})
	var wg sync.WaitGroup
	for i := range ps {
		wg.Go(func() { ps[i].Rules, ps[i].RulesErr = c.backupRules(ctx, rc, ps[i].ID) })
	}
	wg.Wait()
	slices.SortFunc(ps, func(a, b probes.BackupPlan) int { return strings.Compare(a.Name+"\x00"+a.ID, b.Name+"\x00"+b.ID) })
	return orEmpty(ps), aerr
}

// backupRules reads a plan's rules and where each copies its recovery
// points.
func (c *collector) backupRules(ctx context.Context, rc *regionClients, id string) ([]probes.BackupRule, *probes.APIError) {
	const op = "backup:GetBackupPlan"
	out, aerr := call(ctx, c, op, func(ctx context.Context) (*backup.GetBackupPlanOutput, error) {
		return rc.backup.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: aws.String(id)})
	})
	if aerr != nil {
		return nil, aerr
	}
	if out.BackupPlan == nil {
		return nil, emptyAnswer(op, "backup plan")
	}
	rules := make([]probes.BackupRule, 0, len(out.BackupPlan.Rules))
	for _, r := range out.BackupPlan.Rules {
		rule := probes.BackupRule{Name: aws.ToString(r.RuleName), TargetVault: aws.ToString(r.TargetBackupVaultName)}
		for _, ca := range r.CopyActions {
			rule.CopyTo = append(rule.CopyTo, aws.ToString(ca.DestinationBackupVaultArn))
		}
		rules = append(rules, rule)
	}
	return rules, nil
}

func (c *collector) backupVaults(ctx context.Context, rc *regionClients) ([]probes.BackupVault, *probes.APIError) {
	var vs []probes.BackupVault
	aerr := paginate(ctx, c, "backup:ListBackupVaults", backup.NewListBackupVaultsPaginator(rc.backup, &backup.ListBackupVaultsInput{}),
		func(out *backup.ListBackupVaultsOutput) {
			for _, v := range out.BackupVaultList {
				vs = append(vs, probes.BackupVault{Name: aws.ToString(v.BackupVaultName), ARN: aws.ToString(v.BackupVaultArn), Type: string(v.VaultType),
					Locked: aws.ToBool(v.Locked), MinRetentionDays: aws.ToInt64(v.MinRetentionDays), LockDate: v.LockDate,
					RecoveryPoints: v.NumberOfRecoveryPoints})
			}
		})
	slices.SortFunc(vs, func(a, b probes.BackupVault) int { return strings.Compare(a.Name+"\x00"+a.ARN, b.Name+"\x00"+b.ARN) })
	return orEmpty(vs), aerr
}

func (c *collector) restoreTestingPlans(ctx context.Context, rc *regionClients) ([]probes.RestoreTestingPlan, *probes.APIError) {
	var ps []probes.RestoreTestingPlan
	aerr := paginate(ctx, c, "backup:ListRestoreTestingPlans",
		backup.NewListRestoreTestingPlansPaginator(rc.backup, &backup.ListRestoreTestingPlansInput{}),
		func(out *backup.ListRestoreTestingPlansOutput) {
			for _, p := range out.RestoreTestingPlans {
				ps = append(ps, probes.RestoreTestingPlan{Name: aws.ToString(p.RestoreTestingPlanName), ARN: aws.ToString(p.RestoreTestingPlanArn),
					Schedule: aws.ToString(p.ScheduleExpression), LastExecution: p.LastExecutionTime})
			}
		})
	slices.SortFunc(ps, func(a, b probes.RestoreTestingPlan) int {
		return strings.Compare(a.Name+"\x00"+a.ARN, b.Name+"\x00"+b.ARN)
	})
	return orEmpty(ps), aerr
}
