package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (c *collector) rds(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	var wg sync.WaitGroup
	wg.Go(func() {
		d.DBInstancesErr = paginate(ctx, c, "rds:DescribeDBInstances", rds.NewDescribeDBInstancesPaginator(rc.rds, &rds.DescribeDBInstancesInput{}),
			func(out *rds.DescribeDBInstancesOutput) {
				for _, db := range out.DBInstances {
					d.DBInstances = append(d.DBInstances, probes.DBInstance{ID: aws.ToString(db.DBInstanceIdentifier), ARN: aws.ToString(db.DBInstanceArn),
						Engine: aws.ToString(db.Engine), ClusterID: aws.ToString(db.DBClusterIdentifier),
						StorageEncrypted: aws.ToBool(db.StorageEncrypted), PubliclyAccessible: aws.ToBool(db.PubliclyAccessible),
						BackupRetention: aws.ToInt32(db.BackupRetentionPeriod), MultiAZ: aws.ToBool(db.MultiAZ)})
				}
			})
		d.DBInstances = orEmpty(d.DBInstances)
		slices.SortFunc(d.DBInstances, func(a, b probes.DBInstance) int { return strings.Compare(a.ID, b.ID) })
	})
	wg.Go(func() {
		d.DBClustersErr = paginate(ctx, c, "rds:DescribeDBClusters", rds.NewDescribeDBClustersPaginator(rc.rds, &rds.DescribeDBClustersInput{}),
			func(out *rds.DescribeDBClustersOutput) {
				for _, db := range out.DBClusters {
					d.DBClusters = append(d.DBClusters, probes.DBCluster{ID: aws.ToString(db.DBClusterIdentifier), ARN: aws.ToString(db.DBClusterArn),
						Engine: aws.ToString(db.Engine), StorageEncrypted: aws.ToBool(db.StorageEncrypted),
						BackupRetention: aws.ToInt32(db.BackupRetentionPeriod), MultiAZ: aws.ToBool(db.MultiAZ)})
				}
			})
		d.DBClusters = orEmpty(d.DBClusters)
		slices.SortFunc(d.DBClusters, func(a, b probes.DBCluster) int { return strings.Compare(a.ID, b.ID) })
	})
	var inst, clus []probes.DBSnapshot
	var instForeign, clusForeign int
	var instErr, clusErr *probes.APIError
	wg.Go(func() { inst, instForeign, instErr = c.dbSnapshots(ctx, rc) })
	wg.Go(func() { clus, clusForeign, clusErr = c.dbClusterSnapshots(ctx, rc) })
	wg.Wait()
	d.DBSnapshots = append(orEmpty(inst), clus...)
	d.ForeignDBSnapshots = instForeign + clusForeign
	slices.SortFunc(d.DBSnapshots, func(a, b probes.DBSnapshot) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.ARN, b.ARN))
	})
	d.DBSnapshotsErr = cmpOr(instErr, clusErr)
}

// dbSnapshots lists instance snapshots and reads whether manual ones are
// shared with everyone (automated snapshots cannot be shared). Snapshots
// whose ARN names another account (shared with this one, or listed by an
// endpoint that does not filter) are counted, not kept or probed.
func (c *collector) dbSnapshots(ctx context.Context, rc *regionClients) ([]probes.DBSnapshot, int, *probes.APIError) {
	var snaps []probes.DBSnapshot
	var manual []bool
	var foreign int
	aerr := paginate(ctx, c, "rds:DescribeDBSnapshots", rds.NewDescribeDBSnapshotsPaginator(rc.rds, &rds.DescribeDBSnapshotsInput{}),
		func(out *rds.DescribeDBSnapshotsOutput) {
			for _, s := range out.DBSnapshots {
				if !c.ownsARN(aws.ToString(s.DBSnapshotArn)) {
					foreign++
					continue
				}
				snaps = append(snaps, probes.DBSnapshot{ID: aws.ToString(s.DBSnapshotIdentifier), ARN: aws.ToString(s.DBSnapshotArn), Encrypted: aws.ToBool(s.Encrypted)})
				manual = append(manual, aws.ToString(s.SnapshotType) == "manual")
			}
		})
	markPublic(snaps, manual, func(id string) ([]string, *probes.APIError) {
		out, aerr := call(ctx, c, "rds:DescribeDBSnapshotAttributes", func(ctx context.Context) (*rds.DescribeDBSnapshotAttributesOutput, error) {
			return rc.rds.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: aws.String(id)})
		})
		var vals []string
		if aerr == nil && out.DBSnapshotAttributesResult != nil {
			for _, a := range out.DBSnapshotAttributesResult.DBSnapshotAttributes {
				if aws.ToString(a.AttributeName) == "restore" {
					vals = append(vals, a.AttributeValues...)
				}
			}
		}
		return vals, aerr
	})
	return snaps, foreign, aerr
}

// dbClusterSnapshots does the same for cluster snapshots.
func (c *collector) dbClusterSnapshots(ctx context.Context, rc *regionClients) ([]probes.DBSnapshot, int, *probes.APIError) {
	var snaps []probes.DBSnapshot
	var manual []bool
	var foreign int
	aerr := paginate(ctx, c, "rds:DescribeDBClusterSnapshots", rds.NewDescribeDBClusterSnapshotsPaginator(rc.rds, &rds.DescribeDBClusterSnapshotsInput{}),
		func(out *rds.DescribeDBClusterSnapshotsOutput) {
			for _, s := range out.DBClusterSnapshots {
				if !c.ownsARN(aws.ToString(s.DBClusterSnapshotArn)) {
					foreign++
					continue
				}
				snaps = append(snaps, probes.DBSnapshot{ID: aws.ToString(s.DBClusterSnapshotIdentifier), ARN: aws.ToString(s.DBClusterSnapshotArn),
					Cluster: true, Encrypted: aws.ToBool(s.StorageEncrypted)})
				manual = append(manual, aws.ToString(s.SnapshotType) == "manual")
			}
		})
	markPublic(snaps, manual, func(id string) ([]string, *probes.APIError) {
		out, aerr := call(ctx, c, "rds:DescribeDBClusterSnapshotAttributes", func(ctx context.Context) (*rds.DescribeDBClusterSnapshotAttributesOutput, error) {
			return rc.rds.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: aws.String(id)})
		})
		var vals []string
		if aerr == nil && out.DBClusterSnapshotAttributesResult != nil {
			for _, a := range out.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes {
				if aws.ToString(a.AttributeName) == "restore" {
					vals = append(vals, a.AttributeValues...)
				}
			}
		}
		return vals, aerr
	})
	return snaps, foreign, aerr
}

// markPublic reads, concurrently, the restore attribute of every manual
// snapshot: "all" among its values means anyone can restore it.
func markPublic(snaps []probes.DBSnapshot, manual []bool, restoreValues func(id string) ([]string, *probes.APIError)) {
	var wg sync.WaitGroup
	for i := range snaps {
		if !manual[i] {
			continue
		}
		wg.Go(func() {
			vals, aerr := restoreValues(snaps[i].ID)
			if aerr != nil {
				snaps[i].PublicErr = aerr
				return
			}
			snaps[i].Public = slices.Contains(vals, "all")
		})
	}
	wg.Wait()
}
