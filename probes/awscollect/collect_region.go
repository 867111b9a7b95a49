package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/hipaarisk/hipaarisk/probes"
)

// collectRegion starts, on wg, one goroutine per regional service; each
// fills its own fields of d.
func (c *collector) collectRegion(ctx context.Context, wg *sync.WaitGroup, rc *regionClients, d *probes.RegionData) {
	d.Region = rc.region
	units := map[string]func(){
		"guardduty":   func() { d.GuardDutyDetectors, d.GuardDutyErr = c.guardDuty(ctx, rc) },
		"securityhub": func() { c.securityHub(ctx, rc, d) },
		"config":      func() { d.ConfigRecorders, d.ConfigErr = c.configRecorders(ctx, rc) },
		"ec2":         func() { c.ec2(ctx, rc, d) },
		"rds":         func() { c.rds(ctx, rc, d) },
		"kms":         func() { d.KMSKeys, d.KMSKeysErr = c.kmsKeys(ctx, rc) },
		"logs":        func() { d.LogGroups, d.LogGroupsErr = c.logGroups(ctx, rc) },
		"backup":      func() { d.BackupPlans, d.BackupPlansErr = c.backupPlans(ctx, rc) },
		"elbv2":       func() { d.LoadBalancers, d.LoadBalancersErr = c.loadBalancers(ctx, rc) },
		"acm":         func() { d.Certificates, d.CertificatesErr = c.certificates(ctx, rc) },
	}
	for _, name := range regionalServices {
		wg.Go(func() { units[name](); c.finished(name, rc.region) })
	}
}

// orEmpty turns a nil slice into an empty one so the snapshot's JSON shows
// [] for "read, nothing there".
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (c *collector) guardDuty(ctx context.Context, rc *regionClients) ([]probes.Detector, *probes.APIError) {
	var ids []string
	aerr := paginate(ctx, c, "guardduty:ListDetectors", guardduty.NewListDetectorsPaginator(rc.guardduty, &guardduty.ListDetectorsInput{}),
		func(out *guardduty.ListDetectorsOutput) { ids = append(ids, out.DetectorIds...) })
	ds := make([]probes.Detector, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		ds[i].ID = id
		wg.Go(func() {
			out, aerr := call(ctx, c, "guardduty:GetDetector", func(ctx context.Context) (*guardduty.GetDetectorOutput, error) {
				return rc.guardduty.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
			})
			if aerr != nil {
				ds[i].Err = aerr
			} else {
				ds[i].Status = string(out.Status)
			}
		})
		wg.Go(func() {
			in := &guardduty.ListFindingsInput{DetectorId: aws.String(id), FindingCriteria: &gdtypes.FindingCriteria{
				Criterion: map[string]gdtypes.Condition{
					"severity":         {GreaterThanOrEqual: aws.Int64(7)},
					"service.archived": {Equals: []string{"false"}},
				},
			}}
			ds[i].FindingsErr = paginate(ctx, c, "guardduty:ListFindings", guardduty.NewListFindingsPaginator(rc.guardduty, in),
				func(out *guardduty.ListFindingsOutput) { ds[i].HighFindings += len(out.FindingIds) })
		})
	}
	wg.Wait()
	slices.SortFunc(ds, func(a, b probes.Detector) int { return strings.Compare(a.ID, b.ID) })
	return orEmpty(ds), aerr
}

func (c *collector) securityHub(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	out, aerr := call(ctx, c, "securityhub:DescribeHub", func(ctx context.Context) (*securityhub.DescribeHubOutput, error) {
		return rc.securityhub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	})
	switch {
	case isCode(aerr, "InvalidAccessException", "ResourceNotFoundException"):
		// AWS says InvalidAccessException when the account is not
		// subscribed; some emulators say ResourceNotFoundException.
	case aerr != nil:
		d.SecurityHubErr = aerr
	case aws.ToString(out.HubArn) == "":
		d.SecurityHubErr = emptyAnswer("securityhub:DescribeHub", "a hub ARN")
	default:
		d.SecurityHubEnabled, d.SecurityHubARN = true, aws.ToString(out.HubArn)
	}
}

// emptyAnswer records a successful answer that lacks what AWS always sends
// (an emulator's stub), so that the resource is reported rather than
// silently taken as absent or off.
func emptyAnswer(op, what string) *probes.APIError {
	return &probes.APIError{Operation: op, Code: "EmptyResponse", Message: "the answer has no " + what}
}

