package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestELBv2Checks(t *testing.T) {
	lb := FindingID("elbv2-tls-listeners", usEast, lbARN)
	listener := func(f func(l []Listener)) func(s *Snapshot) {
		return func(s *Snapshot) { f(r0(s).LoadBalancers[0].Listeners) }
	}
	runCases(t, []checkCase{
		{"lb redirect and tls13", nil, lb, assessment.Pass, "", "portal: 2 listener(s)"},
		{"lb http forward", listener(func(l []Listener) { l[0].Actions = []ListenerAction{{Type: "forward"}} }), lb, assessment.Fail, "", "HTTP listener on port 80 does not redirect to HTTPS"},
		{"lb redirect keeps protocol", listener(func(l []Listener) { l[0].Actions[0].RedirectProtocol = "#{protocol}" }), lb, assessment.Fail, "", "does not redirect"},
		{"lb tls 1.0 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-2016-08" }), lb, assessment.Fail, "", "ELBSecurityPolicy-2016-08, which allows TLS older than 1.2"},
		{"lb tls 1.1 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-TLS13-1-1-2021-06" }), lb, assessment.Fail, "", "older than 1.2"},
		{"lb tls 1.2 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01" }), lb, assessment.Pass, "", ""},
		{"lb fs 1.2 policy", listener(func(l []Listener) { l[1].SSLPolicy = "ELBSecurityPolicy-FS-1-2-Res-2020-10" }), lb, assessment.Pass, "", ""},
		{"nlb tls listener old", listener(func(l []Listener) { l[1].Protocol = "TLS"; l[1].SSLPolicy = "ELBSecurityPolicy-FS-2018-06" }), lb, assessment.Fail, "", "TLS listener on port 443"},
		{"lb listeners denied", func(s *Snapshot) { r0(s).LoadBalancers[0].ListenersErr = &APIError{Code: "AccessDenied"} }, lb, assessment.NotAssessed, "AccessDenied", "listeners of portal"},
		{"lbs denied", func(s *Snapshot) { r0(s).LoadBalancersErr = &APIError{Code: "AccessDenied"} }, rid("elbv2-tls-listeners"), assessment.NotAssessed, "AccessDenied", ""},
	})
}

func TestELBv2AccessLogs(t *testing.T) {
	logs := FindingID("elbv2-access-logs", usEast, lbARN)
	lb := func(f func(lb *LoadBalancer)) func(s *Snapshot) {
		return func(s *Snapshot) { f(&r0(s).LoadBalancers[0]) }
	}
	off := func(l *LoadBalancer) { l.AccessLogs = ptr(false) }
	runCases(t, []checkCase{
		{"access logs on", nil, logs, assessment.Pass, "", "portal: access logs on, written to S3 bucket access-logs"},
		{"access logs off", lb(off), logs, assessment.Fail, "", "access logs off"},
		{"internal rates low", lb(func(l *LoadBalancer) { off(l); l.Scheme = "internal" }), logs, assessment.Fail, "", "access logs off"},
		{"attributes denied", lb(func(l *LoadBalancer) {
			l.AccessLogs = nil
			l.AttributesErr = denied("elasticloadbalancing:DescribeLoadBalancerAttributes")
		}), logs, assessment.NotAssessed, "AccessDenied", "attributes of portal"},
		{"older snapshot", lb(func(l *LoadBalancer) { l.AccessLogs = nil }), logs, assessment.NotAssessed, "", "collected before the check existed"},
		{"network without tls listener", lb(func(l *LoadBalancer) {
			off(l)
			l.Type, l.Listeners = "network", []Listener{{ARN: "l3", Port: 5432, Protocol: "TCP"}}
		}), logs, assessment.Pass, "", "no TLS listener"},
		{"network with tls listener", lb(func(l *LoadBalancer) {
			off(l)
			l.Type, l.Listeners = "network", []Listener{{ARN: "l3", Port: 443, Protocol: "TLS", SSLPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"}}
		}), logs, assessment.Fail, "", "access logs off"},
		{"gateway", lb(func(l *LoadBalancer) { l.Type, l.AccessLogs = "gateway", nil }), logs, assessment.Pass, "", "gateway load balancers keep no access logs"},
		{"no load balancer", func(s *Snapshot) { r0(s).LoadBalancers = []LoadBalancer{} }, rid("elbv2-access-logs"), assessment.Pass, "", "no load balancer"},
		{"lbs denied", func(s *Snapshot) { r0(s).LoadBalancersErr = denied("elasticloadbalancing:DescribeLoadBalancers") },
			rid("elbv2-access-logs"), assessment.NotAssessed, "AccessDenied", "load balancers"},
	})
	s := goodSnapshot()
	r0(s).LoadBalancers[0].AccessLogs = ptr(false)
	r0(s).LoadBalancers[0].Scheme = "internal"
	if f := findByID(t, Evaluate(s, testNow, nil), logs); f.Severity != assessment.LowSev {
		t.Errorf("internal load balancer severity %s, want low", f.Severity)
	}
}
