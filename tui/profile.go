package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// defaultScope is offered for a new assessment.
const defaultScope = "All electronic protected health information the practice creates, receives, keeps or sends, in every location, system, device and service."

// profileValues are the form's fields; huh writes into them as the user
// types, so a flush can save whatever is on screen. The profile facts are
// described by the bank (Bank.ProfileFields) and kept as text, yes/no or a
// list, keyed by field key.
type profileValues struct {
	Practice, Assessor, Scope string
	text                      map[string]*string
	flag                      map[string]*bool
	list                      map[string]*[]string
	nums                      map[string]bool // text keys that hold whole numbers
	base                      assessment.Profile
}

func valuesOf(bank *questionnaire.Bank, a assessment.Assessment, actor string) *profileValues {
	v := &profileValues{
		Practice: a.Practice, Assessor: a.Assessor, Scope: a.Scope, base: a.Profile,
		text: map[string]*string{}, flag: map[string]*bool{}, list: map[string]*[]string{}, nums: map[string]bool{},
	}
	if a.ID == 0 {
		v.Assessor, v.Scope = actor, defaultScope
	}
	for _, f := range bank.ProfileFields {
		cur := a.Profile.Get(f.Key)
		switch f.Kind {
		case questionnaire.FieldBool:
			b := cur == "yes"
			v.flag[f.Key] = &b
		case questionnaire.FieldList:
			var l []string
			for _, s := range strings.Split(cur, ",") {
				if s = strings.TrimSpace(s); s != "" {
					l = append(l, s)
				}
			}
			v.list[f.Key] = &l
		default:
			if f.Kind == questionnaire.FieldInt {
				v.nums[f.Key] = true
				if a.ID == 0 {
					cur = ""
				}
			}
			v.text[f.Key] = &cur
		}
	}
	return v
}

// clone copies the values so a command can use them while the form edits on.
func (v *profileValues) clone() *profileValues {
	c := &profileValues{Practice: v.Practice, Assessor: v.Assessor, Scope: v.Scope, base: v.base, nums: v.nums,
		text: map[string]*string{}, flag: map[string]*bool{}, list: map[string]*[]string{}}
	for k, p := range v.text {
		s := *p
		c.text[k] = &s
	}
	for k, p := range v.flag {
		b := *p
		c.flag[k] = &b
	}
	for k, p := range v.list {
		l := slices.Clone(*p)
		c.list[k] = &l
	}
	return c
}

// profile applies the values to the stored profile.
func (v *profileValues) profile() (assessment.Profile, error) {
	p := v.base
	set := func(k, s string) error {
		if err := p.Set(k, s); err != nil {
			return fmt.Errorf("practice profile: %w", err)
		}
		return nil
	}
	for k, s := range v.text {
		val := strings.TrimSpace(*s)
		if val == "" && v.nums[k] {
			val = "0"
		}
		if err := set(k, val); err != nil {
			return p, err
		}
	}
	for k, b := range v.flag {
		if err := set(k, map[bool]string{true: "yes", false: "no"}[*b]); err != nil {
			return p, err
		}
	}
	for k, l := range v.list {
		if err := set(k, strings.Join(*l, ",")); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (v *profileValues) equal(o *profileValues) bool {
	a, errA := v.profile()
	b, errB := o.profile()
	return errA == nil && errB == nil && v.Practice == o.Practice && v.Assessor == o.Assessor &&
		v.Scope == o.Scope && fmt.Sprint(a) == fmt.Sprint(b)
}

func validName(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("the practice name is needed")
	}
	return nil
}

// validField checks one typed value the way Profile.Set will read it.
func validField(key string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		var p assessment.Profile
		return p.Set(key, s)
	}
}

// profileFields are the practice details followed by the bank's profile
// facts; the full-screen form pages them, the linear mode asks them in turn.
func profileFields(bank *questionnaire.Bank, v *profileValues) []huh.Field {
	fields := []huh.Field{
		huh.NewInput().Title("Practice name").Value(&v.Practice).Validate(validName),
		huh.NewInput().Title("Who is doing this assessment?").Value(&v.Assessor),
		huh.NewText().Title("Scope").Description("What this assessment covers.").Value(&v.Scope).Lines(3),
	}
	for _, f := range bank.ProfileFields {
		switch f.Kind {
		case questionnaire.FieldBool:
			fields = append(fields, huh.NewConfirm().Title(f.Prompt).Description(f.Help).Value(v.flag[f.Key]))
		case questionnaire.FieldList:
			fields = append(fields, huh.NewMultiSelect[string]().Title(f.Prompt).
				Description(strings.TrimSpace(f.Help+" (space ticks, enter goes on)")).
				Options(huh.NewOptions(f.Options...)...).Value(v.list[f.Key]))
		default:
			fields = append(fields, huh.NewInput().Title(f.Prompt).Description(f.Help).Value(v.text[f.Key]).Validate(validField(f.Key)))
		}
	}
	return fields
}

// profileGroups pages the fields: the practice details, then the profile
// facts four to a page.
func profileGroups(bank *questionnaire.Bank, v *profileValues) []*huh.Group {
	fields := profileFields(bank, v)
	groups := []*huh.Group{huh.NewGroup(fields[:3]...).Title("The practice")}
	for fields = fields[3:]; len(fields) > 0; {
		n := min(4, len(fields))
		groups = append(groups, huh.NewGroup(fields[:n]...).Title("About the practice"))
		fields = fields[n:]
	}
	return groups
}

