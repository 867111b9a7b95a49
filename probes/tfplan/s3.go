package tfplan

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// known records that resources of a group can be found by these values
// (names, ids, ARNs) when they are known.
func (b *builder) known(group string, r *resource, attrs ...string) {
	m := b.values[group]
	if m == nil {
		m = map[string]*resource{}
		b.values[group] = m
	}
	for _, a := range attrs {
		if v, k := r.str(a); k && v != "" {
			m[v] = r
		}
	}
}

// bucket reads an aws_s3_bucket. What the plan leaves out is judged by
// AWS's defaults for a bucket: SSE-S3 default encryption (every bucket
// since January 2023), no public access block, no policy, versioning never
// enabled, no access logging, no object lock and no lifecycle rules.
// Settings of the older inline arguments count when the configuration sets
// them; split-out companion resources override them.
func (b *builder) bucket(r *resource) {
	name, known := r.str("bucket")
	arn := r.addr
	switch a, k := r.str("arn"); {
	case k && a != "":
		arn = a
	case known && name != "":
		arn = "arn:aws:s3:::" + name
	}
	if !known || name == "" {
		name = r.addr
	}
	bk := probes.Bucket{Name: name, ARN: arn, Region: r.region,
		Encryption: &probes.BucketEncryption{Configured: true, Algorithm: "AES256"}}
	if r.configured("acl") {
		if acl, k := r.str("acl"); k {
			bk.ACLGrants = cannedGrants(acl)
		} else {
			bk.ACLErr = knownAfterApply("acl")
		}
	}
	if r.configured("policy") {
		if p, k := r.str("policy"); k {
			bk.Policy = p
		} else {
			bk.PolicyErr = knownAfterApply("policy")
		}
	}
	if r.configured("versioning") {
		bk.Versioning, bk.VersioningErr = versioning(r, "versioning", 0, "enabled")
	}
	if r.configured("server_side_encryption_configuration") {
		bk.Encryption, bk.EncryptionErr = encryption(r, "server_side_encryption_configuration", 0, "rule")
	}
	if r.configured("logging") {
		bk.Logging, bk.LoggingErr = logging(r, "logging", 0)
	}
	if r.configured("object_lock_configuration") {
		bk.ObjectLock, bk.ObjectLockErr = objectLock(r, "object_lock_configuration", 0, "rule", 0, "default_retention", 0)
	}
	if r.configured("lifecycle_rule") {
		bk.Lifecycle, bk.LifecycleErr = lifecycle(r, "lifecycle_rule", "enabled")
	}
	b.addBucket(r, bk)
}

func (b *builder) addBucket(r *resource, bk probes.Bucket) {
	s := b.out.Snapshot
	b.idx[r.addr] = len(s.S3.Buckets)
	s.S3.Buckets = append(s.S3.Buckets, bk)
	b.located(bk.ARN, r.addr)
	b.known("aws_s3_bucket", r, "bucket", "id")
}

// companion returns the bucket that a companion resource configures,
// adding one for a bucket the plan does not declare (its other settings
// are then not in the plan).
func (b *builder) companion(r *resource) *probes.Bucket {
	t := b.target(r, "bucket", b.values["aws_s3_bucket"], "aws_s3_bucket")
	s := b.out.Snapshot
	if t != nil {
		if i, ok := b.idx[t.addr]; ok {
			return &s.S3.Buckets[i]
		}
	}
	name := r.display("bucket")
	if name == "" || strings.HasPrefix(name, "(") {
		name = r.addr
	}
	if i, ok := b.idx["bucket "+name]; ok {
		return &s.S3.Buckets[i]
	}
	bk := probes.Bucket{Name: name, ARN: "arn:aws:s3:::" + name, Region: r.region,
		PublicAccessBlockErr: notInPlan, ACLErr: notInPlan, PolicyErr: notInPlan, EncryptionErr: notInPlan,
		VersioningErr: notInPlan, LoggingErr: notInPlan, ObjectLockErr: notInPlan, LifecycleErr: notInPlan}
	if v, k := r.str("bucket"); !k || v == "" {
		bk.ARN = r.addr
	}
	b.idx["bucket "+name] = len(s.S3.Buckets)
	s.S3.Buckets = append(s.S3.Buckets, bk)
	b.located(bk.ARN, r.addr)
	return &s.S3.Buckets[len(s.S3.Buckets)-1]
}

