package awscollect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/hipaarisk/hipaarisk/probes"
)

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
