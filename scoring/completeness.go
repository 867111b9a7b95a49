package scoring

import "github.com/hipaarisk/hipaarisk/questionnaire"

// completeness counts answered out of applicable questions per section and
// overall. Questions hidden by branching are not applicable; an answer of
// not_applicable counts as answered. Answers of no, partial or unknown, and
// flagged answers, are areas for review.
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
				continue
			}
			sp.Answered++
			if isGap(ans.Value) || ans.Flagged {
				sp.Review++
				c.Review = append(c.Review, ReviewItem{
					QuestionID: q.ID, Section: q.Section, Value: ans.Value, Flagged: ans.Flagged, Note: ans.Note,
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
