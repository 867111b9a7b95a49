package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

// accessAnalyzer lists the region's IAM Access Analyzer analyzers and reads
// the active findings of one external-access analyzer: the account's own
// (its zone of trust is the account, as the check asks), else the
// organization's. Reading one avoids counting a resource twice.
func (c *collector) accessAnalyzer(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	d.AnalyzersErr = paginate(ctx, c, "access-analyzer:ListAnalyzers",
		accessanalyzer.NewListAnalyzersPaginator(rc.accessanalyzer, &accessanalyzer.ListAnalyzersInput{}),
		func(out *accessanalyzer.ListAnalyzersOutput) {
			for _, a := range out.Analyzers {
				d.Analyzers = append(d.Analyzers, probes.Analyzer{Name: aws.ToString(a.Name), ARN: aws.ToString(a.Arn),
					Type: string(a.Type), Status: string(a.Status)})
			}
		})
	d.Analyzers = orEmpty(d.Analyzers)
	slices.SortFunc(d.Analyzers, func(a, b probes.Analyzer) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ARN, b.ARN))
	})
	if d.AnalyzersErr != nil {
		return
	}
	i := slices.IndexFunc(d.Analyzers, func(a probes.Analyzer) bool { return a.ExternalAccess() && a.Type == "ACCOUNT" })
	if i < 0 {
		i = slices.IndexFunc(d.Analyzers, probes.Analyzer.ExternalAccess)
	}
	if i < 0 {
		return
	}
	d.ExternalAccessAnalyzer = d.Analyzers[i].ARN
	in := &accessanalyzer.ListFindingsInput{AnalyzerArn: aws.String(d.ExternalAccessAnalyzer),
		Filter: map[string]aatypes.Criterion{"status": {Eq: []string{string(aatypes.FindingStatusActive)}}}}
	d.ExternalAccessErr = paginate(ctx, c, "access-analyzer:ListFindings", accessanalyzer.NewListFindingsPaginator(rc.accessanalyzer, in),
		func(out *accessanalyzer.ListFindingsOutput) {
			for _, f := range out.Findings {
				if f.Status != "" && f.Status != aatypes.FindingStatusActive {
					continue // an endpoint that ignores the filter
				}
				d.ExternalAccess = append(d.ExternalAccess, accessFinding(f))
			}
		})
	d.ExternalAccess = orEmpty(d.ExternalAccess)
	slices.SortFunc(d.ExternalAccess, func(a, b probes.AccessFinding) int {
		return cmp.Or(strings.Compare(a.Resource, b.Resource), strings.Compare(a.ID, b.ID))
	})
}

func accessFinding(f aatypes.FindingSummary) probes.AccessFinding {
	af := probes.AccessFinding{ID: aws.ToString(f.Id), Resource: aws.ToString(f.Resource), ResourceType: string(f.ResourceType),
		ResourceOwner: aws.ToString(f.ResourceOwnerAccount), Public: aws.ToBool(f.IsPublic), Actions: slices.Sorted(slices.Values(f.Action))}
	for k, v := range f.Principal {
		af.Principals = append(af.Principals, k+": "+v)
	}
	slices.Sort(af.Principals)
	return af
}
