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
