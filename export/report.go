// Package export writes an assessment's risk analysis and risk management
// plan as PDF, JSON, CSV or Markdown, and its cloud findings as SARIF.
package export

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

// SchemaVersion is the version of the JSON export's shape.
const SchemaVersion = 2

// Report is everything a report shows: the derived analysis and the inputs
// it was derived from. The caller fills it from the store.
type Report struct {
	Analysis scoring.Analysis
	Bank     *questionnaire.Bank

	AssessmentID int64
	Practice     string
	Assessor     string
	Scope        string
	// Status is "draft" or "final".
	Status string
	// Digest is the hex SHA-256 of the canonical assessment: the one recorded
	// at finalisation, or for a draft the digest of its inputs now.
	Digest      string
	CreatedAt   time.Time
	FinalizedAt time.Time // zero while draft

	Profile  assessment.Profile // Profile.Address is the practice's address
	Answers  map[string]assessment.Answer
	Assets   []assessment.Asset
	Vendors  []assessment.Vendor
	Runs     []Run                // oldest first
	Findings []assessment.Finding // latest findings, suppressions applied
	// PlanChecks are the Terraform plans checked before deployment and
	// attached as evidence, oldest first.
	PlanChecks []PlanCheck

	History []HistoryEntry // earlier assessments of the practice, oldest first
	Audit   AuditSummary

	// Blockers is what keeps the assessment from being finalised
	// (scoring.Blockers); empty once it may be, and for a final one.
	Blockers []scoring.Blocker
	// NotCarried lists what of the assessment it was carried forward from
	// did not carry into this one's question bank.
	NotCarried []questionnaire.CarryNote
	SignOff    SignOff

	Generated   time.Time // when the report is produced; fixes the PDF dates
	ToolVersion string

	// ReviewNotes are sentences about how the assessment was reviewed:
	// sections confirmed (by whom, when), items carried forward and not
	// yet reviewed, the cloud decision, and a cloud service in use but not
	// checked, which is an area for review.
	ReviewNotes []string
}

// Run describes one automated cloud check.
type Run struct {
	AccountID   string                    `json:"accountId"`
	Regions     []string                  `json:"regions"`
	StartedAt   time.Time                 `json:"startedAt"`
	FinishedAt  time.Time                 `json:"finishedAt"`
	ToolVersion string                    `json:"toolVersion"`
	Counts      map[assessment.Status]int `json:"counts"`
	// Drift lists, in plain sentences, what changed since the previous run
	// of the same account. Empty for the first run or when nothing changed.
	Drift []string `json:"drift,omitempty"`
}

// HistoryEntry is an earlier assessment of the same practice.
type HistoryEntry struct {
	ID      int64                `json:"id"`
	Date    time.Time            `json:"date"`
	Status  string               `json:"status"`
	ByLevel []scoring.LevelCount `json:"byLevel"`
}

// AuditSummary is the state of the assessment's audit trail and of the
// data it records.
type AuditSummary struct {
	Rows     int       `json:"rows"`
	First    time.Time `json:"first,omitzero"`
	Last     time.Time `json:"last,omitzero"`
	Verified bool      `json:"verified"` // the hash chain checked out and replays to the stored data
	Problem  string    `json:"problem,omitempty"`
	// Modified: the assessment is final but its inputs no longer have the
	// digest recorded at finalization.
	Modified bool `json:"modifiedAfterFinalization,omitempty"`
	// Problems lists, one line each, everything found wrong: changes made
	// outside hipaarisk, named by table, row and field.
	Problems []string `json:"problems,omitempty"`
}

// SignOff names who approves the analysis.
type SignOff struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// Final reports whether the assessment is finalised.
func (r *Report) Final() bool { return r.Status == "final" }

// Writer writes a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Options selects what a writer produces.
type Options struct {
	// Table is the CSV table: risks, plan, findings or answers.
	Table string
}

// Formats lists the formats New accepts.
var Formats = []string{"pdf", "json", "csv", "md"}

// Tables lists the CSV tables.
var Tables = []string{"risks", "plan", "findings", "answers"}

