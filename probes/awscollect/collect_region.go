package awscollect

import (
	"context"
	"sync"

	"github.com/hipaarisk/hipaarisk/probes"
)

// collectRegion starts, on wg, one goroutine per regional service; each
// fills its own fields of d.
func (c *collector) collectRegion(ctx context.Context, wg *sync.WaitGroup, rc *regionClients, d *probes.RegionData) {
	d.Region = rc.region
	units := map[string]func(){
		"guardduty":       func() { d.GuardDutyDetectors, d.GuardDutyErr = c.guardDuty(ctx, rc) },
		"securityhub":     func() { c.securityHub(ctx, rc, d) },
		"config":          func() { d.ConfigRecorders, d.ConfigErr = c.configRecorders(ctx, rc) },
		"ec2":             func() { c.ec2(ctx, rc, d) },
		"ssm":             func() { c.ssm(ctx, rc, d) },
		"inspector2":      func() { c.inspector(ctx, rc, d) },
		"rds":             func() { c.rds(ctx, rc, d) },
		"kms":             func() { d.KMSKeys, d.KMSKeysErr = c.kmsKeys(ctx, rc) },
		"logs":            func() { d.LogGroups, d.LogGroupsErr = c.logGroups(ctx, rc) },
		"backup":          func() { c.backup(ctx, rc, d) },
		"access-analyzer": func() { c.accessAnalyzer(ctx, rc, d) },
		"elbv2":           func() { d.LoadBalancers, d.LoadBalancersErr = c.loadBalancers(ctx, rc) },
		"acm":             func() { d.Certificates, d.CertificatesErr = c.certificates(ctx, rc) },
		"macie":           func() { c.macie(ctx, rc, d) },
	}
	for _, name := range regionalServices {
		wg.Go(func() { units[name](); c.finished(name, rc.region) })
	}
}

// orEmpty turns a nil slice into an empty one so the snapshot's JSON shows
// [] for "read, nothing there".
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// emptyAnswer records a successful answer that lacks what AWS always sends
// (an emulator's stub), so that the resource is reported rather than
// silently taken as absent or off.
func emptyAnswer(op, what string) *probes.APIError {
	return &probes.APIError{Operation: op, Code: "EmptyResponse", Message: "the answer has no " + what}
}