func (c *collector) configRecorders(ctx context.Context, rc *regionClients) ([]probes.ConfigRecorder, *probes.APIError) {
	out, aerr := call(ctx, c, "config:DescribeConfigurationRecorders", func(ctx context.Context) (*configservice.DescribeConfigurationRecordersOutput, error) {
		return rc.config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	})
	switch {
	case isCode(aerr, "NoSuchConfigurationRecorderException"):
		return []probes.ConfigRecorder{}, nil // an emulator's way of saying there is none
	case aerr != nil:
		return []probes.ConfigRecorder{}, aerr
	}
	rs := []probes.ConfigRecorder{}
	for _, r := range out.ConfigurationRecorders {
		cr := probes.ConfigRecorder{Name: aws.ToString(r.Name)}
		if g := r.RecordingGroup; g != nil {
			cr.AllSupported, cr.IncludeGlobal = g.AllSupported, g.IncludeGlobalResourceTypes
		}
		rs = append(rs, cr)
	}
	if len(rs) == 0 {
		return rs, nil
	}
	st, aerr := call(ctx, c, "config:DescribeConfigurationRecorderStatus", func(ctx context.Context) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
		return rc.config.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	})
	if aerr != nil {
		return rs, aerr
	}
	for _, s := range st.ConfigurationRecordersStatus {
		for i := range rs {
			if rs[i].Name == aws.ToString(s.Name) {
				rs[i].Recording, rs[i].LastStatus = s.Recording, string(s.LastStatus)
			}
		}
	}
	slices.SortFunc(rs, func(a, b probes.ConfigRecorder) int { return strings.Compare(a.Name, b.Name) })
	return rs, nil
}

func (c *collector) ec2(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	var wg sync.WaitGroup
	wg.Go(func() {
		out, aerr := call(ctx, c, "ec2:GetEbsEncryptionByDefault", func(ctx context.Context) (*ec2.GetEbsEncryptionByDefaultOutput, error) {
			return rc.ec2.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
		})
		if aerr != nil {
			d.EBSDefaultEncryptionErr = aerr
			return
		}
		d.EBSDefaultEncryption = aws.ToBool(out.EbsEncryptionByDefault)
	})
	wg.Go(func() {
		d.VolumesErr = paginate(ctx, c, "ec2:DescribeVolumes", ec2.NewDescribeVolumesPaginator(rc.ec2, &ec2.DescribeVolumesInput{}),
			func(out *ec2.DescribeVolumesOutput) {
				for _, v := range out.Volumes {
					d.Volumes = append(d.Volumes, probes.Volume{ID: aws.ToString(v.VolumeId), State: string(v.State),
						Encrypted: aws.ToBool(v.Encrypted), KMSKeyID: aws.ToString(v.KmsKeyId)})
				}
			})
		d.Volumes = orEmpty(d.Volumes)
		slices.SortFunc(d.Volumes, func(a, b probes.Volume) int { return strings.Compare(a.ID, b.ID) })
	})
	wg.Go(func() { d.Snapshots, d.SnapshotsErr = c.ebsSnapshots(ctx, rc) })
	wg.Go(func() {
		d.SecurityGroupsErr = paginate(ctx, c, "ec2:DescribeSecurityGroups", ec2.NewDescribeSecurityGroupsPaginator(rc.ec2, &ec2.DescribeSecurityGroupsInput{}),
			func(out *ec2.DescribeSecurityGroupsOutput) {
				for _, g := range out.SecurityGroups {
					sg := probes.SecurityGroup{ID: aws.ToString(g.GroupId), Name: aws.ToString(g.GroupName), VPCID: aws.ToString(g.VpcId)}
					for _, p := range g.IpPermissions {
						sg.Ingress = append(sg.Ingress, ipRule(p))
					}
					d.SecurityGroups = append(d.SecurityGroups, sg)
				}
			})
		d.SecurityGroups = orEmpty(d.SecurityGroups)
		slices.SortFunc(d.SecurityGroups, func(a, b probes.SecurityGroup) int { return strings.Compare(a.ID, b.ID) })
	})
	var inUse map[string]bool
	var inUseErr *probes.APIError
	wg.Go(func() {
		inUse = map[string]bool{}
		inUseErr = paginate(ctx, c, "ec2:DescribeNetworkInterfaces", ec2.NewDescribeNetworkInterfacesPaginator(rc.ec2, &ec2.DescribeNetworkInterfacesInput{}),
			func(out *ec2.DescribeNetworkInterfacesOutput) {
				for _, n := range out.NetworkInterfaces {
					inUse[aws.ToString(n.VpcId)] = true
				}
			})
	})
	wg.Go(func() {
		d.VPCsErr = paginate(ctx, c, "ec2:DescribeVpcs", ec2.NewDescribeVpcsPaginator(rc.ec2, &ec2.DescribeVpcsInput{}),
			func(out *ec2.DescribeVpcsOutput) {
				for _, v := range out.Vpcs {
					d.VPCs = append(d.VPCs, probes.VPC{ID: aws.ToString(v.VpcId), IsDefault: aws.ToBool(v.IsDefault)})
				}
			})
		d.VPCs = orEmpty(d.VPCs)
		slices.SortFunc(d.VPCs, func(a, b probes.VPC) int { return strings.Compare(a.ID, b.ID) })
	})
	wg.Go(func() {
		d.FlowLogsErr = paginate(ctx, c, "ec2:DescribeFlowLogs", ec2.NewDescribeFlowLogsPaginator(rc.ec2, &ec2.DescribeFlowLogsInput{}),
			func(out *ec2.DescribeFlowLogsOutput) {
				for _, f := range out.FlowLogs {
					d.FlowLogs = append(d.FlowLogs, probes.FlowLog{ID: aws.ToString(f.FlowLogId), ResourceID: aws.ToString(f.ResourceId), Status: aws.ToString(f.FlowLogStatus)})
				}
			})
		d.FlowLogs = orEmpty(d.FlowLogs)
		slices.SortFunc(d.FlowLogs, func(a, b probes.FlowLog) int { return strings.Compare(a.ID, b.ID) })
	})
	wg.Wait()
	for i := range d.VPCs {
		d.VPCs[i].InUse, d.VPCs[i].InUseErr = inUse[d.VPCs[i].ID], inUseErr
	}
}

