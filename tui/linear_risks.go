package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// risks lists the risk register, highest level first; a risk's number
// reads its detail, where its rating can be changed with a reason.
func (l *linear) risks() error {
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		rs := s.l.Analysis.Risks
		if n := len(s.l.Analysis.Conflicts); n > 0 {
			l.c.say("%d conflicts between answers and cloud checks; the summary lists them.", n)
		}
		if len(rs) == 0 {
			l.c.say("No risks yet: risks come from answers of no, partly or don't know, and from failed cloud checks.")
			return nil
		}
		rows := make([]string, len(rs))
		for i, r := range rs {
			rows[i] = fmt.Sprintf("%s: %s / %s (likelihood %s, impact %s)", r.Level, r.Threat, r.Vulnerability, r.Likelihood, r.Impact)
			if r.Override != nil {
				rows[i] += ", rating changed by the practice"
			}
		}
		i, err := l.c.choose(menu{title: fmt.Sprintf("Risks, highest level first (%d):", len(rs)), label: "Risk to read", options: rows, current: -1,
			help: "Type a risk's number to read why it is rated as it is, and to change its rating. b goes back to the main menu."})
		if err != nil {
			return err
		}
		l.c.blank()
		if err := l.risk(rs[i]); !l.settle(err) {
			return err
		}
		l.c.blank()
	}
}

// The choices of a risk's detail, in their order.
const (
	riskChange = iota
	riskUndo
	riskBack
)

func (l *linear) risk(r scoring.Risk) error {
	for _, line := range riskDetail(r) {
		l.c.say("%s", line)
	}
	opts := []string{"Change its rating", "", "Back to the list of risks"}
	if r.Override != nil {
		opts[riskUndo] = fmt.Sprintf("Undo the change (back to likelihood %s, impact %s)", r.DefaultLikelihood, r.DefaultImpact)
	}
	i, err := l.c.choose(menu{title: "What next?", label: "Choice", options: opts, current: riskBack})
	if err != nil {
		return err
	}
	switch i {
	case riskChange:
		return l.override(r)
	case riskUndo:
		if err := l.save("the default rating", func(ctx context.Context) error { return l.a.core.ClearOverride(ctx, l.s.id, r.ID) }); err != nil {
			return err
		}
		l.c.say("The risk has its default rating again.")
	}
	return nil
}

func riskDetail(r scoring.Risk) []string {
	out := []string{
		"Risk: " + sentence(r.Threat),
		"Weakness: " + sentence(r.Vulnerability),
		fmt.Sprintf("Level %s: likelihood %s, impact %s.", r.Level, r.Likelihood, r.Impact),
	}
	if o := r.Override; o != nil {
		out = append(out, fmt.Sprintf("Changed from likelihood %s, impact %s by %s: %s", r.DefaultLikelihood, r.DefaultImpact, o.By, sentence(o.Reason)))
	}
	for _, b := range r.Basis {
		out = append(out, "- "+sentence(b))
	}
	if len(r.Sources.Answers) > 0 {
		var s []string
		for _, a := range r.Sources.Answers {
			s = append(s, a.QuestionID+" ("+answerLabel(a.Value)+")")
		}
		out = append(out, "Raised by the answers to "+strings.Join(s, ", ")+".")
	}
	if n := len(r.Sources.Findings); n > 0 {
		out = append(out, fmt.Sprintf("Raised by %d failed cloud checks.", n))
	}
	if len(r.Sources.Vendors) > 0 {
		out = append(out, "Vendors without an agreement: "+strings.Join(r.Sources.Vendors, ", ")+".")
	}
	if len(r.Citations) > 0 {
		out = append(out, "45 CFR "+strings.Join(r.Citations, ", ")+".")
	}
	return out
}

func levelNames() []string {
	out := make([]string, len(assessment.Levels))
	for i, lv := range assessment.Levels {
		out[i] = lv.String()
	}
	return out
}

// override asks a new likelihood and impact and the reason, which is
// required; the change is saved with the reason.
func (l *linear) override(r scoring.Risk) error {
	o := assessment.Override{RiskID: r.ID, Likelihood: r.Likelihood, Impact: r.Impact}
	if r.Override != nil {
		o.Reason = r.Override.Reason
	}
	level := func(title string, v *assessment.Level) func() error {
		return func() error {
			i, err := l.c.choose(menu{label: title, options: levelNames(), current: slices.Index(assessment.Levels, *v),
				help: "Very Low, Low, Moderate, High or Very High, on the NIST SP 800-30 scale."})
			if err == nil {
				*v = assessment.Levels[i]
			}
			return err
		}
	}
	l.c.say("Change the rating. The change is saved when you give the reason.")
	return walk(
		level("Likelihood", &o.Likelihood),
		level("Impact", &o.Impact),
		func() error {
			return l.c.ask(text{label: "Why (required)", current: o.Reason, required: true, apply: true,
				help: "What makes this risk more or less likely or severe for the practice. The report prints it.",
				set: func(s string) error {
					o.Reason = s
					if err := l.save("the rating", func(ctx context.Context) error { return l.a.core.SetOverride(ctx, l.s.id, o) }); err != nil {
						return err
					}
					l.c.say("Saved: likelihood %s, impact %s.", o.Likelihood, o.Impact)
					return nil
				}})
		},
	)
}

