package awscollect

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

const (
	portalARN    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/portal/0123456789abcdef"
	portalACLARN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/portal-acl/a1b2c3d4-0000-4000-8000-00000000000a"
)

// portal changes the sample account's internet-facing load balancer.
func portal(f func(lb *fakeaws.LoadBalancer)) func(*fakeaws.Account) {
	return func(a *fakeaws.Account) { f(&a.RegionalStates["us-east-1"].LoadBalancers[0]) }
}

// TestCollectAccessLogs reads the access log attribute over the wire.
func TestCollectAccessLogs(t *testing.T) {
	runWireCases(t, assessment.CheckELBv2AccessLogs, []wireCase{
		{"access logs on", nil, nil, portalARN, assessment.Pass, "", ""},
		{"access logs off", portal(func(lb *fakeaws.LoadBalancer) { lb.AccessLogsBucket = "" }), nil, portalARN, assessment.Fail, "", ""},
		{"denied", nil, []fakeaws.Fault{{Operation: "elasticloadbalancing:DescribeLoadBalancerAttributes", Code: "AccessDenied", Status: 403}},
			portalARN, assessment.NotAssessed, "AccessDenied", ""},
		{"throttled", nil, []fakeaws.Fault{{Operation: "elasticloadbalancing:DescribeLoadBalancerAttributes", Code: "Throttling", Status: 400, Times: 3}},
			portalARN, assessment.Pass, "", ""},
	})
}

// TestCollectWebACL reads the web ACL of the internet-facing load balancer.
func TestCollectWebACL(t *testing.T) {
	runWireCases(t, assessment.CheckWAFv2WebACL, []wireCase{
		{"behind a web acl", nil, nil, portalARN, assessment.Pass, "", ""},
		{"no web acl", portal(func(lb *fakeaws.LoadBalancer) { lb.WebACL = "" }), nil, portalARN, assessment.Fail, "", ""},
		{"no web acl, said as WAFNonexistentItemException", nil, []fakeaws.Fault{{Operation: "wafv2:GetWebACLForResource", Code: "WAFNonexistentItemException", Status: 400}},
			portalARN, assessment.Fail, "", ""},
		{"denied", nil, []fakeaws.Fault{{Operation: "wafv2:GetWebACLForResource", Code: "AccessDeniedException", Status: 400}},
			portalARN, assessment.NotAssessed, "AccessDeniedException", ""},
		{"throttled", nil, []fakeaws.Fault{{Operation: "wafv2:GetWebACLForResource", Code: "ThrottlingException", Status: 400, Times: 3}},
			portalARN, assessment.Pass, "", ""},
	})
}

// TestCollectWebACLLogging reads the logging configuration of the web ACL:
// WAFNonexistentItemException is a web ACL without logging.
func TestCollectWebACLLogging(t *testing.T) {
	noLogs := func(a *fakeaws.Account) { a.RegionalStates["us-east-1"].WebACLs[0].LogDestinations = nil }
	runWireCases(t, assessment.CheckWAFv2Logging, []wireCase{
		{"logging", nil, nil, portalACLARN, assessment.Pass, "", ""},
		{"no logging configuration", noLogs, nil, portalACLARN, assessment.Fail, "", ""},
		{"denied", nil, []fakeaws.Fault{{Operation: "wafv2:GetLoggingConfiguration", Code: "AccessDeniedException", Status: 400}},
			portalACLARN, assessment.NotAssessed, "AccessDeniedException", ""},
		{"throttled", nil, []fakeaws.Fault{{Operation: "wafv2:GetLoggingConfiguration", Code: "ThrottlingException", Status: 400, Times: 3}},
			portalACLARN, assessment.Pass, "", ""},
	})
}

// TestCollectLoadBalancerKinds: only internet-facing application load
// balancers are asked for a web ACL, gateway load balancers for no
// attributes, and each web ACL for its logging once.
func TestCollectLoadBalancerKinds(t *testing.T) {
	isolateAWS(t)
	acct := sampleAccount()
	east := acct.RegionalStates["us-east-1"]
	east.LoadBalancers = append(east.LoadBalancers,
		fakeaws.LoadBalancer{Name: "billing", Type: "application", Scheme: "internet-facing", WebACL: "portal-acl"},
		fakeaws.LoadBalancer{Name: "intranet", Type: "application", Scheme: "internal"},
		fakeaws.LoadBalancer{Name: "db-proxy", Type: "network", Scheme: "internal", Listeners: []fakeaws.Listener{{Port: 5432, Protocol: "TCP"}}},
		fakeaws.LoadBalancer{Name: "inspect", Type: "gateway", Scheme: "internal"})
	snap, fake := collectEast(t, acct, nil)
	if n := countCalls(fake, "wafv2:GetWebACLForResource"); n != 2 {
		t.Errorf("%d GetWebACLForResource calls, want 2 (internet-facing application load balancers only)", n)
	}
	if n := countCalls(fake, "wafv2:GetLoggingConfiguration"); n != 1 {
		t.Errorf("%d GetLoggingConfiguration calls, want 1 for the one shared web ACL", n)
	}
	if n := countCalls(fake, "elasticloadbalancing:DescribeLoadBalancerAttributes"); n != 4 {
		t.Errorf("%d DescribeLoadBalancerAttributes calls, want 4 (not the gateway)", n)
	}
	for _, lb := range region(t, snap, "us-east-1").LoadBalancers {
		judged := lb.Type == "application" && lb.Scheme == "internet-facing"
		if (lb.WAF != nil) != judged || lb.WAFErr != nil || (lb.AccessLogs != nil) == (lb.Type == "gateway") || lb.AttributesErr != nil {
			t.Errorf("%s: waf %+v (%v), access logs %v (%v)", lb.Name, lb.WAF, lb.WAFErr, lb.AccessLogs, lb.AttributesErr)
		}
	}
	fs := probes.Evaluate(snap, fixtureNow, nil)
	if f := find(t, fs, "shared web ACL", func(f assessment.Finding) bool {
		return f.CheckID == assessment.CheckWAFv2Logging && f.Resource == portalACLARN
	}); f.Status != assessment.Pass || f.Reason != "web ACL portal-acl (in front of billing, portal) logs its requests to arn:aws:firehose:us-east-1:123456789012:deliverystream/aws-waf-logs-portal" {
		t.Errorf("shared web ACL logging = %s %q", f.Status, f.Reason)
	}
}
