package scoring

import (
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Reasons an item is an area for review.
const (
	ReviewNotAnswered     = "not answered"
	ReviewUnknown         = "don't know"
	ReviewNo              = "answered no"
	ReviewPartial         = "answered partial"
	ReviewFlagged         = "flagged for review"
	ReviewNAWithoutReason = "not applicable without a written reason"
	ReviewNoDecision      = "addressable gap without a documented decision"
)

// completeness counts answered out of applicable questions per section and
// overall. Questions hidden by branching are not applicable; an answer of
// not_applicable counts as answered. Areas for review are: applicable
// questions not answered; answers of unknown, no or partial; flagged
// answers; not_applicable on a required standard or specification without a
// written reason; and no or partial on an addressable specification without
// a documented decision.
func (x *analysis) completeness() Completeness {
	c := Completeness{
		Hidden:     x.hidden,
		Unanswered: []string{},
		Review:     []ReviewItem{},
		Sections:   []SectionProgress{},
	}
	if c.Hidden == nil {
		c.Hidden = []HiddenQuestion{}
	}
	bySection := make(map[string][]*questionnaire.Question)
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		bySection[q.Section] = append(bySection[q.Section], q)
	}
	for _, s := range x.bank.Sections {
		qs := bySection[s.ID]
		if len(qs) == 0 {
			continue
		}
		sp := SectionProgress{Section: s.ID, Title: s.Title}
		for _, q := range qs {
			if !x.visible[q.ID] {
				continue
			}
			sp.Applicable++
			ans, ok := x.answers[q.ID]
			if !ok {
				c.Unanswered = append(c.Unanswered, q.ID)
				sp.Review++
				c.Review = append(c.Review, ReviewItem{QuestionID: q.ID, Section: q.Section, Reason: ReviewNotAnswered})
				continue
			}
			sp.Answered++
			if reason := x.reviewReason(q, ans); reason != "" {
				sp.Review++
				c.Review = append(c.Review, ReviewItem{
					QuestionID: q.ID, Section: q.Section, Value: ans.Value, Flagged: ans.Flagged, Note: ans.Note, Reason: reason,
				})
			}
		}
		sp.Percent = percent(sp.Answered, sp.Applicable)
		c.Overall.Answered += sp.Answered
		c.Overall.Applicable += sp.Applicable
		c.Sections = append(c.Sections, sp)
	}
	c.Overall.Percent = percent(c.Overall.Answered, c.Overall.Applicable)
	return c
}

// reviewReason says why an answer is an area for review, or "".
func (x *analysis) reviewReason(q *questionnaire.Question, ans assessment.Answer) string {
	switch {
	case ans.Value == assessment.NotApplicable && isRule(q) && x.requiredQuestion(q) && assessment.NAReasonProblem(ans.NAReason) != "":
		return ReviewNAWithoutReason
	case (ans.Value == assessment.No || ans.Value == assessment.Partial) && isRule(q) && x.addressableQuestion(q) && !ans.Decision.Documented():
		return ReviewNoDecision
	case ans.Value == assessment.Unknown:
		return ReviewUnknown
	case ans.Value == assessment.No:
		return ReviewNo
	case ans.Value == assessment.Partial:
		return ReviewPartial
	case ans.Flagged:
		return ReviewFlagged
	}
	return ""
}

// requiredQuestion reports whether a rule question cites a required row.
func (x *analysis) requiredQuestion(q *questionnaire.Question) bool {
	for _, r := range x.rowsOf(q.Citations) {
		if x.rows[r].Required {
			return true
		}
	}
	return false
}

// addressableQuestion reports whether a rule question cites an addressable
// row.
func (x *analysis) addressableQuestion(q *questionnaire.Question) bool {
	for _, r := range x.rowsOf(q.Citations) {
		if !x.rows[r].Required {
			return true
		}
	}
	return false
}
