package probes

import (
	"fmt"
	"slices"
	"strings"
)

// wafJudged reports whether the WAF checks judge a load balancer: AWS WAF
// protects application load balancers, and only internet-facing ones take
// requests from anyone.
func wafJudged(lb *LoadBalancer) bool {
	return lb.Type == "application" && lb.Scheme == "internet-facing"
}

// notJudgedByWAF describes load balancers the WAF checks leave aside, for
// the region's trace: "1 internal, 2 network".
func notJudgedByWAF(lbs []LoadBalancer) string {
	counts := map[string]int{}
	var kinds []string
	for i := range lbs {
		kind := lbs[i].Type
		if kind == "application" {
			kind = "internal application"
		}
		if counts[kind] == 0 {
			kinds = append(kinds, kind)
		}
		counts[kind]++
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}

// evalWebACL requires an AWS WAF web ACL in front of every internet-facing
// application load balancer.
func evalWebACL(e *evaluation, c Check) {
	e.eachLoadBalancerRegion(c, func(r *RegionData) {
		judged := 0
		for i := range r.LoadBalancers {
			lb := &r.LoadBalancers[i]
			if !wafJudged(lb) {
				continue
			}
			judged++
			switch {
			case lb.WAFErr != nil:
				e.unread(c, r.Region, lb.ARN, lb.WAFErr, "the AWS WAF web ACL of "+lb.Name)
			case lb.WAF == nil:
				e.staleSnapshot(c, r.Region, lb.ARN, "the AWS WAF web ACL of "+lb.Name)
			case lb.WAF.WebACLARN == "":
				e.fail(c, r.Region, lb.ARN, lb.Name+": no AWS WAF web ACL, so requests from the internet reach the application unfiltered")
			default:
				e.pass(c, r.Region, lb.ARN, lb.Name+": behind AWS WAF web ACL "+webACLName(lb.WAF))
			}
		}
		switch {
		case judged > 0:
		case len(r.LoadBalancers) == 0:
			e.pass(c, r.Region, e.account(), "no load balancer in this region")
		default:
			e.pass(c, r.Region, e.account(), fmt.Sprintf("%d load balancer(s), none an internet-facing application load balancer (%s): nothing for AWS WAF to guard here",
				len(r.LoadBalancers), notJudgedByWAF(r.LoadBalancers)))
		}
	})
}

func webACLName(w *WAFProtection) string {
	if w.WebACLName != "" {
		return w.WebACLName
	}
	return w.WebACLARN
}

// webACL is one web ACL in front of load balancers of a region.
type webACL struct {
	waf *WAFProtection
	lbs []string
}

// webACLs gathers the web ACLs in front of the region's internet-facing
// application load balancers, in the order first seen, and the first error
// that hid the web ACL of a load balancer.
func webACLs(r *RegionData) (acls []*webACL, unread *APIError, stale bool) {
	byARN := map[string]*webACL{}
	for i := range r.LoadBalancers {
		lb := &r.LoadBalancers[i]
		switch {
		case !wafJudged(lb):
		case lb.WAFErr != nil:
			if unread == nil {
				unread = lb.WAFErr
			}
		case lb.WAF == nil:
			stale = true
		case lb.WAF.WebACLARN != "":
			a := byARN[lb.WAF.WebACLARN]
			if a == nil {
				a = &webACL{waf: lb.WAF}
				byARN[lb.WAF.WebACLARN] = a
				acls = append(acls, a)
			}
			a.lbs = append(a.lbs, lb.Name)
		}
	}
	return acls, unread, stale
}

// evalWAFLogging requires a logging configuration on every web ACL in front
// of an internet-facing application load balancer. The finding is about the
// web ACL, which may guard several load balancers.
func evalWAFLogging(e *evaluation, c Check) {
	e.eachLoadBalancerRegion(c, func(r *RegionData) {
		acls, unread, stale := webACLs(r)
		for _, a := range acls {
			what := "web ACL " + webACLName(a.waf) + " (in front of " + joinLimited(a.lbs, 3) + ")"
			switch {
			case a.waf.LoggingErr != nil:
				e.unread(c, r.Region, a.waf.WebACLARN, a.waf.LoggingErr, "the logging configuration of "+what)
			case len(a.waf.LogDestinations) > 0:
				e.pass(c, r.Region, a.waf.WebACLARN, what+" logs its requests to "+joinLimited(slices.Sorted(slices.Values(a.waf.LogDestinations)), 2))
			default:
				e.fail(c, r.Region, a.waf.WebACLARN, what+" is on but keeps no request log, so what it blocked or let through cannot be reviewed")
			}
		}
		switch {
		case len(acls) > 0:
		case unread != nil:
			e.unread(c, r.Region, e.account(), unread, "the AWS WAF web ACLs of the load balancers")
		case stale:
			e.staleSnapshot(c, r.Region, e.account(), "the AWS WAF web ACLs of the load balancers")
		default:
			e.pass(c, r.Region, e.account(), "no AWS WAF web ACL in front of an internet-facing application load balancer in this region: no web ACL logging to judge")
		}
	})
}
