package tui

import "github.com/charmbracelet/bubbles/key"

// keys are the bindings shared by the screens. Each screen lists the ones
// that work on it so the help line never shows a dead key.
var keys = struct {
	Up, Down, Enter, Back, Tab, Help, Quit                   key.Binding
	New, Carry, Delete, Edit, Add, Confirm, Cancel           key.Binding
	Yes, Partial, No, NotApplicable, Unknown                 key.Binding
	Note, Flag, Decision, Accept, Prev, Next, NextUnanswered key.Binding
	Profile, Sections, Assets, Vendors, Cloud, Risks, Plan   key.Binding
	Summary, Export, Run, Clear, Finalize, LoadFile, Skip    key.Binding
	ReviewSection, FlaggedList, SectionSummary               key.Binding
}{
	Up:             key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:           key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Enter:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	Back:           key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Tab:            key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "next field")),
	Help:           key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
	Quit:           key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
	New:            key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
	Carry:          key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "carry forward")),
	Delete:         key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
	Edit:           key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
	Add:            key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
	Confirm:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, delete")),
	Cancel:         key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep")),
	Yes:            key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
	Partial:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "partly")),
	No:             key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
	NotApplicable:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "n/a")),
	Unknown:        key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "don't know")),
	Note:           key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "note")),
	Flag:           key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "flag")),
	Decision:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "follow-up")),
	Accept:         key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "take suggestion")),
	Prev:           key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous")),
	Next:           key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next")),
	NextUnanswered: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "next unanswered")),
	Profile:        key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "profile")),
	Sections:       key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "questions")),
	Assets:         key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "assets")),
	Vendors:        key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "vendors")),
	Cloud:          key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "cloud")),
	Risks:          key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "risks")),
	Plan:           key.NewBinding(key.WithKeys("7"), key.WithHelp("7", "plan")),
	Summary:        key.NewBinding(key.WithKeys("8"), key.WithHelp("8", "summary")),
	Export:         key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export")),
	Run:            key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "run checks")),
	LoadFile:       key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "load a file")),
	Skip:           key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
	ReviewSection:  key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "confirm section reviewed")),
	FlaggedList:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "flagged & don't know")),
	SectionSummary: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "section summary")),
	Finalize:       key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "finalize")),
	Clear:          key.NewBinding(key.WithKeys("backspace"), key.WithHelp("bksp", "clear answer")),
}

// areaKeys are the number keys that jump between the areas of an open
// assessment; every assessment screen offers them.
var areaKeys = []key.Binding{keys.Profile, keys.Sections, keys.Assets, keys.Vendors, keys.Cloud, keys.Risks, keys.Plan, keys.Summary}
