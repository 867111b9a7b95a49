package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// listLabels are the plain words for the values of profile lists.
var listLabels = map[string]string{
	"aws": "Amazon Web Services (AWS)", "azure": "Microsoft Azure", "google-cloud": "Google Cloud",
	"microsoft-365": "Microsoft 365", "google-workspace": "Google Workspace", "other": "another cloud service",
}

func listLabel(v string) string {
	if s, ok := listLabels[v]; ok {
		return s
	}
	return strings.ReplaceAll(v, "_", " ")
}

// details asks the practice details and the profile facts one by one,
// saving each as it is given. A new assessment (id 0) is created as soon as
// it has a name.
type details struct {
	l     *linear
	id    int64
	as    assessment.Assessment // as stored
	bank  *questionnaire.Bank
	isNew bool
}

// newAssessment asks for the practice name first, then the assessor, the
// scope and the profile, and returns the new assessment's id.
func (l *linear) newAssessment() (int64, error) {
	l.c.blank()
	l.c.say("New assessment. First the practice details, then a few facts about the practice.")
	d := &details{l: l, bank: l.a.bank, isNew: true, as: assessment.Assessment{Assessor: l.a.opts.Actor, Scope: defaultScope}}
	err := d.run()
	switch {
	case d.id == 0:
		return 0, err
	case err == nil || errors.Is(err, errBack):
		l.c.say("Saved the new assessment for %s.", d.as.Practice)
		return d.id, nil
	}
	return d.id, err
}

// editDetails is the practice details and profile of the open assessment.
func (l *linear) editDetails() error {
	s, err := l.fresh()
	if err != nil {
		return err
	}
	l.c.say("Practice details and profile. Enter keeps each value as it is.")
	d := &details{l: l, id: s.id, as: s.assessment(), bank: s.bank()}
	if err := d.run(); err != nil {
		return err
	}
	l.c.say("The practice details and profile are saved.")
	return nil
}

func (d *details) run() error {
	steps := []func() error{d.name, d.assessor, d.scope}
	for _, f := range d.bank.ProfileFields {
		steps = append(steps, d.field(f))
	}
	return walk(steps...)
}

func (d *details) saveDetails(ctx context.Context) error {
	return d.l.a.core.UpdateDetails(ctx, d.id, d.as.Practice, d.as.Assessor, d.as.Scope)
}

func (d *details) name() error {
	return d.l.c.ask(text{label: "Practice name", current: d.as.Practice, required: true,
		help: "The practice's name as it should appear on the report.",
		set: func(s string) error {
			if d.id == 0 {
				return d.create(s)
			}
			old := d.as.Practice
			d.as.Practice = s
			if err := d.l.save("the practice name", d.saveDetails); err != nil {
				d.as.Practice = old
				return err
			}
			return nil
		}})
}

// create starts the assessment with its name; the other details are then
// saved one by one.
func (d *details) create(practice string) error {
	id, err := d.l.a.core.Create(d.l.a.ctx, app.NewAssessment{
		Practice: practice, Assessor: d.as.Assessor, Scope: d.as.Scope, BankVersion: d.bank.Version,
	})
	if err != nil {
		return fmt.Errorf("the new assessment was not saved: %w", err)
	}
	d.id, d.as.Practice = id, practice
	return nil
}

func (d *details) assessor() error {
	return d.l.c.ask(text{label: "Who is doing this assessment?", current: d.as.Assessor,
		help: "The person answering for the practice; the report names them.",
		set: func(s string) error {
			old := d.as.Assessor
			d.as.Assessor = s
			if err := d.l.save("the assessor", d.saveDetails); err != nil {
				d.as.Assessor = old
				return err
			}
			return nil
		}})
}

func (d *details) scope() error {
	return d.l.c.ask(text{label: "Scope", current: d.as.Scope,
		help: "What this assessment covers: normally all patient information the practice creates, receives, keeps or sends, everywhere.",
		set: func(s string) error {
			old := d.as.Scope
			d.as.Scope = s
			if err := d.l.save("the scope", d.saveDetails); err != nil {
				d.as.Scope = old
				return err
			}
			return nil
		}})
}

// setProfile applies one typed value to the profile, checks it against the
// bank and saves it.
func (d *details) setProfile(f questionnaire.ProfileField, value string) error {
	p := d.as.Profile
	if err := p.Set(f.Key, value); err != nil {
		return errors.New(plainProfileError(f, value, err))
	}
	if err := d.bank.ValidateProfile(p); err != nil {
		return err
	}
	if err := d.l.save("the answer about "+strings.ToLower(strings.TrimSuffix(f.Prompt, "?")), func(ctx context.Context) error {
		return d.l.a.core.UpdateProfile(ctx, d.id, p)
	}); err != nil {
		return err
	}
	d.as.Profile = p
	return nil
}

func plainProfileError(f questionnaire.ProfileField, value string, err error) string {
	switch f.Kind {
	case questionnaire.FieldInt:
		return fmt.Sprintf("%q is not a whole number; type a number such as 3", value)
	case questionnaire.FieldBool:
		return fmt.Sprintf("%q is not yes or no", value)
	}
	return err.Error()
}

// field asks one profile fact in the way its kind needs.
func (d *details) field(f questionnaire.ProfileField) func() error {
	c := d.l.c
	return func() error {
		c.blank()
		cur := d.as.Profile.Get(f.Key)
		switch f.Kind {
		case questionnaire.FieldBool:
			var current *bool
			if !d.isNew {
				b := cur == "yes"
				current = &b
			}
			return c.keep(func() error {
				v, err := c.confirm(f.Prompt, f.Help, current)
				if err != nil {
					return err
				}
				return d.setProfile(f, yesNo(v))
			})
		case questionnaire.FieldList:
			return d.list(f)
		case questionnaire.FieldInt:
			if d.isNew {
				cur = ""
			}
			return c.ask(text{label: f.Prompt, help: f.Help, current: cur, required: true,
				set: func(s string) error { return d.setProfile(f, s) }})
		}
		return c.ask(text{label: f.Prompt, help: f.Help, current: cur,
			set: func(s string) error { return d.setProfile(f, s) }})
	}
}

// list asks for the options of a list that apply, by number.
func (d *details) list(f questionnaire.ProfileField) error {
	c := d.l.c
	c.say("%s", f.Prompt)
	for i, o := range f.Options {
		c.say("%d. %s", i+1, listLabel(o))
	}
	cur := d.as.Profile.Get(f.Key)
	current := "none"
	if cur != "" {
		var labels []string
		for _, v := range strings.Split(cur, ",") {
			labels = append(labels, listLabel(strings.TrimSpace(v)))
		}
		current = strings.Join(labels, ", ")
	}
	if d.isNew {
		current = ""
	}
	return c.ask(text{label: "Numbers of those that apply, separated by commas, 0 for none", help: f.Help, current: current, required: true,
		set: func(s string) error {
			vals, err := pickList(f.Options, s)
			if err != nil {
				return err
			}
			return d.setProfile(f, strings.Join(vals, ","))
		}})
}

// pickList reads "1, 3", "0" or the options' own words.
func pickList(options []string, s string) ([]string, error) {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if part == "0" {
			continue
		}
		v := ""
		if n, err := strconv.Atoi(part); err == nil && n >= 1 && n <= len(options) {
			v = options[n-1]
		}
		for _, o := range options {
			if strings.EqualFold(part, o) {
				v = o
			}
		}
		if v == "" {
			return nil, fmt.Errorf("%q is not one of the choices: type numbers from 1 to %d, or 0 for none", part, len(options))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}
