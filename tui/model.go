package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// screen is one page of the wizard. The root model owns a stack of them.
type screen interface {
	update(msg tea.Msg) (screen, tea.Cmd)
	// view formats the body; it never does I/O.
	view(width, height int) string
	title() string
	// bindings are the keys that work right now, for the help line.
	bindings() []key.Binding
	// capturing is true while a text field or form has the keyboard, so
	// q, ?, and the number keys are typed rather than obeyed.
	capturing() bool
	// flush returns a command that saves anything typed but not yet
	// submitted, or nil.
	flush() tea.Cmd
}

// session is the open assessment: its stored inputs, the bank it is answered
// against and the analysis derived from them, replaced after every write.
type session struct {
	id int64
	l  *app.Loaded
}

func (s *session) bank() *questionnaire.Bank         { return s.l.Bank }
func (s *session) assessment() assessment.Assessment { return s.l.Inputs.Assessment }

// answer is the answer to question q, when it has a value.
func (s *session) answer(q string) (assessment.Answer, bool) {
	a, ok := s.l.Inputs.Answers[q]
	return a, ok && a.Value != ""
}

// entry is what is stored for question q: an answer, or a note or flag on
// a question not answered yet (the empty value).
func (s *session) entry(q string) (assessment.Answer, bool) {
	a, ok := s.l.Inputs.Answers[q]
	return a, ok
}

// Messages. Store reads and writes happen in commands that report back
// through these.
type (
	navMsg  struct{ to screen }
	backMsg struct{}
	homeMsg struct{}
	openMsg struct {
		l    *app.Loaded
		area int
		err  error
	}
	// savedMsg reports a write (what names it for the user) and the
	// reloaded assessment; l is nil when the write or reload failed.
	savedMsg struct {
		what string
		l    *app.Loaded
		err  error
	}
	statusMsg struct {
		text string
		err  bool
	}
)

func nav(s screen) tea.Cmd { return func() tea.Msg { return navMsg{s} } }
func back() tea.Msg        { return backMsg{} }
func goHome() tea.Msg      { return homeMsg{} }

// Areas of an open assessment, in the order of their number keys.
const (
	areaProfile = iota
	areaSections
	areaAssets
	areaVendors
	areaCloud
	areaRisks
	areaPlan
	areaSummary
)

// open loads an assessment and shows one of its areas.
func (a *wizard) open(id int64, area int) tea.Cmd {
	return func() tea.Msg {
		l, err := a.core.Load(a.ctx, id)
		return openMsg{l: l, area: area, err: err}
	}
}

// write runs one store write and reloads the assessment so every screen
// shows the consequences (scores, plan, completeness) at once.
func (a *wizard) write(id int64, what string, fn func(ctx context.Context) error) tea.Cmd {
	return func() tea.Msg {
		if err := fn(a.ctx); err != nil {
			return savedMsg{what: what, err: fmt.Errorf("save %s: %w", what, err)}
		}
		l, err := a.core.Load(a.ctx, id)
		if err != nil {
			return savedMsg{what: what, err: fmt.Errorf("reload after saving %s: %w", what, err)}
		}
		return savedMsg{what: what, l: l}
	}
}

// model is the root bubbletea model.
type model struct {
	app     *wizard
	w, h    int
	stack   []screen
	sess    *session
	help    help.Model
	showAll bool
	status  string
	statErr bool
	// escSeq numbers the Esc presses held while a text field has focus;
	// escHeld says the newest one is still waiting to be obeyed.
	escSeq  int
	escHeld bool
}

func newModel(a *wizard) *model {
	h := help.New()
	h.Styles = a.th.help
	return &model{app: a, w: 80, h: 24, stack: []screen{newHome(a)}, help: h}
}

func (m *model) top() screen { return m.stack[len(m.stack)-1] }

func (m *model) Init() tea.Cmd { return m.app.loadList() }

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return m, tea.Sequence(m.top().flush(), tea.Interrupt)
		}
		if isTyping(m.top()) {
			var hold tea.Cmd
			if msg, hold = m.typed(msg); hold != nil {
				return m, hold
			}
			m.status = ""
			s, cmd := m.top().update(msg)
			m.stack[len(m.stack)-1] = s
			m.fitBody()
			return m, cmd
		}
		m.escHeld = false
		if !m.top().capturing() {
			switch {
			case key.Matches(msg, keys.Quit):
				return m, tea.Sequence(m.top().flush(), tea.Quit)
			case key.Matches(msg, keys.Help):
				m.showAll = !m.showAll
				// the screen may show more (the question's guidance)
			case m.sess != nil && len(m.stack) > 1:
				for i, b := range areaKeys {
					if key.Matches(msg, b) {
						m.status = ""
						return m, m.app.open(m.sess.id, i)
					}
				}
			}
		}
		m.status = ""
	case navMsg:
		m.stack = append(m.stack, msg.to)
		return m, initScreen(msg.to, m.w, m.h)
	case backMsg:
		if len(m.stack) > 1 {
			m.stack = m.stack[:len(m.stack)-1]
		}
		if len(m.stack) == 1 {
			m.sess = nil
			return m, m.app.loadList()
		}
		return m, nil
	case homeMsg:
		m.stack, m.sess = m.stack[:1], nil
		return m, m.app.loadList()
	case openMsg:
		if msg.err != nil {
			m.status, m.statErr = "Could not open the assessment: "+msg.err.Error(), true
			return m, nil
		}
		m.sess = &session{id: msg.l.Inputs.Assessment.ID, l: msg.l}
		s := m.areaScreen(msg.area)
		m.stack = append(m.stack[:1], s)
		return m, initScreen(s, m.w, m.h)
	case savedMsg:
		switch {
		case errors.Is(msg.err, app.ErrFinalized):
			m.status, m.statErr = "This assessment is final and kept as a record: carry it forward (c on the assessment list) to change it.", true
		case msg.err != nil:
			m.status, m.statErr = msg.err.Error()+" — what you entered is still here; try again", true
		default:
			m.status, m.statErr = "Saved "+msg.what+".", false
			// A slow write (a cloud check) may finish after the user moved
			// to another assessment.
			if m.sess != nil && msg.l.Inputs.Assessment.ID == m.sess.id {
				m.sess.l = msg.l
			}
		}
	case statusMsg:
		m.status, m.statErr = msg.text, msg.err
		m.fitBody()
		return m, nil
	case escMsg:
		if !m.escHeld || msg.seq != m.escSeq {
			return m, nil // text followed the Esc: it was part of a burst
		}
		m.escHeld = false
		s, cmd := m.top().update(tea.KeyMsg{Type: tea.KeyEsc})
		m.stack[len(m.stack)-1] = s
		m.fitBody()
		return m, cmd
	case progressMsg:
		// Keep reading a probe run's progress whichever screen is shown.
		s, _ := m.top().update(msg)
		m.stack[len(m.stack)-1] = s
		return m, waitFor(msg.ch)
	}
	s, cmd := m.top().update(msg)
	m.stack[len(m.stack)-1] = s
	m.fitBody()
	return m, cmd
}

