package probes

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
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

// listed reports the region-level cases of a list that a check judges item
// by item: the list could not be read, the snapshot predates it (isNil), or
// it is empty (a pass saying none, unless none is "", when an empty list is
// the caller's to judge). It returns true when the caller goes on.
func (e *evaluation) listed(c Check, region string, n int, isNil bool, err *APIError, what, none string) bool {
	switch {
	case err != nil:
		e.unread(c, region, e.account(), err, "the "+what)
	case isNil:
		e.staleSnapshot(c, region, e.account(), "the "+what)
	case n == 0 && none != "":
		e.pass(c, region, e.account(), none)
	default:
		return true
	}
	return false
}

// evalBackupCrossCopy wants each backup plan to copy its recovery points to
// a vault in another region or another account, so that one region's outage
// or one account's compromise does not take the backups with it.
func evalBackupCrossCopy(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if !e.listed(c, r.Region, len(r.BackupPlans), false, r.BackupPlansErr, "AWS Backup plans",
			"no AWS Backup plan in this region: nothing to copy (backup-plans reports the missing plan)") {
			return
		}
		for _, p := range r.BackupPlans {
			res := cmp.Or(p.ARN, e.arn("backup", r.Region, "backup-plan:"+p.ID))
			switch {
			case p.RulesErr != nil:
				e.unread(c, r.Region, res, p.RulesErr, "the rules of backup plan "+p.Name)
			case p.Rules == nil:
				e.staleSnapshot(c, r.Region, res, "the rules of backup plan "+p.Name)
			default:
				e.judgeCopies(c, r.Region, res, p)
			}
		}
	})
}

// judgeCopies passes a plan with a rule that copies to another region or
// account, and fails it otherwise, saying where its copies go.
func (e *evaluation) judgeCopies(c Check, region, res string, p BackupPlan) {
	var apart, local, unknown []string
	for _, rule := range p.Rules {
		for _, dest := range rule.CopyTo {
			destRegion, destAccount, ok := vaultLocation(dest)
			switch {
			case !ok:
				unknown = append(unknown, dest)
			case destRegion != region || (destAccount != e.s.AccountID && e.s.AccountID != ""):
				apart = append(apart, fmt.Sprintf("rule %s copies to %s", rule.Name, describeVault(destRegion, destAccount, region, e.s.AccountID)))
			default:
				local = append(local, rule.Name)
			}
		}
	}
	switch {
	case len(apart) > 0:
		e.pass(c, region, res, fmt.Sprintf("plan %s: %s", p.Name, joinLimited(apart, 3)))
	case len(unknown) > 0:
		e.unread(c, region, res, nil, fmt.Sprintf("where plan %s copies to (not a vault ARN: %s)", p.Name, joinLimited(unknown, 3)))
	case len(local) > 0:
		e.fail(c, region, res, fmt.Sprintf("plan %s copies only to vaults in this region and account (rule %s): a regional outage or a compromised account reaches the copies too",
			p.Name, joinLimited(local, 3)))
	default:
		e.fail(c, region, res, fmt.Sprintf("plan %s keeps every recovery point in this region and account: %s, none with a copy to another region or account",
			p.Name, count(len(p.Rules), "rule")))
	}
}

// vaultLocation reads the region and account of a backup vault ARN
// (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME).
func vaultLocation(arn string) (region, account string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[3] == "" || parts[4] == "" {
		return "", "", false
	}
	return parts[3], parts[4], true
}

func describeVault(region, account, homeRegion, homeAccount string) string {
	var where []string
	if region != homeRegion {
		where = append(where, "region "+region)
	}
	if account != homeAccount && homeAccount != "" {
		where = append(where, "account "+account)
	}
	return "a vault in " + strings.Join(where, ", ")
}

