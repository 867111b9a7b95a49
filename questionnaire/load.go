package questionnaire

import (
	"embed"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/inputfile"
)

//go:embed citations.tsv bank
var embedded embed.FS

// citationsFile is the Security Rule reference table of bank 2026.11. A bank
// directory with a file of the same name (2026.12 on) is checked against
// that table instead.
const citationsFile = "citations.tsv"

// CurrentVersion is the bank new assessments start on. Assessments answered
// against an older embedded version keep loading it with LoadVersion.
const CurrentVersion = "2026.12"

// loadedBank is one embedded bank version, loaded at most once.
type loadedBank struct {
	once sync.Once
	bank *Bank
	err  error
}

// shipped maps each embedded bank version (a directory under bank/) to its
// cache, and lists the versions in order.
var shipped = sync.OnceValues(func() (map[string]*loadedBank, []string) {
	m := map[string]*loadedBank{}
	var versions []string
	entries, _ := embedded.ReadDir("bank") // the directory is embedded, so this cannot fail
	for _, e := range entries {
		if e.IsDir() {
			m[e.Name()] = &loadedBank{}
			versions = append(versions, e.Name())
		}
	}
	sort.Strings(versions)
	return m, versions
})

// Versions lists the embedded bank versions, oldest first.
func Versions() []string {
	_, vs := shipped()
	return slices.Clone(vs)
}

// Load returns the current bank (CurrentVersion), the one new assessments
// start on. It is parsed and validated once; later calls return the same
// read-only Bank.
func Load() (*Bank, error) {
	return LoadVersion(CurrentVersion)
}

// LoadVersion returns the embedded bank with version v, so an assessment can be
// read against the bank it was answered with.
func LoadVersion(v string) (*Bank, error) {
	m, versions := shipped()
	lb, ok := m[v]
	if !ok {
		return nil, fmt.Errorf("question bank version %q is not available: this build ships versions %s", v, strings.Join(versions, ", "))
	}
	lb.once.Do(func() {
		sub, err := fs.Sub(embedded, "bank/"+v)
		if err != nil {
			lb.err = fmt.Errorf("open bank %s: %w", v, err)
			return
		}
		lb.bank, lb.err = LoadFS(sub)
		if lb.err == nil && lb.bank.Version != v {
			lb.bank, lb.err = nil, fmt.Errorf("bank directory %s declares version %q", v, lb.bank.Version)
		}
	})
	return lb.bank, lb.err
}

// bankFile is the shape of one YAML file of a bank. A bank is every *.yaml
// file in its directory; exactly one sets version, and a file with questions
// names the section they belong to.
type bankFile struct {
	Version         string          `yaml:"version"`
	Sections        []Section       `yaml:"sections"`
	ProfileFields   []ProfileField  `yaml:"profile_fields"`
	Section         string          `yaml:"section"`
	Questions       []Question      `yaml:"questions"`
	Threats         []Threat        `yaml:"threats"`
	Vulnerabilities []Vulnerability `yaml:"vulnerabilities"`
	Schema          int             `yaml:"schema"`
	Frameworks      []Framework     `yaml:"frameworks"`
	ProposedRule    *ProposedRule   `yaml:"proposed_rule"`
}

// origin is where a bank item came from, for messages.
type origin struct {
	d      *inputfile.Decoded
	goPath string // e.g. "Questions[3]"
}

// failed reports whether the decoder already rejected the field's value.
func (o origin) failed(field string) bool { return o.d.Failed(o.goPath + "." + field) }

func (o origin) problem(field, format string, args ...any) inputfile.Problem {
	p := o.goPath
	if field != "" {
		p += "." + field
	}
	return inputfile.Problem{File: o.d.File, Line: o.d.Line(p), Msg: fmt.Sprintf(format, args...)}
}

type loader struct {
	b       *Bank
	probs   inputfile.Problems
	broken  bool // a file could not be parsed
	qFrom   []origin
	sFrom   []origin
	tFrom   []origin
	vFrom   []origin
	pfFrom  []origin
	fwFrom  []origin
	prFrom  origin  // where proposed_rule was set
	verFile string  // the file that set the version
	schFrom *origin // where schema was set
}

