package inputfile

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Decoded is what reading one file found: every problem, with its line, and
// where each value came from. Values are named by their Go path, such as
// "Vendors[0].BAADate".
type Decoded struct {
	File     string
	Problems Problems
	// Empty is true for a file with no content: only comments, or null.
	Empty bool

	tag    string // struct tag that names keys: "yaml" or "json"
	vocab  map[reflect.Type]Vocabulary
	pos    map[string]place // by Go path
	failed map[string]bool  // Go paths whose value was rejected
}

// Options says how to read a file.
type Options struct {
	// Vocabularies check and normalise string types with a fixed set of
	// values, by type.
	Vocabularies map[reflect.Type]Vocabulary
}

// Decode reads data, in format "yaml" or "json", into v, which must be a
// pointer. Keys are matched against the struct tag named like the format;
// fields tagged `file:"-"` cannot be set from a file. It returns an error
// (Problems) only when the file cannot be parsed at all; every other problem
// is in the result's Problems, and decoding goes on after it.
func Decode(file string, data []byte, format string, v any, opts Options) (*Decoded, error) {
	parse := parseYAML
	switch format {
	case "json":
		parse = parseJSON
	case "yaml":
	default:
		return nil, fmt.Errorf("%s: unknown format %q: use yaml or json", file, format)
	}
	if err := checkEncoding(file, data); err != nil {
		return nil, err
	}
	n, err := parse(file, data)
	if err != nil {
		return nil, err
	}
	d := &Decoded{File: file, tag: format, vocab: opts.Vocabularies, pos: map[string]place{}, failed: map[string]bool{}}
	if d.Empty = emptyNode(n); !d.Empty {
		d.decode(n, reflect.ValueOf(v).Elem(), loc{})
	}
	return d, nil
}

// Line returns the line where the value at goPath was found, or that of its
// nearest parent that was; 0 when none was.
func (d *Decoded) Line(goPath string) int {
	for {
		if p, ok := d.pos[goPath]; ok {
			return p.line
		}
		i := strings.LastIndexAny(goPath, ".[")
		if i < 0 {
			return 0
		}
		goPath = goPath[:i]
	}
}

// Path returns how the file spells the path of the value at goPath, such as
// "vendors[0].baa_date".
func (d *Decoded) Path(goPath string) (string, bool) {
	p, ok := d.pos[goPath]
	return p.path, ok
}

// Failed reports whether the value at goPath was rejected while reading, so
// later checks need not also call it missing.
func (d *Decoded) Failed(goPath string) bool { return d.failed[goPath] }

// place is where a value was found and how the file spells its path.
type place struct {
	line int
	path string // e.g. "vendors[0].baa_date"
}

// loc is the Go path and the file's path of the value being decoded.
type loc struct{ goPath, path string }

func (l loc) field(goName, key string) loc {
	if l.goPath == "" {
		return loc{goName, key}
	}
	return loc{l.goPath + "." + goName, l.path + "." + key}
}

func (l loc) index(i int) loc {
	s := "[" + strconv.Itoa(i) + "]"
	return loc{l.goPath + s, l.path + s}
}

func (l loc) key(k string) loc {
	return loc{l.goPath + "[" + k + "]", l.path + "." + k}
}