func (b *builder) bucketPublicAccessBlock(r *resource) {
	bk := b.companion(r)
	bk.PublicAccessBlock, bk.PublicAccessBlockErr = publicAccessBlock(r)
}

func (b *builder) accountPublicAccessBlock(r *resource) {
	s := b.out.Snapshot
	if b.declared[assessment.CheckS3AccountPublicAccessBlock+"|"+probes.GlobalRegion] {
		return // one per account; the first declaration counts
	}
	b.declare(assessment.CheckS3AccountPublicAccessBlock, probes.GlobalRegion, r.addr)
	s.S3.AccountPublicAccessBlock, s.S3.AccountPublicAccessBlockErr = publicAccessBlock(r)
}

func publicAccessBlock(r *resource) (*probes.PublicAccessBlock, *probes.APIError) {
	p := &probes.PublicAccessBlock{Configured: true}
	var unknown []string
	for _, f := range []struct {
		attr string
		set  *bool
	}{
		{"block_public_acls", &p.BlockPublicAcls}, {"ignore_public_acls", &p.IgnorePublicAcls},
		{"block_public_policy", &p.BlockPublicPolicy}, {"restrict_public_buckets", &p.RestrictPublicBuckets},
	} {
		v, k := r.boolean(false, f.attr)
		*f.set = v
		if !k {
			unknown = append(unknown, f.attr)
		}
	}
	if len(unknown) > 0 {
		return nil, knownAfterApply(strings.Join(unknown, ", "))
	}
	return p, nil
}

func (b *builder) bucketEncryption(r *resource) {
	bk := b.companion(r)
	bk.Encryption, bk.EncryptionErr = encryption(r, "rule")
}

// encryption reads rule blocks under path (inline or companion).
func encryption(r *resource, path ...any) (*probes.BucketEncryption, *probes.APIError) {
	n, known := r.list(path...)
	if !known {
		return nil, knownAfterApply("server-side encryption rule")
	}
	for i := 0; i < n; i++ {
		at := append(path[:len(path):len(path)], i, "apply_server_side_encryption_by_default", 0)
		alg, k := r.str(append(at, "sse_algorithm")...)
		if !k {
			return nil, knownAfterApply("sse_algorithm")
		}
		if alg == "" {
			continue
		}
		enc := &probes.BucketEncryption{Configured: true, Algorithm: alg}
		if r.configured(append(at, "kms_master_key_id")...) {
			enc.KMSKeyID = keyDisplay(r, append(at, "kms_master_key_id")...)
		}
		enc.BucketKeyEnabled, _ = r.boolean(false, append(path[:len(path):len(path)], i, "bucket_key_enabled")...)
		return enc, nil
	}
	return &probes.BucketEncryption{Configured: true, Algorithm: "AES256"}, nil
}

// keyDisplay is a KMS key id, or what names it when it is known only after
// apply.
func keyDisplay(r *resource, path ...any) string {
	if v, k := r.str(path...); k {
		return v
	}
	return "(known after apply)"
}

func (b *builder) bucketVersioning(r *resource) {
	bk := b.companion(r)
	bk.Versioning, bk.VersioningErr = versioning(r, "versioning_configuration", 0, "status")
	if md, k := r.str("versioning_configuration", 0, "mfa_delete"); k {
		bk.MFADelete = md
	}
}

// versioning reads a status string, or an inline enabled flag.
func versioning(r *resource, path ...any) (string, *probes.APIError) {
	v, known := r.value(path...)
	if !known {
		return "", knownAfterApply("versioning")
	}
	switch x := v.(type) {
	case bool:
		if x {
			return "Enabled", nil
		}
	case string:
		if x == "Enabled" || x == "Suspended" {
			return x, nil
		}
	}
	return "", nil
}

func (b *builder) bucketLogging(r *resource) {
	bk := b.companion(r)
	bk.Logging, bk.LoggingErr = logging(r)
}

func logging(r *resource, path ...any) (*probes.BucketLogging, *probes.APIError) {
	at := func(attr string) []any { return append(path[:len(path):len(path)], attr) }
	target, known := r.str(at("target_bucket")...)
	if !known && r.configured(at("target_bucket")...) {
		target = r.display("target_bucket")
	}
	if target == "" && len(path) > 0 {
		return nil, nil
	}
	prefix, _ := r.str(at("target_prefix")...)
	return &probes.BucketLogging{Enabled: true, TargetBucket: target, TargetPrefix: prefix}, nil
}

