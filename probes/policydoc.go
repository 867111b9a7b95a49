package probes

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// policyDoc is an IAM or S3 bucket policy document. Every element that AWS
// accepts either as a single value or as a list is normalised to a list.
type policyDoc struct {
	Version   string        `json:"Version"`
	Statement statementList `json:"Statement"`
}

type statement struct {
	Sid          string                           `json:"Sid"`
	Effect       string                           `json:"Effect"`
	Principal    *principal                       `json:"Principal"`
	NotPrincipal *principal                       `json:"NotPrincipal"`
	Action       stringList                       `json:"Action"`
	NotAction    stringList                       `json:"NotAction"`
	Resource     stringList                       `json:"Resource"`
	NotResource  stringList                       `json:"NotResource"`
	Condition    map[string]map[string]stringList `json:"Condition"`
}

// statementList accepts a single statement object or a list of them.
type statementList []statement

func (l *statementList) UnmarshalJSON(b []byte) error {
	if trimmed := strings.TrimSpace(string(b)); strings.HasPrefix(trimmed, "{") {
		var s statement
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = statementList{s}
		return nil
	}
	var ss []statement
	if err := json.Unmarshal(b, &ss); err != nil {
		return err
	}
	*l = ss
	return nil
}

// stringList accepts a string, a bool, a number or a list of them, and keeps
// each value as text ("false", "24").
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var raw any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	vals, ok := raw.([]any)
	if !ok {
		vals = []any{raw}
	}
	out := make(stringList, 0, len(vals))
	for _, v := range vals {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case bool:
			out = append(out, strconv.FormatBool(t))
		case float64:
			out = append(out, strconv.FormatFloat(t, 'f', -1, 64))
		case nil:
		default:
			return fmt.Errorf("unexpected policy value %v", v)
		}
	}
	*l = out
	return nil
}

// principal is "*" or a map such as {"AWS": "*"} or {"Service": [...]}.
type principal struct {
	Any  bool
	Keys map[string]stringList
}

func (p *principal) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		p.Any = s == "*"
		return nil
	}
	if err := json.Unmarshal(b, &p.Keys); err != nil {
		return fmt.Errorf("principal: %w", err)
	}
	return nil
}

// everyone reports whether the principal is anyone at all: "*",
// {"AWS": "*"} or {"AWS": ["*"]}.
func (p *principal) everyone() bool {
	if p == nil {
		return false
	}
	if p.Any {
		return true
	}
	for _, v := range p.Keys["AWS"] {
		if v == "*" {
			return true
		}
	}
	return false
}

func parsePolicy(doc string) (policyDoc, error) {
	var p policyDoc
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return policyDoc{}, fmt.Errorf("parse policy document: %w", err)
	}
	return p, nil
}

func (s statement) allows() bool { return strings.EqualFold(s.Effect, "Allow") }
func (s statement) denies() bool { return strings.EqualFold(s.Effect, "Deny") }

// coversAction reports whether the statement's action element applies to the
// given action (NotAction: every action it does not list).
func (s statement) coversAction(action string) bool {
	if len(s.NotAction) > 0 {
		return !anyGlob(s.NotAction, action, true)
	}
	return anyGlob(s.Action, action, true)
}

// coversResource reports whether the statement applies to every resource
// named by target. A literal "*" in target stands for "any text", so
// "arn:aws:s3:::b/*" asks whether the statement covers all objects of b.
func (s statement) coversResource(target string) bool {
	if len(s.NotResource) > 0 {
		return false
	}
	return anyGlob(s.Resource, target, false)
}

func anyGlob(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			if globMatch(strings.ToLower(p), strings.ToLower(s)) {
				return true
			}
		} else if globMatch(p, s) {
			return true
		}
	}
	return false
}

