package probes

import (
	"fmt"
	"strings"
)

// AWS error codes that report an absent S3 configuration.
const (
	codeNoPublicAccessBlock = "NoSuchPublicAccessBlockConfiguration"
	codeNoBucketPolicy      = "NoSuchBucketPolicy"
	codeNoEncryption        = "ServerSideEncryptionConfigurationNotFoundError"
	codeNoObjectLock        = "ObjectLockConfigurationNotFoundError"
	codeNoLifecycle         = "NoSuchLifecycleConfiguration"
	codeNoSuchBucket        = "NoSuchBucket"
)

// eachBucket calls fn for every bucket that still exists, or reports once
// that the buckets could not be listed.
func (e *evaluation) eachBucket(c Check, fn func(b *Bucket, region string)) {
	if e.s.S3.ListErr != nil {
		e.unread(c, GlobalRegion, e.account(), e.s.S3.ListErr, "the bucket list")
		return
	}
	var judged, gone int
	for i := range e.s.S3.Buckets {
		b := &e.s.S3.Buckets[i]
		if bucketGone(b) {
			gone++
			continue
		}
		region := b.Region
		if region == "" {
			region = GlobalRegion
		}
		judged++
		fn(b, region)
	}
	switch {
	case judged > 0:
	case gone > 0:
		e.pass(c, GlobalRegion, e.account(), fmt.Sprintf("no S3 bucket to check: %d bucket(s) listed were deleted during the scan", gone))
	default:
		e.pass(c, GlobalRegion, e.account(), "the account has no S3 bucket")
	}
}

// bucketGone reports whether the bucket was deleted while it was being read.
func bucketGone(b *Bucket) bool {
	for _, err := range []*APIError{b.RegionErr, b.PublicAccessBlockErr, b.ACLErr, b.PolicyErr, b.PolicyStatusErr,
		b.EncryptionErr, b.VersioningErr, b.LoggingErr, b.ObjectLockErr, b.LifecycleErr} {
		if err != nil && err.Code == codeNoSuchBucket {
			return true
		}
	}
	return false
}

func (e *evaluation) bucketARN(b *Bucket) string {
	if b.ARN != "" {
		return b.ARN
	}
	return fmt.Sprintf("arn:%s:s3:::%s", e.partition(), b.Name)
}

func (e *evaluation) bucket(name string) *Bucket {
	for i := range e.s.S3.Buckets {
		if e.s.S3.Buckets[i].Name == name {
			return &e.s.S3.Buckets[i]
		}
	}
	return nil
}

func evalAccountPublicAccessBlock(e *evaluation, c Check) {
	res := e.account()
	if err := readErr(e.s.S3.AccountPublicAccessBlockErr, codeNoPublicAccessBlock); err != nil {
		e.unread(c, GlobalRegion, res, err, "the account public access block")
		return
	}
	p := e.s.S3.AccountPublicAccessBlock
	if p == nil || !p.Configured {
		e.fail(c, GlobalRegion, res, "no account-level public access block is configured")
		return
	}
	var off []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"BlockPublicAcls", p.BlockPublicAcls}, {"IgnorePublicAcls", p.IgnorePublicAcls},
		{"BlockPublicPolicy", p.BlockPublicPolicy}, {"RestrictPublicBuckets", p.RestrictPublicBuckets},
	} {
		if !f.set {
			off = append(off, f.name)
		}
	}
	switch {
	case len(off) == 0:
		e.pass(c, GlobalRegion, res, "all four account-level public access block settings are on")
	case p.IgnorePublicAcls && p.RestrictPublicBuckets:
		e.pass(c, GlobalRegion, res, "IgnorePublicAcls and RestrictPublicBuckets are on; off: "+strings.Join(off, ", "))
	default:
		e.fail(c, GlobalRegion, res, "account-level public access block incomplete; off: "+strings.Join(off, ", "))
	}
}