func (d *Decoded) addf(line int, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{File: d.File, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// reject reports a value that cannot be used and remembers its path, so
// later checks do not also call it missing.
func (d *Decoded) reject(n *yaml.Node, l loc, format string, args ...any) {
	d.failed[l.goPath] = true
	d.addf(n.Line, "%s%s", at(l), fmt.Sprintf(format, args...))
}

// at formats a path for a message: "answers.adm-x.value: ".
func at(l loc) string {
	if l.path == "" {
		return ""
	}
	return l.path + ": "
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// Vocabulary checks and normalises a value of a string type with a fixed set
// of values, or says why it is not one of them.
type Vocabulary func(string) (string, error)

// OneOf is the Vocabulary of a fixed list of values, matched ignoring case
// and surrounding space; what names the list in messages.
func OneOf(what string, values ...string) Vocabulary {
	return func(s string) (string, error) {
		for _, v := range values {
			if strings.EqualFold(strings.TrimSpace(s), v) {
				return v, nil
			}
		}
		return "", fmt.Errorf("%q is not a valid %s: use %s%s", s, what, strings.Join(values, ", "), Suggest(s, values))
	}
}

var fieldCache sync.Map // fieldKey -> *StructFields

type fieldKey struct {
	t   reflect.Type
	tag string
}

// StructFields are the keys a file may use for a struct type.
type StructFields struct {
	Index map[string]int // key -> field index
	Names []string       // keys, sorted
}

// Fields lists the keys of a struct type under a tag ("yaml" or "json").
// Fields without the tag, tagged "-", or tagged `file:"-"` (ids and other
// values the store keeps but files never carry) cannot be set from a file.
func Fields(t reflect.Type, tag string) *StructFields {
	k := fieldKey{t, tag}
	if f, ok := fieldCache.Load(k); ok {
		return f.(*StructFields)
	}
	f := &StructFields{Index: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get(tag), ",")
		if name == "" || name == "-" || !sf.IsExported() || sf.Tag.Get("file") == "-" {
			continue
		}
		f.Index[name] = i
		f.Names = append(f.Names, name)
	}
	sort.Strings(f.Names)
	fieldCache.Store(k, f)
	return f
}

var kindNames = map[yaml.Kind]string{yaml.MappingNode: "a set of keys", yaml.SequenceNode: "a list", yaml.ScalarNode: "a single value"}

// expect reports a problem unless n has the wanted kind.
func (d *Decoded) expect(n *yaml.Node, kind yaml.Kind, l loc) bool {
	if n.Kind == kind {
		return true
	}
	d.reject(n, l, "expected %s, found %s", kindNames[kind], kindNames[n.Kind])
	return false
}

func (d *Decoded) decode(n *yaml.Node, v reflect.Value, l loc) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		d.addf(n.Line, "%sanchors and aliases are not supported", at(l))
		return
	}
	if l.goPath != "" {
		d.pos[l.goPath] = place{line: n.Line, path: l.path}
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	t := v.Type()
	if parse, ok := d.vocab[t]; ok {
		if d.expect(n, yaml.ScalarNode, l) {
			s, err := parse(n.Value)
			if err != nil {
				d.reject(n, l, "%v", err)
				return
			}
			v.SetString(s)
		}
		return
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textUnmarshalerType) {
		if d.expect(n, yaml.ScalarNode, l) {
			if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
				d.reject(n, l, "%v", err)
			}
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		e := reflect.New(t.Elem())
		d.decode(n, e.Elem(), l)
		v.Set(e)
	case reflect.Struct:
		d.decodeStruct(n, v, l)
	case reflect.Map:
		d.decodeMap(n, v, l)
	case reflect.Slice:
		if !d.expect(n, yaml.SequenceNode, l) {
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), l.index(i))
		}
		v.Set(s)
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64:
		if d.expect(n, yaml.ScalarNode, l) {
			d.decodeScalar(n, v, l)
		}
	default:
		d.addf(n.Line, "%scannot be read into %s", at(l), t)
	}
}

// decodeScalar reads a single value into a string, bool or whole-number
// field. JSON files must quote text and may not quote booleans or numbers.
func (d *Decoded) decodeScalar(n *yaml.Node, v reflect.Value, l loc) {
	switch v.Kind() {
	case reflect.String:
		if d.tag == "json" && n.Tag != "!!str" {
			d.reject(n, l, "expected text in quotes, found %s", n.Value)
			return
		}
		if c := utf8.RuneCountInString(n.Value); c > MaxText {
			d.reject(n, l, "%d characters is too long: at most %d", c, MaxText)
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, ok := parseBool(n, d.tag)
		if !ok {
			d.reject(n, l, "%q is not true or false", n.Value)
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		var i int64
		if n.Tag != "!!int" || n.Decode(&i) != nil || v.OverflowInt(i) {
			d.reject(n, l, "%q is not a whole number", n.Value)
			return
		}
		v.SetInt(i)
	}
}

// parseBool reads true or false; YAML files may also say yes, no, on or off.
func parseBool(n *yaml.Node, tag string) (value, ok bool) {
	if tag == "json" && n.Tag != "!!bool" {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true", "yes", "on":
		return true, true
	case "false", "no", "off":
		return false, true
	}
	return false, false
}

func (d *Decoded) decodeStruct(n *yaml.Node, v reflect.Value, l loc) {
	if !d.expect(n, yaml.MappingNode, l) {
		return
	}
	fields := Fields(v.Type(), d.tag)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.uniqueKey(k, seen, l) {
			continue
		}
		fi, ok := fields.Index[k.Value]
		if !ok {
			what := "unknown field"
			if l.path == "" {
				what = "unknown top-level key"
			}
			d.addf(k.Line, "%s%s %q%s", at(l), what, k.Value, Suggest(k.Value, fields.Names))
			continue
		}
		d.decode(val, v.Field(fi), l.field(v.Type().Field(fi).Name, k.Value))
	}
}

func (d *Decoded) decodeMap(n *yaml.Node, v reflect.Value, l loc) {
	if !d.expect(n, yaml.MappingNode, l) {
		return
	}
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.addf(n.Line, "%scannot be read into %s", at(l), t)
		return
	}
	m := reflect.MakeMapWithSize(t, len(n.Content)/2)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.uniqueKey(k, seen, l) {
			continue
		}
		e := reflect.New(t.Elem()).Elem()
		d.decode(val, e, l.key(k.Value))
		m.SetMapIndex(reflect.ValueOf(k.Value).Convert(t.Key()), e)
	}
	v.Set(m)
}