func ipRule(p ec2types.IpPermission) probes.IPRule {
	r := probes.IPRule{Protocol: aws.ToString(p.IpProtocol), FromPort: aws.ToInt32(p.FromPort), ToPort: aws.ToInt32(p.ToPort)}
	if r.Protocol == "-1" {
		r.FromPort, r.ToPort = 0, 65535
	}
	for _, x := range p.IpRanges {
		r.CIDRs = append(r.CIDRs, aws.ToString(x.CidrIp))
	}
	for _, x := range p.Ipv6Ranges {
		r.IPv6 = append(r.IPv6, aws.ToString(x.CidrIpv6))
	}
	return r
}

func (c *collector) ebsSnapshots(ctx context.Context, rc *regionClients) ([]probes.EBSSnapshot, *probes.APIError) {
	var snaps []probes.EBSSnapshot
	aerr := paginate(ctx, c, "ec2:DescribeSnapshots", ec2.NewDescribeSnapshotsPaginator(rc.ec2, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}}),
		func(out *ec2.DescribeSnapshotsOutput) {
			for _, s := range out.Snapshots {
				snaps = append(snaps, probes.EBSSnapshot{ID: aws.ToString(s.SnapshotId), VolumeID: aws.ToString(s.VolumeId), Encrypted: aws.ToBool(s.Encrypted)})
			}
		})
	var wg sync.WaitGroup
	for i := range snaps {
		wg.Go(func() {
			out, aerr := call(ctx, c, "ec2:DescribeSnapshotAttribute", func(ctx context.Context) (*ec2.DescribeSnapshotAttributeOutput, error) {
				return rc.ec2.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{
					SnapshotId: aws.String(snaps[i].ID), Attribute: ec2types.SnapshotAttributeNameCreateVolumePermission})
			})
			if aerr != nil {
				snaps[i].PublicErr = aerr
				return
			}
			for _, p := range out.CreateVolumePermissions {
				if p.Group == ec2types.PermissionGroupAll {
					snaps[i].Public = true
				}
			}
		})
	}
	wg.Wait()
	slices.SortFunc(snaps, func(a, b probes.EBSSnapshot) int { return strings.Compare(a.ID, b.ID) })
	return orEmpty(snaps), aerr
}

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
	var instErr, clusErr *probes.APIError
	wg.Go(func() { inst, instErr = c.dbSnapshots(ctx, rc) })
	wg.Go(func() { clus, clusErr = c.dbClusterSnapshots(ctx, rc) })
	wg.Wait()
	d.DBSnapshots = append(orEmpty(inst), clus...)
	slices.SortFunc(d.DBSnapshots, func(a, b probes.DBSnapshot) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.ARN, b.ARN))
	})
	d.DBSnapshotsErr = cmpOr(instErr, clusErr)
}

