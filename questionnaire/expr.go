package questionnaire

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

// Condition is a parsed show-if expression over the practice profile, such as
// "clearinghouse", "cloud:aws", "not remote_work", "uses_cloud and staff > 10".
//
// Grammar, loosest binding first:
//
//	expr    = and { "or" and }
//	and     = unary { "and" unary }
//	unary   = "not" unary | primary
//	primary = "(" expr ")" | flag | "cloud:" service | number-field op integer
//	op      = ">" | ">=" | "<" | "<=" | "=" | "!="
type Condition struct {
	src  string
	root cond
}

type cond interface {
	eval(p assessment.Profile) bool
	describe() string
}

// flags are the yes/no facts a condition can test, with how a reason reads.
var flags = map[string]struct {
	get  func(assessment.Profile) bool
	text string
}{
	"clearinghouse":     {func(p assessment.Profile) bool { return p.Clearinghouse }, "the practice acts as a health care clearinghouse"},
	"group_health_plan": {func(p assessment.Profile) bool { return p.GroupHealthPlan }, "the practice sponsors a group health plan for its staff"},
	"uses_cloud":        {assessment.Profile.UsesCloud, "the practice uses cloud services"},
	"remote_work":       {func(p assessment.Profile) bool { return p.RemoteWork }, "staff work remotely"},
	"portable_devices":  {func(p assessment.Profile) bool { return p.PortableDevices }, "laptops, tablets, phones or removable media hold patient information"},
	"ehr_hosted":        {func(p assessment.Profile) bool { return p.EHRHosted }, "the health record system is hosted by a vendor"},
}

// numbers are the whole-number facts a condition can compare.
var numbers = map[string]struct {
	get  func(assessment.Profile) int
	text string
}{
	"providers": {func(p assessment.Profile) int { return p.Providers }, "providers"},
	"staff":     {func(p assessment.Profile) int { return p.Staff }, "staff members"},
	"locations": {func(p assessment.Profile) int { return p.Locations }, "locations"},
}

type flagCond string

func (c flagCond) eval(p assessment.Profile) bool { return flags[string(c)].get(p) }
func (c flagCond) describe() string               { return flags[string(c)].text }

type serviceCond string

func (c serviceCond) eval(p assessment.Profile) bool { return p.UsesService(string(c)) }
func (c serviceCond) describe() string {
	if n, ok := serviceNames[string(c)]; ok {
		return "the practice uses " + n
	}
	return "the practice uses " + string(c)
}

// serviceNames are how cloud services read in sentences.
var serviceNames = map[string]string{
	"aws": "AWS", "azure": "Microsoft Azure", "google-cloud": "Google Cloud",
	"microsoft-365": "Microsoft 365", "google-workspace": "Google Workspace", "other": "another cloud service",
}

type cmpCond struct {
	field string
	op    string
	n     int
}

func (c cmpCond) eval(p assessment.Profile) bool {
	v := numbers[c.field].get(p)
	switch c.op {
	case ">":
		return v > c.n
	case ">=":
		return v >= c.n
	case "<":
		return v < c.n
	case "<=":
		return v <= c.n
	case "=":
		return v == c.n
	default: // "!=", the only other operator the parser accepts
		return v != c.n
	}
}

var opText = map[string]string{">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most", "=": "exactly", "!=": "other than"}

func (c cmpCond) describe() string {
	return fmt.Sprintf("the practice has %s %d %s", opText[c.op], c.n, numbers[c.field].text)
}

type notCond struct{ c cond }

func (c notCond) eval(p assessment.Profile) bool { return !c.c.eval(p) }
func (c notCond) describe() string               { return "it is not the case that " + c.c.describe() }

type boolCond struct {
	and  bool
	l, r cond
}

func (c boolCond) eval(p assessment.Profile) bool {
	if c.and {
		return c.l.eval(p) && c.r.eval(p)
	}
	return c.l.eval(p) || c.r.eval(p)
}

func (c boolCond) describe() string {
	if c.and {
		return c.l.describe() + " and " + c.r.describe()
	}
	return "either " + c.l.describe() + " or " + c.r.describe()
}

