package awscollect

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/hipaarisk/hipaarisk/probes"
	"golang.org/x/sync/semaphore"
)

// collector carries what every collecting function needs during one run.
type collector struct {
	opts      Options
	cfg       aws.Config
	custom    bool
	g         globalClients
	accountID string
	partition string
	// sem bounds the calls in flight across every service, region and
	// resource. It is taken before a call enters the SDK, so that waiting
	// calls cost little.
	sem *semaphore.Weighted

	progressMu sync.Mutex
	done       int
	total      int
}

// call makes one AWS call under the per-call timeout and turns a failure
// into an APIError naming op.
func call[T any](ctx context.Context, c *collector, op string, f func(context.Context) (T, error)) (T, *probes.APIError) {
	if err := c.sem.Acquire(ctx, 1); err != nil {
		var zero T
		return zero, toAPIError(op, err)
	}
	defer c.sem.Release(1)
	cctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	out, err := f(cctx)
	if err != nil {
		var zero T
		return zero, toAPIError(op, err)
	}
	return out, nil
}

// pager is the shape of every SDK paginator.
type pager[T, O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*O)) (T, error)
}

// maxPages bounds the pages of one listing. The SDK's paginators follow a
// next-page token that never changes forever; an endpoint that ignores the
// token would otherwise keep a scan running until it is cancelled.
const maxPages = 1000

// paginate follows every page of p, handing each to each. It stops at the
// first failing page, or after maxPages; what was read before is kept.
func paginate[T, O any](ctx context.Context, c *collector, op string, p pager[T, O], each func(T)) *probes.APIError {
	for n := 0; p.HasMorePages(); n++ {
		if n == maxPages {
			return &probes.APIError{Operation: op, Code: "TooManyPages",
				Message: fmt.Sprintf("stopped after %d pages: the endpoint keeps announcing another page", maxPages)}
		}
		out, aerr := call(ctx, c, op, func(ctx context.Context) (T, error) { return p.NextPage(ctx) })
		if aerr != nil {
			return aerr
		}
		each(out)
	}
	return nil
}

// finished reports that one service has been read in one region. Progress
// callbacks are serialised by progressMu.
func (c *collector) finished(service, region string) {
	c.progressMu.Lock()
	defer c.progressMu.Unlock()
	c.done++
	if c.opts.Progress != nil {
		c.opts.Progress(Progress{Account: c.accountID, Service: service, Region: region, Done: c.done, Total: c.total})
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// firstErr returns the first non-nil error in index order, so that the
// error kept does not depend on goroutine timing.
func firstErr(errs []*probes.APIError) *probes.APIError {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// isCode reports whether aerr carries one of codes.
func isCode(aerr *probes.APIError, codes ...string) bool {
	return aerr != nil && slices.Contains(codes, aerr.Code)
}

// cmpOr returns a unless it is nil, else b.
func cmpOr(a, b *probes.APIError) *probes.APIError {
	if a != nil {
		return a
	}
	return b
}
