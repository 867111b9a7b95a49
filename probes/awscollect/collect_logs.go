package awscollect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/hipaarisk/hipaarisk/probes"
)

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