// globMatch matches s against pattern, where '*' matches any run of
// characters (including '/') and '?' matches exactly one.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// restrictingKeys are condition keys that limit a statement to known
// networks, accounts or organisations, so that "*" as principal is no longer
// anyone on the internet.
var restrictingKeys = map[string]bool{
	"aws:sourceip":              true,
	"aws:sourcevpc":             true,
	"aws:sourcevpce":            true,
	"aws:sourcearn":             true,
	"aws:sourceaccount":         true,
	"aws:sourceowner":           true,
	"aws:sourceorgid":           true,
	"aws:sourceorgpaths":        true,
	"aws:principalorgid":        true,
	"aws:principalorgpaths":     true,
	"aws:principalaccount":      true,
	"aws:principalarn":          true,
	"aws:userid":                true,
	"s3:dataaccesspointarn":     true,
	"s3:dataaccesspointaccount": true,
}

// restricted reports whether the statement's conditions confine it to known
// networks, accounts or organisations: a positive operator on a restricting
// key with concrete values (no wildcards, no 0.0.0.0/0).
func (s statement) restricted() bool {
	for op, keys := range s.Condition {
		lop := strings.ToLower(op)
		if strings.Contains(lop, "not") || strings.HasSuffix(lop, "ifexists") || strings.HasPrefix(lop, "null") {
			continue
		}
		for key, vals := range keys {
			if !restrictingKeys[strings.ToLower(key)] || len(vals) == 0 {
				continue
			}
			concrete := true
			for _, v := range vals {
				if strings.ContainsAny(v, "*?") || v == "0.0.0.0/0" || v == "::/0" {
					concrete = false
				}
			}
			if concrete {
				return true
			}
		}
	}
	return false
}

// publicStatements returns the Sids (or positions) of statements that allow
// anyone without a restricting condition.
func (p policyDoc) publicStatements() []string {
	var out []string
	for i, s := range p.Statement {
		if !s.allows() {
			continue
		}
		if (s.everyonePrincipal() || s.NotPrincipal != nil) && !s.restricted() {
			out = append(out, s.label(i))
		}
	}
	return out
}

func (s statement) everyonePrincipal() bool { return s.Principal.everyone() }

func (s statement) label(i int) string {
	if s.Sid != "" {
		return s.Sid
	}
	return fmt.Sprintf("statement %d", i+1)
}

// objectActions are the actions a secure-transport deny must cover.
var objectActions = []string{"s3:GetObject", "s3:PutObject"}

// deniesInsecureTransport reports whether the policy denies everyone the
// object actions on every object of the bucket when the request does not
// use TLS (Bool or BoolIfExists aws:SecureTransport "false").
func (p policyDoc) deniesInsecureTransport(bucketARN string) bool {
	for _, s := range p.Statement {
		if !s.denies() || !s.everyonePrincipal() || !s.insecureTransportCondition() {
			continue
		}
		if !s.coversResource(bucketARN + "/*") {
			continue
		}
		all := true
		for _, a := range objectActions {
			all = all && s.coversAction(a)
		}
		if all {
			return true
		}
	}
	return false
}

func (s statement) insecureTransportCondition() bool {
	for op, keys := range s.Condition {
		if lop := strings.ToLower(op); lop != "bool" && lop != "boolifexists" {
			continue
		}
		for key, vals := range keys {
			if strings.EqualFold(key, "aws:SecureTransport") && len(vals) == 1 && strings.EqualFold(vals[0], "false") {
				return true
			}
		}
	}
	return false
}

// adminStatements returns the statements that grant administrator-like
// access: Allow of "*" or "*:*" on "*", or Allow with NotAction on "*".
func (p policyDoc) adminStatements() []string {
	var out []string
	for i, s := range p.Statement {
		if !s.allows() || !s.coversResource("*") {
			continue
		}
		admin := len(s.NotAction) > 0
		for _, a := range s.Action {
			admin = admin || a == "*" || a == "*:*"
		}
		if admin {
			out = append(out, s.label(i))
		}
	}
	return out
}
