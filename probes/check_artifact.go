package probes

import (
	"fmt"
	"strings"
)

// isBAA reports whether an agreement is the AWS Business Associate Addendum.
func isBAA(a Agreement) bool {
	for _, s := range []string{a.Name, a.Description} {
		if strings.Contains(strings.ToLower(s), "business associate") || strings.Contains(s, "BAA") {
			return true
		}
	}
	return false
}

func evalAccountReadable(e *evaluation, c Check) {
	who := e.s.CallerARN
	if who == "" {
		who = "the caller"
	}
	e.pass(c, GlobalRegion, e.account(), "account read as "+who)
}

func evalBAA(e *evaluation, c Check) {
	res := e.account()
	art := e.s.Artifact
	if art.Err != nil {
		e.unread(c, GlobalRegion, res, art.Err, "the AWS Artifact agreements")
		return
	}
	var seen []string
	for _, a := range art.Agreements {
		if !isBAA(a) {
			continue
		}
		if a.State == "ACTIVE" {
			scope := "for this account"
			if a.OrganizationARN != "" {
				scope = "through organization " + a.OrganizationARN
			}
			e.pass(c, GlobalRegion, res, fmt.Sprintf("%s active %s since %s", a.Name, scope, day(a.EffectiveStart)))
			return
		}
		seen = append(seen, fmt.Sprintf("%s (%s)", a.Name, a.State))
	}
	if len(seen) == 0 {
		e.fail(c, GlobalRegion, res, "no Business Associate Addendum accepted in AWS Artifact")
		return
	}
	e.fail(c, GlobalRegion, res, "no active Business Associate Addendum; seen: "+strings.Join(seen, ", "))
}
