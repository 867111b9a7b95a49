package app

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// The demo cannot be finalised until its open addressable gaps are decided
// or completed; then it can.
func TestDemoFinalizesOnlyWhenComplete(t *testing.T) {
	ctx := context.Background()
	ap, err := Open(ctx, filepath.Join(t.TempDir(), "demo.db"), Options{Actor: "Zoë Ærø", Now: func() time.Time { return seedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer ap.Close()
	id, err := ap.Demo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	blockers := func() []string {
		t.Helper()
		bs, err := ap.Blockers(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, b := range bs {
			out = append(out, string(b.Kind)+":"+b.Target)
		}
		return out
	}
	want := []string{"decision_missing:workforce-termination-shared-codes", "decision_missing:access-periodic-review",
		"decision_missing:contingency-backup-encrypted", "decision_missing:device-laptop-encryption"}
	if got := blockers(); !slices.Equal(got, want) {
		t.Fatalf("blockers before: %v\nwant %v", got, want)
	}
	if _, err := ap.Finalize(ctx, id); !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "4 items") {
		t.Fatalf("finalize before: %v, want a refusal listing 4 items", err)
	}
	edit := func(qid string, fn func(a *assessment.Answer)) {
		t.Helper()
		if _, err := ap.EditAnswer(ctx, id, qid, func(a *assessment.Answer) error { fn(a); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	// Completed: the alarm code was changed and the drive replaced.
	edit("workforce-termination-shared-codes", func(a *assessment.Answer) {
		a.Value, a.Note, a.Evidence = assessment.Yes, "Alarm code changed 2026-11-19; changed at every departure from now on.", "Alarm company change confirmation"
	})
	edit("contingency-backup-encrypted", func(a *assessment.Answer) {
		a.Value, a.Evidence = assessment.Yes, "Encrypted backup drive, BitLocker To Go, in use since 2026-11-19"
	})
	// Decided: an interim alternative until the replacement laptop arrives,
	// and a yearly review instead of a quarterly one.
	edit("device-laptop-encryption", func(a *assessment.Answer) {
		a.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionAlternative,
			Justification: "The encrypted replacement for the billing laptop is ordered; until it arrives the old one must keep working for claims.",
			Alternative:   "The billing laptop reaches records only through the hosted EHR in a browser and keeps no files; Intune wipes it if it is lost."}
	})
	edit("access-periodic-review", func(a *assessment.Answer) {
		a.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionAlternative,
			Justification: "A quarterly access review is more than 14 staff and one administrator can keep up with.",
			Alternative:   "Access is reviewed once a year at this assessment, and at every hire, role change and departure."}
	})
	if got := blockers(); len(got) != 0 {
		t.Fatalf("blockers after: %v", got)
	}
	if _, err := ap.Finalize(ctx, id); err != nil {
		t.Fatal(err)
	}
	l, err := ap.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := l.Inputs.Answers["access-periodic-review"].Decision; d == nil || d.DecidedBy != "Zoë Ærø" || d.DecidedAt != "2026-11-20" {
		t.Errorf("who decided and when are not recorded: %+v", d)
	}
}
