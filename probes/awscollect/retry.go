package awscollect

import (
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// throttleCodes are the error codes AWS uses to slow a caller down; the
// retryer always retries them (with 429 and 503 responses).
var throttleCodes = map[string]struct{}{
	"Throttling": {}, "ThrottlingException": {}, "RequestLimitExceeded": {},
	"TooManyRequestsException": {}, "SlowDown": {}, "RequestThrottled": {},
	"RequestThrottledException": {}, "ThrottledException": {}, "EC2ThrottledException": {},
}

const (
	defaultMaxBackoff = 20 * time.Second
	retryAttempts     = 8
)

// newRetryer is the SDK retryer: more attempts than the default, exponential
// backoff with jitter, no client-side retry quota (a scan of many regions
// must not give up because of a burst of throttling), and throttling codes
// and HTTP 429/503 always retryable.
func newRetryer(maxBackoff time.Duration) func() aws.Retryer {
	return func() aws.Retryer {
		return boundedRetryer{retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = retryAttempts
			o.MaxBackoff = maxBackoff
			o.Backoff = retry.NewExponentialJitterBackoff(maxBackoff)
			o.RateLimiter = ratelimit.None
			o.Retryables = append(o.Retryables,
				retry.RetryableHTTPStatusCode{Codes: map[int]struct{}{http.StatusTooManyRequests: {}, http.StatusServiceUnavailable: {}}},
				retry.RetryableErrorCode{Codes: throttleCodes})
			o.Throttles = append(o.Throttles, retry.ThrottleErrorCode{Codes: throttleCodes})
		})}
	}
}

// otherErrorAttempts bounds the attempts for retryable errors that are not
// throttling (5xx answers, dropped connections): an emulator answers an
// operation it does not implement with a 500 every time, and retrying that
// for the whole call timeout would only hide its answer.
const otherErrorAttempts = 3

// boundedRetryer retries throttling up to retryAttempts times and other
// retryable errors up to otherErrorAttempts times. Refusing a delay ends
// the call with the last error itself.
type boundedRetryer struct{ *retry.Standard }

func (r boundedRetryer) RetryDelay(attempt int, err error) (time.Duration, error) {
	// attempt counts the attempts made so far (one less under the SDK's
	// opt-in 2026 retry numbering, which then allows one more).
	if attempt >= otherErrorAttempts && !throttled(err) {
		return 0, err
	}
	return r.Standard.RetryDelay(attempt, err)
}

// throttled reports whether err asks the caller to slow down.
func throttled(err error) bool {
	if _, ok := throttleCodes[errorCode(err)]; ok {
		return true
	}
	s := httpStatus(err)
	return s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable
}
