package probes

import (
	"strings"
)

func evalConfig(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		res := e.account()
		if r.ConfigErr != nil {
			e.unread(c, r.Region, res, r.ConfigErr, "the AWS Config recorders")
			return
		}
		if len(r.ConfigRecorders) == 0 {
			e.fail(c, r.Region, res, "no configuration recorder")
			return
		}
		var problems []string
		for _, rec := range r.ConfigRecorders {
			switch {
			case !rec.Recording:
				problems = append(problems, "recorder "+rec.Name+" stopped")
			case strings.EqualFold(rec.LastStatus, "Failure"):
				problems = append(problems, "recorder "+rec.Name+" last status "+rec.LastStatus)
			case rec.AllSupported:
				e.pass(c, r.Region, res, "recorder "+rec.Name+" recording all supported resources")
				return
			default:
				e.pass(c, r.Region, res, "recorder "+rec.Name+" recording selected resource types only")
				return
			}
		}
		e.fail(c, r.Region, res, strings.Join(problems, "; "))
	})
}
