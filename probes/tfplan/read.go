// Package tfplan reads the JSON of a Terraform or OpenTofu plan
// ('terraform show -json PLANFILE') into the same provider-neutral snapshot
// that the AWS collectors fill, so that the same pure checks judge
// infrastructure before it is deployed. Values known only after apply make
// findings not_assessed, settings left out are judged by AWS's defaults, and
// every finding carries the Terraform address of its resource.
package tfplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hipaarisk/hipaarisk/probes"
)

// Plan is a plan read for checking.
type Plan struct {
	Name             string
	FormatVersion    string
	TerraformVersion string
	// Snapshot is the planned state as the checks see it.
	Snapshot *probes.Snapshot
	Changes  Changes
	// Checked counts the resources of the planned state read into the
	// snapshot; Unsupported counts the other managed resources by type.
	Checked     int
	Unsupported map[string]int

	addrOf      map[string]string  // finding resource -> Terraform address
	accountAddr map[string]string  // check|region -> address of an account-level setting
	pending     map[string]pending // finding id -> value known only after apply
}

// Changes counts the planned changes of managed resources by action.
type Changes struct {
	Create  int `json:"create"`
	Update  int `json:"update"`
	Replace int `json:"replace"`
	Delete  int `json:"delete"`
	NoOp    int `json:"noOp"`
}

// pending is a value a finding depends on that is known only after apply.
// keepFail: the known values already decide a failure (more rules or
// listeners can only add problems), so a fail stands.
type pending struct {
	what     string
	keepFail bool
}

// NothingToCheck says why the plan gives the checks nothing to judge, or
// returns "".
func (p *Plan) NothingToCheck() string {
	switch {
	case p.Checked > 0:
		return ""
	case p.Changes.Delete > 0 && p.Changes.Create+p.Changes.Update+p.Changes.Replace+p.Changes.NoOp == 0:
		return fmt.Sprintf("the plan only deletes resources (%d)", p.Changes.Delete)
	}
	return "the planned state has no resource of a type hipaarisk checks"
}

// Read parses the JSON of a plan. name is used in error messages, which
// are one line and name the place in the file where they can.
func Read(name string, data []byte) (*Plan, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, fmt.Errorf("%s is a binary plan file: convert it with 'terraform show -json %s > plan.json' and check the JSON", name, name)
	}
	var head struct {
		FormatVersion string          `json:"format_version"`
		PlannedValues json.RawMessage `json:"planned_values"`
		Values        json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(name, data, err)
	}
	switch {
	case head.FormatVersion == "":
		return nil, fmt.Errorf("%s: not a plan in JSON (format_version is missing): make it with 'terraform show -json PLANFILE'", name)
	case strings.SplitN(head.FormatVersion, ".", 2)[0] != "1":
		return nil, fmt.Errorf("%s: format_version %q: hipaarisk reads plans of format 1.x", name, head.FormatVersion)
	case head.PlannedValues == nil && head.Values != nil:
		return nil, fmt.Errorf("%s is a state, not a plan: run 'terraform plan -out=tfplan' and 'terraform show -json tfplan'", name)
	}
	var tp tfjson.Plan
	if err := json.Unmarshal(data, &tp); err != nil {
		return nil, jsonError(name, data, err)
	}
	b := newBuilder(name, &tp)
	b.collect()
	b.build()
	return b.out, nil
}

// jsonError turns a decoding error into one line with the line and column
// or the JSON path of the problem.
func jsonError(name string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return fmt.Errorf("%s:%d:%d: not valid JSON: %v", name, line, col, se)
	case errors.As(err, &te) && te.Field != "":
		return fmt.Errorf("%s: at %s: a JSON %s where the plan format has %s", name, te.Field, te.Value, te.Type)
	case errors.As(err, &te):
		return fmt.Errorf("%s: a JSON %s where the plan format has %s", name, te.Value, te.Type)
	}
	return fmt.Errorf("%s: %s", name, strings.Join(strings.Fields(err.Error()), " "))
}

func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// resource is one resource instance of the planned state.
type resource struct {
	addr   string // module.db.aws_db_instance.main, aws_s3_bucket.logs["x"]
	module string // module instance address ("" at the root)
	typ    string
	name   string
	key    string // instance key as written in the address: [0], ["x"], ""
	region string
	vals   map[string]any
	unk    any // after_unknown
	cfg    *tfjson.ConfigResource
}

// base is the resource address without the instance key.
func (r *resource) base() string { return joinAddr(r.module, r.typ+"."+r.name) }

func joinAddr(module, rest string) string {
	if module == "" {
		return rest
	}
	return module + "." + rest
}

