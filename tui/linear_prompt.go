package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// The linear mode is plain text, one prompt at a time: every prompt is
// written in full before the line that answers it is read, and nothing is
// ever redrawn. These words work at every prompt.
const (
	wordHelp = "?"
	wordBack = "b"
	wordQuit = "q"
	// wordClear empties an optional text that has a value.
	wordClear = "-"
)

// keysText is said once at the start and again on "?" where a prompt has
// no guidance of its own.
const keysText = "At every prompt: Enter alone keeps the value shown, ? explains, b goes back, q saves and quits. " +
	"Everything is saved as soon as you give it."

// Ways out of a prompt besides an answer.
var (
	// errBack: the user typed b.
	errBack = errors.New("go back")
	// errQuit: the user typed q; everything given so far is saved.
	errQuit = errors.New("quit")
	// errInputEnded: the input ran out (end of file, Ctrl+D).
	errInputEnded = errors.New("input ended")
	// errSkip: a step of a walk that does not apply now.
	errSkip = errors.New("not asked")
)

// waysOut are the errors that leave a prompt on the user's word, never
// asked again.
var waysOut = []error{errBack, errQuit, errInputEnded, errSkip, errNextQuestion}

type lineResult struct {
	text string
	err  error
}

// console is the linear mode's terminal. A reader goroutine reads one line
// each time a prompt asks for one, never before, so no answer can be taken
// for a prompt the person has not seen; a prompt waiting for a line gives
// way to the context (Ctrl+C).
type console struct {
	ctx   context.Context
	out   io.Writer
	want  chan struct{}
	lines chan lineResult
	ended bool
	// echo writes each line read after its prompt, when the input is not
	// a terminal (which echoes typing itself), so a transcript of piped
	// input reads as a dialogue.
	echo bool
}

func newConsole(ctx context.Context, in io.Reader, out io.Writer) *console {
	// lines holds one line, so the reader never waits on a prompt that
	// gave way to the context.
	c := &console{ctx: ctx, out: out, want: make(chan struct{}), lines: make(chan lineResult, 1), echo: !isTerminal(in)}
	go c.read(bufio.NewReader(in))
	return c
}

// isTerminal reports whether r is a character device, as a terminal is.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// read hands out one line per request until the input fails. It may stay
// blocked on a terminal after the mode has ended; the process ends with it.
func (c *console) read(br *bufio.Reader) {
	for range c.want {
		s, err := br.ReadString('\n')
		if s != "" {
			err = nil
		}
		c.lines <- lineResult{s, err}
	}
}

// close stops the reader once it has handed out its line.
func (c *console) close() { close(c.want) }

// write sends text as it is and flushes it when the writer buffers.
func (c *console) write(s string) {
	io.WriteString(c.out, s)
	if f, ok := c.out.(interface{ Flush() error }); ok {
		f.Flush()
	}
}

// say writes one line.
func (c *console) say(format string, args ...any) {
	c.write(fmt.Sprintf(format, args...) + "\n")
}

// blank writes an empty line, which separates one step from the next.
func (c *console) blank() { c.write("\n") }

// line writes prompt and reads the answer: trimmed, control characters
// dropped. b and q come back as errBack and errQuit.
func (c *console) line(prompt string) (string, error) {
	if c.ended {
		return "", errInputEnded
	}
	c.write(prompt + " ")
	select {
	case c.want <- struct{}{}:
	case <-c.ctx.Done():
		c.write("\n")
		return "", ErrInterrupted
	}
	var r lineResult
	select {
	case r = <-c.lines:
	case <-c.ctx.Done():
		c.write("\n")
		return "", ErrInterrupted
	}
	if r.err != nil {
		c.write("\n")
		c.ended = true
		if errors.Is(r.err, io.EOF) {
			return "", errInputEnded
		}
		return "", fmt.Errorf("read input: %w", r.err)
	}
	if c.echo {
		c.write(strings.TrimRight(r.text, "\r\n") + "\n")
	}
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return -1
		}
		return r
	}, r.text))
	switch strings.ToLower(s) {
	case wordBack:
		return "", errBack
	case wordQuit:
		return "", errQuit
	}
	return s, nil
}

// retry reports whether a failed step may be asked again: not when the
// user left, the input ended, or the failure is one a new entry cannot fix.
func (c *console) retry(err error) bool {
	if c.ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return false
	}
	for _, way := range waysOut {
		if errors.Is(err, way) {
			return false
		}
	}
	var f fatal
	return !errors.As(err, &f)
}

// fatal marks an error that stops the step instead of asking again (the
// assessment is final, the file cannot be read).
type fatal struct{ err error }

func (f fatal) Error() string { return f.err.Error() }
func (f fatal) Unwrap() error { return f.err }

// text describes one free-text prompt.
type text struct {
	label    string // "Practice name"
	help     string // said on "?"
	current  string // Enter keeps it
	required bool   // an empty value is refused
	// apply gives current to set on Enter: the prompt starts an action
	// rather than keeping a stored value.
	apply bool
	// set checks the value and saves it; an error repeats the prompt with
	// what was wrong.
	set func(string) error
}

