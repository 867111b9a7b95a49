package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

// collectCloudTrail lists the trails visible from every scanned region
// (shadow copies of multi-region and organization trails included), keeps
// each once by ARN, and reads each trail's status and event selectors in its
// home region.
func (c *collector) collectCloudTrail(ctx context.Context, rcs []*regionClients) probes.CloudTrailData {
	seen, errs := c.describeTrails(ctx, rcs)
	d := probes.CloudTrailData{Trails: foldTrails(seen, rcs)}
	for i, e := range errs {
		if e != nil {
			d.Errs = append(d.Errs, probes.RegionalError{Region: rcs[i].region, Err: *e})
		}
	}
	var wg sync.WaitGroup
	for i := range d.Trails {
		t := &d.Trails[i]
		home := c.homeClient(rcs, t.HomeRegion)
		wg.Go(func() { c.trailStatus(ctx, home, t) })
		wg.Go(func() { c.trailSelectors(ctx, home, t) })
	}
	wg.Wait()
	slices.SortFunc(d.Trails, func(a, b probes.Trail) int { return strings.Compare(a.ARN, b.ARN) })
	return d
}

// describeTrails lists the trails each region sees, shadow copies included,
// or why they could not be listed; both by the index of the region.
func (c *collector) describeTrails(ctx context.Context, rcs []*regionClients) ([][]cttypes.Trail, []*probes.APIError) {
	seen := make([][]cttypes.Trail, len(rcs))
	errs := make([]*probes.APIError, len(rcs))
	var wg sync.WaitGroup
	for i, rc := range rcs {
		wg.Go(func() {
			out, aerr := call(ctx, c, "cloudtrail:DescribeTrails", func(ctx context.Context) (*cloudtrail.DescribeTrailsOutput, error) {
				return rc.cloudtrail.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
			})
			if aerr != nil {
				errs[i] = aerr
				return
			}
			seen[i] = out.TrailList
		})
	}
	wg.Wait()
	return seen, errs
}

// foldTrails keeps each trail once by ARN, in the order first seen.
func foldTrails(seen [][]cttypes.Trail, rcs []*regionClients) []probes.Trail {
	trails := []probes.Trail{}
	byARN := map[string]bool{}
	for i, ts := range seen {
		for _, t := range ts {
			if arn := aws.ToString(t.TrailARN); !byARN[arn] {
				byARN[arn] = true
				// An answer without HomeRegion (an emulator's) still names
				// the region in the ARN.
				home := cmp.Or(aws.ToString(t.HomeRegion), arnRegion(arn), rcs[i].region)
				trails = append(trails, probes.Trail{
					Name: aws.ToString(t.Name), ARN: arn, HomeRegion: home,
					IsMultiRegion: aws.ToBool(t.IsMultiRegionTrail), IsOrganization: aws.ToBool(t.IsOrganizationTrail),
					LogFileValidation: aws.ToBool(t.LogFileValidationEnabled), KMSKeyID: aws.ToString(t.KmsKeyId),
					S3BucketName: aws.ToString(t.S3BucketName), CloudWatchLogsGroupARN: aws.ToString(t.CloudWatchLogsLogGroupArn),
				})
			}
		}
	}
	return trails
}

// trailStatus reads whether the trail is logging and when it last delivered.
func (c *collector) trailStatus(ctx context.Context, home *cloudtrail.Client, t *probes.Trail) {
	out, aerr := call(ctx, c, "cloudtrail:GetTrailStatus", func(ctx context.Context) (*cloudtrail.GetTrailStatusOutput, error) {
		return home.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(t.ARN)})
	})
	if aerr != nil {
		t.StatusErr = aerr
		return
	}
	t.Status = &probes.TrailStatus{IsLogging: aws.ToBool(out.IsLogging), LatestDeliveryTime: utc(out.LatestDeliveryTime),
		LatestCloudWatchLogsDelivery:      utc(out.LatestCloudWatchLogsDeliveryTime),
		LatestCloudWatchLogsDeliveryError: aws.ToString(out.LatestCloudWatchLogsDeliveryError)}
}

// trailSelectors reads the trail's basic and advanced event selectors.
func (c *collector) trailSelectors(ctx context.Context, home *cloudtrail.Client, t *probes.Trail) {
	out, aerr := call(ctx, c, "cloudtrail:GetEventSelectors", func(ctx context.Context) (*cloudtrail.GetEventSelectorsOutput, error) {
		return home.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(t.ARN)})
	})
	if aerr != nil {
		t.SelectorsErr = aerr
		return
	}
	for _, s := range out.EventSelectors {
		es := probes.EventSelector{ReadWriteType: string(s.ReadWriteType), IncludeManagementEvents: aws.ToBool(s.IncludeManagementEvents)}
		for _, r := range s.DataResources {
			es.DataResources = append(es.DataResources, probes.DataResource{Type: aws.ToString(r.Type), Values: r.Values})
		}
		t.EventSelectors = append(t.EventSelectors, es)
	}
	for _, s := range out.AdvancedEventSelectors {
		as := probes.AdvancedEventSelector{Name: aws.ToString(s.Name)}
		for _, f := range s.FieldSelectors {
			as.FieldSelectors = append(as.FieldSelectors, probes.FieldSelector{Field: aws.ToString(f.Field), Equals: f.Equals,
				NotEquals: f.NotEquals, StartsWith: f.StartsWith, NotStartsWith: f.NotStartsWith, EndsWith: f.EndsWith, NotEndsWith: f.NotEndsWith})
		}
		t.AdvancedEventSelectors = append(t.AdvancedEventSelectors, as)
	}
}

// homeClient returns the CloudTrail client of a trail's home region, which
// may lie outside the scanned regions.
func (c *collector) homeClient(rcs []*regionClients, region string) *cloudtrail.Client {
	for _, rc := range rcs {
		if rc.region == region {
			return rc.cloudtrail
		}
	}
	return cloudtrail.NewFromConfig(c.cfg, func(o *cloudtrail.Options) { o.Region = region })
}

// arnRegion returns the region field of an ARN, or "".
func arnRegion(s string) string {
	if a, err := arn.Parse(s); err == nil {
		return a.Region
	}
	return ""
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
