package awscollect

import (
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

// wireCase is one run of the collector against the fake for one check: the
// account changed by setup, faults injected, and the finding expected on
// resource.
type wireCase struct {
	name     string
	setup    func(*fakeaws.Account)
	faults   []fakeaws.Fault
	resource string
	want     assessment.Status
	code     string
	reason   string // substring of the reason
}

// runWireCases collects us-east-1 of the sample account for each case, one
// item per page, and evaluates check.
func runWireCases(t *testing.T, check string, cases []wireCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			acct := sampleAccount()
			if tt.setup != nil {
				tt.setup(acct)
			}
			snap, _ := collectEast(t, acct, tt.faults, fakeaws.WithPageSize(1))
			f := findingOf(t, probes.Evaluate(snap, fixtureNow, nil), check, tt.resource)
			if f.Status != tt.want || f.ErrorCode != tt.code || !strings.Contains(f.Reason, tt.reason) {
				t.Errorf("%s %q (%s), want %s %q with %q", f.Status, f.ErrorCode, f.Reason, tt.want, tt.code, tt.reason)
			}
		})
	}
}

// east changes the sample account's us-east-1.
func east(f func(r *fakeaws.Region)) func(*fakeaws.Account) {
	return func(a *fakeaws.Account) { f(a.RegionalStates["us-east-1"]) }
}

func denyIn(op string) []fakeaws.Fault {
	return []fakeaws.Fault{{Operation: op, Region: "us-east-1", Code: "AccessDeniedException", Status: 403}}
}

func throttle(op string) []fakeaws.Fault {
	return []fakeaws.Fault{{Operation: op, Code: "ThrottlingException", Status: 400, Times: 3}}
}

// TestCollectBackupCrossCopy reads each plan's copy rules over the wire.
func TestCollectBackupCrossCopy(t *testing.T) {
	const plan = "arn:aws:backup:us-east-1:123456789012:backup-plan:bp-1"
	local := east(func(r *fakeaws.Region) { r.BackupPlans[0].Rules[0].CopyTo = nil })
	runWireCases(t, assessment.CheckBackupCrossCopy, []wireCase{
		{"copies to another region", nil, nil, plan, assessment.Pass, "", "copies to a vault in region us-west-2"},
		{"no copy", local, nil, plan, assessment.Fail, "", "plan daily keeps every recovery point in this region and account"},
		{"denied", nil, denyIn("backup:GetBackupPlan"), plan, assessment.NotAssessed, "AccessDeniedException", "rules of backup plan daily"},
		{"throttled", nil, throttle("backup:GetBackupPlan"), plan, assessment.Pass, "", "us-west-2"},
	})
}

// TestCollectBackupVaultLock reads the vaults' lock settings over the wire.
func TestCollectBackupVaultLock(t *testing.T) {
	const main = "arn:aws:backup:us-east-1:123456789012:backup-vault:main"
	unlock := east(func(r *fakeaws.Region) { r.BackupVaults[0] = fakeaws.BackupVault{Name: "main", RecoveryPoints: 60} })
	runWireCases(t, assessment.CheckBackupVaultLock, []wireCase{
		{"compliance mode", nil, nil, main, assessment.Pass, "", "locked in compliance mode since 2026-01-01"},
		{"not locked", unlock, nil, main, assessment.Fail, "", "anyone with delete rights in the account can delete its 60 recovery point(s)"},
		{"empty default vault", nil, nil, "arn:aws:backup:us-east-1:123456789012:backup-vault:Default", assessment.Fail, "", "holds no recovery points yet"},
		{"denied", nil, denyIn("backup:ListBackupVaults"), testAccount, assessment.NotAssessed, "AccessDeniedException", "AWS Backup vaults"},
		{"throttled", nil, throttle("backup:ListBackupVaults"), main, assessment.Pass, "", "compliance mode"},
	})
}

// TestCollectBackupRestoreTesting reads the restore-testing plans over the
// wire.
func TestCollectBackupRestoreTesting(t *testing.T) {
	none := func(r *fakeaws.Region) { r.RestoreTestingPlans = nil }
	runWireCases(t, assessment.CheckBackupRestoreTesting, []wireCase{
		{"restore-testing plan", nil, nil, testAccount, assessment.Pass, "", "monthly (cron(0 5 1 * ? *))"},
		{"none", east(none), nil, testAccount, assessment.Fail, "", "1 backup plan but no restore-testing plan"},
		{"none and no backups", east(func(r *fakeaws.Region) { none(r); r.BackupPlans = nil }), nil, testAccount, assessment.Pass, "", "no backups to test"},
		{"denied", nil, denyIn("backup:ListRestoreTestingPlans"), testAccount, assessment.NotAssessed, "AccessDeniedException", "restore-testing plans"},
		{"throttled", nil, throttle("backup:ListRestoreTestingPlans"), testAccount, assessment.Pass, "", "monthly"},
	})
}

// TestCollectAccessAnalyzer reads the analyzers over the wire.
func TestCollectAccessAnalyzer(t *testing.T) {
	runWireCases(t, assessment.CheckAccessAnalyzerEnabled, []wireCase{
		{"account analyzer", nil, nil, testAccount, assessment.Pass, "", "account (ACCOUNT, ACTIVE)"},
		{"unused-access analyzer only", east(func(r *fakeaws.Region) { r.Analyzers = r.Analyzers[:1] }), nil, testAccount, assessment.Fail, "",
			"analyzers found: unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)"},
		{"denied", nil, denyIn("access-analyzer:ListAnalyzers"), testAccount, assessment.NotAssessed, "AccessDeniedException", "analyzers"},
		{"throttled", nil, throttle("access-analyzer:ListAnalyzers"), testAccount, assessment.Pass, "", "account (ACCOUNT, ACTIVE)"},
	})
}

// TestCollectExternalAccess reads the analyzer's active findings over the
// wire: the archived one is not asked for.
func TestCollectExternalAccess(t *testing.T) {
	const bucket = "arn:aws:s3:::phi-records"
	resolved := east(func(r *fakeaws.Region) { r.Analyzers[1].Findings[0].Status = "RESOLVED" })
	runWireCases(t, assessment.CheckAccessAnalyzerExternalAccess, []wireCase{
		{"bucket shared with another account", nil, nil, bucket, assessment.Fail, "",
			"AWS::S3::Bucket arn:aws:s3:::phi-records is shared outside the account with AWS: 444455556666; allowed: s3:GetObject"},
		{"nothing active", resolved, nil, testAccount, assessment.Pass, "", "no active external access"},
		{"organization analyzer", east(func(r *fakeaws.Region) { r.Analyzers[1].Type = "ORGANIZATION" }), nil, bucket, assessment.Fail, "", "444455556666"},
		{"no analyzer", east(func(r *fakeaws.Region) { r.Analyzers = nil }), nil, testAccount, assessment.NotAssessed, "", "no analyzer in this region"},
		{"denied", nil, denyIn("access-analyzer:ListFindings"), testAccount, assessment.NotAssessed, "AccessDeniedException", "active findings"},
		{"throttled", nil, throttle("access-analyzer:ListFindings"), bucket, assessment.Fail, "", "444455556666"},
	})
}
