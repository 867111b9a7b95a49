package awscollect

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	s3ctypes "github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (c *collector) collectS3(ctx context.Context) probes.S3Data {
	var d probes.S3Data
	var wg sync.WaitGroup
	wg.Go(func() {
		out, aerr := call(ctx, c, "s3control:GetPublicAccessBlock", func(ctx context.Context) (*s3control.GetPublicAccessBlockOutput, error) {
			return c.g.s3control.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(c.accountID)})
		})
		switch {
		case isCode(aerr, "NoSuchPublicAccessBlockConfiguration"):
			d.AccountPublicAccessBlock = &probes.PublicAccessBlock{}
		case aerr != nil:
			d.AccountPublicAccessBlockErr = aerr
		default:
			d.AccountPublicAccessBlock = accountPAB(out.PublicAccessBlockConfiguration)
		}
	})
	var buckets []probes.Bucket
	p := s3.NewListBucketsPaginator(c.g.s3, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	d.ListErr = paginate(ctx, c, "s3:ListBuckets", p, func(out *s3.ListBucketsOutput) {
		for _, b := range out.Buckets {
			bk := probes.Bucket{
				Name:         aws.ToString(b.Name),
				ARN:          "arn:" + c.partition + ":s3:::" + aws.ToString(b.Name),
				CreationDate: aws.ToTime(b.CreationDate).UTC(),
			}
			if r := aws.ToString(b.BucketRegion); r != "" {
				bk.Region = bucketLocation(s3types.BucketLocationConstraint(r))
			}
			buckets = append(buckets, bk)
		}
	})
	keep := make([]bool, len(buckets))
	for i := range buckets {
		wg.Go(func() { keep[i] = c.collectBucket(ctx, &buckets[i]) })
	}
	wg.Wait()
	d.Buckets = []probes.Bucket{}
	for i, b := range buckets {
		if keep[i] {
			d.Buckets = append(d.Buckets, b)
		}
	}
	slices.SortFunc(d.Buckets, func(a, b probes.Bucket) int { return strings.Compare(a.Name, b.Name) })
	return d
}

func accountPAB(p *s3ctypes.PublicAccessBlockConfiguration) *probes.PublicAccessBlock {
	if p == nil {
		return &probes.PublicAccessBlock{}
	}
	return &probes.PublicAccessBlock{Configured: true,
		BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
		BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets)}
}

// bucketLocation maps a GetBucketLocation constraint to a region.
func bucketLocation(c s3types.BucketLocationConstraint) string {
	switch c {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return string(c)
}

// bucketRegionHint returns the region S3 names in the x-amz-bucket-region
// header of an answer refused because it was sent to the wrong region.
func bucketRegionHint(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.Header.Get("X-Amz-Bucket-Region")
	}
	return ""
}

// bucketRegion finds the region of a bucket that ListBuckets did not name
// (emulators, older S3 answers). S3 refuses GetBucketLocation sent to
// another region than the bucket's, but names the region while refusing.
func (c *collector) bucketRegion(ctx context.Context, name *string) (string, *probes.APIError) {
	return call(ctx, c, "s3:GetBucketLocation", func(ctx context.Context) (string, error) {
		out, err := c.g.s3.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: name})
		if r := bucketRegionHint(err); err != nil && r != "" {
			return r, nil
		}
		if err != nil {
			return "", err
		}
		return bucketLocation(out.LocationConstraint), nil
	})
}

// bucketSteps read the aspects of a bucket's configuration, one call each,
// in this order. Each records its result or failure in the bucket and
// returns the failure, so that a bucket deleted meanwhile is noticed.
var bucketSteps = []func(c *collector, ctx context.Context, b *probes.Bucket, in func(*s3.Options)) *probes.APIError{
	(*collector).bucketPublicAccessBlock,
	(*collector).bucketACL,
	(*collector).bucketPolicy,
	(*collector).bucketPolicyStatus,
	(*collector).bucketEncryption,
	(*collector).bucketVersioning,
	(*collector).bucketLogging,
	(*collector).bucketObjectLock,
	(*collector).bucketLifecycle,
}

// collectBucket reads one bucket's configuration in the bucket's own region.
// It returns false when the bucket no longer exists.
func (c *collector) collectBucket(ctx context.Context, b *probes.Bucket) bool {
	if b.Region == "" {
		region, aerr := c.bucketRegion(ctx, aws.String(b.Name))
		if isCode(aerr, "NoSuchBucket") {
			return false
		}
		if aerr != nil {
			// Without its region no other call can reach the bucket.
			b.RegionErr = aerr
			b.PublicAccessBlockErr, b.ACLErr, b.PolicyErr, b.PolicyStatusErr = aerr, aerr, aerr, aerr
			b.EncryptionErr, b.VersioningErr, b.LoggingErr, b.ObjectLockErr, b.LifecycleErr = aerr, aerr, aerr, aerr, aerr
			return true
		}
		b.Region = region
	}
	in := func(o *s3.Options) { o.Region = b.Region }
	for _, step := range bucketSteps {
		if isCode(step(c, ctx, b, in), "NoSuchBucket") {
			return false
		}
	}
	return true
}
