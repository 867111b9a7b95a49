package awscollect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"golang.org/x/sync/semaphore"
)

func TestToAPIError(t *testing.T) {
	netErr := &url.Error{Op: "Post", URL: "https://sts.us-east-1.amazonaws.com/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	tests := []struct {
		name     string
		err      error
		code     string
		contains string
	}{
		{"aws code", fmt.Errorf("operation error: %w", &smithy.GenericAPIError{Code: "AccessDenied", Message: "no"}), "AccessDenied", "no"},
		{"guard", fmt.Errorf("%w: s3:PutObject", ErrNotReadOnly), "NotReadOnly", "s3:PutObject"},
		{"timeout", fmt.Errorf("wrapped: %w", context.DeadlineExceeded), "RequestTimeout", "timeout"},
		{"network", fmt.Errorf("send: %w", netErr), "NetworkError", "sts.us-east-1.amazonaws.com"},
		{"connection closed", fmt.Errorf("send: %w", &url.Error{Op: "Post", URL: "http://127.0.0.1:4566/", Err: io.EOF}), "NetworkError", "127.0.0.1:4566"},
		{"unknown code, HTTP status", &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 501}},
			Err: &smithy.GenericAPIError{Code: "UnknownError", Message: "UnknownError"}}, "HTTP501", "HTTP 501"},
		{"other", errors.New("boom"), "ClientError", "boom"},
		{"access key in message", &smithy.GenericAPIError{Code: "InvalidAccessKeyId", Message: "key AKIDEXAMPLETEST or ASIAQWERTYUIOPASDFGH unknown"}, "InvalidAccessKeyId", "key AKIDEXAMPLETEST or [access key id] unknown"},
	}
	for _, tt := range tests {
		got := toAPIError("sts:GetCallerIdentity", tt.err)
		if got.Operation != "sts:GetCallerIdentity" || got.Code != tt.code || !strings.Contains(got.Message, tt.contains) {
			t.Errorf("%s: %+v, want code %s and message with %q", tt.name, got, tt.code, tt.contains)
		}
	}
}

func TestFatal(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	netErr := &url.Error{Op: "Post", URL: "https://sts.eu-west-1.amazonaws.com/", Err: &net.DNSError{Err: "no such host", Name: "sts.eu-west-1.amazonaws.com"}}
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want error
	}{
		{"expired", context.Background(), &smithy.GenericAPIError{Code: "ExpiredTokenException"}, ErrBadCredentials},
		{"signature", context.Background(), &smithy.GenericAPIError{Code: "SignatureDoesNotMatch"}, ErrBadCredentials},
		{"dns", context.Background(), netErr, ErrNetwork},
		{"canceled", canceled, netErr, context.Canceled},
	}
	for _, tt := range tests {
		if got := fatal(tt.ctx, tt.err); !errors.Is(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := fatal(context.Background(), &smithy.GenericAPIError{Code: "InternalFailure"}); errors.Is(got, ErrBadCredentials) || !strings.Contains(got.Error(), "sts:GetCallerIdentity") {
		t.Errorf("other failure: %v", got)
	}
}

func TestCallTimeout(t *testing.T) {
	c := &collector{opts: Options{CallTimeout: 20 * time.Millisecond}, sem: semaphore.NewWeighted(1)}
	start := time.Now()
	_, aerr := call(context.Background(), c, "ec2:DescribeVolumes", func(ctx context.Context) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	if aerr == nil || aerr.Code != "RequestTimeout" || aerr.Operation != "ec2:DescribeVolumes" {
		t.Errorf("got %+v, want RequestTimeout", aerr)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("call took %v", d)
	}
	out, aerr := call(context.Background(), c, "ec2:DescribeVolumes", func(context.Context) (int, error) { return 7, nil })
	if out != 7 || aerr != nil {
		t.Errorf("successful call = %d %+v", out, aerr)
	}
}

// endlessPager always has another page, like an endpoint that keeps
// returning the same next-page token.
type endlessPager struct{ pages int }

func (p *endlessPager) HasMorePages() bool { return true }

func (p *endlessPager) NextPage(context.Context, ...func(*struct{})) (int, error) {
	p.pages++
	return 1, nil
}

func TestPaginateStopsEndlessPaging(t *testing.T) {
	c := &collector{opts: Options{CallTimeout: time.Second}, sem: semaphore.NewWeighted(1)}
	p := &endlessPager{}
	var items int
	aerr := paginate(context.Background(), c, "kms:ListKeys", p, func(n int) { items += n })
	if aerr == nil || aerr.Code != "TooManyPages" || aerr.Operation != "kms:ListKeys" || p.pages != maxPages {
		t.Errorf("got %+v after %d pages, want TooManyPages after %d", aerr, p.pages, maxPages)
	}
	if items != maxPages {
		t.Errorf("%d items kept, want the %d read", items, maxPages)
	}
}
