package probes

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPolicyFixtures(t *testing.T) {
	const bucket = "arn:aws:s3:::example-bucket"
	for _, tc := range []struct {
		file                           string
		public, secureTransport, admin bool
	}{
		{"website-public-read.json", true, false, false},
		{"org-only.json", false, true, false},
		{"vpc-endpoint-only.json", false, false, false},
		{"cloudfront-oac.json", false, true, false},
		{"any-ip.json", true, false, false},
		{"admin-not-action.json", false, false, true},
		{"admin-star.json", false, false, true},
		{"scoped-star.json", false, false, false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "policies", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := parsePolicy(string(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(p.publicStatements()) > 0; got != tc.public {
				t.Errorf("public = %v, want %v", got, tc.public)
			}
			if got := p.deniesInsecureTransport(bucket); got != tc.secureTransport {
				t.Errorf("secure transport = %v, want %v", got, tc.secureTransport)
			}
			if got := len(p.adminStatements()) > 0; got != tc.admin {
				t.Errorf("admin = %v, want %v", got, tc.admin)
			}
		})
	}
}

func TestPolicyElementShapes(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string // public statement labels
		wantErr   bool
	}{
		{"statement object", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}`, []string{"statement 1"}, false},
		{"not principal", `{"Statement":[{"Sid":"All","Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:*","Resource":"*"}]}`, []string{"All"}, false},
		{"service principal", `{"Statement":[{"Effect":"Allow","Principal":{"Service":["logging.s3.amazonaws.com"]},"Action":"s3:PutObject","Resource":"*"}]}`, nil, false},
		{"canonical user", `{"Statement":[{"Effect":"Allow","Principal":{"CanonicalUser":"abc"},"Action":"s3:GetObject","Resource":"*"}]}`, nil, false},
		{"if-exists condition does not restrict", `{"Statement":[{"Sid":"S","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*",
			"Condition":{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}}]}`, []string{"S"}, false},
		{"numeric and bool values", `{"Statement":[{"Sid":"N","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*",
			"Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`, []string{"N"}, false},
		{"broken", `{"Statement":[{"Effect":"Allow","Action":{}}]}`, nil, true},
		{"not json", `Statement`, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parsePolicy(tc.doc)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v", err)
			}
			if got := p.publicStatements(); !slices.Equal(got, tc.want) {
				t.Errorf("public statements %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSecureTransportShapes(t *testing.T) {
	const bucket = "arn:aws:s3:::b"
	deny := func(extra string) string {
		return `{"Statement":[{"Effect":"Deny","Principal":"*",` + extra + `}]}`
	}
	for _, tc := range []struct {
		name, doc string
		want      bool
	}{
		{"string false", deny(`"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}`), true},
		{"bool false list", deny(`"Action":["s3:*"],"Resource":["arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":[false]}}`), true},
		{"action star", deny(`"Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}`), true},
		{"lower-case action", deny(`"Action":["S3:getobject","s3:PUTOBJECT"],"Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:securetransport":"FALSE"}}`), true},
		{"not resource", deny(`"Action":"s3:*","NotResource":"arn:aws:s3:::other/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}`), false},
		{"not action excluding get", deny(`"NotAction":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}`), false},
		{"other bucket", deny(`"Action":"s3:*","Resource":"arn:aws:s3:::bb/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}`), false},
		{"no condition", deny(`"Action":"s3:*","Resource":"arn:aws:s3:::b/*"`), false},
		{"one principal only", `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::1:user/x"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*",
			"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parsePolicy(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.deniesInsecureTransport(bucket); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
