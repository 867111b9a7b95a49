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

	d := probes.CloudTrailData{Trails: []probes.Trail{}}
	for i, e := range errs {
		if e != nil {
			d.Errs = append(d.Errs, probes.RegionalError{Region: rcs[i].region, Err: *e})
		}
	}
	byARN := map[string]bool{}
	for i, ts := range seen {
		for _, t := range ts {
			if arn := aws.ToString(t.TrailARN); !byARN[arn] {
				byARN[arn] = true
				// An answer without HomeRegion (an emulator's) still names
				// the region in the ARN.
				home := cmp.Or(aws.ToString(t.HomeRegion), arnRegion(arn), rcs[i].region)
				d.Trails = append(d.Trails, probes.Trail{
					Name: aws.ToString(t.Name), ARN: arn, HomeRegion: home,
					IsMultiRegion: aws.ToBool(t.IsMultiRegionTrail), IsOrganization: aws.ToBool(t.IsOrganizationTrail),
					LogFileValidation: aws.ToBool(t.LogFileValidationEnabled), KMSKeyID: aws.ToString(t.KmsKeyId),
					S3BucketName: aws.ToString(t.S3BucketName), CloudWatchLogsGroupARN: aws.ToString(t.CloudWatchLogsLogGroupArn),
				})
			}
		}
	}
	for i := range d.Trails {
		t := &d.Trails[i]
		home := c.homeClient(rcs, t.HomeRegion)
		wg.Go(func() {
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
		})
		wg.Go(func() {
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
		})
	}
	wg.Wait()
	slices.SortFunc(d.Trails, func(a, b probes.Trail) int { return strings.Compare(a.ARN, b.ARN) })
	return d
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
