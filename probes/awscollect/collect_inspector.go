package awscollect

import (
	"cmp"
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	inspectortypes "github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

// inspector reads whether Amazon Inspector scans each kind of resource in
// the region and, when it scans any, counts the account's active critical
// and high findings.
func (c *collector) inspector(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	out, aerr := call(ctx, c, "inspector2:BatchGetAccountStatus", func(ctx context.Context) (*inspector2.BatchGetAccountStatusOutput, error) {
		return rc.inspector.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{})
	})
	if aerr != nil {
		d.InspectorErr = aerr
		return
	}
	st, aerr := c.inspectorState(out)
	if aerr != nil {
		d.InspectorErr = aerr
		return
	}
	if !strings.EqualFold(st.EC2, "ENABLED") && !strings.EqualFold(st.ECR, "ENABLED") && !strings.EqualFold(st.Lambda, "ENABLED") {
		d.Inspector = st
		return
	}
	equals := func(v string) inspectortypes.StringFilter {
		return inspectortypes.StringFilter{Comparison: inspectortypes.StringComparisonEquals, Value: aws.String(v)}
	}
	in := &inspector2.ListFindingsInput{MaxResults: aws.Int32(100), FilterCriteria: &inspectortypes.FilterCriteria{
		FindingStatus: []inspectortypes.StringFilter{equals("ACTIVE")},
		Severity:      []inspectortypes.StringFilter{equals("CRITICAL"), equals("HIGH")},
		AwsAccountId:  []inspectortypes.StringFilter{equals(c.accountID)},
	}}
	st.FindingsErr = paginate(ctx, c, "inspector2:ListFindings", inspector2.NewListFindingsPaginator(rc.inspector, in),
		func(out *inspector2.ListFindingsOutput) {
			for _, f := range out.Findings {
				switch {
				case f.Status != "" && f.Status != inspectortypes.FindingStatusActive:
				case f.Severity == inspectortypes.SeverityCritical:
					st.Critical++
				case f.Severity == inspectortypes.SeverityHigh:
					st.High++
				}
			}
		})
	st.FindingsRead = st.FindingsErr == nil
	d.Inspector = st
}

// inspectorState finds the account's state in the answer. An account whose
// state could not be read is listed among the failed accounts, with the
// resource states when they are known and an error code otherwise.
func (c *collector) inspectorState(out *inspector2.BatchGetAccountStatusOutput) (*probes.InspectorStatus, *probes.APIError) {
	const op = "inspector2:BatchGetAccountStatus"
	status := func(s *inspectortypes.State) string {
		if s == nil {
			return ""
		}
		return string(s.Status)
	}
	for _, a := range out.Accounts {
		if !c.owns(aws.ToString(a.AccountId)) {
			continue
		}
		st := &probes.InspectorStatus{Status: status(a.State)}
		if r := a.ResourceState; r != nil {
			st.EC2, st.ECR, st.Lambda = status(r.Ec2), status(r.Ecr), status(r.Lambda)
		}
		return st, nil
	}
	for _, a := range out.FailedAccounts {
		switch {
		case !c.owns(aws.ToString(a.AccountId)):
		case a.ResourceStatus != nil:
			r := a.ResourceStatus
			return &probes.InspectorStatus{Status: string(a.Status), EC2: string(r.Ec2), ECR: string(r.Ecr), Lambda: string(r.Lambda)}, nil
		case a.ErrorCode == inspectortypes.ErrorCodeAccessDenied:
			return nil, &probes.APIError{Operation: op, Code: "AccessDeniedException", Message: aws.ToString(a.ErrorMessage)}
		default:
			return nil, &probes.APIError{Operation: op, Code: cmp.Or(string(a.ErrorCode), "EmptyResponse"), Message: aws.ToString(a.ErrorMessage)}
		}
	}
	return nil, emptyAnswer(op, "state for the account")
}