// New returns the writer for format ("pdf", "json", "csv" or "md").
func New(format string, opts Options) (Writer, error) {
	switch strings.ToLower(format) {
	case "pdf":
		return pdfWriter{}, nil
	case "json":
		return jsonWriter{}, nil
	case "md", "markdown":
		return mdWriter{}, nil
	case "csv":
		t := strings.ToLower(opts.Table)
		for _, v := range Tables {
			if t == v {
				return csvWriter{table: t}, nil
			}
		}
		return nil, fmt.Errorf("unknown CSV table %q: use one of %s", opts.Table, strings.Join(Tables, ", "))
	}
	return nil, fmt.Errorf("unknown report format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// questionsInOrder returns the bank's questions followed by answers to
// question ids the bank does not know (sorted), so no answer is dropped.
func (r *Report) questionsInOrder() []questionnaire.Question {
	var qs []questionnaire.Question
	known := map[string]bool{}
	if r.Bank != nil {
		qs = append(qs, r.Bank.Questions...)
		for _, q := range r.Bank.Questions {
			known[q.ID] = true
		}
	}
	var extra []string
	for id := range r.Answers {
		if !known[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		qs = append(qs, questionnaire.Question{ID: id, Text: "(question no longer in the bank)"})
	}
	return qs
}

// sectionTitle is the title of a bank section, or its id.
func (r *Report) sectionTitle(id string) string {
	if r.Bank != nil {
		for _, s := range r.Bank.Sections {
			if s.ID == id {
				return s.Title
			}
		}
	}
	return id
}

// dateOf formats a time as YYYY-MM-DD, or "-" when zero.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02")
}

// timeOf formats a time as YYYY-MM-DD HH:MM UTC, or "-" when zero.
func timeOf(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// humanize turns an identifier like "not_assessed" into "not assessed".
func humanize(s string) string { return strings.ReplaceAll(s, "_", " ") }

// statusLine is the report's status in words.
func (r *Report) statusLine() string {
	if r.Final() && r.Audit.Modified {
		return "Final, finalised " + dateOf(r.FinalizedAt) + " - MODIFIED AFTER FINALIZATION"
	}
	if r.Final() {
		return "Final, finalised " + dateOf(r.FinalizedAt)
	}
	return fmt.Sprintf("Draft, %.1f%% of applicable questions answered", r.Analysis.Completeness.Overall.Percent)
}

// levelCount is the number of risks at level l.
func levelCount(counts []scoring.LevelCount, l assessment.Level) int {
	for _, c := range counts {
		if c.Level == l {
			return c.Count
		}
	}
	return 0
}

// count is "1 risk" or "n risks".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// isAre is "is" for one and "are" otherwise.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// posture tells the analysis's story in plain words: how many risks at
// which level, how many the plan covers, the compliance gaps, conflicts,
// missing agreements and whether this is a draft.
func (r *Report) posture() string {
	s := r.Analysis.Summary
	var b strings.Builder
	if s.Risks == 0 {
		b.WriteString("The assessment found no risks that need action. Keep the safeguards in place and review them at least once a year.")
	} else {
		var parts []string
		for _, c := range s.ByLevel {
			if c.Count > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c.Count, c.Level))
			}
		}
		fmt.Fprintf(&b, "The analysis found %s to the practice's patient information: %s. ", count(s.Risks, "risk"), joinAnd(parts))
		fmt.Fprintf(&b, "%d %s above the practice's risk tolerance (%s) and %s covered by the risk management plan's %s; "+
			"the five to do first are listed below.", s.AboveTolerance, isAre(s.AboveTolerance), s.RiskTolerance, isAre(s.AboveTolerance),
			count(s.PlanItems, "item"))
	}
	if s.Gaps > 0 {
		fmt.Fprintf(&b, " It also found %s in how security is managed (such as the risk analysis, policies or the security official), each with its own plan item.",
			count(s.Gaps, "compliance gap"))
	}
	if s.Conflicts > 0 {
		fmt.Fprintf(&b, " %s disagree with what the cloud checks observed; see the risk register.", count(s.Conflicts, "answer"))
	}
	if s.MissingBAAs > 0 {
		fmt.Fprintf(&b, " %s ePHI without a signed business associate agreement.", vendorsHold(s.MissingBAAs))
	}
	if s.Flagged > 0 {
		fmt.Fprintf(&b, " %s of the plan need attention (overdue, or an acceptance or completion not fully recorded).", count(s.Flagged, "item"))
	}
	if !r.Final() {
		fmt.Fprintf(&b, " This is a draft: %.1f%% of the applicable questions are answered, so the picture may still change.",
			r.Analysis.Completeness.Overall.Percent)
	}
	return b.String()
}

// joinAnd joins "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func vendorsHold(n int) string {
	if n == 1 {
		return "1 vendor holds"
	}
	return fmt.Sprintf("%d vendors hold", n)
}

// notAssessedText says what the analysis could not look at: questions not
// answered or not applicable, cloud checks that could not run, and stores
// whose encryption is unknown.
func (r *Report) notAssessedText() string {
	a := r.Analysis
	var parts []string
	if n := len(a.Completeness.Unanswered); n > 0 {
		parts = append(parts, fmt.Sprintf("%s not answered yet", count(n, "applicable question")))
	}
	if n := len(a.Completeness.Hidden); n > 0 {
		parts = append(parts, fmt.Sprintf("%s not applicable to this practice's profile", count(n, "question")))
	}
	if n := len(a.NotAssessed); n > 0 {
		parts = append(parts, fmt.Sprintf("%s the cloud checks could not evaluate (access denied or unavailable; listed in section %d)",
			count(n, "check result"), secCloud))
	}
	if n := len(a.SafeHarbor.Unknown); n > 0 {
		parts = append(parts, fmt.Sprintf("the encryption of %s", count(n, "store")))
	}
	if len(r.Runs) == 0 {
		parts = append(parts, "the practice's cloud accounts (no automated check was run)")
	}
	if len(parts) == 0 {
		return "Every applicable question is answered and every cloud check ran."
	}
	return "Not assessed: " + joinAnd(parts) + ". Risks there may be higher than this report shows."
}
