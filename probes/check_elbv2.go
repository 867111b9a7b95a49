package probes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
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

// eachLoadBalancerRegion calls fn for every scanned region whose load
// balancers were listed, and reports the others as unread.
func (e *evaluation) eachLoadBalancerRegion(c Check, fn func(r *RegionData)) {
	e.eachRegion(c, func(r *RegionData) {
		if r.LoadBalancersErr != nil {
			e.unread(c, r.Region, e.account(), r.LoadBalancersErr, "the load balancers")
			return
		}
		fn(r)
	})
}

func evalLoadBalancers(e *evaluation, c Check) {
	e.eachLoadBalancerRegion(c, func(r *RegionData) {
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

// hasTLSListener reports whether a network load balancer terminates TLS,
// the only traffic its access logs record.
func hasTLSListener(lb *LoadBalancer) bool {
	return slices.ContainsFunc(lb.Listeners, func(l Listener) bool { return l.Protocol == "TLS" })
}

// evalAccessLogs requires access logs on every application and network
// load balancer; internal ones rate lower than internet-facing ones.
func evalAccessLogs(e *evaluation, c Check) {
	internal := c
	internal.Severity = assessment.LowSev
	e.eachLoadBalancerRegion(c, func(r *RegionData) {
		if len(r.LoadBalancers) == 0 {
			e.pass(c, r.Region, e.account(), "no load balancer in this region")
		}
		for i := range r.LoadBalancers {
			lb := &r.LoadBalancers[i]
			lc := c
			if lb.Scheme == "internal" {
				lc = internal
			}
			switch {
			case lb.Type == "gateway":
				e.pass(lc, r.Region, lb.ARN, lb.Name+": gateway load balancers keep no access logs; VPC flow logs record their traffic")
			case lb.AttributesErr != nil:
				e.unread(lc, r.Region, lb.ARN, lb.AttributesErr, "the attributes of "+lb.Name)
			case lb.AccessLogs == nil:
				e.staleSnapshot(lc, r.Region, lb.ARN, "the access log setting of "+lb.Name)
			case *lb.AccessLogs:
				e.pass(lc, r.Region, lb.ARN, lb.Name+": access logs on"+cond(lb.AccessLogsBucket != "", ", written to S3 bucket "+lb.AccessLogsBucket))
			case lb.Type == "network" && lb.ListenersErr == nil && !hasTLSListener(lb):
				e.pass(lc, r.Region, lb.ARN, lb.Name+": access logs off, but a network load balancer logs only TLS connections and this one has no TLS listener; VPC flow logs record its traffic")
			default:
				e.fail(lc, r.Region, lb.ARN, lb.Name+": access logs off, so the requests it passes on are not recorded")
			}
		}
	})
}

// cond returns s when ok, else "".
func cond(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}
