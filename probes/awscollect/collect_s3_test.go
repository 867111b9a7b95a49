package awscollect

import (
	"reflect"
	"testing"

	"github.com/hipaarisk/hipaarisk/probes"
)

// TestCollectS3 reads the sample account's buckets, each in its own region.
func TestCollectS3(t *testing.T) {
	snap, _ := collectSample(t)
	s3 := snap.S3
	if s3.ListErr != nil || s3.AccountPublicAccessBlockErr != nil {
		t.Fatalf("errors: %v %v", s3.ListErr, s3.AccountPublicAccessBlockErr)
	}
	if want := (&probes.PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true}); !reflect.DeepEqual(s3.AccountPublicAccessBlock, want) {
		t.Errorf("account PAB = %+v", s3.AccountPublicAccessBlock)
	}
	var names []string
	for _, b := range s3.Buckets {
		names = append(names, b.Name+"@"+b.Region)
	}
	if want := []string{"audit-logs@us-east-1", "legacy-eu@eu-west-1", "phi-records@us-east-1", "public-site@us-west-2"}; !reflect.DeepEqual(names, want) {
		t.Errorf("buckets = %v, want %v (the deleted one skipped, EU and empty locations mapped)", names, want)
	}
	phi := find(t, s3.Buckets, "phi-records", func(b probes.Bucket) bool { return b.Name == "phi-records" })
	want := probes.Bucket{Name: "phi-records", ARN: "arn:aws:s3:::phi-records", Region: "us-east-1", CreationDate: fixtureNow.AddDate(-2, 0, 0),
		PublicAccessBlock: &probes.PublicAccessBlock{Configured: true, BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
		ACLGrants:         []probes.Grant{{GranteeType: "CanonicalUser", Grantee: "owner-id", Permission: "FULL_CONTROL"}},
		Policy:            secureTransportDoc, PolicyIsPublic: new(bool),
		Encryption: &probes.BucketEncryption{Configured: true, Algorithm: "aws:kms", KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/k-cust", BucketKeyEnabled: true},
		Versioning: "Enabled", MFADelete: "Disabled",
		Logging:    &probes.BucketLogging{Enabled: true, TargetBucket: "audit-logs", TargetPrefix: "phi/"},
		ObjectLock: &probes.ObjectLock{Enabled: true, Mode: "COMPLIANCE", Years: 6},
		Lifecycle:  []probes.LifecycleRule{{ID: "expire-old", Status: "Enabled", Prefix: "tmp/", ExpirationDays: 30}},
	}
	if !reflect.DeepEqual(phi, want) {
		t.Errorf("phi-records =\n%+v\nwant\n%+v", phi, want)
	}
	pub := find(t, s3.Buckets, "public-site", func(b probes.Bucket) bool { return b.Name == "public-site" })
	if pub.PublicAccessBlock == nil || pub.PublicAccessBlock.Configured || pub.PublicAccessBlockErr != nil {
		t.Errorf("public-site PAB = %+v %v, want not configured", pub.PublicAccessBlock, pub.PublicAccessBlockErr)
	}
	if pub.Encryption == nil || pub.Encryption.Configured || pub.EncryptionErr != nil {
		t.Errorf("public-site encryption = %+v %v, want not configured", pub.Encryption, pub.EncryptionErr)
	}
	if pub.PolicyIsPublic == nil || !*pub.PolicyIsPublic || len(pub.ACLGrants) != 2 || pub.ACLGrants[0].Grantee != "http://acs.amazonaws.com/groups/global/AllUsers" ||
		pub.ACLGrants[1] != (probes.Grant{GranteeType: "AmazonCustomerByEmail", Grantee: "web@example.com", Permission: "WRITE"}) {
		t.Errorf("public-site policy/ACL = %v %+v", pub.PolicyIsPublic, pub.ACLGrants)
	}
	if pub.ObjectLock == nil || pub.ObjectLock.Enabled || pub.Lifecycle != nil || pub.LifecycleErr != nil || pub.Logging == nil || pub.Logging.Enabled {
		t.Errorf("public-site lock/lifecycle/logging = %+v %+v %+v", pub.ObjectLock, pub.Lifecycle, pub.Logging)
	}
	eu := find(t, s3.Buckets, "legacy-eu", func(b probes.Bucket) bool { return b.Name == "legacy-eu" })
	if eu.Versioning != "Suspended" || eu.Policy != "" || eu.PolicyErr != nil || eu.PolicyIsPublic == nil || *eu.PolicyIsPublic ||
		eu.ObjectLock == nil || !eu.ObjectLock.Enabled || eu.ObjectLock.Mode != "" {
		t.Errorf("legacy-eu = %+v", eu)
	}
}
