package fakeaws

import (
	"io"
	"net/http"
	"strings"
)

var s3Subresources = []struct{ key, op string }{
	{"location", "GetBucketLocation"},
	{"publicAccessBlock", "GetPublicAccessBlock"},
	{"acl", "GetBucketAcl"},
	{"policyStatus", "GetBucketPolicyStatus"},
	{"policy", "GetBucketPolicy"},
	{"encryption", "GetBucketEncryption"},
	{"versioning", "GetBucketVersioning"},
	{"logging", "GetBucketLogging"},
	{"object-lock", "GetObjectLockConfiguration"},
	{"lifecycle", "GetBucketLifecycleConfiguration"},
}

func s3Operation(q *request) string {
	if q.service == "s3control" {
		if q.r.Method == http.MethodGet && strings.HasSuffix(q.r.URL.Path, "/configuration/publicAccessBlock") {
			return "GetPublicAccessBlock"
		}
		return q.r.Method + "Unknown"
	}
	bucket, key := splitPath(q.r.URL.Path)
	switch q.r.Method {
	case http.MethodGet:
		if bucket == "" {
			return "ListBuckets"
		}
		vals := q.r.URL.Query()
		for _, sr := range s3Subresources {
			if _, ok := vals[sr.key]; ok {
				return sr.op
			}
		}
		if key != "" {
			return "GetObject"
		}
		return "ListObjects"
	case http.MethodPut:
		if key != "" {
			return "PutObject"
		}
		return "PutBucket"
	case http.MethodDelete:
		if key != "" {
			return "DeleteObject"
		}
		return "DeleteBucket"
	default:
		return q.r.Method + "Object"
	}
}

func splitPath(p string) (bucket, key string) {
	p = strings.TrimPrefix(p, "/")
	bucket, key, _ = strings.Cut(p, "/")
	return bucket, key
}

