// Package tui is the interactive wizard: a full-screen bubbletea program that
// walks a practice through its risk analysis, and a linear prompt mode for
// screen readers and dumb terminals. Every value the user gives is written to
// the store before the wizard moves on.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Options configure the wizard.
type Options struct {
	NoColor    bool
	Accessible bool
	In         io.Reader // default os.Stdin
	Out        io.Writer // default os.Stdout
	Version    string
	Now        func() time.Time // default time.Now
	Actor      string           // who answers; shown on screen (the store records it)
}

// ErrInterrupted is returned when the user leaves with Ctrl+C. It wraps
// context.Canceled so callers treat it like any other interruption.
var ErrInterrupted = fmt.Errorf("wizard interrupted: %w", context.Canceled)

// wizard is what every screen shares: the open assessment file, the bank
// for new assessments and the theme. Its fields never change after Run
// starts.
type wizard struct {
	ctx  context.Context
	core *app.App
	bank *questionnaire.Bank
	th   *theme
	now  func() time.Time
	opts Options
	// collect reads an AWS account; tests replace it.
	collect collectFunc
	// lock finalizes an assessment (app.Finalize); tests replace it.
	lock func(ctx context.Context, id int64) (string, error)
}

func newApp(ctx context.Context, ap *app.App, bank *questionnaire.Bank, opts Options) *wizard {
	if opts.In == nil {
		opts.In = os.Stdin
	}
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Actor == "" {
		opts.Actor = ap.Actor()
	}
	return &wizard{
		ctx:     ctx,
		core:    ap,
		bank:    bank,
		th:      newTheme(opts.Out, opts.NoColor),
		now:     opts.Now,
		opts:    opts,
		collect: app.CollectAWS,
		lock:    ap.Finalize,
	}
}

// Run starts the wizard: the full-screen program, or the linear prompt mode
// when opts.Accessible is set. It returns nil when the user quits, and an
// error wrapping context.Canceled when the user or the context interrupts.
func Run(ctx context.Context, ap *app.App, bank *questionnaire.Bank, opts Options) error {
	a := newApp(ctx, ap, bank, opts)
	if a.th.plain || opts.Accessible {
		// huh and bubbles draw some parts with the default renderer; the
		// linear mode is always plain text for screen readers.
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	if opts.Accessible {
		return runAccessible(a)
	}
	p := tea.NewProgram(newModel(a),
		tea.WithContext(ctx),
		tea.WithInput(a.opts.In),
		tea.WithOutput(a.opts.Out),
		tea.WithAltScreen(),
		// Ctrl+C arrives as a key so pending edits are saved before leaving.
		tea.WithoutSignalHandler(),
	)
	_, err := p.Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrInterrupted), ctx.Err() != nil:
		return ErrInterrupted
	default:
		return fmt.Errorf("wizard: %w", err)
	}
}
