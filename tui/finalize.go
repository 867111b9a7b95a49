package tui

import (
	"errors"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hipaarisk/hipaarisk/app"
)

// finalizedMsg reports a finalize: the digest, or why the assessment was
// not finalized; l is the reloaded assessment.
type finalizedMsg struct {
	digest string
	l      *app.Loaded
	err    error
}

// finalize locks the assessment and reloads it.
func (a *wizard) finalize(id int64) tea.Cmd {
	return func() tea.Msg {
		digest, err := a.lock(a.ctx, id)
		if err != nil {
			return finalizedMsg{err: err}
		}
		l, err := a.core.Load(a.ctx, id)
		return finalizedMsg{digest: digest, l: l, err: err}
	}
}

// finalizeText says what finalizing means, before the user agrees to it.
const finalizeText = "Finalizing makes this assessment the dated record of your risk analysis. " +
	"It is locked: no answer, inventory entry, rating or plan item can be changed afterwards. " +
	"To change anything later, start a new assessment carried forward from this one " +
	"(c on the assessment list); the final one stays as it is. " +
	"The report then carries a digest that shows a filed copy was not altered."

// refusalItems splits the store's refusal into the items it lists: one per
// line, or per "; " when it is one line, without the operation names that
// wrap it.
func refusalItems(err error) []string {
	msg := err.Error()
	var items []string
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-•*"))
		if line != "" {
			items = append(items, line)
		}
	}
	if len(items) > 1 && strings.HasSuffix(items[0], ":") {
		items = items[1:] // the heading of the list
	}
	if len(items) == 1 {
		items = strings.Split(items[0], "; ")
	}
	return items
}

// refusal lists what stops the assessment from being finalized; enter on an
// item that names a question opens it.
type refusal struct {
	app    *wizard
	sess   *session
	intro  string
	items  []string
	qids   []string // the question each item names, or ""
	cursor int
}

var questionIDPattern = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b`)

func newRefusal(a *wizard, s *session, err error) *refusal {
	r := &refusal{app: a, sess: s, items: refusalItems(err),
		intro: "The assessment was not finalized. These need attention first:"}
	if errors.Is(err, app.ErrFinalized) {
		r.intro = "The assessment is already final."
	}
	known := map[string]bool{}
	for _, q := range s.bank().Questions {
		known[q.ID] = true
	}
	for _, it := range r.items {
		id := ""
		for _, m := range questionIDPattern.FindAllString(it, -1) {
			if known[m] {
				id = m
				break
			}
		}
		r.qids = append(r.qids, id)
	}
	return r
}

func (r *refusal) title() string   { return "Not finalized" }
func (r *refusal) capturing() bool { return false }
func (r *refusal) flush() tea.Cmd  { return nil }
func (r *refusal) bindings() []key.Binding {
	b := []key.Binding{keys.Up, keys.Down}
	if r.cursor < len(r.qids) && r.qids[r.cursor] != "" {
		b = append(b, withHelp(keys.Enter, "go to the question"))
	}
	return append(b, withHelp(keys.Back, "summary"))
}

func (r *refusal) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return r, nil
	}
	switch {
	case key.Matches(k, keys.Up):
		r.cursor = moveCursor(r.cursor, len(r.items), -1)
	case key.Matches(k, keys.Down):
		r.cursor = moveCursor(r.cursor, len(r.items), 1)
	case key.Matches(k, keys.Enter) && r.cursor < len(r.qids) && r.qids[r.cursor] != "":
		return r, r.app.openQuestion(r.sess, r.qids[r.cursor])
	case key.Matches(k, keys.Back):
		return r, back
	}
	return r, nil
}

func (r *refusal) view(width, height int) string {
	th := r.app.th
	head := wrapLines(th.errText.Render(r.intro), width)
	head = append(head, "")
	items := make([][]string, len(r.items))
	for i, it := range r.items {
		if r.qids[i] != "" {
			it += " (enter opens it)"
		}
		items[i] = cells("• ", it, width-2)
	}
	return strings.Join(append(head, rows(items, r.cursor, height-len(head), th.selected.Render)...), "\n")
}
