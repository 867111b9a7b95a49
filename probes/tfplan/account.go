package tfplan

import (
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// dbInstance reads an aws_db_instance. Left out, storage is not encrypted,
// the database is not public, keeps backups 1 day (the RDS API's default)
// and runs in one availability zone. A database restored from a snapshot or
// replicating another takes its encryption from the source.
func (b *builder) dbInstance(r *resource) {
	rd := b.region(r.region)
	engine, _ := r.str("engine")
	in := probes.DBInstance{ID: r.idOf("identifier"), ARN: r.arnOf(), Engine: engine}
	var known bool
	if in.StorageEncrypted, known = r.boolean(false, "storage_encrypted"); !known {
		b.pend(assessment.CheckRDSStorageEncryption, r.region, in.ARN, "storage_encrypted", false)
	} else if !r.configured("storage_encrypted") && (r.configured("snapshot_identifier") || r.configured("replicate_source_db")) {
		b.pend(assessment.CheckRDSStorageEncryption, r.region, in.ARN, "storage_encrypted (taken from the source database)", false)
	}
	if in.PubliclyAccessible, known = r.boolean(false, "publicly_accessible"); !known {
		b.pend(assessment.CheckRDSPublicAccess, r.region, in.ARN, "publicly_accessible", false)
	}
	if in.BackupRetention, known = r.number(1, "backup_retention_period"); !known {
		b.pend(assessment.CheckRDSBackupRetention, r.region, in.ARN, "backup_retention_period", false)
	}
	if in.MultiAZ, known = r.boolean(false, "multi_az"); !known {
		b.pend(assessment.CheckRDSMultiAZ, r.region, in.ARN, "multi_az", false)
	}
	rd.DBInstances = append(rd.DBInstances, in)
	b.located(in.ARN, r.addr)
}

// rdsCluster reads an aws_rds_cluster. It spans availability zones when it
// is a Multi-AZ DB cluster (db_cluster_instance_class) or, for Aurora, when
// the plan gives it two or more instances.
func (b *builder) rdsCluster(r *resource) {
	rd := b.region(r.region)
	engine, _ := r.str("engine")
	cl := probes.DBCluster{ID: r.idOf("cluster_identifier"), ARN: r.arnOf(), Engine: engine}
	var known bool
	if cl.StorageEncrypted, known = r.boolean(false, "storage_encrypted"); !known {
		b.pend(assessment.CheckRDSStorageEncryption, r.region, cl.ARN, "storage_encrypted", false)
	}
	if cl.BackupRetention, known = r.number(1, "backup_retention_period"); !known {
		b.pend(assessment.CheckRDSBackupRetention, r.region, cl.ARN, "backup_retention_period", false)
	}
	class, _ := r.str("db_cluster_instance_class")
	cl.MultiAZ = class != ""
	b.idx[r.addr] = len(rd.DBClusters)
	rd.DBClusters = append(rd.DBClusters, cl)
	b.clusters = append(b.clusters, r)
	b.located(cl.ARN, r.addr)
	b.known("aws_rds_cluster", r, "cluster_identifier", "id")
}

// clusterInstance reads an aws_rds_cluster_instance: an instance of its
// cluster (storage, backups and availability are the cluster's), which may
// itself be reachable from the internet.
func (b *builder) clusterInstance(r *resource) {
	rd := b.region(r.region)
	engine, _ := r.str("engine")
	in := probes.DBInstance{ID: r.idOf("identifier"), ARN: r.arnOf(), Engine: engine, ClusterID: r.display("cluster_identifier")}
	if t := b.target(r, "cluster_identifier", b.values["aws_rds_cluster"], "aws_rds_cluster"); t != nil {
		b.members[t.addr]++
		in.ClusterID = t.idOf("cluster_identifier")
	}
	var known bool
	if in.PubliclyAccessible, known = r.boolean(false, "publicly_accessible"); !known {
		b.pend(assessment.CheckRDSPublicAccess, r.region, in.ARN, "publicly_accessible", false)
	}
	rd.DBInstances = append(rd.DBInstances, in)
	b.located(in.ARN, r.addr)
}

func (b *builder) settleClusters() {
	for _, r := range b.clusters {
		cl := &b.regions[r.region].DBClusters[b.idx[r.addr]]
		switch n := b.members[r.addr]; {
		case cl.MultiAZ:
		case n >= 2:
			cl.MultiAZ = true
		case n == 0:
			b.pend(assessment.CheckRDSMultiAZ, r.region, cl.ARN, "the cluster's instances (none in the plan)", false)
		}
	}
}

// passwordPolicy reads an aws_iam_account_password_policy; what it leaves
// out takes IAM's defaults (6 characters, no character classes, no reuse
// limit).
func (b *builder) passwordPolicy(r *resource) {
	check := assessment.CheckIAMPasswordPolicy
	if b.declared[check+"|"+probes.GlobalRegion] {
		return
	}
	b.declare(check, probes.GlobalRegion, r.addr)
	p := &probes.PasswordPolicy{}
	ok := true
	num := func(dst *int32, def int32, attr string) {
		var k bool
		*dst, k = r.number(def, attr)
		ok = ok && k
	}
	flag := func(dst *bool, attr string) {
		var k bool
		*dst, k = r.boolean(false, attr)
		ok = ok && k
	}
	num(&p.MinimumLength, 6, "minimum_password_length")
	num(&p.PasswordReusePrevention, 0, "password_reuse_prevention")
	num(&p.MaxPasswordAge, 0, "max_password_age")
	flag(&p.RequireUppercase, "require_uppercase_characters")
	flag(&p.RequireLowercase, "require_lowercase_characters")
	flag(&p.RequireNumbers, "require_numbers")
	flag(&p.RequireSymbols, "require_symbols")
	flag(&p.AllowUsersToChangePassword, "allow_users_to_change_password")
	flag(&p.HardExpiry, "hard_expiry")
	if !ok {
		b.out.Snapshot.IAM.PasswordPolicyErr = knownAfterApply("password policy")
		return
	}
	b.out.Snapshot.IAM.PasswordPolicy = p
}