// ask asks for text until set accepts it.
func (c *console) ask(t text) error {
	hint := ""
	keeps := "Enter keeps"
	if t.apply {
		keeps = "Enter uses"
	}
	switch {
	case t.current != "" && len(t.current) > 40:
		c.say("Now: %s", t.current)
		hint = keeps + " it"
	case t.current != "":
		hint = keeps + ": " + t.current
	case !t.required:
		hint = "Enter leaves it empty"
	}
	if t.current != "" && !t.required && !t.apply {
		hint += "; " + wordClear + " empties it"
	}
	prompt := t.label + ":"
	if hint != "" {
		prompt = t.label + " (" + hint + "):"
	}
	for {
		s, err := c.line(prompt)
		if err != nil {
			return err
		}
		switch {
		case s == wordHelp:
			c.help(t.help)
			continue
		case s == "" && t.current != "" && t.apply:
			s = t.current
		case s == "" && t.current != "":
			return nil // kept
		case s == "" && t.required:
			c.say("Not accepted: this needs an answer; ? explains.")
			continue
		case s == wordClear && !t.required && !t.apply:
			s = ""
		}
		if err := t.set(s); err != nil {
			if !c.retry(err) {
				return err
			}
			c.say("Not accepted: %s", sentence(err.Error()))
			continue
		}
		return nil
	}
}

func (c *console) help(h string) {
	if h == "" {
		h = keysText
	}
	c.say("%s", h)
}

// sentence ends s with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":") {
		return s
	}
	return s + "."
}

// menu describes a numbered choice. Options are numbered from 1 in order;
// an empty option keeps its number but is not offered, so an answer keeps
// its number on every question.
type menu struct {
	title   string   // said before the options, if any
	label   string   // the prompt, e.g. "Answer"
	options []string // plain words
	current int      // index Enter keeps; -1 for none
	help    string
	// extra are letters besides the numbers, e.g. "s" to skip; choose
	// returns their value (negative, so it never is an option's index).
	extra map[string]int
	// extraHint explains the extra letters in the prompt.
	extraHint string
}

// choose asks until a valid option is typed: its number or its words.
func (c *console) choose(m menu) (int, error) {
	if m.title != "" {
		c.say("%s", m.title)
	}
	var offered []int
	var parts []string
	width := 0
	for i, o := range m.options {
		if o != "" {
			offered = append(offered, i)
			parts = append(parts, fmt.Sprintf("%d. %s", i+1, o))
			width += len(parts[len(parts)-1]) + 2
		}
	}
	if width <= 78 {
		c.say("%s", strings.Join(parts, "  "))
	} else {
		for _, p := range parts {
			c.say("%s", p)
		}
	}
	for {
		s, err := c.line(m.prompt(offered))
		if err != nil {
			return -1, err
		}
		if s == wordHelp {
			c.help(m.help)
			continue
		}
		if s == "" && m.current >= 0 {
			return m.current, nil
		}
		if v, ok := m.extra[strings.ToLower(s)]; ok {
			return v, nil
		}
		if i, ok := m.find(s); ok {
			return i, nil
		}
		what := "nothing was typed;"
		if s != "" {
			what = strconv.Quote(s) + " is not one of the choices:"
		}
		c.say("Not accepted: %s type %s.", what, numbers(offered))
	}
}

// find reads s as an option's number or its words.
func (m menu) find(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= len(m.options) && m.options[n-1] != "" {
			return n - 1, true
		}
		return -1, false
	}
	for i, o := range m.options {
		if o != "" && strings.EqualFold(o, s) {
			return i, true
		}
	}
	return -1, false
}

func (m menu) prompt(offered []int) string {
	var hints []string
	if len(offered) > 0 {
		hints = append(hints, numbers(offered))
	}
	if m.extraHint != "" {
		hints = append(hints, m.extraHint)
	}
	switch {
	case m.current < 0 || m.current >= len(m.options):
	case len(m.options[m.current]) <= 30:
		hints = append(hints, "Enter keeps "+m.options[m.current])
	default:
		hints = append(hints, fmt.Sprintf("Enter chooses %d", m.current+1))
	}
	return fmt.Sprintf("%s (%s):", m.label, strings.Join(hints, ", "))
}

// numbers says which numbers may be typed: "1 to 5", or "1, 2, 3 or 5"
// when some are not offered.
func numbers(offered []int) string {
	if len(offered) == 0 {
		return "nothing"
	}
	first, last := offered[0], offered[len(offered)-1]
	if last-first == len(offered)-1 {
		if first == last {
			return strconv.Itoa(first + 1)
		}
		return fmt.Sprintf("%d to %d", first+1, last+1)
	}
	s := make([]string, len(offered))
	for i, o := range offered {
		s[i] = strconv.Itoa(o + 1)
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// keep runs ask again while it fails with an error a new entry can fix,
// saying what was wrong each time.
func (c *console) keep(ask func() error) error {
	for {
		err := ask()
		if err == nil || !c.retry(err) {
			return err
		}
		c.say("Not accepted: %s", sentence(err.Error()))
	}
}

// confirm asks a yes-or-no question; current is kept on Enter unless it is
// nil.
func (c *console) confirm(label, help string, current *bool) (bool, error) {
	hint := "y or n"
	if current != nil {
		hint += ", Enter keeps " + yesNo(*current)
	}
	for {
		s, err := c.line(fmt.Sprintf("%s (%s):", label, hint))
		if err != nil {
			return false, err
		}
		switch strings.ToLower(s) {
		case wordHelp:
			c.help(help)
			continue
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		case "":
			if current != nil {
				return *current, nil
			}
		}
		what := "nothing was typed;"
		if s != "" {
			what = strconv.Quote(s) + " is not yes or no:"
		}
		c.say("Not accepted: %s type y for yes or n for no.", what)
	}
}

// walk runs steps in order. b at a step goes back to the step before it
// that was asked; b at the first step leaves the walk with errBack. A step
// that does not apply returns errSkip and is passed over both ways.
func walk(steps ...func() error) error {
	back := false
	for i := 0; i < len(steps); {
		err := steps[i]()
		switch {
		case errors.Is(err, errSkip) && !back:
			i++
		case errors.Is(err, errSkip), errors.Is(err, errBack):
			if i == 0 {
				return errBack
			}
			back = true
			i--
		case err != nil:
			return err
		default:
			back = false
			i++
		}
	}
	return nil
}
