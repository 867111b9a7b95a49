// Package awscollect reads an AWS account into a probes.Snapshot with
// read-only calls. It is the only package that imports the AWS SDK: it loads
// the SDK configuration, guards every call so that nothing but the reads the
// probes need is ever sent, retries throttled calls, and records each failed
// call beside the data it concerns. Policy returns the least-privilege IAM
// policy that allows exactly those reads.
package awscollect

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hipaarisk/hipaarisk/probes"
	"golang.org/x/sync/semaphore"
)

// Options configure a collection. The zero value uses the standard AWS
// configuration and defaults.
type Options struct {
	Profile     string        // shared config profile; "" uses AWS_PROFILE or the default
	Regions     []string      // regions to scan; empty: every region enabled for the account
	EndpointURL string        // custom endpoint (LocalStack, a proxy); AWS_ENDPOINT_URL works too
	Concurrency int           // most requests in flight at once; default 16
	CallTimeout time.Duration // per call, retries included; default 20 s
	ToolVersion string
	// Progress, when set, is called each time one service has been read in
	// one region (Region "global" for global services). Calls never overlap,
	// but they may come from different goroutines: a UI should forward them
	// as messages rather than touch its state directly.
	Progress func(Progress)
	Clock    func() time.Time // default time.Now

	maxBackoff time.Duration // cap of the retry backoff
	pollDelay  time.Duration // first wait while the credential report is generated
}

const (
	defaultConcurrency = 16
	defaultCallTimeout = 20 * time.Second
)

// Progress says how far a collection has come.
type Progress struct {
	Account         string // the account being read
	Service, Region string
	Done, Total     int // within that account
}

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = defaultConcurrency
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = defaultCallTimeout
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.maxBackoff <= 0 {
		o.maxBackoff = defaultMaxBackoff
	}
	if o.pollDelay <= 0 {
		o.pollDelay = 500 * time.Millisecond
	}
	return o
}

// regionalServices are the per-region units of progress.
var regionalServices = []string{"guardduty", "securityhub", "config", "ec2", "ssm", "inspector2", "rds", "kms", "logs", "backup", "access-analyzer", "elbv2", "acm", "macie"}

// Collect reads the account behind the configured credentials with read-only
// calls and returns its snapshot. Calls that fail are recorded beside the
// data they concern; Collect itself fails only when it cannot start (no or
// rejected credentials, network unreachable: ErrNoCredentials,
// ErrBadCredentials, ErrNetwork) or when ctx ends (ctx.Err()).
func Collect(ctx context.Context, opts Options) (*probes.Snapshot, error) {
	opts = opts.withDefaults()
	cfg, custom, err := loadConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := checkCredentials(ctx, cfg); err != nil {
		return nil, err
	}
	c := &collector{opts: opts, cfg: cfg, custom: custom, g: newGlobalClients(cfg, custom), sem: semaphore.NewWeighted(int64(opts.Concurrency))}
	id, err := c.identify(ctx)
	if err != nil {
		return nil, fatal(ctx, err)
	}
	return c.collect(ctx, id)
}

// identify asks who the credentials belong to.
func (c *collector) identify(ctx context.Context) (*sts.GetCallerIdentityOutput, error) {
	sctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	return c.g.sts.GetCallerIdentity(sctx, &sts.GetCallerIdentityInput{}, func(o *sts.Options) { o.RetryMaxAttempts = 2 })
}

// collect reads the account the collector's credentials belong to.
func (c *collector) collect(ctx context.Context, id *sts.GetCallerIdentityOutput) (*probes.Snapshot, error) {
	opts, cfg := c.opts, c.cfg
	snap := &probes.Snapshot{SchemaVersion: probes.SnapshotSchemaVersion, Provider: "aws", StartedAt: opts.Clock().UTC(), ToolVersion: opts.ToolVersion}
	snap.AccountID, snap.CallerARN = aws.ToString(id.Account), aws.ToString(id.Arn)
	snap.Partition = "aws"
	if a, err := arn.Parse(snap.CallerARN); err == nil {
		snap.Partition = a.Partition
	}
	c.accountID, c.partition = snap.AccountID, snap.Partition

	snap.Regions, snap.RegionsErr = c.regions(ctx)
	c.total = 4 + len(regionalServices)*len(snap.Regions)
	snap.Regional = make([]probes.RegionData, len(snap.Regions))

	var wg sync.WaitGroup
	wg.Go(func() { snap.IAM = c.collectIAM(ctx); c.finished("iam", "global") })
	wg.Go(func() { snap.S3 = c.collectS3(ctx); c.finished("s3", "global") })
	wg.Go(func() { snap.Artifact = c.collectArtifact(ctx); c.finished("artifact", "global") })
	rcs := make([]*regionClients, len(snap.Regions))
	for i, r := range snap.Regions {
		rcs[i] = newRegionClients(cfg, r)
		c.collectRegion(ctx, &wg, rcs[i], &snap.Regional[i])
	}
	wg.Go(func() { snap.CloudTrail = c.collectCloudTrail(ctx, rcs); c.finished("cloudtrail", "global") })
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap.FinishedAt = opts.Clock().UTC()
	return snap, nil
}

// checkCredentials makes sure credentials can be found before any call.
func checkCredentials(ctx context.Context, cfg aws.Config) error {
	if cfg.Credentials == nil {
		return ErrNoCredentials
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err != nil && (badCredentialCodes[errorCode(err)] || unreachable(err) != ""):
		return fatal(ctx, err)
	case err != nil || !creds.HasKeys():
		return ErrNoCredentials
	}
	return nil
}

// regions returns the regions to scan, sorted: the ones the user named, or
// the account's enabled regions, or (when those cannot be listed) the
// configured region with the reason recorded.
func (c *collector) regions(ctx context.Context) ([]string, *probes.APIError) {
	if rs := slices.DeleteFunc(slices.Clone(c.opts.Regions), func(r string) bool { return strings.TrimSpace(r) == "" }); len(rs) > 0 {
		slices.Sort(rs)
		return slices.Compact(rs), nil
	}
	out, aerr := call(ctx, c, "ec2:DescribeRegions", func(ctx context.Context) (*ec2.DescribeRegionsOutput, error) {
		return c.g.ec2.DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	})
	if aerr != nil {
		return []string{c.cfg.Region}, aerr
	}
	var rs []string
	for _, r := range out.Regions {
		if s := aws.ToString(r.OptInStatus); s == "" || s == "opt-in-not-required" || s == "opted-in" {
			rs = append(rs, aws.ToString(r.RegionName))
		}
	}
	if len(rs) == 0 {
		// Scanning nothing would leave every regional check silent.
		return []string{c.cfg.Region}, &probes.APIError{Operation: "ec2:DescribeRegions", Code: "NoRegions",
			Message: "no enabled region was listed; only the configured region is scanned"}
	}
	slices.Sort(rs)
	return slices.Compact(rs), nil
}
