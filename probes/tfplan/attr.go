package tfplan

import (
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hipaarisk/hipaarisk/probes"
)

// value returns the planned value at path (keys and list indexes). known is
// false when the value is decided only at apply from what the configuration
// sets. A value the configuration leaves to the provider comes back as nil
// with known true: the caller applies AWS's default.
func (r *resource) value(path ...any) (v any, known bool) {
	v, unknown := r.vals, r.unk
	var cur any = v
	for _, p := range path {
		if u, ok := unknown.(bool); ok && u {
			return nil, !r.configured(path...)
		}
		cur, unknown = step(cur, p), step(unknown, p)
	}
	if u, ok := unknown.(bool); ok && u {
		return nil, !r.configured(path...)
	}
	return cur, true
}

func step(v any, p any) any {
	switch k := p.(type) {
	case string:
		if m, ok := v.(map[string]any); ok {
			return m[k]
		}
	case int:
		if l, ok := v.([]any); ok && k >= 0 && k < len(l) {
			return l[k]
		}
	}
	return nil
}

// configured reports whether the configuration sets the value at path. When
// the configuration is not in the plan, everything counts as set: a value
// known only after apply is then never taken for a default.
func (r *resource) configured(path ...any) bool {
	if r.cfg == nil {
		return true
	}
	block := r.cfg.Expressions
	var e *tfjson.Expression
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if block == nil {
				return true // inside an attribute set by one expression
			}
			if e = block[k]; e == nil || e.ExpressionData == nil {
				return false
			}
			block = nil
		case int:
			if e == nil || len(e.NestedBlocks) == 0 {
				return true
			}
			if k >= len(e.NestedBlocks) {
				return true // dynamic blocks: not spelled out
			}
			block = e.NestedBlocks[k]
		}
	}
	return true
}

func (r *resource) str(path ...any) (string, bool) {
	v, known := r.value(path...)
	s, _ := v.(string)
	return s, known
}

// boolean returns the value, def when it is not set.
func (r *resource) boolean(def bool, path ...any) (bool, bool) {
	v, known := r.value(path...)
	if b, ok := v.(bool); ok {
		return b, known
	}
	return def, known
}

// number returns the value, def when it is not set.
func (r *resource) number(def int32, path ...any) (int32, bool) {
	v, known := r.value(path...)
	if f, ok := v.(float64); ok {
		return int32(f), known
	}
	return def, known
}

// list returns the length of the list at path (0 when not set).
func (r *resource) list(path ...any) (int, bool) {
	v, known := r.value(path...)
	l, _ := v.([]any)
	return len(l), known
}

// strings returns the known strings of a list; known is false when the list
// or one of its items is known only after apply.
func (r *resource) strings(path ...any) ([]string, bool) {
	n, known := r.list(path...)
	var out []string
	for i := 0; i < n; i++ {
		s, k := r.str(append(path[:len(path):len(path)], i)...)
		known = known && k
		if k && s != "" {
			out = append(out, s)
		}
	}
	return out, known
}

// references lists the resources (as addresses relative to the module,
// with an instance key when the expression gives a fixed one) that the
// configured expression at attr refers to.
func (r *resource) references(attr string) []string {
	if r.cfg == nil {
		return nil
	}
	e := r.cfg.Expressions[attr]
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	var out []string
	for _, ref := range e.References {
		if t, n, key, ok := parseRef(ref); ok {
			out = append(out, t+"."+n+key)
		}
	}
	return out
}

// parseRef splits "aws_s3_bucket.logs[\"x\"].id" into type, name and key.
// References to variables, locals, modules, data sources and the like are
// not resources.
func parseRef(ref string) (typ, name, key string, ok bool) {
	dot := strings.IndexByte(ref, '.')
	if dot <= 0 {
		return "", "", "", false
	}
	typ = ref[:dot]
	switch typ {
	case "var", "local", "module", "data", "each", "count", "path", "self", "terraform":
		return "", "", "", false
	}
	rest := ref[dot+1:]
	end := strings.IndexAny(rest, ".[")
	if end < 0 {
		return typ, rest, "", rest != ""
	}
	name = rest[:end]
	if rest[end] == '[' {
		if close := keyEnd(rest[end:]); close > 0 {
			key = rest[end : end+close]
		}
	}
	return typ, name, key, name != ""
}

