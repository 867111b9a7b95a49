package probes

import (
	"fmt"
)

func evalBackupPlans(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		switch {
		case r.BackupPlansErr != nil:
			e.unread(c, r.Region, res, r.BackupPlansErr, "the AWS Backup plans")
		case len(r.BackupPlans) == 0:
			e.fail(c, r.Region, res, "no AWS Backup plan in this region")
		default:
			names := make([]string, len(r.BackupPlans))
			for i, p := range r.BackupPlans {
				names[i] = p.Name
			}
			e.pass(c, r.Region, res, fmt.Sprintf("%d backup plan(s): %s", len(names), joinLimited(names, 5)))
		}
	})
}
