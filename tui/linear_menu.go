package tui

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
)

// mainItems are the main menu of an open assessment: every screen of the
// full-screen wizard, in plain text.
var mainItems = []struct {
	label string
	run   func(*linear) error
}{
	{"Practice details and profile", (*linear).editDetails},
	{"Questions, section by section", (*linear).sections},
	{"Assets holding patient information", func(l *linear) error { return l.inventory(false) }},
	{"Vendors and business associates", func(l *linear) error { return l.inventory(true) }},
	{"Cloud checks (AWS)", (*linear).cloud},
	{"Risks", (*linear).risks},
	{"Risk management plan", (*linear).plan},
	{"Summary: completeness, risks by level, what needs review", (*linear).summary},
	{"Finalize", (*linear).finalize},
	{"Export a report (PDF, Markdown, JSON or CSV)", (*linear).export},
	{"Back to the list of assessments", nil},
}

// main is the open assessment's main menu; it returns when the user goes
// back to the list (errBack) or leaves.
func (l *linear) main() error {
	if l.s.assessment().Status == assessment.Final {
		l.c.say("This assessment is final: you can read it and export reports. To change it, carry it forward from the list of assessments.")
	}
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		a, sum := s.assessment(), s.l.Analysis.Summary
		status := "draft"
		if a.Status == assessment.Final {
			status = "final"
		}
		l.c.blank()
		l.c.say("%s (%s): %d of %d questions answered (%.0f%%), %d risks, %d plan items.", a.Practice, status,
			sum.Completeness.Answered, sum.Completeness.Applicable, sum.Completeness.Percent, sum.Risks, sum.PlanItems)
		opts := make([]string, len(mainItems))
		for i, it := range mainItems {
			opts[i] = it.label
		}
		i, err := l.c.choose(menu{title: "Main menu:", label: "Choice", options: opts, current: -1,
			help: "Type the number of what you want to do. " + keysText})
		if err != nil {
			return err
		}
		if mainItems[i].run == nil {
			return errBack
		}
		l.c.blank()
		if err := mainItems[i].run(l); !l.settle(err) {
			return err
		}
	}
}

// summary says where the assessment stands and what needs review.
func (l *linear) summary() error {
	s, err := l.fresh()
	if err != nil {
		return err
	}
	an := s.l.Analysis
	sum := an.Summary
	say := l.c.say
	say("Summary.")
	say("Completeness: %d of %d applicable questions answered (%.0f%%).", sum.Completeness.Answered, sum.Completeness.Applicable, sum.Completeness.Percent)
	var levels []string
	for _, lc := range sum.ByLevel {
		levels = append(levels, fmt.Sprintf("%s %d", lc.Level, lc.Count))
	}
	say("Risks by level (%d in all): %s.", sum.Risks, strings.Join(levels, ", "))
	for i, r := range sum.TopRisks {
		if i == 5 {
			break
		}
		say("Top risk %d: %s: %s / %s.", i+1, r.Level, r.Threat, r.Vulnerability)
	}
	for _, sg := range sum.Safeguards {
		say("%s safeguards: of %d citations, %d met, %d partly met, %d not met, %d not applicable, %d not answered.",
			capitalize(string(sg.Safeguard)), sg.Citations, sg.Met, sg.PartiallyMet, sg.NotMet, sg.NotApplicable, sg.NotAnswered)
	}
	l.review(s)
	if sum.SafeHarbor != "" {
		say("%s", sentence(sum.SafeHarbor))
	}
	if sum.NextReview != "" {
		say("Next review due: %s.", sum.NextReview)
	}
	return nil
}

