package probes

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func evalIMDSv2(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		switch {
		case r.InstancesErr != nil:
			e.unread(c, r.Region, e.account(), r.InstancesErr, "the EC2 instances")
			return
		case !r.InstancesCollected:
			e.add(c, assessment.NotAssessed, r.Region, e.account(),
				"EC2 instances were not read for this snapshot, so their metadata settings are unknown", "")
			return
		}
		for _, in := range r.Instances {
			if in.State == "shutting-down" || in.State == "terminated" {
				continue
			}
			res := in.ARN
			if res == "" {
				res = e.arn("ec2", r.Region, "instance/"+in.ID)
			}
			switch {
			case strings.EqualFold(in.MetadataHTTPEndpoint, "disabled"):
				e.pass(c, r.Region, res, "instance metadata service turned off")
			case strings.EqualFold(in.MetadataHTTPTokens, "required"):
				e.pass(c, r.Region, res, "IMDSv2 session tokens required")
			case in.MetadataHTTPTokens == "":
				e.unread(c, r.Region, res, nil, "the instance metadata options")
			default:
				e.fail(c, r.Region, res, "instance metadata answers IMDSv1 requests without a session token (http tokens "+in.MetadataHTTPTokens+")")
			}
		}
	})
}
