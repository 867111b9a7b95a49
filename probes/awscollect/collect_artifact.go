package awscollect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
	"github.com/hipaarisk/hipaarisk/probes"
)

// AWS Artifact has no SDK client that these builds can use, so its one call
// is signed by hand with the same credentials, HTTP client, endpoint and
// retryer as the rest, and passes the same read-only rule.

const (
	artifactOperation = "artifact:ListCustomerAgreements"
	artifactRegion    = "us-east-1"
	artifactPath      = "/v1/customer-agreement/list"
	artifactPageSize  = 50
)

var emptySHA256 = func() string { h := sha256.Sum256(nil); return hex.EncodeToString(h[:]) }()

// artifactAgreement is one entry of the documented response.
type artifactAgreement struct {
	Name            string          `json:"name"`
	ARN             string          `json:"arn"`
	ID              string          `json:"id"`
	AgreementARN    string          `json:"agreementArn"`
	AWSAccountID    string          `json:"awsAccountId"`
	OrganizationARN string          `json:"organizationArn"`
	EffectiveStart  json.RawMessage `json:"effectiveStart"`
	EffectiveEnd    json.RawMessage `json:"effectiveEnd"`
	State           string          `json:"state"`
	Description     string          `json:"description"`
	AcceptanceTerms []string        `json:"acceptanceTerms"`
	TerminateTerms  []string        `json:"terminateTerms"`
	Type            string          `json:"type"`
}

type artifactPage struct {
	CustomerAgreements []artifactAgreement `json:"customerAgreements"`
	NextToken          string              `json:"nextToken"`
}

// artifactError is a failed Artifact response; it has the shape the SDK's
// retryer understands (an error code and an HTTP status).
type artifactError struct {
	code, message string
	status        int
}

func (e *artifactError) Error() string {
	return fmt.Sprintf("%s: %s (HTTP %d)", e.code, e.message, e.status)
}
func (e *artifactError) ErrorCode() string             { return e.code }
func (e *artifactError) ErrorMessage() string          { return e.message }
func (e *artifactError) HTTPStatusCode() int           { return e.status }
func (e *artifactError) ErrorFault() smithy.ErrorFault { return smithy.FaultUnknown }

func (c *collector) collectArtifact(ctx context.Context) probes.ArtifactData {
	d := probes.ArtifactData{Agreements: []probes.Agreement{}}
	if err := checkRead(artifactOperation); err != nil {
		d.Err = toAPIError(artifactOperation, err)
		return d
	}
	endpoint := "https://artifact." + artifactRegion + ".amazonaws.com"
	if c.cfg.BaseEndpoint != nil {
		endpoint = strings.TrimSuffix(*c.cfg.BaseEndpoint, "/")
	}
	token := ""
	for {
		page, err := c.artifactPage(ctx, endpoint, token)
		if err != nil {
			d.Err = artifactAPIError(err)
			return d
		}
		for _, a := range page.CustomerAgreements {
			ag, err := agreement(a)
			if err != nil {
				d.Err = &probes.APIError{Operation: artifactOperation, Code: "InvalidResponse", Message: err.Error()}
				return d
			}
			d.Agreements = append(d.Agreements, ag)
		}
		if page.NextToken == "" || page.NextToken == token {
			break
		}
		token = page.NextToken
	}
	slices.SortFunc(d.Agreements, func(a, b probes.Agreement) int {
		return strings.Compare(a.Name+"\x00"+a.AgreementARN+a.ARN, b.Name+"\x00"+b.AgreementARN+b.ARN)
	})
	return d
}

func artifactAPIError(err error) *probes.APIError {
	if ae, ok := err.(*artifactError); ok {
		return &probes.APIError{Operation: artifactOperation, Code: ae.code, Message: ae.message}
	}
	return toAPIError(artifactOperation, err)
}

// artifactPage fetches one page, retrying as the SDK clients do.
func (c *collector) artifactPage(ctx context.Context, endpoint, token string) (*artifactPage, error) {
	retryer := c.cfg.Retryer()
	for attempt := 1; ; attempt++ {
		page, err := c.artifactRequest(ctx, endpoint, token)
		if err == nil || ctx.Err() != nil || attempt >= retryer.MaxAttempts() || !retryer.IsErrorRetryable(err) {
			return page, err
		}
		delay, derr := retryer.RetryDelay(attempt, err)
		if derr != nil {
			return nil, err
		}
		if err := sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

func (c *collector) artifactRequest(ctx context.Context, endpoint, token string) (*artifactPage, error) {
	if err := c.sem.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	defer c.sem.Release(1)
	ctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	q := url.Values{"maxResults": {strconv.Itoa(artifactPageSize)}}
	if token != "" {
		q.Set("nextToken", token)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+artifactPath+"?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("build artifact request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	creds, err := c.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("artifact credentials: %w", err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, emptySHA256, "artifact", artifactRegion, c.opts.Clock()); err != nil {
		return nil, fmt.Errorf("sign artifact request: %w", err)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("read artifact response: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, parseArtifactError(resp, body)
	}
	var page artifactPage
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, &artifactError{code: "InvalidResponse", message: "artifact response is not the documented JSON: " + err.Error(), status: resp.StatusCode}
	}
	return &page, nil
}

// parseArtifactError reads the error code from the x-amzn-ErrorType header
// or the JSON body.
func parseArtifactError(resp *http.Response, body []byte) error {
	var b struct {
		Type    string `json:"__type"`
		Code    string `json:"code"`
		Message string `json:"message"`
		Msg     string `json:"Message"`
	}
	_ = json.Unmarshal(body, &b)
	code := resp.Header.Get("X-Amzn-Errortype")
	for _, c := range []string{b.Type, b.Code} {
		if code == "" {
			code = c
		}
	}
	// "AccessDeniedException:http://internal.amazon.com/..." and
	// "com.amazon.coral#AccessDeniedException" both name the code.
	code, _, _ = strings.Cut(code, ":")
	if i := strings.LastIndex(code, "#"); i >= 0 {
		code = code[i+1:]
	}
	msg := cmpStr(b.Message, b.Msg)
	if code == "" {
		// the same coding toAPIError gives SDK calls without an AWS code
		code = fmt.Sprintf("HTTP%d", resp.StatusCode)
		msg = fmt.Sprintf("the endpoint answered HTTP %d without an AWS error code; it may not support this operation", resp.StatusCode)
	}
	return &artifactError{code: code, message: msg, status: resp.StatusCode}
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func agreement(a artifactAgreement) (probes.Agreement, error) {
	start, err := artifactTime(a.EffectiveStart)
	if err != nil {
		return probes.Agreement{}, fmt.Errorf("agreement %q effectiveStart: %w", a.Name, err)
	}
	end, err := artifactTime(a.EffectiveEnd)
	if err != nil {
		return probes.Agreement{}, fmt.Errorf("agreement %q effectiveEnd: %w", a.Name, err)
	}
	return probes.Agreement{Name: a.Name, ARN: a.ARN, AgreementARN: a.AgreementARN, Type: a.Type, State: a.State,
		OrganizationARN: a.OrganizationARN, EffectiveStart: start, EffectiveEnd: end, Description: a.Description}, nil
}

// artifactTime accepts epoch seconds (the REST-JSON default) or an ISO 8601
// string.
func artifactTime(raw json.RawMessage) (time.Time, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err == nil {
		whole := int64(secs)
		return time.Unix(whole, int64((secs-float64(whole))*1e9)).UTC(), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, fmt.Errorf("not a timestamp: %s", raw)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}
