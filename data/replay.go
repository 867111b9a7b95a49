package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// Difference is one place where the stored data disagrees with what the
// audit log says was written: a row changed, added or removed outside
// hipaarisk.
type Difference struct {
	Table string `json:"table"`
	Row   string `json:"row"`
	Field string `json:"field,omitempty"`
	// Stored and Logged are the values in the table and in the audit log
	// (JSON), "" where the row is missing on that side.
	Stored string `json:"stored"`
	Logged string `json:"logged"`
}

func (d Difference) String() string {
	where := d.Table + " " + d.Row
	if d.Field != "" {
		where += ", field " + d.Field
	}
	switch {
	case d.Logged == "":
		return where + ": in the table but never written by hipaarisk"
	case d.Stored == "":
		return where + ": written by hipaarisk but missing from the table"
	}
	return fmt.Sprintf("%s: the table holds %s, the audit log %s", where, d.Stored, d.Logged)
}

// rows is one kind of stored input by row key, each as its JSON.
type rows map[string]json.RawMessage

// replayed is what the audit log says an assessment's inputs are.
type replayed struct {
	details, profile, tolerance json.RawMessage
	tables                      map[string]rows // by table: answer, asset, vendor, override, tracking, suppression, recognized_practice, review, plan_check
	runs                        map[string]bool
}

// tableOf maps an audit action to the table it writes and whether it
// removes the row.
var tableOf = map[string]struct {
	table  string
	remove bool
}{
	"save_answer": {"answer", false}, "clear_answer": {"answer", true},
	"add_asset": {"asset", false}, "update_asset": {"asset", false}, "delete_asset": {"asset", true},
	"add_vendor": {"vendor", false}, "update_vendor": {"vendor", false}, "delete_vendor": {"vendor", true},
	"set_override": {"override", false}, "clear_override": {"override", true},
	"set_tracking":    {"tracking", false},
	"add_suppression": {"suppression", false},
	"set_practice":    {"recognized_practice", false}, "clear_practice": {"recognized_practice", true},
	"set_review": {"review", false}, "clear_review": {"review", true},
}

// replay rebuilds the assessment's inputs from its audit log.
func replay(entries []AuditEntry) (replayed, error) {
	r := replayed{tables: map[string]rows{}, runs: map[string]bool{}}
	for _, e := range entries {
		switch e.Action {
		case "create":
			r.details = json.RawMessage(e.NewValue)
		case "update_details":
			// carries the fields it changes; bank version and origin stay
			merged, err := overlay(r.details, json.RawMessage(e.NewValue))
			if err != nil {
				return r, fmt.Errorf("audit row %d: %w", e.Seq, err)
			}
			r.details = merged
		case "set_profile":
			r.profile = json.RawMessage(e.NewValue)
		case "set_risk_tolerance":
			r.tolerance = json.RawMessage(e.NewValue)
		case "save_probe_run":
			r.runs[strings.TrimPrefix(e.Target, "run:")] = true
		case "save_plan_check":
			if r.tables["plan_check"] == nil {
				r.tables["plan_check"] = rows{}
			}
			r.tables["plan_check"][strings.TrimPrefix(e.Target, "plan:")] = json.RawMessage(e.NewValue)
		case "copy_forward", "finalize":
		default:
			t, ok := tableOf[e.Action]
			if !ok {
				return r, fmt.Errorf("audit row %d: unknown action %q", e.Seq, e.Action)
			}
			key := e.Target[strings.Index(e.Target, ":")+1:]
			if r.tables[t.table] == nil {
				r.tables[t.table] = rows{}
			}
			if t.remove {
				delete(r.tables[t.table], key)
			} else {
				r.tables[t.table][key] = json.RawMessage(e.NewValue)
			}
		}
	}
	return r, nil
}