func (b *builder) bucketPolicy(r *resource) {
	bk := b.companion(r)
	bk.PolicyIsPublic = nil
	if p, k := r.str("policy"); k {
		bk.Policy, bk.PolicyErr = p, nil
	} else {
		bk.Policy, bk.PolicyErr = "", knownAfterApply("policy")
	}
}

func (b *builder) bucketACL(r *resource) {
	bk := b.companion(r)
	bk.ACLGrants, bk.ACLErr = nil, nil
	if r.configured("acl") {
		if acl, k := r.str("acl"); k {
			bk.ACLGrants = cannedGrants(acl)
		} else {
			bk.ACLErr = knownAfterApply("acl")
		}
		return
	}
	n, known := r.list("access_control_policy", 0, "grant")
	if !known {
		bk.ACLErr = knownAfterApply("access_control_policy")
		return
	}
	for i := 0; i < n; i++ {
		g := func(attr string) string {
			s, _ := r.str("access_control_policy", 0, "grant", i, "grantee", 0, attr)
			return s
		}
		perm, _ := r.str("access_control_policy", 0, "grant", i, "permission")
		grantee := g("uri")
		for _, a := range []string{"id", "email_address"} {
			if grantee == "" {
				grantee = g(a)
			}
		}
		bk.ACLGrants = append(bk.ACLGrants, probes.Grant{GranteeType: g("type"), Grantee: grantee, Permission: perm})
	}
}

// cannedGrants are the grants of a canned ACL that reach beyond the owner.
func cannedGrants(acl string) []probes.Grant {
	const all, auth = "http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
	switch acl {
	case "public-read":
		return []probes.Grant{{GranteeType: "Group", Grantee: all, Permission: "READ"}}
	case "public-read-write":
		return []probes.Grant{{GranteeType: "Group", Grantee: all, Permission: "READ"}, {GranteeType: "Group", Grantee: all, Permission: "WRITE"}}
	case "authenticated-read":
		return []probes.Grant{{GranteeType: "Group", Grantee: auth, Permission: "READ"}}
	}
	return nil
}

func (b *builder) bucketObjectLock(r *resource) {
	bk := b.companion(r)
	bk.ObjectLock, bk.ObjectLockErr = objectLock(r, "rule", 0, "default_retention", 0)
}

func objectLock(r *resource, path ...any) (*probes.ObjectLock, *probes.APIError) {
	at := func(attr string) []any { return append(path[:len(path):len(path)], attr) }
	mode, k1 := r.str(at("mode")...)
	days, k2 := r.number(0, at("days")...)
	years, k3 := r.number(0, at("years")...)
	if !k1 || !k2 || !k3 {
		return nil, knownAfterApply("object lock retention")
	}
	return &probes.ObjectLock{Enabled: true, Mode: mode, Days: days, Years: years}, nil
}

func (b *builder) bucketLifecycle(r *resource) {
	bk := b.companion(r)
	bk.Lifecycle, bk.LifecycleErr = lifecycle(r, "rule", "status")
}

// lifecycle reads lifecycle rules; status is "status" (Enabled) in the
// companion and "enabled" (a flag) inline.
func lifecycle(r *resource, list, status string) ([]probes.LifecycleRule, *probes.APIError) {
	n, known := r.list(list)
	if !known {
		return nil, knownAfterApply("lifecycle rules")
	}
	var out []probes.LifecycleRule
	for i := 0; i < n; i++ {
		id, _ := r.str(list, i, "id")
		st := "Disabled"
		switch v, _ := r.value(list, i, status); v {
		case "Enabled", true:
			st = "Enabled"
		}
		days, k := r.number(0, list, i, "expiration", 0, "days")
		if !k {
			return nil, knownAfterApply("lifecycle expiration")
		}
		prefix, _ := r.str(list, i, "prefix")
		if p, _ := r.str(list, i, "filter", 0, "prefix"); p != "" {
			prefix = p
		}
		out = append(out, probes.LifecycleRule{ID: id, Status: st, Prefix: prefix, ExpirationDays: days})
	}
	return out, nil
}
