package probes

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestBackupChecks(t *testing.T) {
	runCases(t, []checkCase{
		{"backup plan", nil, rid("backup-plans"), assessment.Pass, "", "1 backup plan(s): daily"},
		{"no backup plan", func(s *Snapshot) { r0(s).BackupPlans = nil }, rid("backup-plans"), assessment.Fail, "", "no AWS Backup plan"},
		{"backup denied", func(s *Snapshot) { r0(s).BackupPlansErr = &APIError{Code: "AccessDeniedException"} }, rid("backup-plans"), assessment.NotAssessed, "AccessDeniedException", ""},
	})
}

const planARN = "arn:aws:backup:us-east-1:111122223333:backup-plan:bp1"

func TestBackupCrossCopy(t *testing.T) {
	id := FindingID("backup-cross-copy", usEast, planARN)
	copyTo := func(dests ...string) func(s *Snapshot) {
		return func(s *Snapshot) { r0(s).BackupPlans[0].Rules[0].CopyTo = dests }
	}
	runCases(t, []checkCase{
		{"copy to another region", nil, id, assessment.Pass, "", "plan daily: rule nightly copies to a vault in region us-west-2"},
		{"copy to another account", copyTo("arn:aws:backup:us-east-1:999988887777:backup-vault:vault-bk"), id, assessment.Pass, "", "account 999988887777"},
		{"copy in this region and account only", copyTo("arn:aws:backup:us-east-1:" + acct + ":backup-vault:second"), id, assessment.Fail, "", "copies only to vaults in this region and account (rule nightly)"},
		{"no copy", copyTo(), id, assessment.Fail, "", "plan daily keeps every recovery point in this region and account: 1 rule, none"},
		{"copy destination not an ARN", copyTo("dr-vault"), id, assessment.Error, "", "not a vault ARN: dr-vault"},
		{"rules denied", func(s *Snapshot) {
			r0(s).BackupPlans[0].Rules, r0(s).BackupPlans[0].RulesErr = nil, denied("backup:GetBackupPlan")
		},
			id, assessment.NotAssessed, "AccessDenied", "rules of backup plan daily"},
		{"snapshot without rules", func(s *Snapshot) { r0(s).BackupPlans[0].Rules = nil }, id, assessment.NotAssessed, "", "collected before the check existed"},
		{"plans denied", func(s *Snapshot) { r0(s).BackupPlans, r0(s).BackupPlansErr = nil, denied("backup:ListBackupPlans") },
			rid("backup-cross-copy"), assessment.NotAssessed, "AccessDenied", "AWS Backup plans"},
		{"no plan", func(s *Snapshot) { r0(s).BackupPlans = []BackupPlan{} }, rid("backup-cross-copy"), assessment.Pass, "", "nothing to copy"},
		{"own plan arn", func(s *Snapshot) { r0(s).BackupPlans[0].ARN = "arn:aws:backup:us-east-1:111122223333:backup-plan:x" },
			FindingID("backup-cross-copy", usEast, "arn:aws:backup:us-east-1:111122223333:backup-plan:x"), assessment.Pass, "", "us-west-2"},
	})
}