// builder turns a parsed plan into a Plan.
type builder struct {
	plan    *tfjson.Plan
	out     *Plan
	res     []*resource
	byAddr  map[string]*resource
	byBase  map[string][]*resource
	cfg     map[string]*tfjson.ConfigResource // module path without keys + type.name
	changes map[string]*tfjson.ResourceChange
	regions map[string]*probes.RegionData
	// declared records which account and region settings the plan declares
	declared map[string]bool
	// idx is the position of a resource's entry in its snapshot list;
	// values finds resources of a type by a known name, id or ARN.
	idx    map[string]int
	values map[string]map[string]*resource
	// pendingGroups: log groups whose retention is known only after apply;
	// clusters and members: RDS clusters and how many instances join each.
	pendingGroups map[string]string
	clusters      []*resource
	members       map[string]int
	wideTrail     bool // a multi-region or organization trail was read
}

func newBuilder(name string, tp *tfjson.Plan) *builder {
	return &builder{
		plan: tp,
		out: &Plan{Name: name, FormatVersion: tp.FormatVersion, TerraformVersion: tp.TerraformVersion,
			Unsupported: map[string]int{}, addrOf: map[string]string{}, accountAddr: map[string]string{}, pending: map[string]pending{},
			Snapshot: &probes.Snapshot{SchemaVersion: probes.SnapshotSchemaVersion, Provider: "aws", Partition: "aws"}},
		byAddr: map[string]*resource{}, byBase: map[string][]*resource{}, cfg: map[string]*tfjson.ConfigResource{},
		changes: map[string]*tfjson.ResourceChange{}, regions: map[string]*probes.RegionData{}, declared: map[string]bool{},
		idx: map[string]int{}, values: map[string]map[string]*resource{},
		pendingGroups: map[string]string{}, members: map[string]int{},
	}
}

// collect gathers the resources of the planned state: planned_values, and
// resources of prior_state that planned_values leaves out and no change
// deletes.
func (b *builder) collect() {
	if b.plan.Config != nil && b.plan.Config.RootModule != nil {
		b.indexConfig(b.plan.Config.RootModule, "")
	}
	for _, rc := range b.plan.ResourceChanges {
		if rc == nil || rc.Mode != tfjson.ManagedResourceMode || rc.DeposedKey != "" || rc.Change == nil {
			continue
		}
		b.changes[rc.Address] = rc
		a := rc.Change.Actions
		switch {
		case a.Create():
			b.out.Changes.Create++
		case a.Update():
			b.out.Changes.Update++
		case a.Replace():
			b.out.Changes.Replace++
		case a.Delete(), a.Forget():
			b.out.Changes.Delete++
		case a.NoOp():
			b.out.Changes.NoOp++
		}
	}
	if pv := b.plan.PlannedValues; pv != nil && pv.RootModule != nil {
		b.addModule(pv.RootModule)
	}
	if ps := b.plan.PriorState; ps != nil && ps.Values != nil && ps.Values.RootModule != nil {
		b.addModule(ps.Values.RootModule)
	}
	sort.Slice(b.res, func(i, j int) bool { return b.res[i].addr < b.res[j].addr })
}

func (b *builder) indexConfig(m *tfjson.ConfigModule, prefix string) {
	for _, r := range m.Resources {
		if r != nil && r.Mode == tfjson.ManagedResourceMode {
			b.cfg[joinAddr(prefix, r.Type+"."+r.Name)] = r
		}
	}
	names := make([]string, 0, len(m.ModuleCalls))
	for n := range m.ModuleCalls {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if mc := m.ModuleCalls[n]; mc != nil && mc.Module != nil {
			b.indexConfig(mc.Module, joinAddr(prefix, "module."+n))
		}
	}
}

func (b *builder) addModule(m *tfjson.StateModule) {
	for _, sr := range m.Resources {
		if sr == nil || sr.Mode != tfjson.ManagedResourceMode || sr.DeposedKey != "" || b.byAddr[sr.Address] != nil {
			continue
		}
		if rc := b.changes[sr.Address]; rc != nil && (rc.Change.Actions.Delete() || rc.Change.Actions.Forget()) {
			continue
		}
		r := &resource{addr: sr.Address, module: m.Address, typ: sr.Type, name: sr.Name, vals: sr.AttributeValues}
		r.key = strings.TrimPrefix(sr.Address, r.base())
		r.cfg = b.cfg[joinAddr(stripKeys(m.Address), sr.Type+"."+sr.Name)]
		if rc := b.changes[sr.Address]; rc != nil {
			r.unk = rc.Change.AfterUnknown
		}
		if r.vals == nil {
			r.vals = map[string]any{}
		}
		r.region = b.regionOf(r)
		b.res = append(b.res, r)
		b.byAddr[r.addr] = r
		b.byBase[r.base()] = append(b.byBase[r.base()], r)
	}
	for _, c := range m.ChildModules {
		if c != nil {
			b.addModule(c)
		}
	}
}

// stripKeys removes instance keys from a module address:
// module.a["x"].module.b[0] -> module.a.module.b.
func stripKeys(addr string) string {
	var sb strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted && c == '\\':
			i++
		case c == '"' && depth > 0:
			quoted = !quoted
		case quoted:
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
