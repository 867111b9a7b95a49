// Command hipaarisk produces a HIPAA Security Rule risk analysis and risk
// management plan for a small medical practice: an interactive wizard, a
// linear accessible mode, and a scriptable command line over one SQLite file.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/export"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitGate        = 3
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	sh := &shell{stdin: stdin, stdout: stdout, stderr: stderr, out: export.TerminalWriter(stdout)}
	root := sh.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	sh.close()
	if err == nil {
		return exitOK
	}
	msg, code := describe(err, sh.dbPath)
	if ctx.Err() != nil && code == exitFailure {
		msg, code = "interrupted: everything saved before the interruption is kept", exitInterrupted
	}
	if msg != "" {
		fmt.Fprintln(stderr, "hipaarisk: "+export.TerminalSafe(msg))
	}
	return code
}

// usageError marks a mistake in the command line itself (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// gateError carries the pipeline gate's verdict (exit code 3).
type gateError struct{ count int }

func (e gateError) Error() string {
	return fmt.Sprintf("%d failed finding(s) at or above the --fail-on threshold", e.count)
}

// describe turns an error into one line that says what to do, and an exit code.
func describe(err error, dbPath string) (string, int) {
	var ue usageError
	var ge gateError
	switch {
	case errors.Is(err, context.Canceled):
		return "interrupted: everything saved before the interruption is kept", exitInterrupted
	case errors.As(err, &ge):
		return ge.Error(), exitGate
	case errors.As(err, &ue):
		return ue.Error() + " (see hipaarisk --help)", exitUsage
	case errors.Is(err, app.ErrNotFound):
		return err.Error() + ": run 'hipaarisk list' to see the assessments in this file", exitFailure
	case errors.Is(err, app.ErrFinalized):
		return err.Error() + ": start a new draft from it with 'hipaarisk new --from ID'", exitFailure
	case errors.Is(err, app.ErrBusy):
		return err.Error() + ": wait for it to finish and try again", exitFailure
	case errors.Is(err, app.ErrNotHipaarisk):
		return err.Error() + ": it was left untouched; choose another file with --db", exitFailure
	case errors.Is(err, app.ErrCorrupt):
		return err.Error() + ": restore a backup copy, or choose another file with --db", exitFailure
	case errors.Is(err, app.ErrNotWritable):
		return err.Error() + ": choose a writable location with --db", exitFailure
	case errors.Is(err, app.ErrDiskFull):
		return err.Error() + ": free some space on that disk and try again", exitFailure
	case errors.Is(err, app.ErrNewerSchema):
		return err.Error() + ": it was left untouched; install the newer hipaarisk to open it", exitFailure
	case errors.Is(err, awscollect.ErrNoCredentials), errors.Is(err, awscollect.ErrBadCredentials), errors.Is(err, awscollect.ErrNetwork):
		return err.Error() + ": nothing was recorded", exitFailure
	}
	return strings.TrimSpace(err.Error()), exitFailure
}

// version returns the module version and VCS revision of this build.
func version() (ver, rev string) {
	ver, rev = "(devel)", "unknown"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	if v := info.Main.Version; v != "" {
		ver = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				rev += "-dirty"
			}
		}
	}
	return
}

func versionString() string {
	v, r := version()
	if r == "unknown" {
		return v
	}
	if len(r) > 12 {
		r = r[:12]
	}
	return v + "+" + r
}

// shell holds what the commands share: the streams and the lazily opened
// assessment file.
type shell struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// out is stdout for plain text meant for a person: every control
	// character in it (from a practice name, a note, an import file) is
	// made visible, so stored text can never steer the terminal. JSON,
	// reports and exports go to stdout as they are.
	out io.Writer

	dbPath     string
	actor      string
	noColor    bool
	accessible bool
	force      bool // output files may replace existing files
	readsOnly  bool // the command being run only reads the database
	app        *app.App
}

func (a *shell) close() {
	if a.app != nil {
		a.app.Close()
		a.app = nil
	}
}

// open opens the file named by --db, HIPAARISK_DB or the per-user default.
func (a *shell) open(ctx context.Context) (*app.App, error) {
	if a.app != nil {
		return a.app, nil
	}
	if a.dbPath == "" {
		p, err := app.DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("find the default database location: %w (use --db FILE)", err)
		}
		a.dbPath = p
	}
	opts := app.Options{Actor: a.actor, Version: versionString()}
	ap, err := app.Open(ctx, a.dbPath, opts)
	if errors.Is(err, app.ErrNotWritable) && a.readsOnly {
		// A file on a read-only disk or in a shared folder can still be
		// listed, shown, verified and reported on.
		opts.ReadOnly = true
		if ro, rerr := app.Open(ctx, a.dbPath, opts); rerr == nil {
			fmt.Fprintf(a.stderr, "hipaarisk: opened %s read-only: %v\n", ro.Path(), err)
			ap, err = ro, nil
		}
	}
	if err != nil {
		return nil, err
	}
	a.app = ap
	return ap, nil
}

// readOnly marks a command that only reads the database, so that it works
// on a file hipaarisk may not write.
var readOnly = map[string]string{"reads": "only"}

func (a *shell) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "hipaarisk",
		Short: "HIPAA Security Rule risk analysis and risk management plan for a small practice",
		Long: `hipaarisk walks a practice through the administrative, physical and technical
safeguards of the HIPAA Security Rule, checks its AWS account with read-only
probes, rates each risk on the NIST SP 800-30 scale and exports a report.

Run it with no command to start the interactive wizard.`,
		SilenceUsage: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			a.readsOnly = cmd.Annotations["reads"] == "only"
		},
		SilenceErrors: true,
		Args:          noArgs,
		RunE:          a.runWizard,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", os.Getenv("HIPAARISK_DB"), "assessment database file (env HIPAARISK_DB; default: a file in your per-user data folder)")
	pf.BoolVar(&a.force, "force", false, "let -o, --snapshot-out and report files replace an existing file (never the database)")
	pf.StringVar(&a.actor, "as", os.Getenv("HIPAARISK_ACTOR"), "name recorded as who made each change (env HIPAARISK_ACTOR; default: your login name)")
	root.Flags().BoolVar(&a.noColor, "no-color", os.Getenv("NO_COLOR") != "", "plain rendering without colour (also NO_COLOR)")
	root.Flags().BoolVar(&a.accessible, "accessible", os.Getenv("ACCESSIBLE") != "" || os.Getenv("TERM") == "dumb",
		"linear prompt mode for screen readers and dumb terminals (also ACCESSIBLE=1 or TERM=dumb)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	root.AddCommand(
		a.versionCommand(),
		a.newCommand(), a.listCommand(), a.showCommand(), a.deleteCommand(),
		a.finalizeCommand(), a.auditCommand(), a.verifyReportCommand(), a.practicesCommand(), a.reviewCommand(),
		a.questionsCommand(), a.answerCommand(), a.importCommand(), a.exportAnswersCommand(),
		a.scoreCommand(), a.planCommand(), a.riskCommand(),
		a.probeCommand(), a.driftCommand(), a.suppressCommand(), a.planCheckCommand(),
		a.reportCommand(), a.demoCommand(),
	)
	return root
}

// noArgs, exactArgs: cobra's validators, returning usage errors.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %s (got %d argument(s))", cmd.CommandPath(), names, len(args))
		}
		return nil
	}
}

func (a *shell) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use: "version", Short: "Print the version and VCS revision", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, r := version()
			fmt.Fprintf(a.out, "hipaarisk %s (revision %s)\n", v, r)
			return nil
		},
	}
}
