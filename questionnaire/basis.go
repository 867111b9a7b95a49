package questionnaire

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// The rules below apply to schema-2 banks (2026.12 on):
//
//   - every question states its basis; only rule questions cite the rule,
//     others may list the citations they support;
//   - a rule question cites required or addressable rows, never both, so a
//     documented decision can always be recorded for an addressable part;
//   - every question names the evidence that shows a yes;
//   - framework references are well formed;
//   - every row of the bank's reference table is cited by a rule question;
//   - frameworks and the proposed-rule items are complete, and the items
//     name known questions and checks.

// referencePattern is the shape of a framework reference: an HHS 405(d)
// HICP practice ("HICP 10", sub-practice "HICP 1.S.A") or a NIST CSF 2.0
// subcategory ("CSF PR.AA-03").
var referencePattern = regexp.MustCompile(`^(HICP (10|[1-9])(\.[SML]\.[A-Z])?|CSF (GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-[0-9]{2})$`)

// validateBasis checks a schema-2 question's basis, citations, supports,
// references and evidence.
func (l *loader) validateBasis(i int) {
	b := l.b
	q := &b.Questions[i]
	o := l.qFrom[i]
	switch {
	case q.Basis == "" && !o.failed("Basis"):
		l.add(o, "Basis", "basis is missing: use %s", basisNames())
	case q.Basis != "" && !slices.Contains(Bases, q.Basis):
		l.add(o, "Basis", "basis %q must be one of %s%s", q.Basis, basisNames(), inputfile.Suggest(string(q.Basis), strings.Split(basisNames(), ", ")))
	case q.Basis == BasisRule && len(q.Supports) > 0:
		l.add(o, "Supports", "a rule question cites the rule under citations, not supports")
	case q.Basis != BasisRule && len(q.Citations) > 0:
		l.add(o, "Citations", "a %s question does not cite the rule: list what it helps with under supports", q.Basis)
	}
	var required, addressable string
	for _, c := range q.Citations {
		if ci, ok := b.citations[c]; ok && b.Citations[ci].Required {
			required = firstOf(required, c)
		} else if ok {
			addressable = firstOf(addressable, c)
		}
	}
	if required != "" && addressable != "" {
		l.add(o, "Citations", "cites required %s and addressable %s: split the question so a decision can be recorded for the addressable part", required, addressable)
	}
	for j, c := range q.Supports {
		at := fmt.Sprintf("Supports[%d]", j)
		if _, ok := b.citations[c]; !ok {
			l.add(o, at, "citation %s is not in the Security Rule reference table", c)
		} else if slices.Index(q.Supports, c) != j {
			l.add(o, at, "citation %s is listed twice", c)
		}
	}
	for j, r := range q.References {
		at := fmt.Sprintf("References[%d]", j)
		if !referencePattern.MatchString(r) {
			l.add(o, at, "reference %q must look like \"HICP 1.S.A\" or \"CSF PR.AA-03\"", r)
		} else if slices.Index(q.References, r) != j {
			l.add(o, at, "reference %q is listed twice", r)
		}
	}
	if strings.TrimSpace(q.Guidance.Evidence) == "" && !o.failed("Guidance.Evidence") {
		l.add(origin{o.d, o.goPath + ".Guidance"}, "Evidence", "evidence is empty: name the document or record that shows a yes")
	}
}

// firstOf keeps the first citation seen.
func firstOf(have, c string) string {
	if have != "" {
		return have
	}
	return c
}

func basisNames() string {
	names := make([]string, len(Bases))
	for i, b := range Bases {
		names[i] = string(b)
	}
	return strings.Join(names, ", ")
}

// validateSchema checks the bank-level rules of its schema.
func (l *loader) validateSchema() {
	b := l.b
	switch b.Schema {
	case 0, 1:
		if len(b.Frameworks) > 0 || b.ProposedRule != nil {
			l.add(*l.firstBankLevel(), "", "frameworks and proposed_rule need schema: 2")
		}
		return
	case 2:
	default:
		l.add(*l.schFrom, "", "schema %d is not known: use 1 or 2", b.Schema)
		return
	}
	l.coverage()
	l.validateFrameworks()
	if b.ProposedRule == nil {
		if b.Version != "" {
			l.probs = append(l.probs, inputfile.Problem{File: l.verFile, Msg: "a schema 2 bank describes the proposed rule under proposed_rule"})
		}
		return
	}
	l.validateProposal()
}

// firstBankLevel is where frameworks or proposed_rule were first given.
func (l *loader) firstBankLevel() *origin {
	if len(l.fwFrom) > 0 {
		return &l.fwFrom[0]
	}
	return &l.prFrom
}

// coverage reports every reference row no rule question cites.
func (l *loader) coverage() {
	cited := map[string]bool{}
	for _, q := range l.b.Questions {
		for _, c := range q.Citations {
			cited[c] = true
		}
	}
	for _, c := range l.b.Citations {
		if !cited[c.Citation] {
			l.probs = append(l.probs, inputfile.Problem{File: citationsFile, Msg: fmt.Sprintf("no rule question cites %s (%s)", c.Citation, c.Standard)})
		}
	}
}

func (l *loader) validateFrameworks() {
	b := l.b
	if len(b.Frameworks) == 0 && b.Version != "" {
		l.probs = append(l.probs, inputfile.Problem{File: l.verFile, Msg: "a schema 2 bank lists the recognized frameworks under frameworks"})
	}
	l.index("framework", len(b.Frameworks), func(i int) string { return b.Frameworks[i].ID }, l.fwFrom)
	for i, f := range b.Frameworks {
		l.nonEmpty(l.fwFrom[i], map[string]string{"Name": f.Name})
	}
}

func (l *loader) validateProposal() {
	p := l.b.ProposedRule
	o := l.prFrom
	l.nonEmpty(o, map[string]string{"Title": p.Title, "Published": p.Published, "RIN": p.RIN, "Status": p.Status})
	if len(p.Items) == 0 {
		l.add(o, "Items", "the proposed rule lists no items")
	}
	from := make([]origin, len(p.Items))
	for i := range p.Items {
		from[i] = origin{o.d, fmt.Sprintf("%s.Items[%d]", o.goPath, i)}
	}
	l.index("proposed-rule item", len(p.Items), func(i int) string { return p.Items[i].ID }, from)
	questions := make([]string, 0, len(l.b.byID))
	for id := range l.b.byID {
		questions = append(questions, id)
	}
	for i, it := range p.Items {
		io := from[i]
		l.nonEmpty(io, map[string]string{"Title": it.Title, "Requires": it.Requires})
		if len(it.Questions) == 0 && len(it.Checks) == 0 {
			l.add(io, "", "item %s names no question and no check that shows readiness", it.ID)
		}
		for j, q := range it.Questions {
			if _, ok := l.b.byID[q]; !ok {
				l.add(io, fmt.Sprintf("Questions[%d]", j), "unknown question %q%s", q, inputfile.Suggest(q, questions))
			} else if slices.Index(it.Questions, q) != j {
				l.add(io, fmt.Sprintf("Questions[%d]", j), "question %q is listed twice", q)
			}
		}
		for j, c := range it.Checks {
			if !slices.Contains(assessment.CheckIDs, c) {
				l.add(io, fmt.Sprintf("Checks[%d]", j), "unknown probe check %q%s", c, inputfile.Suggest(c, assessment.CheckIDs))
			} else if slices.Index(it.Checks, c) != j {
				l.add(io, fmt.Sprintf("Checks[%d]", j), "check %q is listed twice", c)
			}
		}
	}
}
