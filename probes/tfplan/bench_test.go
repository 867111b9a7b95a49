package tfplan

import (
	"encoding/json"
	"fmt"
	"testing"
)

// generatedPlan builds the JSON of a plan with n resources: buckets with
// versioning companions joined by reference, databases, security groups,
// instances and volumes, spread over modules.
func generatedPlan(n int) []byte {
	var planned, changes, config []any
	add := func(module, typ, name string, values, unknown map[string]any, exprs map[string]any) {
		addr := typ + "." + name
		if module != "" {
			addr = module + "." + addr
		}
		planned = append(planned, map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": values})
		changes = append(changes, map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change":        map[string]any{"actions": []string{"create"}, "before": nil, "after": values, "after_unknown": unknown}})
		config = append(config, map[string]any{"address": typ + "." + name, "mode": "managed", "type": typ, "name": name,
			"provider_config_key": "aws", "expressions": exprs, "schema_version": 0})
	}
	id := map[string]any{"id": true, "arn": true}
	for i := 0; len(planned) < n; i++ {
		name := fmt.Sprintf("r%d", i)
		add("", "aws_s3_bucket", name, map[string]any{"bucket": "clinic-" + name}, id, map[string]any{"bucket": map[string]any{"constant_value": "clinic-" + name}})
		add("", "aws_s3_bucket_versioning", name, map[string]any{"versioning_configuration": []any{map[string]any{"status": "Enabled"}}},
			map[string]any{"id": true, "bucket": true}, map[string]any{"bucket": map[string]any{"references": []string{"aws_s3_bucket." + name + ".id", "aws_s3_bucket." + name}}})
		add("", "aws_db_instance", name, map[string]any{"identifier": "db-" + name, "engine": "postgres", "storage_encrypted": i%2 == 0}, id, map[string]any{})
		add("", "aws_security_group", name, map[string]any{"name": name, "ingress": []any{map[string]any{"protocol": "tcp", "from_port": 22, "to_port": 22,
			"cidr_blocks": []any{"10.0.0.0/8"}}}}, id, map[string]any{"ingress": map[string]any{"constant_value": []any{}}})
		add("", "aws_instance", name, map[string]any{"ami": "ami-1", "metadata_options": []any{map[string]any{"http_tokens": "required"}},
			"root_block_device": []any{map[string]any{"encrypted": true}}}, id, map[string]any{})
		add("", "aws_ebs_volume", name, map[string]any{"encrypted": true, "size": 10}, id, map[string]any{})
	}
	b, _ := json.Marshal(map[string]any{"format_version": "1.2", "terraform_version": "1.9.5",
		"planned_values":   map[string]any{"root_module": map[string]any{"resources": planned}},
		"resource_changes": changes,
		"configuration": map[string]any{"provider_config": map[string]any{"aws": map[string]any{"name": "aws",
			"expressions": map[string]any{"region": map[string]any{"constant_value": "us-east-1"}}}},
			"root_module": map[string]any{"resources": config}}})
	return b
}

func TestGeneratedPlan(t *testing.T) {
	p, err := Read("generated.json", generatedPlan(600))
	if err != nil {
		t.Fatal(err)
	}
	res := p.Evaluate(testNow, nil)
	if p.Checked != 600 || len(res.Findings) < 600 {
		t.Errorf("checked %d, %d findings", p.Checked, len(res.Findings))
	}
	for _, f := range res.Findings {
		if f.CheckID == "s3-bucket-versioning" && f.Status != "pass" {
			t.Errorf("%s: %s %s (companion not joined)", f.Address, f.Status, f.Reason)
		}
	}
}

// BenchmarkPlanCheck measures a whole plan check of 2,000 resources: parse,
// snapshot and evaluate.
func BenchmarkPlanCheck(b *testing.B) {
	data := generatedPlan(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := Read("generated.json", data)
		if err != nil {
			b.Fatal(err)
		}
		if res := p.Evaluate(testNow, nil); len(res.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
