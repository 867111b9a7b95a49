package probes

func evalSecurityHub(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		switch {
		case r.SecurityHubErr != nil && r.SecurityHubErr.Code == "InvalidAccessException":
			e.fail(c, r.Region, res, "Security Hub not enabled (InvalidAccessException)")
		case r.SecurityHubErr != nil:
			e.unread(c, r.Region, res, r.SecurityHubErr, "the Security Hub status")
		case r.SecurityHubEnabled:
			e.pass(c, r.Region, res, "Security Hub enabled")
		default:
			e.fail(c, r.Region, res, "Security Hub not enabled")
		}
	})
}