// dbSnapshots lists instance snapshots and reads whether manual ones are
// shared with everyone (automated snapshots cannot be shared).
func (c *collector) dbSnapshots(ctx context.Context, rc *regionClients) ([]probes.DBSnapshot, *probes.APIError) {
	var snaps []probes.DBSnapshot
	var manual []bool
	aerr := paginate(ctx, c, "rds:DescribeDBSnapshots", rds.NewDescribeDBSnapshotsPaginator(rc.rds, &rds.DescribeDBSnapshotsInput{}),
		func(out *rds.DescribeDBSnapshotsOutput) {
			for _, s := range out.DBSnapshots {
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
	return snaps, aerr
}

// dbClusterSnapshots does the same for cluster snapshots.
func (c *collector) dbClusterSnapshots(ctx context.Context, rc *regionClients) ([]probes.DBSnapshot, *probes.APIError) {
	var snaps []probes.DBSnapshot
	var manual []bool
	aerr := paginate(ctx, c, "rds:DescribeDBClusterSnapshots", rds.NewDescribeDBClusterSnapshotsPaginator(rc.rds, &rds.DescribeDBClusterSnapshotsInput{}),
		func(out *rds.DescribeDBClusterSnapshotsOutput) {
			for _, s := range out.DBClusterSnapshots {
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
	return snaps, aerr
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

func (c *collector) kmsKeys(ctx context.Context, rc *regionClients) ([]probes.KMSKey, *probes.APIError) {
	var keys []probes.KMSKey
	aerr := paginate(ctx, c, "kms:ListKeys", kms.NewListKeysPaginator(rc.kms, &kms.ListKeysInput{}), func(out *kms.ListKeysOutput) {
		for _, k := range out.Keys {
			keys = append(keys, probes.KMSKey{ID: aws.ToString(k.KeyId), ARN: aws.ToString(k.KeyArn)})
		}
	})
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k := &keys[i]
			out, aerr := call(ctx, c, "kms:DescribeKey", func(ctx context.Context) (*kms.DescribeKeyOutput, error) {
				return rc.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ID)})
			})
			if aerr != nil {
				k.DescribeErr = aerr
				return
			}
			m := out.KeyMetadata
			if m == nil {
				k.DescribeErr = emptyAnswer("kms:DescribeKey", "key metadata")
				return
			}
			k.Manager, k.State, k.Spec, k.Usage, k.Origin = string(m.KeyManager), string(m.KeyState), string(m.KeySpec), string(m.KeyUsage), string(m.Origin)
			if !k.Rotatable() {
				return
			}
			rot, aerr := call(ctx, c, "kms:GetKeyRotationStatus", func(ctx context.Context) (*kms.GetKeyRotationStatusOutput, error) {
				return rc.kms.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k.ID)})
			})
			if aerr != nil {
				k.RotationErr = aerr
				return
			}
			k.RotationEnabled = aws.Bool(rot.KeyRotationEnabled)
		})
	}
	wg.Wait()
	slices.SortFunc(keys, func(a, b probes.KMSKey) int { return strings.Compare(a.ID, b.ID) })
	return orEmpty(keys), aerr
}

func (c *collector) logGroups(ctx context.Context, rc *regionClients) ([]probes.LogGroup, *probes.APIError) {
	var gs []probes.LogGroup
	aerr := paginate(ctx, c, "logs:DescribeLogGroups", cloudwatchlogs.NewDescribeLogGroupsPaginator(rc.logs, &cloudwatchlogs.DescribeLogGroupsInput{}),
		func(out *cloudwatchlogs.DescribeLogGroupsOutput) {
			for _, g := range out.LogGroups {
				gs = append(gs, probes.LogGroup{Name: aws.ToString(g.LogGroupName), ARN: aws.ToString(g.Arn), RetentionDays: aws.ToInt32(g.RetentionInDays)})
			}
		})
	slices.SortFunc(gs, func(a, b probes.LogGroup) int { return strings.Compare(a.Name, b.Name) })
	return orEmpty(gs), aerr
}

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