// bucketRegion is the region a bucket lives in ("" and "EU" normalised).
func bucketRegion(b *Bucket) string {
	switch b.Region {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return b.Region
}

func pabXML(p *PublicAccessBlock) node {
	return el("PublicAccessBlockConfiguration",
		tx("BlockPublicAcls", p.BlockPublicAcls), tx("IgnorePublicAcls", p.IgnorePublicAcls),
		tx("BlockPublicPolicy", p.BlockPublicPolicy), tx("RestrictPublicBuckets", p.RestrictPublicBuckets))
}

func (s *Server) s3control(w http.ResponseWriter, q *request) bool {
	if q.op != "GetPublicAccessBlock" {
		return false
	}
	if q.r.Header.Get("X-Amz-Account-Id") != s.acct.ID {
		s.fail(w, q, http.StatusForbidden, "AccessDenied", "account id does not match the caller")
		return true
	}
	if s.acct.AccountPAB == nil {
		s.fail(w, q, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
		return true
	}
	writeXML(w, pabXML(s.acct.AccountPAB))
	return true
}

// s3 answers the per-bucket S3 operations. It is one switch with a case per
// operation, long by design: each case is the fake's whole answer to that
// operation.
func (s *Server) s3(w http.ResponseWriter, q *request) bool {
	if q.op == "ListBuckets" {
		vals := q.r.URL.Query()
		start, end, next := s.page(len(s.acct.Buckets), vals.Get("continuation-token"), atoi(vals.Get("max-buckets")))
		writeXML(w, el("ListAllMyBucketsResult",
			el("Owner", tx("ID", "owner-"+s.acct.ID)),
			list("Buckets", s.acct.Buckets[start:end], func(b Bucket) node {
				return el("Bucket", tx("Name", b.Name), tx("CreationDate", b.Created), when(!b.Unlisted, tx("BucketRegion", bucketRegion(&b))))
			}),
			when(next != "", tx("ContinuationToken", next))))
		return true
	}
	name, _ := splitPath(q.r.URL.Path)
	var b *Bucket
	for i := range s.acct.Buckets {
		if s.acct.Buckets[i].Name == name {
			b = &s.acct.Buckets[i]
		}
	}
	if b == nil || b.Gone {
		s.fail(w, q, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		return true
	}
	// Like S3 itself, every bucket call signed for another region than the
	// bucket's is refused, GetBucketLocation included, with the bucket's
	// region in a header.
	if want := bucketRegion(b); q.region != want {
		w.Header().Set("X-Amz-Bucket-Region", want)
		s.fail(w, q, http.StatusBadRequest, "AuthorizationHeaderMalformed",
			"the region '"+q.region+"' is wrong; expecting '"+want+"'")
		return true
	}
	if q.op == "GetBucketLocation" {
		loc := b.Region
		if loc == "us-east-1" {
			loc = ""
		}
		writeXML(w, tx("LocationConstraint", loc))
		return true
	}
	switch q.op {
	case "GetPublicAccessBlock":
		if b.PublicAccessBlock == nil {
			s.fail(w, q, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
			return true
		}
		writeXML(w, pabXML(b.PublicAccessBlock))
	case "GetBucketAcl":
		writeXML(w, el("AccessControlPolicy", el("Owner", tx("ID", "owner-"+s.acct.ID)),
			list("AccessControlList", b.ACL, func(g Grant) node {
				var id node
				switch g.Type {
				case "Group":
					id = tx("URI", g.Grantee)
				case "AmazonCustomerByEmail":
					id = tx("EmailAddress", g.Grantee)
				default:
					id = tx("ID", g.Grantee)
				}
				grantee := el("Grantee", id)
				grantee.attrs = ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="` + g.Type + `"`
				return el("Grant", grantee, tx("Permission", g.Permission))
			})))
	case "GetBucketPolicy":
		if b.Policy == "" {
			s.fail(w, q, http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist")
			return true
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, b.Policy)
	case "GetBucketPolicyStatus":
		if b.Policy == "" {
			s.fail(w, q, http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist")
			return true
		}
		writeXML(w, el("PolicyStatus", tx("IsPublic", b.PolicyPublic)))
	case "GetBucketEncryption":
		if b.Encryption == nil {
			s.fail(w, q, http.StatusNotFound, "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
			return true
		}
		e := b.Encryption
		writeXML(w, el("ServerSideEncryptionConfiguration", el("Rule",
			el("ApplyServerSideEncryptionByDefault", tx("SSEAlgorithm", e.Algorithm), when(e.KMSKeyID != "", tx("KMSMasterKeyID", e.KMSKeyID))),
			tx("BucketKeyEnabled", e.BucketKey))))
	case "GetBucketVersioning":
		writeXML(w, el("VersioningConfiguration", when(b.Versioning != "", tx("Status", b.Versioning)), when(b.MFADelete != "", tx("MfaDelete", b.MFADelete))))
	case "GetBucketLogging":
		var le node
		if b.Logging != nil {
			le = el("LoggingEnabled", tx("TargetBucket", b.Logging.TargetBucket), tx("TargetPrefix", b.Logging.TargetPrefix))
		}
		writeXML(w, el("BucketLoggingStatus", le))
	case "GetObjectLockConfiguration":
		if b.ObjectLock == nil {
			s.fail(w, q, http.StatusNotFound, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
			return true
		}
		ol := b.ObjectLock
		var rule node
		if ol.Mode != "" {
			rule = el("Rule", el("DefaultRetention", tx("Mode", ol.Mode), when(ol.Days > 0, tx("Days", ol.Days)), when(ol.Years > 0, tx("Years", ol.Years))))
		}
		writeXML(w, el("ObjectLockConfiguration", tx("ObjectLockEnabled", "Enabled"), rule))
	case "GetBucketLifecycleConfiguration":
		if len(b.Lifecycle) == 0 {
			s.fail(w, q, http.StatusNotFound, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
			return true
		}
		writeXML(w, list("LifecycleConfiguration", b.Lifecycle, func(r LifecycleRule) node {
			return el("Rule", tx("ID", r.ID), el("Filter", tx("Prefix", r.Prefix)), tx("Status", r.Status),
				when(r.ExpirationDays > 0, el("Expiration", tx("Days", r.ExpirationDays))))
		}))
	default:
		return false
	}
	return true
}
