package probes

import (
	"fmt"
)

// dbUnit is where RDS storage, backup and availability settings live: a
// cluster, or an instance outside any cluster.
type dbUnit struct {
	res, kind, id string
	encrypted     bool
	backup        int32
	multiAZ       bool
}

// eachDBUnit calls fn for every cluster and stand-alone instance, and
// reports once if either list could not be read.
func (e *evaluation) eachDBUnit(c Check, fn func(region string, u dbUnit)) {
	e.eachRegion(c, func(r *RegionData) {
		for _, err := range []*APIError{r.DBInstancesErr, r.DBClustersErr} {
			if err != nil {
				e.unread(c, r.Region, e.account(), err, "the RDS databases")
				break
			}
		}
		if r.DBInstancesErr == nil && r.DBClustersErr == nil && len(r.DBInstances) == 0 && len(r.DBClusters) == 0 {
			e.pass(c, r.Region, e.account(), "no RDS database in this region")
		}
		if r.DBClustersErr == nil {
			for _, cl := range r.DBClusters {
				fn(r.Region, dbUnit{cl.ARN, "cluster", cl.ID, cl.StorageEncrypted, cl.BackupRetention, cl.MultiAZ})
			}
		}
		if r.DBInstancesErr == nil {
			for _, in := range r.DBInstances {
				if in.ClusterID == "" {
					fn(r.Region, dbUnit{in.ARN, "instance", in.ID, in.StorageEncrypted, in.BackupRetention, in.MultiAZ})
				}
			}
		}
	})
}

func evalRDSEncryption(e *evaluation, c Check) {
	e.eachDBUnit(c, func(region string, u dbUnit) {
		if u.encrypted {
			e.pass(c, region, u.res, u.kind+" storage encrypted")
		} else {
			e.fail(c, region, u.res, u.kind+" storage not encrypted")
		}
	})
}

func evalRDSBackups(e *evaluation, c Check) {
	e.eachDBUnit(c, func(region string, u dbUnit) {
		switch {
		case u.backup <= 0:
			e.fail(c, region, u.res, u.kind+" has automated backups off (retention 0 days)")
		case u.backup < 7:
			e.pass(c, region, u.res, fmt.Sprintf("backups kept %d days (7 or more recommended)", u.backup))
		default:
			e.pass(c, region, u.res, fmt.Sprintf("backups kept %d days", u.backup))
		}
	})
}

func evalRDSMultiAZ(e *evaluation, c Check) {
	e.eachDBUnit(c, func(region string, u dbUnit) {
		if u.multiAZ {
			e.pass(c, region, u.res, u.kind+" spans more than one availability zone")
		} else {
			e.fail(c, region, u.res, u.kind+" runs in a single availability zone")
		}
	})
}

func evalRDSPublic(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.DBInstancesErr != nil {
			e.unread(c, r.Region, e.account(), r.DBInstancesErr, "the RDS instances")
			return
		}
		if len(r.DBInstances) == 0 {
			e.pass(c, r.Region, e.account(), "no RDS database instance in this region")
		}
		for _, in := range r.DBInstances {
			if in.PubliclyAccessible {
				e.fail(c, r.Region, in.ARN, fmt.Sprintf("%s instance %s is publicly accessible", in.Engine, in.ID))
			} else {
				e.pass(c, r.Region, in.ARN, "not publicly accessible")
			}
		}
	})
}

func evalRDSSnapshots(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.DBSnapshotsErr != nil {
			e.unread(c, r.Region, e.account(), r.DBSnapshotsErr, "the RDS snapshots")
			return
		}
		if len(r.DBSnapshots) == 0 || r.ForeignDBSnapshots > 0 {
			e.pass(c, r.Region, e.account(), "the account owns "+count(len(r.DBSnapshots), "RDS snapshot")+" in this region"+foreign(r.ForeignDBSnapshots))
		}
		for _, s := range r.DBSnapshots {
			switch {
			case s.PublicErr != nil:
				e.unread(c, r.Region, s.ARN, s.PublicErr, "the snapshot attributes")
			case s.Public:
				e.fail(c, r.Region, s.ARN, fmt.Sprintf("any AWS account can restore this snapshot (encrypted: %t)", s.Encrypted))
			default:
				e.pass(c, r.Region, s.ARN, "not shared publicly")
			}
		}
	})
}