func TestBackupVaultLock(t *testing.T) {
	vault := FindingID("backup-vault-lock", usEast, "arn:aws:backup:us-east-1:111122223333:backup-vault:main")
	mod := func(f func(v *BackupVault)) func(s *Snapshot) { return func(s *Snapshot) { f(&r0(s).BackupVaults[0]) } }
	runCases(t, []checkCase{
		{"compliance mode", nil, vault, assessment.Pass, "", "locked in compliance mode since 2026-05-15: no one, the root user included"},
		{"compliance mode grace time", mod(func(v *BackupVault) { v.LockDate = ptr(testNow.AddDate(0, 0, 3)) }), vault, assessment.Pass, "",
			"compliance mode from 2026-06-18; until then (the grace time) the lock can still be changed or removed"},
		{"governance mode", mod(func(v *BackupVault) { v.LockDate = nil; v.MinRetentionDays = 0 }), vault, assessment.Pass, "",
			"governance mode: recovery points cannot be deleted early, but users allowed backup:DeleteBackupVaultLockConfiguration can remove the lock (set a lock date for compliance mode); no minimum retention"},
		{"lock configured with a minimum retention", mod(func(v *BackupVault) { v.Locked = false; v.LockDate = nil }), vault, assessment.Pass, "", "kept at least 35 days"},
		{"not locked", mod(func(v *BackupVault) { v.Locked, v.LockDate, v.MinRetentionDays = false, nil, 0 }), vault, assessment.Fail, "",
			"vault main is not locked: anyone with delete rights in the account can delete its 40 recovery point(s)"},
		{"vaults denied", func(s *Snapshot) { r0(s).BackupVaults, r0(s).BackupVaultsErr = nil, denied("backup:ListBackupVaults") },
			rid("backup-vault-lock"), assessment.NotAssessed, "AccessDenied", "AWS Backup vaults"},
		{"snapshot without vaults", func(s *Snapshot) { r0(s).BackupVaults = nil }, rid("backup-vault-lock"), assessment.NotAssessed, "", "collected before the check existed"},
		{"no vault", func(s *Snapshot) { r0(s).BackupVaults = []BackupVault{} }, rid("backup-vault-lock"), assessment.Pass, "", "nothing to lock"},
	})
	s := goodSnapshot()
	r0(s).BackupVaults = append(r0(s).BackupVaults, BackupVault{Name: "Default"})
	f := findByID(t, Evaluate(s, testNow, nil), FindingID("backup-vault-lock", usEast, "arn:aws:backup:us-east-1:111122223333:backup-vault:Default"))
	if f.Status != assessment.Fail || f.Severity != assessment.LowSev || f.Reason != "vault Default is not locked; it holds no recovery points yet, so lock it before a plan stores backups in it" {
		t.Errorf("empty default vault = %s %s %q, want a low-rated fail", f.Status, f.Severity, f.Reason)
	}
}

func TestBackupRestoreTesting(t *testing.T) {
	id := rid("backup-restore-testing")
	none := func(s *Snapshot) { r0(s).RestoreTestingPlans = []RestoreTestingPlan{} }
	runCases(t, []checkCase{
		{"restore-testing plan", nil, id, assessment.Pass, "", "1 restore-testing plan: monthly (cron(0 5 1 * ? *))"},
		{"backups never tested", none, id, assessment.Fail, "", "1 backup plan but no restore-testing plan in this region"},
		{"nothing backed up", func(s *Snapshot) { none(s); r0(s).BackupPlans = []BackupPlan{} }, id, assessment.Pass, "", "no backups to test"},
		{"backup plans denied", func(s *Snapshot) {
			none(s)
			r0(s).BackupPlans, r0(s).BackupPlansErr = nil, denied("backup:ListBackupPlans")
		},
			id, assessment.NotAssessed, "AccessDenied", "no restore-testing plan"},
		{"restore-testing plans denied", func(s *Snapshot) {
			r0(s).RestoreTestingPlans, r0(s).RestoreTestingPlansErr = nil, denied("backup:ListRestoreTestingPlans")
		}, id, assessment.NotAssessed, "AccessDenied", "restore-testing plans"},
		{"snapshot without restore-testing plans", func(s *Snapshot) { r0(s).RestoreTestingPlans = nil }, id, assessment.NotAssessed, "", "collected before the check existed"},
	})
}

// TestOlderSnapshotJSON reads a snapshot written before the backup detail
// and IAM Access Analyzer were collected (their keys absent): their checks
// are not assessed, never passed or failed.
func TestOlderSnapshotJSON(t *testing.T) {
	b, err := json.Marshal(goodSnapshot())
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw["regional"].([]any) {
		region := r.(map[string]any)
		for _, k := range []string{"backupVaults", "restoreTestingPlans", "analyzers", "externalAccessAnalyzer", "externalAccess"} {
			delete(region, k)
		}
		for _, p := range region["backupPlans"].([]any) {
			delete(p.(map[string]any), "rules")
		}
	}
	if b, err = json.Marshal(raw); err != nil {
		t.Fatal(err)
	}
	var old Snapshot
	if err := json.Unmarshal(b, &old); err != nil {
		t.Fatal(err)
	}
	for _, f := range Evaluate(&old, testNow, nil) {
		switch f.CheckID {
		case "backup-cross-copy", "backup-vault-lock", "backup-restore-testing", "access-analyzer-enabled", "access-analyzer-external-access":
			if f.Status != assessment.NotAssessed || !strings.Contains(f.Reason, "collected before the check existed") {
				t.Errorf("%s: %s %q, want not assessed: probe again", f.ID, f.Status, f.Reason)
			}
		case "backup-plans":
			if f.Status != assessment.Pass {
				t.Errorf("backup-plans = %s, want the plans still judged", f.Status)
			}
		}
	}
}