func (c *collector) loadBalancers(ctx context.Context, rc *regionClients) ([]probes.LoadBalancer, *probes.APIError) {
	var lbs []probes.LoadBalancer
	aerr := paginate(ctx, c, "elasticloadbalancing:DescribeLoadBalancers", elbv2.NewDescribeLoadBalancersPaginator(rc.elbv2, &elbv2.DescribeLoadBalancersInput{}),
		func(out *elbv2.DescribeLoadBalancersOutput) {
			for _, lb := range out.LoadBalancers {
				lbs = append(lbs, probes.LoadBalancer{ARN: aws.ToString(lb.LoadBalancerArn), Name: aws.ToString(lb.LoadBalancerName),
					Type: string(lb.Type), Scheme: string(lb.Scheme)})
			}
		})
	var wg sync.WaitGroup
	for i := range lbs {
		wg.Go(func() {
			lb := &lbs[i]
			p := elbv2.NewDescribeListenersPaginator(rc.elbv2, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN)})
			lb.ListenersErr = paginate(ctx, c, "elasticloadbalancing:DescribeListeners", p, func(out *elbv2.DescribeListenersOutput) {
				for _, l := range out.Listeners {
					ln := probes.Listener{ARN: aws.ToString(l.ListenerArn), Port: aws.ToInt32(l.Port), Protocol: string(l.Protocol), SSLPolicy: aws.ToString(l.SslPolicy)}
					for _, a := range l.DefaultActions {
						la := probes.ListenerAction{Type: string(a.Type)}
						if a.RedirectConfig != nil {
							la.RedirectProtocol = aws.ToString(a.RedirectConfig.Protocol)
						}
						ln.Actions = append(ln.Actions, la)
					}
					lb.Listeners = append(lb.Listeners, ln)
				}
			})
			lb.Listeners = orEmpty(lb.Listeners)
			slices.SortFunc(lb.Listeners, func(a, b probes.Listener) int {
				return cmp.Or(cmp.Compare(a.Port, b.Port), strings.Compare(a.ARN, b.ARN))
			})
		})
	}
	wg.Wait()
	slices.SortFunc(lbs, func(a, b probes.LoadBalancer) int { return strings.Compare(a.Name+"\x00"+a.ARN, b.Name+"\x00"+b.ARN) })
	return orEmpty(lbs), aerr
}

// allKeyTypes makes ListCertificates return every certificate: by default it
// returns only RSA 2048-bit ones.
var allKeyTypes = acmtypes.KeyAlgorithm("").Values()

func (c *collector) certificates(ctx context.Context, rc *regionClients) ([]probes.Certificate, *probes.APIError) {
	var certs []probes.Certificate
	in := &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: allKeyTypes}}
	aerr := paginate(ctx, c, "acm:ListCertificates", acm.NewListCertificatesPaginator(rc.acm, in), func(out *acm.ListCertificatesOutput) {
		for _, s := range out.CertificateSummaryList {
			certs = append(certs, probes.Certificate{ARN: aws.ToString(s.CertificateArn), Domain: aws.ToString(s.DomainName)})
		}
	})
	var wg sync.WaitGroup
	for i := range certs {
		wg.Go(func() {
			ct := &certs[i]
			out, aerr := call(ctx, c, "acm:DescribeCertificate", func(ctx context.Context) (*acm.DescribeCertificateOutput, error) {
				return rc.acm.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(ct.ARN)})
			})
			if aerr != nil {
				ct.DescribeErr = aerr
				return
			}
			d := out.Certificate
			if d == nil {
				ct.DescribeErr = emptyAnswer("acm:DescribeCertificate", "certificate details")
				return
			}
			ct.Status, ct.InUseBy = string(d.Status), slices.Sorted(slices.Values(d.InUseBy))
			if d.NotAfter != nil {
				t := d.NotAfter.UTC()
				ct.NotAfter = &t
			}
		})
	}
	wg.Wait()
	slices.SortFunc(certs, func(a, b probes.Certificate) int {
		return strings.Compare(a.Domain+"\x00"+a.ARN, b.Domain+"\x00"+b.ARN)
	})
	return orEmpty(certs), aerr
}