// keyEnd returns the length of the bracketed key at the start of s, or 0.
func keyEnd(s string) int {
	quoted := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == ']':
			return i + 1
		}
	}
	return 0
}

// target finds the resource of one of the given types that attr refers to:
// by its known value (matched with byValue) or, when the value is known
// only after apply, by the reference in the configuration, the way
// Terraform itself links them. A reference without a fixed key to a
// resource with several instances pairs instances with the same key.
func (b *builder) target(r *resource, attr string, byValue map[string]*resource, types ...string) *resource {
	if v, known := r.str(attr); known && v != "" {
		return byValue[v]
	}
	for _, ref := range r.references(attr) {
		t, _, key, _ := parseRef(ref + ".x")
		if !contains(types, t) {
			continue
		}
		base := joinAddr(r.module, strings.TrimSuffix(ref, key))
		if key != "" {
			if x := b.byAddr[base+key]; x != nil {
				return x
			}
			continue
		}
		switch inst := b.byBase[base]; {
		case len(inst) == 1:
			return inst[0]
		case r.key != "":
			if x := b.byAddr[base+r.key]; x != nil {
				return x
			}
		}
	}
	return nil
}

// display is what to show for a string attribute: its value, or when that
// is known only after apply the resource it refers to.
func (r *resource) display(attr string) string {
	if v, known := r.str(attr); known {
		return v
	}
	if refs := r.references(attr); len(refs) > 0 {
		return joinAddr(r.module, refs[0])
	}
	return "(known after apply)"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// regionOf is the resource's region: its own region argument or ARN, else
// the region of its provider configuration.
func (b *builder) regionOf(r *resource) string {
	if s, _ := r.str("region"); s != "" {
		return s
	}
	if arn, _ := r.str("arn"); strings.Count(arn, ":") >= 5 {
		if reg := strings.Split(arn, ":")[3]; reg != "" {
			return reg
		}
	}
	if r.cfg != nil && b.plan.Config != nil {
		key := r.cfg.ProviderConfigKey
		pc := b.plan.Config.ProviderConfigs[key]
		if pc == nil {
			if i := strings.LastIndexByte(key, ':'); i >= 0 {
				pc = b.plan.Config.ProviderConfigs[key[i+1:]]
			}
		}
		if reg := b.constant(pc); reg != "" {
			return reg
		}
	}
	return UnknownRegion
}

// UnknownRegion is the region of resources whose provider takes its region
// from the environment (AWS_REGION, a profile) rather than the configuration.
const UnknownRegion = "provider-default"

func (b *builder) constant(pc *tfjson.ProviderConfig) string {
	if pc == nil || pc.Expressions["region"] == nil || pc.Expressions["region"].ExpressionData == nil {
		return ""
	}
	e := pc.Expressions["region"]
	if s, ok := e.ConstantValue.(string); ok {
		return s
	}
	for _, ref := range e.References {
		if v, ok := strings.CutPrefix(ref, "var."); ok && b.plan.Variables[v] != nil {
			if s, ok := b.plan.Variables[v].Value.(string); ok {
				return s
			}
		}
	}
	return ""
}

// arnOf is the resource's ARN when the plan knows it, else its address.
func (r *resource) arnOf() string {
	if arn, known := r.str("arn"); known && arn != "" {
		return arn
	}
	return r.addr
}

// idOf is the resource's id when the plan knows it, else its address.
func (r *resource) idOf(attrs ...string) string {
	for _, a := range append(attrs, "id") {
		if v, known := r.str(a); known && v != "" {
			return v
		}
	}
	return r.addr
}

func (b *builder) pend(check, region, resource, what string, keepFail bool) {
	id := probes.FindingID(check, region, resource)
	if p, ok := b.out.pending[id]; ok {
		what = p.what + ", " + what
		keepFail = keepFail && p.keepFail
	}
	b.out.pending[id] = pending{what, keepFail}
}
