package awscollect

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

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
