package awscollect

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// loadConfig reads the standard AWS configuration (profiles, AWS_PROFILE,
// AWS_REGION, environment credentials, SSO, AWS_ENDPOINT_URL) with the
// options on top and installs the read-only guard and the retryer. custom
// reports whether a custom endpoint is in use.
func loadConfig(ctx context.Context, opts Options) (cfg aws.Config, custom bool, err error) {
	conc := opts.Concurrency
	client := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConns = 4 * conc
		t.MaxIdleConnsPerHost = 2 * conc
	})
	lo := []func(*config.LoadOptions) error{
		config.WithHTTPClient(client),
		config.WithAPIOptions([]func(*middleware.Stack) error{addReadOnlyGuard}),
		config.WithRetryer(newRetryer(opts.maxBackoff)),
	}
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.EndpointURL != "" {
		lo = append(lo, config.WithBaseEndpoint(opts.EndpointURL))
	}
	if ep := cmp.Or(opts.EndpointURL, os.Getenv("AWS_ENDPOINT_URL_STS"), os.Getenv("AWS_ENDPOINT_URL")); ep != "" {
		// The SDK builds the role-assuming STS client before it reads the
		// custom endpoint; send that call to the same endpoint as the rest.
		lo = append(lo, config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
			o.Client = assumeRoleAt{inner: o.Client, endpoint: ep}
		}))
	}
	cfg, err = config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return cfg, false, fmt.Errorf("load AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return cfg, cfg.BaseEndpoint != nil, nil
}

// assumeRoleAt sends AssumeRole to a custom endpoint.
type assumeRoleAt struct {
	inner    stscreds.AssumeRoleAPIClient
	endpoint string
}

func (a assumeRoleAt) AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, optFns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	return a.inner.AssumeRole(ctx, in, append(optFns, func(o *sts.Options) { o.BaseEndpoint = aws.String(a.endpoint) })...)
}
