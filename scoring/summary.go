package scoring

import (
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// topRisks is how many risks the summary names.
const topRisks = 10

// firstActions is how many plan items the summary names as the first to do.
const firstActions = 5

// summarize builds the executive summary from a finished analysis.
func summarize(a Analysis, now time.Time) Summary {
	s := Summary{
		Risks:         len(a.Risks),
		TopRisks:      []RiskBrief{},
		Completeness:  a.Completeness.Overall,
		Safeguards:    a.Compliance.Safeguards,
		Conflicts:     len(a.Conflicts),
		MissingBAAs:   len(a.MissingBAAs),
		NotAssessed:   len(a.NotAssessed),
		PlanItems:     len(a.Plan),
		ByPriority:    make([]int, 4),
		Gaps:          len(a.Gaps),
		FirstActions:  []ActionBrief{},
		RiskTolerance: a.RiskTolerance,
		SafeHarbor:    a.SafeHarbor.Sentence,
		NextReview:    now.AddDate(1, 0, 0).Format(time.DateOnly),
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
	// The top risks are the highest of distinct threats: a threat split by
	// encryption is named once.
	seen := map[string]bool{}
	for _, r := range a.Risks {
		if !r.WithinTolerance {
			s.AboveTolerance++
		}
		if len(s.TopRisks) == topRisks || seen[r.ThreatID] {
			continue
		}
		seen[r.ThreatID] = true
		s.TopRisks = append(s.TopRisks, RiskBrief{ID: r.ID, Threat: r.Threat, Title: r.Title, Vulnerability: r.Vulnerability,
			Likelihood: r.Likelihood, Impact: r.Impact, Level: r.Level, PlanItems: r.PlanItems})
	}
	for _, p := range a.Plan {
		if p.Priority >= 1 && p.Priority <= 4 {
			s.ByPriority[p.Priority-1]++
		}
		if len(p.Flags) > 0 {
			s.Flagged++
		}
		if len(s.FirstActions) < firstActions && (p.Status == assessment.Todo || p.Status == assessment.InProgress) && p.ID != ToleranceItem {
			action := ""
			if len(p.Actions) > 0 {
				action = p.Actions[0]
			}
			s.FirstActions = append(s.FirstActions, ActionBrief{ID: p.ID, Priority: p.Priority, Title: p.Vulnerability, Action: action,
				Owner: p.Owner, Due: p.Due, Status: p.Status, Risks: p.Risks, Gaps: p.Gaps})
		}
	}
	return s
}
