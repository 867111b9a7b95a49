package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestRDSChecks(t *testing.T) {
	db := func(check string) string { return FindingID(check, usEast, dbARN) }
	dbSnap := FindingID("rds-snapshot-public", usEast, "arn:aws:rds:us-east-1:111122223333:snapshot:ehr-snap")
	runCases(t, []checkCase{
		{"rds encrypted", nil, db("rds-storage-encryption"), assessment.Pass, "", "instance storage encrypted"},
		{"rds unencrypted", func(s *Snapshot) { r0(s).DBInstances[0].StorageEncrypted = false }, db("rds-storage-encryption"), assessment.Fail, "", "not encrypted"},
		{"rds denied", func(s *Snapshot) { r0(s).DBInstancesErr = &APIError{Code: "AccessDenied"} }, rid("rds-storage-encryption"), assessment.NotAssessed, "AccessDenied", "RDS"},
		{"aurora cluster evaluated once", func(s *Snapshot) {
			r0(s).DBInstances[0].ClusterID = "ehr-cluster"
			r0(s).DBInstances[0].StorageEncrypted = false
			r0(s).DBClusters = []DBCluster{{ID: "ehr-cluster", ARN: "arn:aws:rds:us-east-1:111122223333:cluster:ehr-cluster", Engine: "aurora-postgresql"}}
		}, FindingID("rds-storage-encryption", usEast, "arn:aws:rds:us-east-1:111122223333:cluster:ehr-cluster"), assessment.Fail, "", "cluster storage not encrypted"},
		{"aurora member has no own storage finding", func(s *Snapshot) {
			r0(s).DBInstances[0].ClusterID = "ehr-cluster"
			r0(s).DBClusters = []DBCluster{{ID: "ehr-cluster", ARN: "arn:aws:rds:us-east-1:111122223333:cluster:ehr-cluster"}}
		}, db("rds-storage-encryption"), "", "", ""},
		{"clusters denied, instances fine", func(s *Snapshot) { r0(s).DBClustersErr = &APIError{Code: "AccessDenied"} }, db("rds-multi-az"), assessment.Pass, "", ""},
		{"both rds lists denied", func(s *Snapshot) {
			r0(s).DBClustersErr = &APIError{Code: "AccessDenied"}
			r0(s).DBInstancesErr = &APIError{Code: "AccessDenied"}
		}, rid("rds-multi-az"), assessment.NotAssessed, "AccessDenied", ""},
		{"rds private", nil, db("rds-public-access"), assessment.Pass, "", "not publicly"},
		{"rds public", func(s *Snapshot) { r0(s).DBInstances[0].PubliclyAccessible = true }, db("rds-public-access"), assessment.Fail, "", "postgres instance ehr is publicly accessible"},
		{"rds backups", nil, db("rds-backup-retention"), assessment.Pass, "", "7 days"},
		{"rds short backups", func(s *Snapshot) { r0(s).DBInstances[0].BackupRetention = 1 }, db("rds-backup-retention"), assessment.Pass, "", "7 or more recommended"},
		{"rds no backups", func(s *Snapshot) { r0(s).DBInstances[0].BackupRetention = 0 }, db("rds-backup-retention"), assessment.Fail, "", "retention 0 days"},
		{"rds multi-az", nil, db("rds-multi-az"), assessment.Pass, "", "more than one"},
		{"rds single az", func(s *Snapshot) { r0(s).DBInstances[0].MultiAZ = false }, db("rds-multi-az"), assessment.Fail, "", "single availability zone"},
		{"rds snapshot private", nil, dbSnap, assessment.Pass, "", "not shared"},
		{"rds snapshot public", func(s *Snapshot) { r0(s).DBSnapshots[0].Public = true }, dbSnap, assessment.Fail, "", "any AWS account can restore"},
		{"rds snapshot attribute denied", func(s *Snapshot) { r0(s).DBSnapshots[0].PublicErr = &APIError{Code: "AccessDenied"} }, dbSnap, assessment.NotAssessed, "AccessDenied", ""},
	})
}