// LoadFS loads and validates the bank made of the *.yaml files at the root of
// fsys, against its Security Rule reference table: the citations.tsv beside
// the YAML files, or the embedded 2026.11 table when there is none.
// On failure it returns inputfile.Problems listing every problem with its file and line.
func LoadFS(fsys fs.FS) (*Bank, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list bank files: %w", err)
	}
	if len(names) == 0 {
		return nil, inputfile.Problems{{Msg: "the bank has no .yaml files"}}
	}
	// Files are parsed in parallel (parsing is most of the start-up cost),
	// then merged in name order.
	files := make([]parsedFile, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read bank file %s: %w", name, err)
		}
		wg.Go(func() { files[i] = parseBankFile(name, data) })
	}
	wg.Wait()
	l := &loader{b: &Bank{}}
	for i, name := range names {
		l.file(name, files[i])
	}
	cites, err := l.referenceTable(fsys)
	if err != nil {
		return nil, err
	}
	if cites == nil && len(l.probs) > 0 {
		return nil, l.probs.Err() // without its table the bank cannot be checked further
	}
	l.b.Citations = cites
	l.validate()
	if err := l.probs.Err(); err != nil {
		return nil, err
	}
	return l.b, nil
}

// parsedFile is one bank file decoded, or the syntax error that stopped it.
type parsedFile struct {
	f   bankFile
	d   *inputfile.Decoded
	err error
}

func parseBankFile(name string, data []byte) parsedFile {
	var p parsedFile
	p.d, p.err = inputfile.Decode(name, data, "yaml", &p.f, inputfile.Options{Vocabularies: vocabularies})
	return p
}

// file merges one parsed file into the bank.
func (l *loader) file(name string, p parsedFile) {
	if p.err != nil {
		l.probs = append(l.probs, p.err.(inputfile.Problems)...)
		l.broken = true
		return
	}
	f, d := p.f, p.d
	l.probs = append(l.probs, d.Problems...)
	b := l.b
	if f.Version != "" {
		if b.Version != "" {
			l.add(origin{d, "Version"}, "", "version is set again (already %q in %s)", b.Version, l.verFile)
		}
		b.Version, l.verFile = f.Version, name
	}
	if len(f.Questions) > 0 && f.Section == "" {
		l.add(origin{d, "Questions"}, "", "questions need a section: key naming their section")
	}
	for i := range f.Questions {
		f.Questions[i].Section = f.Section
		f.Questions[i].Line = d.Line(fmt.Sprintf("Questions[%d]", i))
	}
	b.Sections = appendFrom(b.Sections, f.Sections, &l.sFrom, d, "Sections")
	b.ProfileFields = appendFrom(b.ProfileFields, f.ProfileFields, &l.pfFrom, d, "ProfileFields")
	b.Questions = appendFrom(b.Questions, f.Questions, &l.qFrom, d, "Questions")
	b.Threats = appendFrom(b.Threats, f.Threats, &l.tFrom, d, "Threats")
	b.Vulnerabilities = appendFrom(b.Vulnerabilities, f.Vulnerabilities, &l.vFrom, d, "Vulnerabilities")
	b.Frameworks = appendFrom(b.Frameworks, f.Frameworks, &l.fwFrom, d, "Frameworks")
	if f.Schema != 0 {
		if l.schFrom != nil {
			l.add(origin{d, "Schema"}, "", "schema is set again (already %d)", b.Schema)
		}
		b.Schema, l.schFrom = f.Schema, &origin{d, "Schema"}
	}
	if f.ProposedRule != nil {
		if b.ProposedRule != nil {
			l.add(origin{d, "ProposedRule"}, "", "proposed_rule is set again")
		}
		b.ProposedRule, l.prFrom = f.ProposedRule, origin{d, "ProposedRule"}
	}
}