// storedRows reads the assessment's inputs as the audit log records them:
// each row as the JSON of its value, by the key its audit target uses.
func storedRows(ctx context.Context, tx *sql.Tx, id int64) (replayed, error) {
	st := replayed{tables: map[string]rows{}, runs: map[string]bool{}}
	in, err := loadInputs(ctx, tx, id)
	if err != nil {
		return st, err
	}
	var errs []error
	add := func(table, key string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			errs = append(errs, err)
			return
		}
		if st.tables[table] == nil {
			st.tables[table] = rows{}
		}
		st.tables[table][key] = b
	}
	for k, a := range in.Answers {
		add("answer", k, a)
	}
	for _, a := range in.Assets {
		add("asset", strconv.FormatInt(a.ID, 10), a)
	}
	for _, v := range in.Vendors {
		add("vendor", strconv.FormatInt(v.ID, 10), v)
	}
	for _, o := range in.Overrides {
		add("override", o.RiskID, o)
	}
	for _, t := range in.Tracking {
		add("tracking", t.ItemID, t)
	}
	for _, s := range in.Suppressions {
		add("suppression", s.CheckID+"|"+s.Resource, s)
	}
	for _, p := range in.Practices {
		add("recognized_practice", p.Framework, p)
	}
	for _, r := range in.Reviews {
		add("review", r.Kind+"|"+r.Key, r)
	}
	for _, p := range in.PlanChecks {
		add("plan_check", strconv.FormatInt(p.ID, 10), planCheckRow(p))
	}
	a := in.Assessment
	st.details, err = json.Marshal(details{Practice: a.Practice, Assessor: a.Assessor, Scope: a.Scope, BankVersion: a.BankVersion, CopiedFrom: a.CopiedFrom})
	errs = append(errs, err)
	st.profile, err = json.Marshal(a.Profile)
	errs = append(errs, err)
	if a.RiskTolerance != assessment.LevelUnset {
		st.tolerance, err = json.Marshal(a.RiskTolerance)
		errs = append(errs, err)
	}
	for _, r := range in.Runs {
		st.runs[strconv.FormatInt(r.ID, 10)] = true
	}
	if err := errors.Join(errs...); err != nil {
		return st, fmt.Errorf("encode stored inputs: %w", err)
	}
	return st, nil
}

// compareReplay lists every difference between the stored inputs and the
// replayed audit log, in table and row order.
func compareReplay(ctx context.Context, tx *sql.Tx, id int64, r replayed) ([]Difference, error) {
	st, err := storedRows(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	row := strconv.FormatInt(id, 10)
	var out []Difference
	out = append(out, diffJSON("assessment", row, st.details, r.details)...)
	out = append(out, diffJSON("profile", row, st.profile, r.profile)...)
	if !jsonEqual(orZero(st.tolerance), orZero(r.tolerance)) {
		out = append(out, Difference{Table: "assessment", Row: row, Field: "riskTolerance", Stored: orAbsent(st.tolerance), Logged: orAbsent(r.tolerance)})
	}
	for _, t := range []string{"answer", "asset", "vendor", "override", "tracking", "suppression", "recognized_practice", "review", "plan_check"} {
		keys := map[string]bool{}
		for k := range st.tables[t] {
			keys[k] = true
		}
		for k := range r.tables[t] {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			out = append(out, diffJSON(t, k, st.tables[t][k], r.tables[t][k])...)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(union(st.runs, r.runs))) {
		switch {
		case !r.runs[k]:
			out = append(out, Difference{Table: "probe_run", Row: k, Stored: "present"})
		case !st.runs[k]:
			out = append(out, Difference{Table: "probe_run", Row: k, Logged: "present"})
		}
	}
	return out, nil
}

// orZero reads an absent level as the unset level.
func orZero(b json.RawMessage) json.RawMessage {
	if b == nil {
		return json.RawMessage(`""`) // how LevelUnset encodes
	}
	return b
}

// diffJSON compares one row's JSON field by field. Either side may be nil
// for a missing row.
func diffJSON(table, row string, stored, logged json.RawMessage) []Difference {
	switch {
	case stored == nil && logged == nil:
		return nil
	case stored == nil || logged == nil:
		return []Difference{{Table: table, Row: row, Stored: string(stored), Logged: string(logged)}}
	case bytes.Equal(stored, logged):
		return nil
	}
	var s, l map[string]json.RawMessage
	if json.Unmarshal(stored, &s) != nil || json.Unmarshal(logged, &l) != nil {
		return []Difference{{Table: table, Row: row, Stored: string(stored), Logged: string(logged)}}
	}
	var out []Difference
	keys := map[string]bool{}
	for k := range s {
		keys[k] = true
	}
	for k := range l {
		keys[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if !jsonEqual(s[k], l[k]) {
			out = append(out, Difference{Table: table, Row: row, Field: k, Stored: orAbsent(s[k]), Logged: orAbsent(l[k])})
		}
	}
	return out
}

func jsonEqual(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

// overlay returns base with the keys of top set over it.
func overlay(base, top json.RawMessage) (json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if base != nil {
		if err := json.Unmarshal(base, &m); err != nil {
			return nil, err
		}
	}
	var t map[string]json.RawMessage
	if err := json.Unmarshal(top, &t); err != nil {
		return nil, err
	}
	maps.Copy(m, t)
	return json.Marshal(m)
}

// union is the set of keys of both maps.
func union(a, b map[string]bool) map[string]bool {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

func orAbsent(b json.RawMessage) string {
	if b == nil {
		return "(absent)"
	}
	return string(b)
}
