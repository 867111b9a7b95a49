package tfplan

import (
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (b *builder) guardDuty(r *resource) {
	rd := b.region(r.region)
	b.declare(assessment.CheckGuardDutyEnabled, r.region, r.addr)
	d := probes.Detector{ID: r.idOf(), Status: "ENABLED"}
	switch on, known := r.boolean(true, "enable"); {
	case !known:
		d.Err = knownAfterApply("enable")
	case !on:
		d.Status = "DISABLED"
	}
	rd.GuardDutyDetectors = append(rd.GuardDutyDetectors, d)
}

func (b *builder) backupPlan(r *resource) {
	rd := b.region(r.region)
	b.declare(assessment.CheckBackupPlans, r.region, r.addr)
	name, _ := r.str("name")
	rd.BackupPlans = append(rd.BackupPlans, probes.BackupPlan{ID: r.idOf(), ARN: r.arnOf(), Name: name})
}

// kmsKey reads an aws_kms_key: a customer-managed key from KMS, enabled,
// symmetric and not rotating unless the configuration says otherwise.
func (b *builder) kmsKey(r *resource) {
	rd := b.region(r.region)
	k := probes.KMSKey{ID: r.idOf("key_id"), ARN: r.arnOf(), Manager: "CUSTOMER", State: "Enabled",
		Spec: "SYMMETRIC_DEFAULT", Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS"}
	if on, _ := r.boolean(true, "is_enabled"); !on {
		k.State = "Disabled"
	}
	if v, _ := r.str("customer_master_key_spec"); v != "" {
		k.Spec = v
	}
	if v, _ := r.str("key_usage"); v != "" {
		k.Usage = v
	}
	if rot, known := r.boolean(false, "enable_key_rotation"); known {
		k.RotationEnabled = &rot
	} else {
		k.RotationErr = knownAfterApply("enable_key_rotation")
	}
	rd.KMSKeys = append(rd.KMSKeys, k)
	b.located(k.ARN, r.addr)
}

func (b *builder) logGroup(r *resource) {
	rd := b.region(r.region)
	name, _ := r.str("name")
	if name == "" {
		name = r.addr
	}
	days, known := r.number(0, "retention_in_days")
	if !known {
		b.pendingGroups[r.addr] = "retention_in_days of " + r.addr
	}
	arn := r.arnOf()
	rd.LogGroups = append(rd.LogGroups, probes.LogGroup{Name: name, ARN: arn, RetentionDays: days})
	b.located(strings.TrimSuffix(arn, ":*"), r.addr) // the resource the retention finding names
	b.known("aws_cloudwatch_log_group", r, "name", "arn")
}

func (b *builder) loadBalancer(r *resource) {
	rd := b.region(r.region)
	name, _ := r.str("name")
	if name == "" {
		name = r.addr
	}
	typ, _ := r.str("load_balancer_type")
	if typ == "" {
		typ = "application"
	}
	scheme := "internet-facing"
	if internal, _ := r.boolean(false, "internal"); internal {
		scheme = "internal"
	}
	b.idx[r.addr] = len(rd.LoadBalancers)
	rd.LoadBalancers = append(rd.LoadBalancers, probes.LoadBalancer{ARN: r.arnOf(), Name: name, Type: typ, Scheme: scheme, Listeners: []probes.Listener{}})
	b.located(r.arnOf(), r.addr)
	b.known("aws_lb", r, "arn", "id")
}

// listener reads a listener into its load balancer (one of its own when the
// plan does not declare the load balancer). HTTPS and TLS listeners without
// a security policy get the one the ELB API gives them,
// ELBSecurityPolicy-2016-08.
func (b *builder) listener(r *resource) {
	rd := b.region(r.region)
	var lb *probes.LoadBalancer
	if t := b.target(r, "load_balancer_arn", b.values["aws_lb"], "aws_lb", "aws_alb"); t != nil && t.region == r.region {
		lb = &rd.LoadBalancers[b.idx[t.addr]]
	} else {
		name := r.display("load_balancer_arn")
		arn, _ := r.str("load_balancer_arn")
		if arn == "" {
			arn = r.addr
		}
		rd.LoadBalancers = append(rd.LoadBalancers, probes.LoadBalancer{ARN: arn, Name: name, Type: "application", Listeners: []probes.Listener{}})
		lb = &rd.LoadBalancers[len(rd.LoadBalancers)-1]
		b.located(arn, r.addr)
	}
	port, k1 := r.number(0, "port")
	proto, k2 := r.str("protocol")
	policy, k3 := r.str("ssl_policy")
	if proto == "" {
		proto = "HTTP"
		if lb.Type == "network" {
			proto = "TCP"
		}
	}
	if policy == "" && (proto == "HTTPS" || proto == "TLS") {
		policy = "ELBSecurityPolicy-2016-08"
	}
	l := probes.Listener{ARN: r.arnOf(), Port: port, Protocol: strings.ToUpper(proto), SSLPolicy: policy}
	n, k4 := r.list("default_action")
	for i := 0; i < n; i++ {
		typ, _ := r.str("default_action", i, "type")
		redirect, _ := r.str("default_action", i, "redirect", 0, "protocol")
		if redirect == "" && typ == "redirect" {
			redirect = "#{protocol}"
		}
		l.Actions = append(l.Actions, probes.ListenerAction{Type: typ, RedirectProtocol: redirect})
	}
	if !k1 || !k2 || !k3 || !k4 {
		b.pend(assessment.CheckELBv2TLSListeners, r.region, lb.ARN, "listener "+r.addr, true)
	}
	lb.Listeners = append(lb.Listeners, l)
}