func appendFrom[T any](dst, src []T, from *[]origin, d *inputfile.Decoded, field string) []T {
	for i := range src {
		*from = append(*from, origin{d, fmt.Sprintf("%s[%d]", field, i)})
	}
	return append(dst, src...)
}

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	threatSources = []string{"adversarial", "accidental", "structural", "environmental"}
	profileType   = reflect.TypeFor[assessment.Profile]()
)

// index builds an id -> position map, reporting bad and repeated ids.
func (l *loader) index(what string, n int, id func(int) string, from []origin) map[string]int {
	m := make(map[string]int, n)
	for i := 0; i < n; i++ {
		v := id(i)
		if _, dup := m[v]; dup {
			l.add(from[i], "ID", "%s id %q is used twice", what, v)
			continue
		}
		if !idPattern.MatchString(v) {
			l.add(from[i], "ID", "%s id %q must be lower-case words joined by hyphens", what, v)
		}
		m[v] = i
	}
	return m
}

func (l *loader) add(o origin, field, format string, args ...any) {
	l.probs = append(l.probs, o.problem(field, format, args...))
}

func (l *loader) validate() {
	b := l.b
	if b.Version == "" && !l.broken {
		l.probs = append(l.probs, inputfile.Problem{Msg: "no file sets the bank version"})
	}
	b.citations = make(map[string]int, len(b.Citations))
	for i, c := range b.Citations {
		b.citations[c.Citation] = i
	}
	b.sections = l.index("section", len(b.Sections), func(i int) string { return b.Sections[i].ID }, l.sFrom)
	b.threats = l.index("threat", len(b.Threats), func(i int) string { return b.Threats[i].ID }, l.tFrom)
	b.vulns = l.index("vulnerability", len(b.Vulnerabilities), func(i int) string { return b.Vulnerabilities[i].ID }, l.vFrom)
	b.conditions = map[string]Condition{}
	l.validateProfileFields()
	l.validateSections()
	l.validateThreats()
	for i, v := range b.Vulnerabilities {
		o := l.vFrom[i]
		l.nonEmpty(o, map[string]string{"Name": v.Name, "Description": v.Description})
		if v.Governance {
			if len(v.Threats) > 0 {
				l.add(o, "Threats", "governance vulnerability %s lists threats: a governance gap is a compliance gap, not a weakness a threat exploits", v.ID)
			}
			continue
		}
		l.refs(o, "Threats", "threat", v.Threats, b.threats)
	}
	l.sortQuestions()
	b.byID = l.index("question", len(b.Questions), func(i int) string { return b.Questions[i].ID }, l.qFrom)
	cited := map[string]map[string]bool{} // section -> citations its questions cite
	for i := range b.Questions {
		l.validateQuestion(i, cited)
		if b.Schema == 2 {
			l.validateBasis(i)
		}
	}
	l.validateSchema()
	for i, s := range b.Sections {
		for _, c := range s.Citations {
			if !s.Profile && !cited[s.ID][c] {
				l.add(l.sFrom[i], "Citations", "section %s lists %s but none of its questions cites it", s.ID, c)
			}
		}
	}
}

// nonEmpty reports each named field that is blank.
func (l *loader) nonEmpty(o origin, fields map[string]string) {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if strings.TrimSpace(fields[k]) == "" && !o.failed(k) {
			l.add(o, k, "%s is empty", strings.ToLower(k))
		}
	}
}

// refs reports references that do not resolve and repeated references.
func (l *loader) refs(o origin, field, what string, ids []string, known map[string]int) {
	if len(ids) == 0 {
		l.add(o, field, "needs at least one %s", what)
	}
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	for i, id := range ids {
		at := fmt.Sprintf("%s[%d]", field, i)
		if _, ok := known[id]; !ok {
			l.add(o, at, "unknown %s %q%s", what, id, inputfile.Suggest(id, names))
		} else if slices.Index(ids, id) != i {
			l.add(o, at, "%s %q is listed twice", what, id)
		}
	}
}

// condition parses and remembers a show-if or modifier expression.
func (l *loader) condition(o origin, field, expr string) {
	if _, ok := l.b.conditions[expr]; ok {
		return
	}
	c, err := ParseCondition(expr, l.b.cloudOptions())
	if err != nil {
		l.add(o, field, "%v", err)
		return
	}
	l.b.conditions[expr] = c
}

