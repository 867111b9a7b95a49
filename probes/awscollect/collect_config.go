package awscollect

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (c *collector) configRecorders(ctx context.Context, rc *regionClients) ([]probes.ConfigRecorder, *probes.APIError) {
	out, aerr := call(ctx, c, "config:DescribeConfigurationRecorders", func(ctx context.Context) (*configservice.DescribeConfigurationRecordersOutput, error) {
		return rc.config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	})
	switch {
	case isCode(aerr, "NoSuchConfigurationRecorderException"):
		return []probes.ConfigRecorder{}, nil // an emulator's way of saying there is none
	case aerr != nil:
		return []probes.ConfigRecorder{}, aerr
	}
	rs := []probes.ConfigRecorder{}
	for _, r := range out.ConfigurationRecorders {
		cr := probes.ConfigRecorder{Name: aws.ToString(r.Name)}
		if g := r.RecordingGroup; g != nil {
			cr.AllSupported, cr.IncludeGlobal = g.AllSupported, g.IncludeGlobalResourceTypes
		}
		rs = append(rs, cr)
	}
	if len(rs) == 0 {
		return rs, nil
	}
	st, aerr := call(ctx, c, "config:DescribeConfigurationRecorderStatus", func(ctx context.Context) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
		return rc.config.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
	})
	if aerr != nil {
		return rs, aerr
	}
	for _, s := range st.ConfigurationRecordersStatus {
		for i := range rs {
			if rs[i].Name == aws.ToString(s.Name) {
				rs[i].Recording, rs[i].LastStatus = s.Recording, string(s.LastStatus)
			}
		}
	}
	slices.SortFunc(rs, func(a, b probes.ConfigRecorder) int { return strings.Compare(a.Name, b.Name) })
	return rs, nil
}
