package scoring

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// topRisks is how many risks the summary names.
const topRisks = 10

// summarize builds the executive summary from a finished analysis.
func summarize(a Analysis, now time.Time) Summary {
	s := Summary{
		Risks:        len(a.Risks),
		TopRisks:     []RiskBrief{},
		Completeness: a.Completeness.Overall,
		Safeguards:   a.Compliance.Safeguards,
		Conflicts:    len(a.Conflicts),
		MissingBAAs:  len(a.MissingBAAs),
		NotAssessed:  len(a.NotAssessed),
		PlanItems:    len(a.Plan),
		SafeHarbor:   a.SafeHarbor.Sentence,
		NextReview:   now.AddDate(1, 0, 0).Format(time.DateOnly),
	}
	for k := len(assessment.Levels) - 1; k >= 0; k-- {
		l := assessment.Levels[k]
		n := 0
		for _, r := range a.Risks {
			if r.Level == l {
				n++
			}
		}
		s.ByLevel = append(s.ByLevel, LevelCount{Level: l, Count: n})
	}
	for _, r := range a.Risks[:min(topRisks, len(a.Risks))] {
		s.TopRisks = append(s.TopRisks, RiskBrief{ID: r.ID, Threat: r.Threat, Vulnerability: r.Vulnerability,
			Likelihood: r.Likelihood, Impact: r.Impact, Level: r.Level})
	}
	return s
}
