package scoring

import (
	"slices"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// PracticeStatus is one recognized security framework the practice follows
// (HITECH Act section 13412): since when, whether that covers the 12 months
// HHS looks back over, and which of the framework's practices the answers
// show in place.
type PracticeStatus struct {
	Framework string `json:"framework"`
	Name      string `json:"name"`
	Since     string `json:"since"` // YYYY-MM-DD as recorded
	Note      string `json:"note,omitempty"`
	// Months is the number of whole months from Since to the analysis date.
	Months int `json:"months"`
	// TwelveMonths is true when the practice has followed it for at least
	// the previous 12 months.
	TwelveMonths bool `json:"twelveMonths"`
	// InPlace are the framework references of questions answered yes;
	// Open those of applicable questions answered otherwise or not at all.
	InPlace []FrameworkRef `json:"inPlace"`
	Open    []FrameworkRef `json:"open"`
}

// FrameworkRef is one framework reference and the questions that carry it.
type FrameworkRef struct {
	Reference string   `json:"reference"` // "HICP 1.S.A", "CSF PR.AA-03"
	Questions []string `json:"questions"`
}

// frameworkPrefix maps a bank framework id to the prefix of its references.
var frameworkPrefix = map[string]string{"hicp": "HICP ", "csf2": "CSF "}

// recognizedPractices describes the recorded frameworks, by framework id.
func (x *analysis) recognizedPractices() []PracticeStatus {
	out := []PracticeStatus{}
	ps := slices.Clone(x.in.Practices)
	slices.SortFunc(ps, func(a, b assessment.RecognizedPractice) int { return strings.Compare(a.Framework, b.Framework) })
	for _, p := range ps {
		st := PracticeStatus{Framework: p.Framework, Name: p.Framework, Since: p.Since, Note: p.Note, InPlace: []FrameworkRef{}, Open: []FrameworkRef{}}
		if f, ok := x.bank.Framework(p.Framework); ok {
			st.Name = f.Name
		}
		if since, err := time.Parse(time.DateOnly, p.Since); err == nil && !since.After(x.in.Now) {
			st.Months = wholeMonths(since, x.in.Now)
			st.TwelveMonths = !since.AddDate(1, 0, 0).After(x.in.Now)
		}
		prefix := frameworkPrefix[p.Framework]
		for i := range x.bank.Questions {
			q := &x.bank.Questions[i]
			if !x.visible[q.ID] || prefix == "" {
				continue
			}
			ans, answered := x.answers[q.ID]
			for _, ref := range q.References {
				if !strings.HasPrefix(ref, prefix) {
					continue
				}
				switch {
				case answered && ans.Value == assessment.Yes:
					st.InPlace = addRef(st.InPlace, ref, q.ID)
				case !answered || ans.Value != assessment.NotApplicable:
					st.Open = addRef(st.Open, ref, q.ID)
				}
			}
		}
		sortRefs(st.InPlace)
		sortRefs(st.Open)
		out = append(out, st)
	}
	return out
}

// wholeMonths counts the whole months from a to b (a not after b).
func wholeMonths(a, b time.Time) int {
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		n--
	}
	return max(n, 0)
}

func addRef(refs []FrameworkRef, ref, qid string) []FrameworkRef {
	for i := range refs {
		if refs[i].Reference == ref {
			refs[i].Questions = appendUnique(refs[i].Questions, qid)
			return refs
		}
	}
	return append(refs, FrameworkRef{Reference: ref, Questions: []string{qid}})
}

func sortRefs(refs []FrameworkRef) {
	slices.SortFunc(refs, func(a, b FrameworkRef) int { return strings.Compare(a.Reference, b.Reference) })
}
