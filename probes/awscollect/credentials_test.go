package awscollect

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

// metadataServer answers like the EC2 instance metadata service (IMDSv2)
// for an instance whose role is "auditor".
func metadataServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var served atomic.Int32
	creds := map[string]string{
		"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAEXAMPLEINSTANCE",
		"SecretAccessKey": "secretFROMinstance", "Token": "token",
		"Expiration": time.Now().Add(6 * time.Hour).UTC().Format(time.RFC3339),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
			w.Header().Set("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", "21600")
			w.Write([]byte("imds-token"))
		case r.Header.Get("X-Aws-Ec2-Metadata-Token") != "imds-token":
			http.Error(w, "token required", http.StatusUnauthorized)
		case r.URL.Path == "/latest/meta-data/iam/security-credentials/" || r.URL.Path == "/latest/meta-data/iam/security-credentials":
			w.Write([]byte("auditor"))
		case strings.HasPrefix(r.URL.Path, "/latest/meta-data/iam/security-credentials/auditor"):
			served.Add(1)
			json.NewEncoder(w).Encode(creds)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &served
}

// The read-only guard lets the SDK's own credential sources through: a
// consultant on an EC2 bastion (instance metadata) or in a container
// (container credentials endpoint) can probe.
func TestCollectWithPlatformCredentials(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) *atomic.Int32
	}{
		{"EC2 instance metadata", func(t *testing.T) *atomic.Int32 {
			srv, served := metadataServer(t)
			t.Setenv("AWS_EC2_METADATA_DISABLED", "")
			t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.URL)
			return served
		}},
		{"container credentials", func(t *testing.T) *atomic.Int32 {
			var served atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served.Add(1)
				json.NewEncoder(w).Encode(map[string]string{"AccessKeyId": "ASIAEXAMPLECONTAINER", "SecretAccessKey": "secretFROMcontainer",
					"Token": "token", "Expiration": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
			}))
			t.Cleanup(srv.Close)
			t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", srv.URL+"/creds")
			return &served
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			t.Setenv("AWS_ACCESS_KEY_ID", "")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "")
			served := tt.setup(t)
			fake := fakeaws.New(sampleAccount())
			defer fake.Close()
			snap, err := Collect(context.Background(), testOptions(fake.URL))
			if err != nil {
				t.Fatalf("Collect: %v", err)
			}
			if served.Load() == 0 || snap.AccountID == "" {
				t.Errorf("credentials served %d times, account %q", served.Load(), snap.AccountID)
			}
		})
	}
}

// Without any credentials the error names every source that was tried.
func TestNoCredentialsNamesWhatWasTried(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	fake := fakeaws.New(sampleAccount())
	defer fake.Close()
	_, err := Collect(context.Background(), testOptions(fake.URL))
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
	for _, want := range []string{"AWS_ACCESS_KEY_ID", "AWS_PROFILE", "instance metadata", "container"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not name %q", err, want)
		}
	}
}