func (m *model) areaScreen(area int) screen {
	switch area {
	case areaProfile:
		return newProfile(m.app, m.sess, m.w)
	case areaAssets:
		return newInventory(m.app, m.sess, false)
	case areaVendors:
		return newInventory(m.app, m.sess, true)
	case areaCloud:
		return newCloud(m.app, m.sess)
	case areaRisks:
		return newRisks(m.app, m.sess)
	case areaPlan:
		return newPlan(m.app, m.sess)
	case areaSummary:
		return newSummary(m.app, m.sess)
	}
	return newSections(m.app, m.sess)
}

// foot is the status and help lines under the body.
func (m *model) foot() []string {
	th := m.app.th
	var foot []string
	if m.status != "" {
		st := th.okText
		if m.statErr {
			st = th.errText
		}
		foot = append(foot, wrapLines(st.Render(m.status), m.w)...)
	}
	binds := m.top().bindings()
	if !m.top().capturing() {
		if !slices.ContainsFunc(binds, func(b key.Binding) bool { return slices.Contains(b.Keys(), "?") }) {
			binds = append(binds, keys.Help)
		}
		binds = append(binds, keys.Quit)
		if m.sess != nil && len(m.stack) > 1 && m.showAll {
			binds = append(binds, areaKeys...)
		}
	}
	return append(foot, m.helpLines(binds)...)
}

// bodyHeight is the number of lines between the header and the foot.
func (m *model) bodyHeight(foot []string) int {
	return max(m.h-2-len(foot), 1)
}

// bodySizer screens lay out a form in the lines the body really has (the
// terminal less the header, status and help lines), so the focused field
// and its error are always on screen.
type bodySizer interface {
	setBody(width, height int)
}

// fitBody tells the top screen the size of the body it is drawn in.
func (m *model) fitBody() {
	if b, ok := m.top().(bodySizer); ok {
		b.setBody(m.w, m.bodyHeight(m.foot()))
	}
}

func (m *model) View() string {
	th := m.app.th
	head := th.title.Render("hipaarisk") + " · " + m.top().title()
	if m.sess != nil {
		a := m.sess.assessment()
		practice := a.Practice
		if a.Status == assessment.Final {
			practice += " (final)"
		}
		head = th.title.Render("hipaarisk") + " · " + practice + " · " + m.top().title()
	}
	head = clip(head, m.w)
	foot := m.foot()
	bodyH := m.bodyHeight(foot)
	var body string
	if q, ok := m.top().(guided); ok && m.showAll {
		body = q.guidance(m.w, bodyH)
	} else {
		body = m.top().view(m.w, bodyH)
	}
	lines := []string{head, ""}
	lines = append(lines, fitHeight(body, bodyH)...)
	lines = append(lines, foot...)
	return safeView(strings.Join(lines, "\n"))
}

// initer screens start something when shown (a form's cursor, a load).
type initer interface {
	init() tea.Cmd
}

// initScreen starts a screen that was just shown and tells it the size.
func initScreen(s screen, w, h int) tea.Cmd {
	var cmds []tea.Cmd
	if i, ok := s.(initer); ok {
		cmds = append(cmds, i.init())
	}
	cmds = append(cmds, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	return tea.Batch(cmds...)
}

// guided screens show their own guidance instead of the body on `?`.
type guided interface {
	guidance(width, height int) string
}

// helpLines renders the bindings with bubbles/help, as many lines as the
// width needs, so no key is cut off.
func (m *model) helpLines(binds []key.Binding) []string {
	var out []string
	var line []key.Binding
	width := 0
	for _, b := range binds {
		if !b.Enabled() {
			continue
		}
		w := len([]rune(b.Help().Key)) + 1 + len([]rune(b.Help().Desc)) + 3
		if width+w > m.w && len(line) > 0 {
			out = append(out, m.help.ShortHelpView(line))
			line, width = nil, 0
		}
		line = append(line, b)
		width += w
	}
	if len(line) > 0 {
		out = append(out, m.help.ShortHelpView(line))
	}
	return out
}
