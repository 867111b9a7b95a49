package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

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
	wg.Go(func() { d.Snapshots, d.ForeignSnapshots, d.SnapshotsErr = c.ebsSnapshots(ctx, rc) })
	wg.Go(func() {
		d.Instances, d.ForeignInstances, d.InstancesErr = c.instances(ctx, rc)
		d.InstancesCollected = true
	})
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
	rootEncryption(d)
}

// instances lists the account's EC2 instances, leaving out terminated ones
// and counting any of another owner that an endpoint lists although
// DescribeInstances answers only for the caller's account.
func (c *collector) instances(ctx context.Context, rc *regionClients) ([]probes.Instance, int, *probes.APIError) {
	var out []probes.Instance
	foreign := 0
	aerr := paginate(ctx, c, "ec2:DescribeInstances", ec2.NewDescribeInstancesPaginator(rc.ec2, &ec2.DescribeInstancesInput{}),
		func(page *ec2.DescribeInstancesOutput) {
			for _, r := range page.Reservations {
				if !c.owns(aws.ToString(r.OwnerId)) {
					foreign += len(r.Instances)
					continue
				}
				for _, in := range r.Instances {
					if in.State != nil && in.State.Name == ec2types.InstanceStateNameTerminated {
						continue
					}
					out = append(out, instance(in))
				}
			}
		})
	slices.SortFunc(out, func(a, b probes.Instance) int { return strings.Compare(a.ID, b.ID) })
	return orEmpty(out), foreign, aerr
}

// instance keeps what the checks judge of one instance.
func instance(in ec2types.Instance) probes.Instance {
	out := probes.Instance{ID: aws.ToString(in.InstanceId), Platform: cmp.Or(aws.ToString(in.PlatformDetails), string(in.Platform))}
	if in.State != nil {
		out.State = string(in.State.Name)
	}
	if m := in.MetadataOptions; m != nil {
		out.MetadataHTTPTokens, out.MetadataHTTPEndpoint = string(m.HttpTokens), string(m.HttpEndpoint)
	}
	for _, b := range in.BlockDeviceMappings {
		if b.Ebs != nil && aws.ToString(b.DeviceName) == aws.ToString(in.RootDeviceName) {
			out.RootVolumeID = aws.ToString(b.Ebs.VolumeId)
		}
	}
	for _, t := range in.Tags {
		if aws.ToString(t.Key) == "Name" {
			out.Name = aws.ToString(t.Value)
		}
	}
	return out
}

// rootEncryption fills in whether each instance's root volume is encrypted,
// from the region's volumes.
func rootEncryption(d *probes.RegionData) {
	if d.VolumesErr != nil {
		return
	}
	encrypted := make(map[string]bool, len(d.Volumes))
	for _, v := range d.Volumes {
		encrypted[v.ID] = v.Encrypted
	}
	for i := range d.Instances {
		if enc, ok := encrypted[d.Instances[i].RootVolumeID]; ok {
			d.Instances[i].RootVolumeEncrypted = aws.Bool(enc)
		}
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

// ebsSnapshots lists the account's own snapshots and reads whether each is
// public. An endpoint that ignores the owner filter may list thousands of
// other owners' public snapshots: those are counted, not kept or probed.
func (c *collector) ebsSnapshots(ctx context.Context, rc *regionClients) ([]probes.EBSSnapshot, int, *probes.APIError) {
	var snaps []probes.EBSSnapshot
	var foreign int
	aerr := paginate(ctx, c, "ec2:DescribeSnapshots", ec2.NewDescribeSnapshotsPaginator(rc.ec2, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}}),
		func(out *ec2.DescribeSnapshotsOutput) {
			for _, s := range out.Snapshots {
				if !c.owns(aws.ToString(s.OwnerId)) {
					foreign++
					continue
				}
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
	return orEmpty(snaps), foreign, aerr
}

// owns reports whether a listed resource's owner is the account being
// probed. An answer that names no owner is taken as the account's own: the
// request asked for nothing else.
func (c *collector) owns(ownerID string) bool {
	return ownerID == "" || ownerID == c.accountID
}

// ownsARN applies owns to the account field of an ARN.
func (c *collector) ownsARN(a string) bool {
	parsed, err := arn.Parse(a)
	return err != nil || c.owns(parsed.AccountID)
}
