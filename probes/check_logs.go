package probes

import (
	"fmt"
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

func evalLogRetention(e *evaluation, c Check) {
	e.eachTrail(c, func(t *Trail) {
		reg, res := t.HomeRegion, t.ARN
		var kept, short, unknownWhat []string
		var unknown *APIError
		note := func(err *APIError, what string) {
			if unknown == nil {
				unknown = err
			}
			unknownWhat = append(unknownWhat, what)
		}
		if t.CloudWatchLogsGroupARN != "" {
			gRegion, name := logGroupFromARN(t.CloudWatchLogsGroupARN)
			rd := e.region(gRegion)
			var g *LogGroup
			if rd != nil {
				for i := range rd.LogGroups {
					if rd.LogGroups[i].Name == name {
						g = &rd.LogGroups[i]
					}
				}
			}
			switch {
			case rd == nil:
				note(nil, "log group "+name+" (region "+gRegion+" not scanned)")
			case rd.LogGroupsErr != nil:
				note(rd.LogGroupsErr, "log group "+name)
			case g == nil:
				note(nil, "log group "+name+" (not found)")
			case g.RetentionDays == 0:
				kept = append(kept, "log group "+name+" never expires")
			case g.RetentionDays >= sixYearsDays:
				kept = append(kept, fmt.Sprintf("log group %s kept %d days", name, g.RetentionDays))
			default:
				short = append(short, fmt.Sprintf("log group %s kept %d days", name, g.RetentionDays))
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
		case len(kept) == 0:
			e.fail(c, reg, res, "trail has no log destination whose retention can be checked")
		default:
			e.pass(c, reg, res, strings.Join(kept, "; "))
		}
	})
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
