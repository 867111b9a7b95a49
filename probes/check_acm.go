package probes

import (
	"fmt"
	"time"
)

func evalCertificates(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.CertificatesErr != nil {
			e.unread(c, r.Region, e.account(), r.CertificatesErr, "the ACM certificates")
			return
		}
		var unused []string
		defer func() {
			switch {
			case len(r.Certificates) == 0:
				e.pass(c, r.Region, e.account(), "no ACM certificate in this region")
			case len(unused) == len(r.Certificates):
				e.pass(c, r.Region, e.account(), fmt.Sprintf("%d ACM certificate(s), none in use: %s", len(unused), joinLimited(unused, 5)))
			}
		}()
		for _, cert := range r.Certificates {
			switch {
			case cert.DescribeErr != nil:
				e.unread(c, r.Region, cert.ARN, cert.DescribeErr, "the details of certificate "+cert.Domain)
				continue
			case len(cert.InUseBy) == 0:
				unused = append(unused, cert.Domain)
				continue // only certificates in use can break or weaken connections
			}
			switch after := cert.NotAfter; {
			case cert.Status == "EXPIRED" || (after != nil && !after.After(e.now)):
				e.fail(c, r.Region, cert.ARN, fmt.Sprintf("%s expired%s and is still in use", cert.Domain, onDay(after)))
			case cert.Status == "REVOKED":
				e.fail(c, r.Region, cert.ARN, cert.Domain+" was revoked and is still in use")
			case after == nil:
				e.unread(c, r.Region, cert.ARN, nil, "the expiry date of "+cert.Domain)
			case after.Sub(e.now) < 30*24*time.Hour:
				e.fail(c, r.Region, cert.ARN, fmt.Sprintf("%s expires on %s (in %d days)", cert.Domain, day(*after), days(after.Sub(e.now))))
			default:
				e.pass(c, r.Region, cert.ARN, fmt.Sprintf("%s valid until %s (%d days)", cert.Domain, day(*after), days(after.Sub(e.now))))
			}
		}
	})
}

func onDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return " on " + day(*t)
}
