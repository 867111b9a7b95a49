package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/scoring"
)

type csvWriter struct{ table string }

func (c csvWriter) Write(w io.Writer, r *Report) error {
	var rows [][]string
	switch c.table {
	case "risks":
		rows = riskRows(r)
	case "plan":
		rows = planRows(r)
	case "findings":
		rows = findingRows(r)
	case "answers":
		rows = answerRows(r)
	default:
		return fmt.Errorf("unknown CSV table %q: use one of %s", c.table, strings.Join(Tables, ", "))
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	for _, row := range rows {
		for i, v := range row {
			row[i] = guardFormula(v)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write %s csv: %w", c.table, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s csv: %w", c.table, err)
	}
	return nil
}

// guardFormula stops a spreadsheet from evaluating a cell as a formula by
// prefixing a single quote to cells that start with = + - @ (or a tab or
// carriage return, which some spreadsheets skip before a formula).
func guardFormula(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func joinList(s []string) string { return strings.Join(s, "; ") }

func level(l assessment.Level) string {
	if l == assessment.LevelUnset {
		return ""
	}
	return l.String()
}

func riskRows(r *Report) [][]string {
	rows := [][]string{{"id", "threat", "threat_source", "vulnerability", "existing_controls", "default_likelihood", "default_impact",
		"likelihood", "impact", "level", "override_reason", "citations", "required", "answers", "findings", "vendors", "plan_items",
		"title", "scope", "reaches", "weaknesses", "base_likelihood", "base_impact", "within_tolerance", "basis"}}
	for _, k := range r.Analysis.Risks {
		reason := ""
		if k.Override != nil {
			reason = k.Override.Reason
		}
		rows = append(rows, []string{k.ID, k.Threat, k.ThreatSource, k.Vulnerability, joinList(answerRefs(k.Controls)),
			level(k.DefaultLikelihood), level(k.DefaultImpact), level(k.Likelihood), level(k.Impact), level(k.Level),
			reason, joinList(k.Citations), strconv.FormatBool(k.Required), joinList(answerRefs(k.Sources.Answers)),
			joinList(k.Sources.Findings), joinList(k.Sources.Vendors), joinList(k.PlanItems),
			k.Title, k.Scope, joinList(storeNames(k.Reaches)), joinList(weaknessIDs(k.Weaknesses)), level(k.BaseLikelihood), level(k.BaseImpact),
			strconv.FormatBool(k.WithinTolerance), strings.Join(k.Basis, " ")})
	}
	return rows
}

func planRows(r *Report) [][]string {
	rows := [][]string{{"id", "priority", "vulnerability", "level", "required", "actions", "owner", "due", "status",
		"residual_level", "risks", "note", "gaps", "residual_assessed", "reason", "approver", "review", "completed", "evidence", "flags"}}
	for _, p := range r.Analysis.Plan {
		rows = append(rows, []string{p.ID, strconv.Itoa(p.Priority), p.Vulnerability, level(p.Level),
			strconv.FormatBool(p.Required), joinList(p.Actions), p.Owner, p.Due, string(p.Status),
			level(p.ResidualLevel), joinList(p.Risks), p.Note, joinList(p.Gaps), strconv.FormatBool(p.ResidualAssessed),
			p.Reason, p.Approver, p.Review, p.Completed, p.Evidence, joinList(p.Flags)})
	}
	return rows
}

func findingRows(r *Report) [][]string {
	rows := [][]string{{"id", "check", "title", "status", "severity", "resource", "region", "reason", "error_code",
		"citations", "questions", "suppressed_reason", "suppressed_until"}}
	for _, f := range r.Findings {
		reason, until := "", ""
		if f.Suppressed != nil {
			reason = f.Suppressed.Reason
			if !f.Suppressed.Expires.IsZero() {
				until = dateOf(f.Suppressed.Expires)
			}
		}
		rows = append(rows, []string{f.ID, f.CheckID, f.Title, string(f.Status), string(f.Severity), f.Resource, f.Region,
			f.Reason, f.ErrorCode, joinList(f.Citations), joinList(f.Questions), reason, until})
	}
	return rows
}

func answerRows(r *Report) [][]string {
	rows := [][]string{{"question", "section", "safeguard", "citations", "required", "text", "answer", "note", "evidence",
		"flagged", "na_reason", "decision", "justification", "alternative", "decided_by", "decided_at", "by", "at", "carried_unreviewed"}}
	for _, q := range r.questionsInOrder() {
		a, ok := r.Answers[q.ID]
		if !ok {
			continue
		}
		var kind, why, alt, decidedBy, decidedAt string
		if d := a.Decision; d != nil {
			kind, why, alt, decidedBy, decidedAt = string(d.Kind), d.Justification, d.Alternative, d.DecidedBy, d.DecidedAt
		}
		at := ""
		if !a.At.IsZero() {
			at = a.At.UTC().Format("2006-01-02T15:04:05Z")
		}
		rows = append(rows, []string{q.ID, q.Section, string(q.Safeguard), joinList(q.Citations), strconv.FormatBool(q.Required),
			q.Text, string(a.Value), a.Note, a.Evidence, strconv.FormatBool(a.Flagged), a.NAReason, kind, why, alt, decidedBy, decidedAt, a.By, at,
			strconv.FormatBool(a.CarriedForward)})
	}
	return rows
}

// answerRefs renders answer references as "question: value".
func answerRefs(refs []scoring.AnswerRef) []string {
	out := make([]string, len(refs))
	for i, a := range refs {
		out[i] = a.QuestionID + ": " + humanize(string(a.Value))
	}
	return out
}

// storeNames lists the names of the stores a risk reaches.
func storeNames(stores []scoring.StoreRef) []string {
	out := make([]string, len(stores))
	for i, s := range stores {
		out[i] = s.Name
	}
	return out
}

// weaknessIDs lists the ids of a risk's weaknesses.
func weaknessIDs(ws []scoring.Weakness) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.ID
	}
	return out
}
