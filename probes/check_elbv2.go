package probes

import (
	"fmt"
	"slices"
	"strings"
)

// modernTLSPolicyPrefixes name the predefined ELB security policies that
// accept only TLS 1.2 or newer.
var modernTLSPolicyPrefixes = []string{
	"ELBSecurityPolicy-TLS13-1-2-", "ELBSecurityPolicy-TLS13-1-3-",
	"ELBSecurityPolicy-TLS-1-2-", "ELBSecurityPolicy-FS-1-2-",
}

func modernTLSPolicy(name string) bool {
	return slices.ContainsFunc(modernTLSPolicyPrefixes, func(p string) bool { return strings.HasPrefix(name, p) })
}

// listenerProblem describes why a listener may carry unprotected or weakly
// protected traffic, or returns "".
func listenerProblem(l Listener) string {
	switch l.Protocol {
	case "HTTP":
		if len(l.Actions) > 0 && l.Actions[0].Type == "redirect" && strings.EqualFold(l.Actions[0].RedirectProtocol, "HTTPS") {
			return ""
		}
		return fmt.Sprintf("HTTP listener on port %d does not redirect to HTTPS", l.Port)
	case "HTTPS", "TLS":
		if l.SSLPolicy == "" {
			return fmt.Sprintf("%s listener on port %d has no security policy", l.Protocol, l.Port)
		}
		if !modernTLSPolicy(l.SSLPolicy) {
			return fmt.Sprintf("%s listener on port %d uses %s, which allows TLS older than 1.2", l.Protocol, l.Port, l.SSLPolicy)
		}
	}
	return ""
}

func evalLoadBalancers(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.LoadBalancersErr != nil {
			e.unread(c, r.Region, e.account(), r.LoadBalancersErr, "the load balancers")
			return
		}
		if len(r.LoadBalancers) == 0 {
			e.pass(c, r.Region, e.account(), "no load balancer in this region")
		}
		for _, lb := range r.LoadBalancers {
			if lb.ListenersErr != nil {
				e.unread(c, r.Region, lb.ARN, lb.ListenersErr, "the listeners of "+lb.Name)
				continue
			}
			var problems []string
			for _, l := range lb.Listeners {
				if p := listenerProblem(l); p != "" {
					problems = append(problems, p)
				}
			}
			if len(problems) > 0 {
				e.fail(c, r.Region, lb.ARN, lb.Name+": "+strings.Join(problems, "; "))
			} else {
				e.pass(c, r.Region, lb.ARN, fmt.Sprintf("%s: %d listener(s), HTTP redirected to HTTPS, TLS 1.2 or newer", lb.Name, len(lb.Listeners)))
			}
		}
	})
}