// plan lists the risk management plan; an item's number sets its owner,
// due date, status and note.
func (l *linear) plan() error {
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		items := s.l.Analysis.Plan
		if len(items) == 0 {
			l.c.say("The plan is empty: it lists what to do for each risk once there are risks.")
			return nil
		}
		rows := make([]string, len(items))
		for i, it := range items {
			rows[i] = fmt.Sprintf("Priority %d, %s: %s. %s, due %s, owner %s", it.Priority, it.Level, strings.TrimSuffix(it.Vulnerability, "."),
				capitalize(statusLabels[it.Status]), orDash(it.Due), orDash(it.Owner))
		}
		i, err := l.c.choose(menu{title: fmt.Sprintf("Risk management plan, most urgent first (%d items):", len(items)), label: "Item to update", options: rows, current: -1,
			help: "Type an item's number to read what to do and to set its owner, due date, status and note. b goes back to the main menu."})
		if err != nil {
			return err
		}
		l.c.blank()
		if err := l.planItem(items[i]); !l.settle(err) {
			return err
		}
		l.c.blank()
	}
}

func orDash(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}

// planItem sets one item's tracking, field by field, each saved as given.
func (l *linear) planItem(it scoring.PlanItem) error {
	l.c.say("%s", sentence(it.Vulnerability))
	l.c.say("To do: %s", strings.Join(it.Actions, " "))
	t := assessment.Tracking{ItemID: it.ID, Owner: it.Owner, Due: it.Due, Status: it.Status, Note: it.Note,
		Reason: it.Reason, Approver: it.Approver, Review: it.Review, Completed: it.Completed, Evidence: it.Evidence}
	if it.ResidualAssessed {
		t.Residual = it.ResidualLevel
	}
	if t.Status == "" {
		t.Status = assessment.Todo
	}
	save := func() error {
		return l.save("the plan item", func(ctx context.Context) error { return l.a.core.SetTracking(ctx, l.s.id, t) })
	}
	ownerHelp := "The person or role who will do it."
	if it.SuggestedOwner != "" {
		ownerHelp += " Suggested: " + it.SuggestedOwner + "."
	}
	statuses := make([]string, len(assessment.PlanStatuses))
	for i, st := range assessment.PlanStatuses {
		statuses[i] = capitalize(statusLabels[st])
	}
	err := walk(
		l.field("Owner", ownerHelp, false, &t.Owner, save),
		func() error {
			return l.c.ask(text{label: "Due date, YYYY-MM-DD", current: t.Due, help: "For example 2026-06-30.",
				set: func(s string) error {
					if err := validDate(s); err != nil {
						return err
					}
					old := t.Due
					t.Due = s
					if err := save(); err != nil {
						t.Due = old
						return err
					}
					return nil
				}})
		},
		func() error {
			return l.c.keep(func() error {
				i, err := l.c.choose(menu{label: "Status", options: statuses, current: slices.Index(assessment.PlanStatuses, t.Status)})
				if err != nil || assessment.PlanStatuses[i] == t.Status {
					return err
				}
				old := t
				t.Status = assessment.PlanStatuses[i]
				if err := l.statusDetails(&t); err != nil {
					t = old
					return err
				}
				if err := save(); err != nil {
					t = old
					return err
				}
				return nil
			})
		},
		l.field("Note", "How it is going, what is in the way.", false, &t.Note, save),
	)
	if err == nil {
		l.c.say("The plan item is saved.")
	}
	return err
}

// statusDetails asks what a status needs: why a risk is accepted, who
// approved it and when to review it; when a done item was done and what
// shows it.
func (l *linear) statusDetails(t *assessment.Tracking) error {
	required := func(what string, dst *string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("accepting a risk needs %s", what)
			}
			*dst = strings.TrimSpace(v)
			return nil
		}
	}
	switch t.Status {
	case assessment.Accepted:
		return walk(
			func() error {
				return l.c.ask(text{label: "Why is the risk accepted", current: t.Reason, set: required("a reason", &t.Reason)})
			},
			func() error {
				return l.c.ask(text{label: "Who approved accepting it", current: t.Approver, set: required("who approved it", &t.Approver)})
			},
			func() error {
				return l.c.ask(text{label: "Review the acceptance by, YYYY-MM-DD", current: t.Review, help: "For example 2027-06-30.",
					set: func(v string) error {
						if err := required("a review date", &t.Review)(v); err != nil {
							return err
						}
						return validDate(v)
					}})
			},
		)
	case assessment.Done:
		return walk(
			func() error {
				return l.c.ask(text{label: "Done on, YYYY-MM-DD (Enter for today)", current: t.Completed,
					set: func(v string) error { t.Completed = strings.TrimSpace(v); return validDate(v) }})
			},
			func() error {
				return l.c.ask(text{label: "What shows it is done", current: t.Evidence, help: "A document, ticket or screenshot.",
					set: func(v string) error { t.Evidence = strings.TrimSpace(v); return nil }})
			},
		)
	}
	return nil
}
