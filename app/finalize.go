package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/scoring"
)

// ErrNotReady: the assessment is not complete enough to be finalized.
var ErrNotReady = errors.New("the assessment cannot be finalized yet")

// NotReadyError lists everything that blocks finalizing an assessment.
type NotReadyError struct {
	ID       int64
	Blockers []scoring.Blocker
}

func (e *NotReadyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "assessment %d cannot be finalized yet; complete these %d items first (drafts can still be exported):", e.ID, len(e.Blockers))
	for _, bl := range e.Blockers {
		b.WriteString("\n  - " + bl.Message)
	}
	return b.String()
}

func (e *NotReadyError) Unwrap() error { return ErrNotReady }

// Blockers lists what must be done before an assessment can be finalized:
// the same list the command line prints and the wizard shows.
func (a *App) Blockers(ctx context.Context, id int64) ([]scoring.Blocker, error) {
	l, err := a.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return scoring.Blockers(l.Analysis, scoringInput(l.Inputs, l.Bank, a.now())), nil
}

// Finalize locks a complete assessment and records its digest. While
// anything blocks it, it refuses with a *NotReadyError listing every item.
func (a *App) Finalize(ctx context.Context, id int64) (string, error) {
	blockers, err := a.Blockers(ctx, id)
	if err != nil {
		return "", err
	}
	if len(blockers) > 0 {
		return "", &NotReadyError{ID: id, Blockers: blockers}
	}
	return a.st.Finalize(ctx, id)
}
