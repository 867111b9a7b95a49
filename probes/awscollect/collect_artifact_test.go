package awscollect

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
	"golang.org/x/sync/semaphore"
)

// Recorded ListCustomerAgreements responses, in the documented shape.
const (
	artifactActivePage1 = `{"customerAgreements":[{"name":"AWS Business Associate Addendum","arn":"arn:aws:artifact::123456789012:customer-agreement/customer-agreement-1a2b","id":"customer-agreement-1a2b","agreementArn":"arn:aws:artifact:::agreement/agreement-baa01","awsAccountId":"123456789012","effectiveStart":"2024-02-01T09:30:00Z","state":"ACTIVE","description":"Business associate addendum for HIPAA accounts","acceptanceTerms":["I accept"],"terminateTerms":["I terminate"],"type":"DEFAULT"}],"nextToken":"page-2"}`
	artifactActivePage2 = `{"customerAgreements":[{"name":"AWS Nondisclosure Agreement","arn":"arn:aws:artifact::123456789012:customer-agreement/customer-agreement-3c4d","id":"customer-agreement-3c4d","agreementArn":"arn:aws:artifact:::agreement/agreement-nda01","awsAccountId":"123456789012","organizationArn":"arn:aws:organizations::111111111111:organization/o-abc","effectiveStart":1.7e9,"effectiveEnd":null,"state":"ACTIVE","description":"","acceptanceTerms":[],"terminateTerms":[],"type":"CUSTOM"}]}`
	artifactInactive    = `{"customerAgreements":[{"name":"AWS Business Associate Addendum","arn":"arn:aws:artifact::123456789012:customer-agreement/customer-agreement-9z","id":"customer-agreement-9z","agreementArn":"arn:aws:artifact:::agreement/agreement-baa01","awsAccountId":"123456789012","effectiveStart":1672531200,"effectiveEnd":1704067200,"state":"CUSTOMER_TERMINATED","description":"terminated addendum","acceptanceTerms":[],"terminateTerms":[],"type":"DEFAULT"}]}`
)

type recorded struct {
	status int
	header map[string]string
	body   string
}

func TestCollectArtifactRecorded(t *testing.T) {
	baaStart := time.Date(2024, 2, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name  string
		pages map[string]recorded // by nextToken ("" first)
		want  probes.ArtifactData
	}{
		{"active over two pages", map[string]recorded{
			"":       {200, nil, artifactActivePage1},
			"page-2": {200, nil, artifactActivePage2},
		}, probes.ArtifactData{Agreements: []probes.Agreement{
			{Name: "AWS Business Associate Addendum", ARN: "arn:aws:artifact::123456789012:customer-agreement/customer-agreement-1a2b",
				AgreementARN: "arn:aws:artifact:::agreement/agreement-baa01", Type: "DEFAULT", State: "ACTIVE", EffectiveStart: baaStart,
				Description: "Business associate addendum for HIPAA accounts"},
			{Name: "AWS Nondisclosure Agreement", ARN: "arn:aws:artifact::123456789012:customer-agreement/customer-agreement-3c4d",
				AgreementARN: "arn:aws:artifact:::agreement/agreement-nda01", Type: "CUSTOM", State: "ACTIVE",
				OrganizationARN: "arn:aws:organizations::111111111111:organization/o-abc", EffectiveStart: time.Unix(1.7e9, 0).UTC()},
		}}},
		{"inactive", map[string]recorded{"": {200, nil, artifactInactive}}, probes.ArtifactData{Agreements: []probes.Agreement{
			{Name: "AWS Business Associate Addendum", ARN: "arn:aws:artifact::123456789012:customer-agreement/customer-agreement-9z",
				AgreementARN: "arn:aws:artifact:::agreement/agreement-baa01", Type: "DEFAULT", State: "CUSTOMER_TERMINATED",
				EffectiveStart: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), EffectiveEnd: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
				Description: "terminated addendum"},
		}}},
		{"access denied (header)", map[string]recorded{"": {403,
			map[string]string{"X-Amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.artifact/"},
			`{"message":"User is not authorized to perform: artifact:ListCustomerAgreements"}`}},
			probes.ArtifactData{Agreements: []probes.Agreement{}, Err: &probes.APIError{Operation: "artifact:ListCustomerAgreements", Code: "AccessDeniedException",
				Message: "User is not authorized to perform: artifact:ListCustomerAgreements"}}},
		{"not found (body)", map[string]recorded{"": {404, nil, `{"__type":"com.amazonaws.artifact#ResourceNotFoundException","message":"no such resource"}`}},
			probes.ArtifactData{Agreements: []probes.Agreement{}, Err: &probes.APIError{Operation: "artifact:ListCustomerAgreements", Code: "ResourceNotFoundException", Message: "no such resource"}}},
		{"bad body", map[string]recorded{"": {200, nil, `<html>proxy login</html>`}},
			probes.ArtifactData{Agreements: []probes.Agreement{}, Err: &probes.APIError{Operation: "artifact:ListCustomerAgreements", Code: "InvalidResponse"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auth := r.Header.Get("Authorization")
				if r.Method != http.MethodGet || r.URL.Path != "/v1/customer-agreement/list" || r.URL.Query().Get("maxResults") != "50" ||
					!strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLETEST/") || !strings.Contains(auth, "/us-east-1/artifact/aws4_request") {
					http.Error(w, "unexpected request "+r.URL.String()+" "+auth, http.StatusTeapot)
					return
				}
				rec, ok := tt.pages[r.URL.Query().Get("nextToken")]
				if !ok {
					http.Error(w, "unknown token", http.StatusTeapot)
					return
				}
				for k, v := range rec.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(rec.status)
				_, _ = io.WriteString(w, rec.body)
			}))
			defer srv.Close()
			opts := testOptions(srv.URL).withDefaults()
			cfg, custom, err := loadConfig(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			c := &collector{opts: opts, cfg: cfg, custom: custom, sem: semaphore.NewWeighted(1)}
			got := c.collectArtifact(context.Background())
			if got.Err != nil && tt.want.Err != nil && tt.want.Err.Message == "" {
				got.Err.Message = ""
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v (err %+v)\nwant %+v (err %+v)", got, got.Err, tt.want, tt.want.Err)
			}
		})
	}
}

// TestCollectArtifact reads the agreements through the hand-signed call.
func TestCollectArtifact(t *testing.T) {
	snap, _ := collectSample(t)
	a := snap.Artifact
	if a.Err != nil || len(a.Agreements) != 1 || a.Agreements[0].State != "ACTIVE" || a.Agreements[0].Name != "AWS Business Associate Addendum" ||
		!a.Agreements[0].EffectiveStart.Equal(fixtureNow.AddDate(-1, 0, 0)) || !a.Agreements[0].EffectiveEnd.IsZero() {
		t.Errorf("artifact = %+v", a)
	}
}
