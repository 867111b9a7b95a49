package awscollect

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/hipaarisk/hipaarisk/probes"
)

// patchStateBatch is the most instance ids one DescribeInstancePatchStates
// call accepts.
const patchStateBatch = 50

// ssm lists the EC2 instances Systems Manager manages in the region and
// reads their patch state, one batch of instances at a time, concurrently.
// On-premises nodes (mi-...) are left out: the checks judge EC2 instances.
func (c *collector) ssm(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	d.SSMCollected = true
	var nodes []probes.ManagedInstance
	d.ManagedInstancesErr = paginate(ctx, c, "ssm:DescribeInstanceInformation",
		ssm.NewDescribeInstanceInformationPaginator(rc.ssm, &ssm.DescribeInstanceInformationInput{MaxResults: aws.Int32(50)}),
		func(out *ssm.DescribeInstanceInformationOutput) {
			for _, info := range out.InstanceInformationList {
				if id := aws.ToString(info.InstanceId); strings.HasPrefix(id, "i-") {
					nodes = append(nodes, probes.ManagedInstance{ID: id, PingStatus: string(info.PingStatus)})
				}
			}
		})
	slices.SortFunc(nodes, func(a, b probes.ManagedInstance) int { return strings.Compare(a.ID, b.ID) })
	nodes = slices.CompactFunc(nodes, func(a, b probes.ManagedInstance) bool { return a.ID == b.ID })
	d.ManagedInstances = orEmpty(nodes)
	if d.ManagedInstancesErr != nil {
		return
	}
	var wg sync.WaitGroup
	for batch := range slices.Chunk(d.ManagedInstances, patchStateBatch) {
		wg.Go(func() { c.patchStates(ctx, rc, batch) })
	}
	wg.Wait()
}

// patchStates reads the patch state of a batch of managed instances into
// it; when the call fails, each instance it left unread carries the error.
func (c *collector) patchStates(ctx context.Context, rc *regionClients, batch []probes.ManagedInstance) {
	ids := make([]string, len(batch))
	for i, m := range batch {
		ids[i] = m.ID
	}
	aerr := paginate(ctx, c, "ssm:DescribeInstancePatchStates",
		ssm.NewDescribeInstancePatchStatesPaginator(rc.ssm, &ssm.DescribeInstancePatchStatesInput{InstanceIds: ids, MaxResults: aws.Int32(50)}),
		func(out *ssm.DescribeInstancePatchStatesOutput) {
			for _, p := range out.InstancePatchStates {
				i := slices.Index(ids, aws.ToString(p.InstanceId))
				if i < 0 {
					continue
				}
				batch[i].Patch = &probes.PatchState{
					Missing: int(p.MissingCount), Failed: int(p.FailedCount), Installed: int(p.InstalledCount),
					InstalledPendingReboot: int(aws.ToInt32(p.InstalledPendingRebootCount)), InstalledRejected: int(aws.ToInt32(p.InstalledRejectedCount)),
					CriticalNonCompliant: int(aws.ToInt32(p.CriticalNonCompliantCount)), SecurityNonCompliant: int(aws.ToInt32(p.SecurityNonCompliantCount)),
					Operation: string(p.Operation), OperationEnd: p.OperationEndTime,
				}
			}
		})
	if aerr == nil {
		return
	}
	for i := range batch {
		if batch[i].Patch == nil {
			batch[i].PatchErr = aerr
		}
	}
}
