package awscollect

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// dropAccountHostPrefix removes the "<account-id>." label S3 Control puts in
// front of the host, which a custom endpoint cannot resolve. It runs after
// endpoint resolution and before signing.
type dropAccountHostPrefix struct{}

func (dropAccountHostPrefix) ID() string { return "DropAccountHostPrefix" }

func (dropAccountHostPrefix) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		for k, v := range req.Header {
			if strings.EqualFold(k, "X-Amz-Account-Id") && len(v) > 0 && v[0] != "" {
				req.URL.Host = strings.TrimPrefix(req.URL.Host, v[0]+".")
				req.Host = ""
			}
		}
	}
	return next.HandleFinalize(ctx, in)
}

// wrapS3ControlError gives an S3 Control error body the <ErrorResponse>
// wrapper the SDK reads its code from. S3 emulators answer S3 Control calls
// in S3's unwrapped <Error> shape, whose code the SDK would otherwise lose
// (NoSuchPublicAccessBlockConfiguration would read as UnknownError). It sits
// inside the operation's deserializer, so it sees the raw response first.
type wrapS3ControlError struct{}

func (wrapS3ControlError) ID() string { return "WrapS3ControlError" }

func (wrapS3ControlError) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	out middleware.DeserializeOutput, md middleware.Metadata, err error,
) {
	out, md, err = next.HandleDeserialize(ctx, in)
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if err != nil || !ok || resp.StatusCode < 300 {
		return out, md, err
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if rerr != nil {
		return out, md, fmt.Errorf("read S3 Control error response: %w", rerr)
	}
	var e struct {
		XMLName   xml.Name
		Code      string `xml:"Code"`
		Message   string `xml:"Message"`
		RequestID string `xml:"RequestId"`
	}
	if xml.Unmarshal(body, &e) == nil && e.XMLName.Local == "Error" {
		type inner struct {
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		}
		wrapped, merr := xml.Marshal(struct {
			XMLName   xml.Name `xml:"ErrorResponse"`
			Error     inner    `xml:"Error"`
			RequestID string   `xml:"RequestId,omitempty"`
		}{Error: inner{e.Code, e.Message}, RequestID: e.RequestID})
		if merr == nil {
			body = wrapped
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return out, md, nil
}

// globalClients talk to the global services and to S3 (whose per-bucket
// calls name the bucket's region per call).
type globalClients struct {
	sts       *sts.Client
	iam       *iam.Client
	s3        *s3.Client
	s3control *s3control.Client
	ec2       *ec2.Client
}

func newGlobalClients(cfg aws.Config, custom bool) globalClients {
	return globalClients{
		sts: sts.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg),
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.UsePathStyle = o.UsePathStyle || custom
		}),
		s3control: s3control.NewFromConfig(cfg, func(o *s3control.Options) {
			o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
				return s.Deserialize.Insert(wrapS3ControlError{}, "OperationDeserializer", middleware.After)
			})
			if custom {
				o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
					return s.Finalize.Insert(dropAccountHostPrefix{}, "Signing", middleware.Before)
				})
			}
		}),
		ec2: ec2.NewFromConfig(cfg),
	}
}

// regionClients are the regional services' clients for one region.
type regionClients struct {
	region         string
	cloudtrail     *cloudtrail.Client
	guardduty      *guardduty.Client
	securityhub    *securityhub.Client
	config         *configservice.Client
	ec2            *ec2.Client
	ssm            *ssm.Client
	inspector      *inspector2.Client
	rds            *rds.Client
	kms            *kms.Client
	logs           *cloudwatchlogs.Client
	backup         *backup.Client
	accessanalyzer *accessanalyzer.Client
	elbv2          *elbv2.Client
	wafv2          *wafv2.Client
	acm            *acm.Client
	macie2         *macie2.Client
}

func newRegionClients(cfg aws.Config, region string) *regionClients {
	cfg = cfg.Copy()
	cfg.Region = region
	return &regionClients{
		region:         region,
		cloudtrail:     cloudtrail.NewFromConfig(cfg),
		guardduty:      guardduty.NewFromConfig(cfg),
		securityhub:    securityhub.NewFromConfig(cfg),
		config:         configservice.NewFromConfig(cfg),
		ec2:            ec2.NewFromConfig(cfg),
		ssm:            ssm.NewFromConfig(cfg),
		inspector:      inspector2.NewFromConfig(cfg),
		rds:            rds.NewFromConfig(cfg),
		kms:            kms.NewFromConfig(cfg),
		logs:           cloudwatchlogs.NewFromConfig(cfg),
		backup:         backup.NewFromConfig(cfg),
		accessanalyzer: accessanalyzer.NewFromConfig(cfg),
		elbv2:          elbv2.NewFromConfig(cfg),
		wafv2:          wafv2.NewFromConfig(cfg),
		acm:            acm.NewFromConfig(cfg),
		macie2:         macie2.NewFromConfig(cfg),
	}
}