// uniqueKey reports a key that is not a plain value or appears twice.
func (d *Decoded) uniqueKey(k *yaml.Node, seen map[string]int, l loc) bool {
	if k.Kind != yaml.ScalarNode {
		d.addf(k.Line, "%skeys must be plain names", at(l))
		return false
	}
	if first, dup := seen[k.Value]; dup {
		d.addf(k.Line, "%s%q appears twice (first on line %d)", at(l), k.Value, first)
		return false
	}
	seen[k.Value] = k.Line
	return true
}

// emptyNode reports a file with no content: only comments, or a null document.
func emptyNode(n *yaml.Node) bool {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return n.Kind == 0 || n.Kind == yaml.DocumentNode || n.Tag == "!!null"
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses YAML into a node tree, reporting a syntax error with its line.
func parseYAML(file string, data []byte) (*yaml.Node, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			line = syntaxLine(data, line, msg)
		}
		return nil, Problems{{File: file, Line: line, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}}
	}
	return &n, nil
}

// syntaxLine narrows a YAML syntax error to the line where it happens. The
// parser reports where the enclosing block starts; the shortest prefix of the
// file that fails with the same message ends at the offending line. A binary
// search keeps this to a few parses.
func syntaxLine(data []byte, line int, msg string) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	fails := func(n int) bool {
		var node yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[:n], nil), &node)
		return err != nil && strings.HasSuffix(err.Error(), msg)
	}
	lo, hi := max(line, 1), len(lines) // the answer is in [lo, hi] when the whole file fails
	if lo > hi || !fails(hi) {
		return line
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// maxDepth bounds nesting in JSON input; the import format needs far less.
const maxDepth = 64

// parseJSON builds a node tree from JSON, with the line of every value, so
// JSON and YAML files get the same checks and messages.
func parseJSON(file string, data []byte) (*yaml.Node, error) {
	p := &jsonParser{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err == nil {
		if _, err = p.dec.Token(); err == io.EOF {
			return n, nil
		} else if err == nil {
			err = errors.New("unexpected data after the end of the document")
		}
	}
	line := p.lineAt(p.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line = p.lineAt(se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("the file ends too early")
	}
	return nil, Problems{{File: file, Line: line, Msg: "not valid JSON: " + err.Error()}}
}

type jsonParser struct {
	dec  *json.Decoder
	data []byte
}

func (p *jsonParser) lineAt(off int64) int {
	off = min(max(off, 0), int64(len(p.data)))
	return bytes.Count(p.data[:off], []byte("\n")) + 1
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	if depth > maxDepth {
		return nil, errors.New("nested too deeply")
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	line := p.lineAt(p.dec.InputOffset())
	switch t := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
		if t == '{' {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		}
		for p.dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k)
			}
			c, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t, Line: line}, nil
	case json.Number:
		tag := "!!int"
		if _, err := strconv.ParseInt(string(t), 10, 64); err != nil {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t), Line: line}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t), Line: line}, nil
	default: // nil
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line}, nil
	}
}