// review lists what needs a second look before the assessment is final,
// each thing once.
func (l *linear) review(s *session) {
	an := s.l.Analysis
	var items []string
	add := func(line string) {
		if !slices.Contains(items, line) {
			items = append(items, line)
		}
	}
	if open := an.Completeness.Overall.Applicable - an.Completeness.Overall.Answered; open > 0 {
		add(fmt.Sprintf("%d questions are not answered yet.", open))
	}
	for _, r := range an.Completeness.Review {
		if r.Value == "" && !r.Flagged && r.Note == "" {
			continue // unanswered: counted in the line above
		}
		line := fmt.Sprintf("%s, %s: %s", r.QuestionID, s.sectionTitle(r.Section), cmp.Or(answerLabel(r.Value), "not answered"))
		if r.Flagged {
			line += ", flagged"
		}
		if r.Note != "" {
			line += ". Note: " + r.Note
		}
		add(sentence(line))
	}
	for _, c := range an.Conflicts {
		add("Conflict: " + sentence(c.Detail))
	}
	for _, m := range an.MissingBAAs {
		add(m.Vendor + " holds patient information without a signed business associate agreement.")
	}
	if n := len(an.NotAssessed); n > 0 {
		add(fmt.Sprintf("%d cloud checks could not be assessed.", n))
	}
	if len(items) == 0 {
		l.c.say("Nothing needs review.")
		return
	}
	l.c.say("Needs review:")
	for _, it := range items {
		l.c.say("- %s", it)
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// finalize locks the assessment after a confirmation. When the store
// refuses, its message is said in full.
func (l *linear) finalize() error {
	s, err := l.fresh()
	if err != nil {
		return err
	}
	a := s.assessment()
	if a.Status == assessment.Final {
		l.c.say("This assessment was finalized on %s. Its digest is %s.", a.FinalizedAt.Format("2006-01-02"), a.Digest)
		return nil
	}
	l.c.say("Finalizing locks this assessment as the record of its date: nothing in it can change afterwards. Next time, carry it forward to start the new one.")
	l.review(s)
	yes, err := l.c.confirm("Finalize the assessment of "+a.Practice+" now", "Type y to lock it now, n to leave it a draft.", nil)
	if err != nil || !yes {
		if err == nil {
			l.c.say("Not finalized; it stays a draft.")
		}
		return err
	}
	digest, err := l.a.core.Finalize(l.a.ctx, s.id)
	if err != nil {
		if l.a.ctx.Err() != nil {
			return ErrInterrupted
		}
		l.c.say("Not finalized: %s", err.Error())
		return nil
	}
	l.dirty = true
	l.c.say("Finalized. The digest of its contents is %s; the report carries it.", digest)
	return nil
}

// exportChoices are the report formats, in the order offered; a CSV
// choice names its table after a colon.
var exportChoices = []struct{ label, format string }{
	{"PDF report", "pdf"}, {"Markdown", "md"}, {"JSON", "json"},
	{"CSV: risk register", "csv:risks"}, {"CSV: risk management plan", "csv:plan"},
	{"CSV: cloud findings", "csv:findings"}, {"CSV: questions and answers", "csv:answers"},
}

// export writes a report to a path the person types, with a suggested name.
func (l *linear) export() error {
	s, err := l.fresh()
	if err != nil {
		return err
	}
	a := s.assessment()
	var choice int
	signer, title := a.Assessor, ""
	opts := make([]string, len(exportChoices))
	for i, e := range exportChoices {
		opts[i] = e.label
	}
	return walk(
		func() (err error) {
			choice, err = l.c.choose(menu{title: "Export a report.", label: "Format", options: opts, current: choice})
			return err
		},
		func() error {
			return l.c.ask(text{label: "Signed off by", current: signer, help: "The name printed on the sign-off line.",
				set: func(v string) error { signer = v; return nil }})
		},
		func() error {
			return l.c.ask(text{label: "Their title", current: title, help: "For example: Practice manager, Security official.",
				set: func(v string) error { title = v; return nil }})
		},
		func() error {
			format, table := splitFormat(exportChoices[choice].format)
			suggested := app.ReportFileName(a.Practice, format, a)
			return l.c.ask(text{label: "File", current: suggested, apply: true,
				help: "A file name or path; a folder gets the suggested name. The extension follows the format.",
				set: func(v string) error {
					path := reportPath(v, suggested, format)
					write := func(replace bool) (string, error) {
						return l.a.core.WriteReport(l.a.ctx, s.id, format, export.Options{Table: table},
							export.SignOff{Name: signer, Title: title}, path, replace)
					}
					p, err := write(false)
					if errors.Is(err, app.ErrExists) {
						yes, cerr := l.c.confirm(path+" already exists. Replace it", "Type y to replace it, n to choose another name.", nil)
						if cerr != nil {
							return cerr
						}
						if !yes {
							return errors.New("the report was not written; type another name")
						}
						p, err = write(true)
					}
					if err != nil {
						return fmt.Errorf("the report was not written: %w", err)
					}
					l.c.say("Report written to %s", p)
					return nil
				}})
		},
	)
}

// reportPath turns what was typed into the file to write: the suggested
// name when empty or a folder, the format's extension.
func reportPath(typed, suggested, format string) string {
	p := strings.Trim(strings.TrimSpace(typed), `"'`)
	if p == "" {
		return suggested
	}
	if strings.HasPrefix(p, "~"+string(filepath.Separator)) {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[2:])
		}
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return filepath.Join(p, suggested)
	}
	if e := extOf(p); isExportExt(e) && e != format {
		p = strings.TrimSuffix(p, e) + format
	}
	return p
}
