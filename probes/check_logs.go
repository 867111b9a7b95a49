package probes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// sixYearsDays is the HIPAA documentation retention period (164.316(b)(2)(i))
// in days.
const sixYearsDays = 2192

// logGroupFromARN splits "arn:aws:logs:REGION:ACCT:log-group:NAME:*".
func logGroupFromARN(arn string) (region, name string) {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 7 {
		return "", ""
	}
	return parts[3], strings.TrimSuffix(parts[6], ":*")
}

// trailGroups returns the log groups trails deliver to, as region and name,
// with the trails that use each.
func (e *evaluation) trailGroups() map[[2]string][]string {
	out := map[[2]string][]string{}
	for _, t := range e.s.CloudTrail.Trails {
		if t.CloudWatchLogsGroupARN == "" {
			continue
		}
		region, name := logGroupFromARN(t.CloudWatchLogsGroupARN)
		k := [2]string{region, name}
		out[k] = append(out[k], t.Name)
	}
	return out
}

// evalLogRetention reports every log group of every scanned region (audit
// log groups, those of a trail or named as audit logs in the evaluation
// input, rate higher than the others), and for each trail the retention
// of its S3 bucket and of a log group the scan could not see.
func evalLogRetention(e *evaluation, c Check) {
	trails := e.trailGroups()
	ordinary := c
	ordinary.Severity = assessment.Medium
	e.eachRegion(c, func(r *RegionData) {
		if r.LogGroupsErr != nil {
			e.unread(c, r.Region, e.account(), r.LogGroupsErr, "the CloudWatch Logs log groups")
			return
		}
		if len(r.LogGroups) == 0 {
			e.pass(c, r.Region, e.account(), "no CloudWatch Logs log group in this region")
		}
		for _, g := range r.LogGroups {
			res := strings.TrimSuffix(g.ARN, ":*")
			if res == "" {
				res = e.arn("logs", r.Region, "log-group:"+g.Name)
			}
			what, gc := "log group "+g.Name, ordinary
			switch users := trails[[2]string{r.Region, g.Name}]; {
			case len(users) > 0:
				what, gc = "audit log group "+g.Name+" (trail "+strings.Join(users, ", ")+")", c
			case slices.Contains(e.auditGroups, g.Name):
				what, gc = "audit log group "+g.Name, c
			}
			switch {
			case g.RetentionDays == 0:
				e.pass(gc, r.Region, res, what+" never expires")
			case g.RetentionDays >= sixYearsDays:
				e.pass(gc, r.Region, res, fmt.Sprintf("%s kept %d days", what, g.RetentionDays))
			default:
				e.fail(gc, r.Region, res, fmt.Sprintf("%s kept %d days, less than 6 years (%d days)", what, g.RetentionDays, sixYearsDays))
			}
		}
	})
	e.eachTrail(c, func(t *Trail) { e.trailRetention(c, t) })
}

// trailRetention reports a trail's destinations that no log group finding
// covers: its S3 bucket, and a log group in a region that was not scanned
// or that the region's list does not hold.
func (e *evaluation) trailRetention(c Check, t *Trail) {
	reg, res := t.HomeRegion, t.ARN
	var kept, short, unknownWhat []string
	var unknown *APIError
	note := func(err *APIError, what string) {
		if unknown == nil {
			unknown = err
		}
		unknownWhat = append(unknownWhat, what)
	}
	groupSeen := false
	if t.CloudWatchLogsGroupARN != "" {
		gRegion, name := logGroupFromARN(t.CloudWatchLogsGroupARN)
		switch rd := e.region(gRegion); {
		case rd == nil:
			note(nil, "log group "+name+" (region "+gRegion+" not scanned)")
		case rd.LogGroupsErr != nil:
			groupSeen = true // the region's finding says why it could not be read
		case !slices.ContainsFunc(rd.LogGroups, func(g LogGroup) bool { return g.Name == name }):
			note(nil, "log group "+name+" (not found)")
		default:
			groupSeen = true
		}
	}
	if t.S3BucketName != "" {
		switch b := e.bucket(t.S3BucketName); {
		case b == nil && e.s.S3.ListErr != nil:
			note(e.s.S3.ListErr, "bucket "+t.S3BucketName)
		case b == nil:
			note(nil, "bucket "+t.S3BucketName+" (not in this account)")
		default:
			k, s, err, what := bucketRetention(b)
			kept, short = append(kept, k...), append(short, s...)
			if what != "" {
				note(err, what)
			}
		}
	}
	switch {
	case len(short) > 0:
		e.fail(c, reg, res, "kept less than 6 years: "+strings.Join(short, "; "))
	case len(unknownWhat) > 0 && unknown == nil:
		// outside the scanned account or regions: nothing failed, it is
		// simply out of reach
		e.add(c, assessment.NotAssessed, reg, res, "could not check "+strings.Join(unknownWhat, ", "), "")
	case len(unknownWhat) > 0:
		e.unread(c, reg, res, unknown, strings.Join(unknownWhat, ", "))
	case len(kept) > 0:
		e.pass(c, reg, res, strings.Join(kept, "; "))
	case !groupSeen:
		e.fail(c, reg, res, "trail has no log destination whose retention can be checked")
	}
	// a trail whose only destination is a log group in a scanned region is
	// reported by that group's own finding
}

// bucketRetention says how long a log bucket keeps objects: expiring
// lifecycle rules shorter than six years count only when object lock
// retention does not cover six years.
func bucketRetention(b *Bucket) (kept, short []string, err *APIError, what string) {
	if e := readErr(b.LifecycleErr, codeNoLifecycle); e != nil {
		return nil, nil, e, "lifecycle of bucket " + b.Name
	}
	var expiring []string
	for _, r := range b.Lifecycle {
		if r.Status == "Enabled" && r.ExpirationDays > 0 && r.ExpirationDays < sixYearsDays {
			expiring = append(expiring, fmt.Sprintf("rule %q expires objects after %d days", r.ID, r.ExpirationDays))
		}
	}
	if len(expiring) == 0 {
		return []string{"bucket " + b.Name + " has no lifecycle rule expiring logs before 6 years"}, nil, nil, ""
	}
	if e := readErr(b.ObjectLockErr, codeNoObjectLock); e != nil {
		return nil, nil, e, "object lock of bucket " + b.Name
	}
	if l := b.ObjectLock; l != nil && l.Enabled && (l.Days >= sixYearsDays || l.Years >= 6) {
		return []string{fmt.Sprintf("bucket %s object lock %s retention covers 6 years", b.Name, l.Mode)}, nil, nil, ""
	}
	return nil, []string{"bucket " + b.Name + " " + strings.Join(expiring, ", ")}, nil, ""
}