// cloudOptions are the options of the cloud_services profile field.
func (b *Bank) cloudOptions() []string {
	for _, f := range b.ProfileFields {
		if f.Key == "cloud_services" {
			return f.Options
		}
	}
	return nil
}

func (l *loader) validateProfileFields() {
	seen := map[string]bool{}
	keys := inputfile.Fields(profileType, "yaml")
	for i, f := range l.b.ProfileFields {
		o := l.pfFrom[i]
		l.nonEmpty(o, map[string]string{"Prompt": f.Prompt, "Help": f.Help})
		idx, ok := keys.Index[f.Key]
		switch {
		case !ok:
			l.add(o, "Key", "unknown profile field %q%s", f.Key, inputfile.Suggest(f.Key, keys.Names))
			continue
		case seen[f.Key]:
			l.add(o, "Key", "profile field %q is described twice", f.Key)
		}
		seen[f.Key] = true
		if want := fieldKind(reflect.New(profileType).Elem().Field(idx)); f.Kind != want {
			l.add(o, "Kind", "profile field %s must have kind %s, not %q", f.Key, want, f.Kind)
		}
		if (f.Kind == FieldList) != (len(f.Options) > 0) {
			l.add(o, "Options", "options are needed for a list field, and only for one")
		}
	}
}

func (l *loader) validateSections() {
	b := l.b
	for i, s := range b.Sections {
		o := l.sFrom[i]
		l.nonEmpty(o, map[string]string{"Title": s.Title, "Intro": s.Intro})
		if s.Profile != (i == 0) {
			l.add(o, "Profile", "the practice-profile section must come first, and only it may be marked profile: true")
		}
		if s.Profile && len(s.Citations) > 0 {
			l.add(o, "Citations", "the practice-profile section has no citations")
		}
		for j, c := range s.Citations {
			if _, ok := b.citations[c]; !ok {
				l.add(o, fmt.Sprintf("Citations[%d]", j), "citation %s is not in the Security Rule reference table", c)
			}
		}
	}
}

func (l *loader) validateThreats() {
	for i, t := range l.b.Threats {
		o := l.tFrom[i]
		l.nonEmpty(o, map[string]string{"Name": t.Name, "Description": t.Description})
		if !slices.Contains(threatSources, t.Source) {
			l.add(o, "Source", "source %q must be one of %s", t.Source, strings.Join(threatSources, ", "))
		}
		if !t.Likelihood.Valid() && !o.failed("Likelihood") {
			l.add(o, "Likelihood", "likelihood is missing")
		}
		if !t.Impact.Valid() && !o.failed("Impact") {
			l.add(o, "Impact", "impact is missing")
		}
		for j, g := range t.Reaches {
			switch {
			case !slices.Contains(StoreGroups, g):
				l.add(o, fmt.Sprintf("Reaches[%d]", j), "unknown store group %q: use %s", g, strings.Join(StoreGroups, ", "))
			case slices.Index(t.Reaches, g) != j:
				l.add(o, fmt.Sprintf("Reaches[%d]", j), "store group %q is listed twice", g)
			}
		}
		if t.EncryptionProtects && slices.Equal(t.Reaches, []string{ReachVendors}) {
			l.add(o, "EncryptionProtects", "encryption_protects needs a store group the practice encrypts, not vendors alone")
		}
		for j, m := range t.Modifiers {
			mo := origin{o.d, fmt.Sprintf("%s.Modifiers[%d]", o.goPath, j)}
			l.nonEmpty(mo, map[string]string{"When": m.When, "Reason": m.Reason})
			if m.When != "" {
				l.condition(mo, "When", m.When)
			}
			if m.Likelihood == 0 && m.Impact == 0 || abs(m.Likelihood) > 4 || abs(m.Impact) > 4 {
				l.add(mo, "", "a modifier moves likelihood or impact by 1 to 4 steps up or down")
			}
		}
	}
}

func abs(n int) int { return max(n, -n) }