// ParseCondition parses a show-if expression. cloudServices lists the service
// names "cloud:NAME" may use; nil accepts any name.
func ParseCondition(src string, cloudServices []string) (Condition, error) {
	toks, err := tokenize(src)
	if err != nil {
		return Condition{}, err
	}
	ps := &condParser{toks: toks, services: cloudServices}
	root, err := ps.or()
	if err != nil {
		return Condition{}, fmt.Errorf("condition %q: %w", src, err)
	}
	if ps.i < len(ps.toks) {
		return Condition{}, fmt.Errorf("condition %q: unexpected %q", src, ps.toks[ps.i])
	}
	return Condition{src: src, root: root}, nil
}

// Eval reports whether the condition holds for the profile. The zero
// Condition always holds.
func (c Condition) Eval(p assessment.Profile) bool { return c.root == nil || c.root.eval(p) }

// Describe says in words when the condition holds.
func (c Condition) Describe() string {
	if c.root == nil {
		return "always"
	}
	return c.root.describe()
}

func (c Condition) String() string { return c.src }

func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t':
			i++
		case ch == '(' || ch == ')':
			toks = append(toks, string(ch))
			i++
		case strings.IndexByte("<>=!", ch) >= 0:
			j := i + 1
			if j < len(s) && s[j] == '=' {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case isWordByte(ch):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, fmt.Errorf("condition %q: unexpected character %q", s, ch)
		}
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("condition is empty")
	}
	return toks, nil
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == ':'
}

type condParser struct {
	toks     []string
	i        int
	services []string
}

func (ps *condParser) peek() string {
	if ps.i < len(ps.toks) {
		return ps.toks[ps.i]
	}
	return ""
}

func (ps *condParser) next() string {
	t := ps.peek()
	if t != "" {
		ps.i++
	}
	return t
}

func (ps *condParser) or() (cond, error) {
	return ps.chain("or", ps.and)
}

func (ps *condParser) and() (cond, error) {
	return ps.chain("and", ps.unary)
}

func (ps *condParser) chain(word string, sub func() (cond, error)) (cond, error) {
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for ps.peek() == word {
		ps.i++
		r, err := sub()
		if err != nil {
			return nil, err
		}
		l = boolCond{and: word == "and", l: l, r: r}
	}
	return l, nil
}

func (ps *condParser) unary() (cond, error) {
	if ps.peek() == "not" {
		ps.i++
		c, err := ps.unary()
		if err != nil {
			return nil, err
		}
		return notCond{c}, nil
	}
	return ps.primary()
}

func (ps *condParser) primary() (cond, error) {
	t := ps.next()
	switch {
	case t == "":
		return nil, fmt.Errorf("expression ends too early")
	case t == "(":
		c, err := ps.or()
		if err != nil {
			return nil, err
		}
		if ps.next() != ")" {
			return nil, fmt.Errorf("missing \")\"")
		}
		return c, nil
	case strings.HasPrefix(t, "cloud:"):
		name := strings.TrimPrefix(t, "cloud:")
		if name == "" || ps.services != nil && !slices.Contains(ps.services, name) {
			return nil, fmt.Errorf("unknown cloud service %q (known: %s)", name, strings.Join(ps.services, ", "))
		}
		return serviceCond(name), nil
	}
	if _, ok := flags[t]; ok {
		return flagCond(t), nil
	}
	if _, ok := numbers[t]; ok {
		op := ps.next()
		if _, ok := opText[op]; !ok {
			return nil, fmt.Errorf("%s must be compared with >, >=, <, <=, = or != and a whole number", t)
		}
		n, err := strconv.Atoi(ps.next())
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s %s needs a whole number", t, op)
		}
		return cmpCond{field: t, op: op, n: n}, nil
	}
	return nil, fmt.Errorf("unknown term %q%s", t, inputfile.Suggest(t, conditionTerms()))
}

func conditionTerms() []string {
	terms := []string{"not", "and", "or", "cloud:"}
	for k := range flags {
		terms = append(terms, k)
	}
	for k := range numbers {
		terms = append(terms, k)
	}
	return terms
}
