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

// isCode reports whether aerr carries one of codes.
func isCode(aerr *probes.APIError, codes ...string) bool {
	return aerr != nil && slices.Contains(codes, aerr.Code)
}

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

// collectBucket reads one bucket's configuration in the bucket's own region.
// It returns false when the bucket no longer exists.
func (c *collector) collectBucket(ctx context.Context, b *probes.Bucket) bool {
	name := aws.String(b.Name)
	if b.Region == "" {
		region, aerr := c.bucketRegion(ctx, name)
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
	steps := []func() *probes.APIError{
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetPublicAccessBlock", func(ctx context.Context) (*s3.GetPublicAccessBlockOutput, error) {
				return c.g.s3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: name}, in)
			})
			switch {
			case isCode(aerr, "NoSuchPublicAccessBlockConfiguration"):
				b.PublicAccessBlock = &probes.PublicAccessBlock{}
			case aerr != nil:
				b.PublicAccessBlockErr = aerr
			case out.PublicAccessBlockConfiguration != nil:
				p := out.PublicAccessBlockConfiguration
				b.PublicAccessBlock = &probes.PublicAccessBlock{Configured: true,
					BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
					BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets)}
			default:
				b.PublicAccessBlock = &probes.PublicAccessBlock{}
			}
			return aerr
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketAcl", func(ctx context.Context) (*s3.GetBucketAclOutput, error) {
				return c.g.s3.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: name}, in)
			})
			if aerr != nil {
				b.ACLErr = aerr
				return aerr
			}
			for _, g := range out.Grants {
				if g.Grantee == nil {
					continue
				}
				who := aws.ToString(g.Grantee.ID)
				switch g.Grantee.Type {
				case s3types.TypeGroup:
					who = aws.ToString(g.Grantee.URI)
				case s3types.TypeAmazonCustomerByEmail:
					who = aws.ToString(g.Grantee.EmailAddress)
				}
				b.ACLGrants = append(b.ACLGrants, probes.Grant{GranteeType: string(g.Grantee.Type), Grantee: who, Permission: string(g.Permission)})
			}
			return nil
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketPolicy", func(ctx context.Context) (*s3.GetBucketPolicyOutput, error) {
				return c.g.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: name}, in)
			})
			switch {
			case isCode(aerr, "NoSuchBucketPolicy"):
			case aerr != nil:
				b.PolicyErr = aerr
			default:
				b.Policy = aws.ToString(out.Policy)
			}
			return aerr
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketPolicyStatus", func(ctx context.Context) (*s3.GetBucketPolicyStatusOutput, error) {
				return c.g.s3.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: name}, in)
			})
			switch {
			case isCode(aerr, "NoSuchBucketPolicy"):
				b.PolicyIsPublic = aws.Bool(false)
			case aerr != nil:
				b.PolicyStatusErr = aerr
			case out.PolicyStatus != nil && out.PolicyStatus.IsPublic != nil:
				b.PolicyIsPublic = aws.Bool(*out.PolicyStatus.IsPublic)
			default:
				// An answer without IsPublic (an emulator's) says nothing:
				// the policy document is judged instead.
			}
			return aerr
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketEncryption", func(ctx context.Context) (*s3.GetBucketEncryptionOutput, error) {
				return c.g.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: name}, in)
			})
			switch {
			case isCode(aerr, "ServerSideEncryptionConfigurationNotFoundError"):
				b.Encryption = &probes.BucketEncryption{}
			case aerr != nil:
				b.EncryptionErr = aerr
			default:
				b.Encryption = &probes.BucketEncryption{}
				if out.ServerSideEncryptionConfiguration != nil {
					for _, r := range out.ServerSideEncryptionConfiguration.Rules {
						if d := r.ApplyServerSideEncryptionByDefault; d != nil {
							b.Encryption = &probes.BucketEncryption{Configured: true, Algorithm: string(d.SSEAlgorithm),
								KMSKeyID: aws.ToString(d.KMSMasterKeyID), BucketKeyEnabled: aws.ToBool(r.BucketKeyEnabled)}
							break
						}
					}
				}
			}
			return aerr
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketVersioning", func(ctx context.Context) (*s3.GetBucketVersioningOutput, error) {
				return c.g.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: name}, in)
			})
			if aerr != nil {
				b.VersioningErr = aerr
				return aerr
			}
			b.Versioning, b.MFADelete = string(out.Status), string(out.MFADelete)
			return nil
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketLogging", func(ctx context.Context) (*s3.GetBucketLoggingOutput, error) {
				return c.g.s3.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: name}, in)
			})
			if aerr != nil {
				b.LoggingErr = aerr
				return aerr
			}
			b.Logging = &probes.BucketLogging{}
			if le := out.LoggingEnabled; le != nil {
				b.Logging = &probes.BucketLogging{Enabled: true, TargetBucket: aws.ToString(le.TargetBucket), TargetPrefix: aws.ToString(le.TargetPrefix)}
			}
			return nil
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetObjectLockConfiguration", func(ctx context.Context) (*s3.GetObjectLockConfigurationOutput, error) {
				return c.g.s3.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: name}, in)
			})
			switch {
			case isCode(aerr, "ObjectLockConfigurationNotFoundError"):
				b.ObjectLock = &probes.ObjectLock{}
			case aerr != nil:
				b.ObjectLockErr = aerr
			default:
				b.ObjectLock = &probes.ObjectLock{}
				if cfg := out.ObjectLockConfiguration; cfg != nil {
					b.ObjectLock.Enabled = cfg.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
					if cfg.Rule != nil && cfg.Rule.DefaultRetention != nil {
						r := cfg.Rule.DefaultRetention
						b.ObjectLock.Mode, b.ObjectLock.Days, b.ObjectLock.Years = string(r.Mode), aws.ToInt32(r.Days), aws.ToInt32(r.Years)
					}
				}
			}
			return aerr
		},
		func() *probes.APIError {
			out, aerr := call(ctx, c, "s3:GetBucketLifecycleConfiguration", func(ctx context.Context) (*s3.GetBucketLifecycleConfigurationOutput, error) {
				return c.g.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: name}, in)
			})
			switch {
			case isCode(aerr, "NoSuchLifecycleConfiguration"):
			case aerr != nil:
				b.LifecycleErr = aerr
			default:
				for _, r := range out.Rules {
					lr := probes.LifecycleRule{ID: aws.ToString(r.ID), Status: string(r.Status), Prefix: aws.ToString(r.Prefix)}
					if r.Filter != nil && r.Filter.Prefix != nil {
						lr.Prefix = aws.ToString(r.Filter.Prefix)
					}
					if r.Expiration != nil {
						lr.ExpirationDays = aws.ToInt32(r.Expiration.Days)
					}
					b.Lifecycle = append(b.Lifecycle, lr)
				}
			}
			return aerr
		},
	}
	for _, step := range steps {
		if isCode(step(), "NoSuchBucket") {
			return false
		}
	}
	return true
}
