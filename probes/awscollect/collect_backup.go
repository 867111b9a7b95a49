package awscollect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (c *collector) backupPlans(ctx context.Context, rc *regionClients) ([]probes.BackupPlan, *probes.APIError) {
	var ps []probes.BackupPlan
	aerr := paginate(ctx, c, "backup:ListBackupPlans", backup.NewListBackupPlansPaginator(rc.backup, &backup.ListBackupPlansInput{}),
		func(out *backup.ListBackupPlansOutput) {
			for _, p := range out.BackupPlansList {
				ps = append(ps, probes.BackupPlan{ID: aws.ToString(p.BackupPlanId), ARN: aws.ToString(p.BackupPlanArn), Name: aws.ToString(p.BackupPlanName)})
			}
		})
	slices.SortFunc(ps, func(a, b probes.BackupPlan) int { return strings.Compare(a.Name+"\x00"+a.ID, b.Name+"\x00"+b.ID) })
	return orEmpty(ps), aerr
}
