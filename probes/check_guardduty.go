package probes

import (
	"fmt"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// enabledDetector returns the region's enabled GuardDuty detector, or the
// error that kept a detector's status from being read.
func enabledDetector(r *RegionData) (*Detector, *APIError) {
	var derr *APIError
	for i := range r.GuardDutyDetectors {
		d := &r.GuardDutyDetectors[i]
		if d.Err != nil {
			derr = d.Err
			continue
		}
		if d.Status == "ENABLED" {
			return d, nil
		}
	}
	return nil, derr
}

func evalGuardDuty(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if r.GuardDutyErr != nil {
			e.unread(c, r.Region, res, r.GuardDutyErr, "the GuardDuty detectors")
			return
		}
		d, derr := enabledDetector(r)
		switch {
		case d != nil:
			e.pass(c, r.Region, res, "detector "+d.ID+" enabled")
		case derr != nil:
			e.unread(c, r.Region, res, derr, "the GuardDuty detector")
		case len(r.GuardDutyDetectors) == 0:
			e.fail(c, r.Region, res, "no GuardDuty detector in this region")
		default:
			e.fail(c, r.Region, res, "detector "+r.GuardDutyDetectors[0].ID+" is "+r.GuardDutyDetectors[0].Status)
		}
	})
}

func evalGuardDutyFindings(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if r.GuardDutyErr != nil {
			e.unread(c, r.Region, res, r.GuardDutyErr, "the GuardDuty detectors")
			return
		}
		d, derr := enabledDetector(r)
		switch {
		case d == nil && derr != nil:
			e.unread(c, r.Region, res, derr, "the GuardDuty detector")
		case d == nil:
			e.add(c, assessment.NotAssessed, r.Region, res, "GuardDuty is off in this region, so there are no findings to review", "")
		case d.FindingsErr != nil:
			e.unread(c, r.Region, res, d.FindingsErr, "the GuardDuty findings")
		case d.HighFindings > 0:
			e.fail(c, r.Region, res, fmt.Sprintf("%d open high-severity finding(s)", d.HighFindings))
		default:
			e.pass(c, r.Region, res, "no open high-severity findings")
		}
	})
}