// evalBackupVaultLock wants every backup vault locked with AWS Backup Vault
// Lock, so that no one (an intruder with administrator rights, ransomware
// using stolen keys, a mistake) can delete recovery points early.
func evalBackupVaultLock(e *evaluation, c Check) {
	empty := c
	empty.Severity = assessment.LowSev
	e.eachRegion(c, func(r *RegionData) {
		if !e.listed(c, r.Region, len(r.BackupVaults), r.BackupVaults == nil, r.BackupVaultsErr, "AWS Backup vaults",
			"no AWS Backup vault in this region: nothing to lock") {
			return
		}
		for _, v := range r.BackupVaults {
			res := cmp.Or(v.ARN, e.arn("backup", r.Region, "backup-vault:"+v.Name))
			switch {
			case v.Locked || v.MinRetentionDays > 0:
				e.pass(c, r.Region, res, e.lockMode(v))
			case v.RecoveryPoints == 0:
				// an empty vault (often the Default one AWS creates) has
				// nothing to lose yet: still reported, rated low
				e.fail(empty, r.Region, res, fmt.Sprintf("vault %s is not locked; it holds no recovery points yet, so lock it before a plan stores backups in it", v.Name))
			default:
				e.fail(c, r.Region, res, fmt.Sprintf("vault %s is not locked: anyone with delete rights in the account can delete its %d recovery point(s) before their retention ends",
					v.Name, v.RecoveryPoints))
			}
		}
	})
}

// lockMode explains a vault's lock: compliance mode once the lock date has
// passed (no one, the root user included, can remove the lock or delete
// recovery points early), compliance mode in its grace time before that
// date, or governance mode without a lock date (users with the right IAM
// permission can still remove the lock).
func (e *evaluation) lockMode(v BackupVault) string {
	retention := "no minimum retention enforced"
	if v.MinRetentionDays > 0 {
		retention = fmt.Sprintf("recovery points kept at least %d days", v.MinRetentionDays)
	}
	switch {
	case v.LockDate != nil && !v.LockDate.After(e.now):
		return fmt.Sprintf("vault %s is locked in compliance mode since %s: no one, the root user included, can remove the lock or delete recovery points early; %s",
			v.Name, day(*v.LockDate), retention)
	case v.LockDate != nil:
		return fmt.Sprintf("vault %s is locked in compliance mode from %s; until then (the grace time) the lock can still be changed or removed; %s",
			v.Name, day(*v.LockDate), retention)
	}
	return fmt.Sprintf("vault %s is locked in governance mode: recovery points cannot be deleted early, but users allowed backup:DeleteBackupVaultLockConfiguration can remove the lock (set a lock date for compliance mode); %s",
		v.Name, retention)
}

// evalRestoreTesting wants a restore-testing plan wherever backup plans
// exist, so that backups are known to restore. A region without backup
// plans has nothing to test: it passes with that reason, as other checks
// pass regions with nothing of their kind, and backup-plans reports the
// missing plan.
func evalRestoreTesting(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		switch {
		case r.RestoreTestingPlansErr != nil:
			e.unread(c, r.Region, res, r.RestoreTestingPlansErr, "the AWS Backup restore-testing plans")
		case r.RestoreTestingPlans == nil:
			e.staleSnapshot(c, r.Region, res, "the restore-testing plans")
		case len(r.RestoreTestingPlans) > 0:
			names := make([]string, len(r.RestoreTestingPlans))
			for i, p := range r.RestoreTestingPlans {
				names[i] = p.Name
				if p.Schedule != "" {
					names[i] += " (" + p.Schedule + ")"
				}
			}
			e.pass(c, r.Region, res, fmt.Sprintf("%s: %s", count(len(names), "restore-testing plan"), joinLimited(names, 5)))
		case r.BackupPlansErr != nil:
			e.unread(c, r.Region, res, r.BackupPlansErr, "the AWS Backup plans (no restore-testing plan in this region)")
		case len(r.BackupPlans) == 0:
			e.pass(c, r.Region, res, "no backup plan and no restore-testing plan in this region: no backups to test (backup-plans reports the missing plan)")
		default:
			e.fail(c, r.Region, res, fmt.Sprintf("%s but no restore-testing plan in this region: no one knows whether the backups restore",
				count(len(r.BackupPlans), "backup plan")))
		}
	})
}
