package awscollect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"

	"github.com/aws/smithy-go"
	"github.com/hipaarisk/hipaarisk/probes"
)

// Fatal conditions that stop a collection. Each error a caller sees wraps
// one of these and reads as one line.
var (
	ErrNoCredentials = errors.New("no AWS credentials found: tried the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables, " +
		"the profile in AWS_PROFILE (or default) in the AWS config and credentials files, IAM Identity Center (aws sso login), " +
		"the container credentials endpoint and the EC2 instance metadata service; set one of them up, for example with aws configure or aws sso login")
	ErrBadCredentials = errors.New("AWS rejected the credentials: they are expired or invalid")
	ErrNetwork        = errors.New("cannot reach AWS")
	// ErrNotReadOnly is returned, before anything is sent, for an operation
	// that is not one of the reads the probes are allowed to make.
	ErrNotReadOnly = errors.New("refused by the read-only guard")
)

// badCredentialCodes are the codes with which AWS rejects the credentials
// themselves rather than a permission.
var badCredentialCodes = map[string]bool{
	"ExpiredToken":              true,
	"ExpiredTokenException":     true,
	"InvalidClientTokenId":      true,
	"SignatureDoesNotMatch":     true,
	"InvalidAccessKeyId":        true,
	"AuthFailure":               true,
	"IncompleteSignature":       true,
	"InvalidSignatureException": true,
}

// errorCode returns the AWS error code of err, or "".
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// unreachable returns the host that could not be reached when err is a
// network failure (connection refused, DNS, TLS handshake), else "".
func unreachable(err error) string {
	var ue *url.Error
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	if errorCode(err) != "" || !(errors.As(err, &oe) || errors.As(err, &de) || errors.As(err, &ne)) {
		return ""
	}
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			return u.Host
		}
	}
	return "the AWS endpoint"
}

// httpStatus returns the HTTP status of the response that failed err, or 0.
func httpStatus(err error) int {
	var hs interface{ HTTPStatusCode() int }
	if errors.As(err, &hs) {
		return hs.HTTPStatusCode()
	}
	return 0
}

// toAPIError describes a failed call for the snapshot. It keeps the AWS code
// and message; it never holds credentials (the SDK's errors carry none). An
// answer without an AWS error code (an HTML page from a proxy, an emulator
// that does not implement the operation or service) is coded "HTTP" and its
// status, such as HTTP404.
func toAPIError(op string, err error) *probes.APIError {
	e := describe(op, err)
	e.Message = accessKeyID.ReplaceAllString(e.Message, "[access key id]")
	return e
}

// accessKeyID matches an AWS access key id, which some endpoints repeat in
// their error messages; the snapshot must not keep it.
var accessKeyID = regexp.MustCompile(`\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b`)

func describe(op string, err error) *probes.APIError {
	var ae smithy.APIError
	code := errorCode(err)
	switch {
	case errors.As(err, &ae) && code != "" && code != "UnknownError":
		return &probes.APIError{Operation: op, Code: code, Message: ae.ErrorMessage()}
	case httpStatus(err) >= 300:
		return &probes.APIError{Operation: op, Code: fmt.Sprintf("HTTP%d", httpStatus(err)),
			Message: fmt.Sprintf("the endpoint answered HTTP %d without an AWS error code; it may not support this operation", httpStatus(err))}
	case errors.Is(err, ErrNotReadOnly):
		return &probes.APIError{Operation: op, Code: "NotReadOnly", Message: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return &probes.APIError{Operation: op, Code: "RequestTimeout", Message: "no answer within the call timeout"}
	case unreachable(err) != "":
		return &probes.APIError{Operation: op, Code: "NetworkError", Message: fmt.Sprintf("cannot reach %s", unreachable(err))}
	default:
		return &probes.APIError{Operation: op, Code: "ClientError", Message: err.Error()}
	}
}

// fatal turns the failure of the first call (identifying the caller) into a
// one-line error.
func fatal(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if c := errorCode(err); badCredentialCodes[c] {
		return fmt.Errorf("%w (%s)", ErrBadCredentials, c)
	}
	if host := unreachable(err); host != "" {
		return fmt.Errorf("%w at %s: check the network, proxy or endpoint URL", ErrNetwork, host)
	}
	return fmt.Errorf("identify the AWS account (sts:GetCallerIdentity): %w", err)
}