const (
	groupAllUsers  = "http://acs.amazonaws.com/groups/global/AllUsers"
	groupAuthUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

func publicGrants(gs []Grant) []string {
	var out []string
	for _, g := range gs {
		switch g.Grantee {
		case groupAllUsers:
			out = append(out, "AllUsers "+g.Permission)
		case groupAuthUsers:
			out = append(out, "AuthenticatedUsers "+g.Permission)
		}
	}
	return out
}

func evalBucketPublicAccess(e *evaluation, c Check) {
	acct := e.s.S3.AccountPublicAccessBlock
	acctErr := readErr(e.s.S3.AccountPublicAccessBlockErr, codeNoPublicAccessBlock)
	e.eachBucket(c, func(b *Bucket, region string) {
		res := e.bucketARN(b)
		bktErr := readErr(b.PublicAccessBlockErr, codeNoPublicAccessBlock)
		var ignoreACLs, restrict string // who blocks: "account" or "bucket"
		if acctErr == nil && acct != nil && acct.Configured {
			if acct.IgnorePublicAcls {
				ignoreACLs = "account"
			}
			if acct.RestrictPublicBuckets {
				restrict = "account"
			}
		}
		if p := b.PublicAccessBlock; bktErr == nil && p != nil && p.Configured {
			if p.IgnorePublicAcls && ignoreACLs == "" {
				ignoreACLs = "bucket"
			}
			if p.RestrictPublicBuckets && restrict == "" {
				restrict = "bucket"
			}
		}
		if ignoreACLs != "" && restrict != "" {
			e.pass(c, region, res, fmt.Sprintf("public ACLs ignored (%s setting) and public policies restricted (%s setting)", ignoreACLs, restrict))
			return
		}
		var exposed []string
		var unknown *APIError
		var unknownWhat string
		if ignoreACLs == "" {
			if b.ACLErr != nil {
				unknown, unknownWhat = b.ACLErr, "the bucket ACL"
			} else if g := publicGrants(b.ACLGrants); len(g) > 0 {
				exposed = append(exposed, "ACL grants "+strings.Join(g, ", "))
			}
		}
		if restrict == "" {
			public, err, what := e.bucketPolicyPublic(b)
			if public != "" {
				exposed = append(exposed, public)
			} else if err != nil || what != "" {
				unknown, unknownWhat = err, what
			}
		}
		switch {
		case len(exposed) > 0 && acctErr != nil:
			e.unread(c, region, res, acctErr, "the account public access block (the bucket itself allows "+strings.Join(exposed, "; ")+")")
		case len(exposed) > 0 && bktErr != nil:
			e.unread(c, region, res, bktErr, "the bucket public access block (the bucket allows "+strings.Join(exposed, "; ")+")")
		case len(exposed) > 0:
			e.fail(c, region, res, "public: "+strings.Join(exposed, "; "))
		case unknownWhat != "":
			e.unread(c, region, res, unknown, unknownWhat)
		default:
			e.pass(c, region, res, "no public ACL grant and no public bucket policy")
		}
	})
}

// bucketPolicyPublic says whether the bucket policy allows public access,
// preferring S3's own policy status. It returns a description when public,
// or what could not be read.
func (e *evaluation) bucketPolicyPublic(b *Bucket) (public string, err *APIError, what string) {
	if b.PolicyStatusErr == nil && b.PolicyIsPublic != nil {
		if *b.PolicyIsPublic {
			return "bucket policy is public (S3 policy status)", nil, ""
		}
		return "", nil, ""
	}
	if perr := readErr(b.PolicyErr, codeNoBucketPolicy); perr != nil {
		return "", perr, "the bucket policy"
	}
	if b.Policy == "" {
		return "", nil, ""
	}
	doc, perr := parsePolicy(b.Policy)
	if perr != nil {
		return "", nil, "the bucket policy (not valid policy JSON)"
	}
	if st := doc.publicStatements(); len(st) > 0 {
		return "bucket policy allows everyone in " + strings.Join(st, ", "), nil, ""
	}
	return "", nil, ""
}

func evalBucketEncryption(e *evaluation, c Check) {
	e.eachBucket(c, func(b *Bucket, region string) {
		res := e.bucketARN(b)
		if err := readErr(b.EncryptionErr, codeNoEncryption); err != nil {
			e.unread(c, region, res, err, "the default encryption")
			return
		}
		enc := b.Encryption
		switch {
		case enc == nil || !enc.Configured:
			e.fail(c, region, res, "no default encryption rule")
		case strings.HasPrefix(enc.Algorithm, "aws:kms") && enc.KMSKeyID != "":
			e.pass(c, region, res, fmt.Sprintf("default encryption %s with key %s", enc.Algorithm, enc.KMSKeyID))
		case strings.HasPrefix(enc.Algorithm, "aws:kms"):
			e.pass(c, region, res, fmt.Sprintf("default encryption %s with the AWS-managed key", enc.Algorithm))
		default:
			e.pass(c, region, res, fmt.Sprintf("default encryption %s (SSE-S3), no KMS key", enc.Algorithm))
		}
	})
}

func evalBucketSecureTransport(e *evaluation, c Check) {
	e.eachBucket(c, func(b *Bucket, region string) {
		res := e.bucketARN(b)
		if err := readErr(b.PolicyErr, codeNoBucketPolicy); err != nil {
			e.unread(c, region, res, err, "the bucket policy")
			return
		}
		if b.Policy == "" {
			e.fail(c, region, res, "no bucket policy, so requests without TLS are accepted")
			return
		}
		doc, err := parsePolicy(b.Policy)
		switch {
		case err != nil:
			e.unread(c, region, res, nil, "the bucket policy (not valid policy JSON)")
		case doc.deniesInsecureTransport(res):
			e.pass(c, region, res, "bucket policy denies object reads and writes without TLS")
		default:
			e.fail(c, region, res, "bucket policy has no Deny on aws:SecureTransport false covering object reads and writes")
		}
	})
}

func evalBucketVersioning(e *evaluation, c Check) {
	e.eachBucket(c, func(b *Bucket, region string) {
		res := e.bucketARN(b)
		switch {
		case b.VersioningErr != nil:
			e.unread(c, region, res, b.VersioningErr, "the versioning status")
		case b.Versioning == "Enabled":
			e.pass(c, region, res, "versioning enabled")
		case b.Versioning == "":
			e.fail(c, region, res, "versioning never enabled")
		default:
			e.fail(c, region, res, "versioning "+strings.ToLower(b.Versioning))
		}
	})
}

func evalBucketLogging(e *evaluation, c Check) {
	e.eachBucket(c, func(b *Bucket, region string) {
		res := e.bucketARN(b)
		switch {
		case b.LoggingErr != nil:
			e.unread(c, region, res, b.LoggingErr, "the access logging settings")
		case b.Logging == nil || !b.Logging.Enabled:
			e.fail(c, region, res, "server access logging off")
		default:
			e.pass(c, region, res, "access logs delivered to bucket "+b.Logging.TargetBucket)
		}
	})
}