// sortQuestions puts questions in section order, keeping file order within a
// section.
func (l *loader) sortQuestions() {
	b := l.b
	order := make([]int, len(b.Questions))
	for i := range order {
		order[i] = i
	}
	rank := func(i int) int {
		if r, ok := b.sections[b.Questions[i].Section]; ok {
			return r
		}
		return len(b.Sections)
	}
	sort.SliceStable(order, func(x, y int) bool { return rank(order[x]) < rank(order[y]) })
	qs := make([]Question, len(order))
	from := make([]origin, len(order))
	for i, j := range order {
		qs[i], from[i] = b.Questions[j], l.qFrom[j]
	}
	b.Questions, l.qFrom = qs, from
}

func (l *loader) validateQuestion(i int, cited map[string]map[string]bool) {
	b := l.b
	q := &b.Questions[i]
	o := l.qFrom[i]
	si, secOK := b.sections[q.Section]
	switch {
	case !secOK:
		l.add(o, "", "question %s: unknown section %q", q.ID, q.Section)
	case b.Sections[si].Profile:
		l.add(o, "", "question %s: the practice-profile section is built from profile_fields, not questions", q.ID)
	case !strings.HasPrefix(q.ID, q.Section+"-"):
		l.add(o, "ID", "question id %q must start with its section id %q and a hyphen", q.ID, q.Section)
	}
	if cited[q.Section] == nil {
		cited[q.Section] = map[string]bool{}
	}
	if q.Safeguard == "" && !o.failed("Safeguard") {
		l.add(o, "Safeguard", "safeguard is missing")
	}
	if len(q.Citations) == 0 && (b.Schema < 2 || q.Basis == BasisRule) {
		l.add(o, "Citations", "needs at least one citation")
	}
	sameSafeguard := false
	for j, c := range q.Citations {
		ci, ok := b.citations[c]
		field := fmt.Sprintf("Citations[%d]", j)
		if !ok {
			l.add(o, field, "citation %s is not in the Security Rule reference table", c)
			continue
		}
		q.Required = q.Required || b.Citations[ci].Required
		sameSafeguard = sameSafeguard || b.Citations[ci].Safeguard == q.Safeguard || b.Citations[ci].Safeguard == generalRules
		cited[q.Section][c] = true
		if secOK && !slices.Contains(b.Sections[si].Citations, c) {
			l.add(o, field, "citation %s is not listed by section %s", c, q.Section)
		}
	}
	if !sameSafeguard && q.Safeguard != "" && len(q.Citations) > 0 {
		l.add(o, "Safeguard", "safeguard %s matches none of the question's citations", q.Safeguard)
	}
	text := strings.TrimSpace(q.Text)
	switch {
	case text == "":
		l.add(o, "Text", "text is empty")
	case !strings.HasSuffix(text, "?") || strings.Count(text, "?") != 1:
		l.add(o, "Text", "text must be a single question ending with one question mark")
	case strings.Contains(text, " and/or "):
		l.add(o, "Text", "text must ask one thing: avoid \"and/or\"")
	}
	g := q.Guidance
	l.nonEmpty(origin{o.d, o.goPath + ".Guidance"}, map[string]string{"Why": g.Why, "Good": g.Good, "IfNot": g.IfNot, "Action": g.Action, "Owner": g.Owner})
	for j, a := range q.Answers {
		if slices.Index(q.Answers, a) != j {
			l.add(o, fmt.Sprintf("Answers[%d]", j), "answer %s is listed twice", a)
		}
	}
	if len(q.Answers) == 0 {
		q.Answers = slices.Clone(assessment.AnswerValues)
	}
	if q.ShowIf != "" {
		l.condition(o, "ShowIf", q.ShowIf)
	}
	l.refs(o, "Vulnerabilities", "vulnerability", q.Vulnerabilities, b.vulns)
	for j, c := range q.Checks {
		if !slices.Contains(assessment.CheckIDs, c) {
			l.add(o, fmt.Sprintf("Checks[%d]", j), "unknown probe check %q%s", c, inputfile.Suggest(c, assessment.CheckIDs))
		}
	}
}