// saveProfile creates the assessment (id 0) or updates its details and
// profile, and reports the id.
func (a *wizard) saveProfile(ctx context.Context, bank *questionnaire.Bank, id int64, v *profileValues) (int64, error) {
	p, err := v.profile()
	if err != nil {
		return id, err
	}
	practice, assessor, scope := strings.TrimSpace(v.Practice), strings.TrimSpace(v.Assessor), strings.TrimSpace(v.Scope)
	if id == 0 {
		nid, err := a.core.Create(ctx, app.NewAssessment{
			Practice: practice, Assessor: assessor, Scope: scope, Profile: p, BankVersion: bank.Version,
		})
		if err != nil {
			return 0, fmt.Errorf("create assessment: %w", err)
		}
		return nid, nil
	}
	if err := a.core.UpdateDetails(ctx, id, practice, assessor, scope); err != nil {
		return id, fmt.Errorf("save practice details: %w", err)
	}
	if err := a.core.UpdateProfile(ctx, id, p); err != nil {
		return id, fmt.Errorf("save practice profile: %w", err)
	}
	return id, nil
}

// defaultAssessor is offered as the assessor of a new assessment: the
// name given with --as; the login name is not offered, since answers are
// recorded as given by the assessor.
func (a *wizard) defaultAssessor() string {
	if a.core.ActorNamed() {
		return a.opts.Actor
	}
	return ""
}

// profileScreen is the practice profile and scope form, for a new
// assessment (sess nil) or an open one.
type profileScreen struct {
	app      *wizard
	sess     *session
	bank     *questionnaire.Bank
	v        *profileValues
	saved    *profileValues // what the store holds, nil for a new assessment
	form     *huh.Form
	width    int
	height   int
	firstRun bool
	saving   bool
	// done is set once the form was saved: keys that arrive before the
	// wizard moves on must not save it again (a second new assessment).
	done bool
}

func newProfile(a *wizard, s *session, width int) *profileScreen {
	p := &profileScreen{app: a, sess: s, bank: a.bank, width: width}
	var as assessment.Assessment
	if s != nil {
		as, p.bank = s.assessment(), s.bank()
	}
	p.v = valuesOf(p.bank, as, a.defaultAssessor())
	if s != nil {
		p.saved = p.v.clone()
	}
	p.build()
	return p
}

func (p *profileScreen) build() {
	p.form = screenForm(p.app.th, p.width, profileGroups(p.bank, p.v)...)
	if p.height > 0 {
		sizeForm(p.form, p.width, p.height-p.aboveForm(p.width))
	}
}

func (p *profileScreen) typing() bool { return formTyping(p.form) }

// setBody fits the form to the body, below the first-run introduction.
func (p *profileScreen) setBody(width, height int) {
	p.width, p.height = width, height
	sizeForm(p.form, width, height-p.aboveForm(width))
}

// aboveForm is the number of lines shown over the form.
func (p *profileScreen) aboveForm(width int) int {
	n := 0
	if p.firstRun {
		n += strings.Count(firstRunText(width), "\n") + 2
	}
	if p.saving {
		n++
	}
	return n
}

func (p *profileScreen) init() tea.Cmd { return p.form.Init() }

func (p *profileScreen) title() string {
	if p.sess == nil {
		return "New assessment"
	}
	return "Practice profile"
}

func (p *profileScreen) capturing() bool { return true }

func (p *profileScreen) bindings() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		withHelp(keys.Back, "save and leave"),
		key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

func (p *profileScreen) id() int64 {
	if p.sess == nil {
		return 0
	}
	return p.sess.id
}

// flush saves what is typed when it names a practice and differs from
// what is stored.
func (p *profileScreen) flush() tea.Cmd {
	if p.saving || p.done || validName(p.v.Practice) != nil || (p.saved != nil && p.v.equal(p.saved)) {
		return nil
	}
	p.saving = true
	return p.saveCmd()
}

type profileSavedMsg struct {
	id  int64
	err error
}

func (p *profileScreen) saveCmd() tea.Cmd {
	v, id, bank := p.v.clone(), p.id(), p.bank
	return func() tea.Msg {
		nid, err := p.app.saveProfile(p.app.ctx, bank, id, v)
		return profileSavedMsg{id: nid, err: err}
	}
}

func (p *profileScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.width = msg.Width
		p.form = p.form.WithWidth(msg.Width)
	case profileSavedMsg:
		p.saving = false
		if msg.err != nil {
			// Keep every value on screen and let the user submit again.
			p.build()
			return p, tea.Batch(p.form.Init(), func() tea.Msg {
				return statusMsg{text: msg.err.Error() + " — your entries are still here; go through the form again to retry", err: true}
			})
		}
		p.done = true
		return p, p.app.open(msg.id, areaSections)
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) && !p.done {
			if cmd := p.flush(); cmd != nil {
				return p, cmd
			}
			return p, back
		}
	}
	if _, key := msg.(tea.KeyMsg); key && p.done {
		return p, nil // saved; the next screen is on its way, and a key must not save again
	}
	f, cmd := p.form.Update(msg)
	p.form = f.(*huh.Form)
	// Once saved, the completed form stays completed while the next screen
	// loads; any message (a blink, a resize) must not save it again.
	if p.form.State == huh.StateCompleted && !p.saving && !p.done {
		p.saving = true
		return p, p.saveCmd()
	}
	return p, cmd
}

func (p *profileScreen) view(width, height int) string {
	var b strings.Builder
	if p.firstRun {
		b.WriteString(firstRunText(width) + "\n\n")
	}
	if p.saving {
		b.WriteString("Saving…\n")
	}
	b.WriteString(formView(p.app.th, p.form, width, height-p.aboveForm(width)))
	return b.String()
}

// firstRunText explains the tool in two lines.
func firstRunText(width int) string {
	return wrap("hipaarisk walks you through the HIPAA Security Rule risk analysis of your practice and turns your answers into a risk register and a plan.", width) +
		"\n" + wrap("Everything is saved as you go. Start by describing the practice.", width)
}
