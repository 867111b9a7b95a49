package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

const aclARN = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/portal-acl/1"

func TestWAFChecks(t *testing.T) {
	acl, logging := FindingID("wafv2-web-acl", usEast, lbARN), FindingID("wafv2-logging", usEast, aclARN)
	lb := func(f func(lb *LoadBalancer)) func(s *Snapshot) {
		return func(s *Snapshot) { f(&r0(s).LoadBalancers[0]) }
	}
	noACL := lb(func(l *LoadBalancer) { l.WAF = &WAFProtection{} })
	second := func(s *Snapshot) {
		l := r0(s).LoadBalancers[0]
		l.ARN, l.Name = lbARN+"2", "billing"
		r0(s).LoadBalancers = append(r0(s).LoadBalancers, l)
	}
	runCases(t, []checkCase{
		{"behind waf", nil, acl, assessment.Pass, "", "portal: behind AWS WAF web ACL portal-acl"},
		{"no web acl", noACL, acl, assessment.Fail, "", "no AWS WAF web ACL"},
		{"web acl unread", lb(func(l *LoadBalancer) {
			l.WAF, l.WAFErr = nil, &APIError{Operation: "wafv2:GetWebACLForResource", Code: "AccessDeniedException"}
		}),
			acl, assessment.NotAssessed, "AccessDeniedException", "web ACL of portal"},
		{"older snapshot", lb(func(l *LoadBalancer) { l.WAF = nil }), acl, assessment.NotAssessed, "", "collected before the check existed"},
		{"internal not judged", lb(func(l *LoadBalancer) { l.Scheme, l.WAF = "internal", nil }), acl, "", "", ""},
		{"internal leaves a trace", lb(func(l *LoadBalancer) { l.Scheme, l.WAF = "internal", nil }), rid("wafv2-web-acl"), assessment.Pass, "",
			"1 load balancer(s), none an internet-facing application load balancer (1 internal application)"},
		{"network leaves a trace", lb(func(l *LoadBalancer) { l.Type, l.WAF = "network", nil }), rid("wafv2-web-acl"), assessment.Pass, "", "(1 network)"},
		{"no load balancer", func(s *Snapshot) { r0(s).LoadBalancers = []LoadBalancer{} }, rid("wafv2-web-acl"), assessment.Pass, "", "no load balancer"},
		{"lbs denied", func(s *Snapshot) { r0(s).LoadBalancersErr = denied("elasticloadbalancing:DescribeLoadBalancers") },
			rid("wafv2-web-acl"), assessment.NotAssessed, "AccessDenied", ""},

		{"web acl logs", nil, logging, assessment.Pass, "", "web ACL portal-acl (in front of portal) logs its requests to arn:aws:logs"},
		{"one finding for a shared web acl", second, logging, assessment.Pass, "", "(in front of portal, billing)"},
		{"web acl without logging", lb(func(l *LoadBalancer) { l.WAF.LogDestinations = nil }), logging, assessment.Fail, "", "keeps no request log"},
		{"logging denied", lb(func(l *LoadBalancer) {
			l.WAF.LogDestinations, l.WAF.LoggingErr = nil, &APIError{Operation: "wafv2:GetLoggingConfiguration", Code: "AccessDeniedException"}
		}), logging, assessment.NotAssessed, "AccessDeniedException", "logging configuration of web ACL portal-acl"},
		{"no web acl to log", noACL, rid("wafv2-logging"), assessment.Pass, "", "no AWS WAF web ACL in front of"},
		{"web acls unread", lb(func(l *LoadBalancer) { l.WAF, l.WAFErr = nil, &APIError{Code: "AccessDeniedException"} }),
			rid("wafv2-logging"), assessment.NotAssessed, "AccessDeniedException", "web ACLs"},
		{"logging in an older snapshot", lb(func(l *LoadBalancer) { l.WAF = nil }), rid("wafv2-logging"), assessment.NotAssessed, "", "collected before the check existed"},
		{"logging lbs denied", func(s *Snapshot) { r0(s).LoadBalancersErr = denied("elasticloadbalancing:DescribeLoadBalancers") },
			rid("wafv2-logging"), assessment.NotAssessed, "AccessDenied", ""},
	})
}
