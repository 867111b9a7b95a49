package probes

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func trailKind(t *Trail) string {
	switch {
	case t.IsOrganization:
		return "organization trail"
	case t.IsMultiRegion:
		return "multi-region trail"
	}
	return "single-region trail"
}

func evalTrailAllRegions(e *evaluation, c Check) {
	res := e.account()
	ct := e.s.CloudTrail
	var problems []string
	var statusErr *APIError
	var statusOf string
	for i := range ct.Trails {
		t := &ct.Trails[i]
		logging := t.Status != nil && t.Status.IsLogging
		switch {
		case t.StatusErr != nil && (t.IsMultiRegion || t.IsOrganization):
			statusErr, statusOf = t.StatusErr, t.Name
		case (t.IsMultiRegion || t.IsOrganization) && logging && t.SelectorsErr != nil:
			// a trail records management events unless told otherwise
			e.pass(c, GlobalRegion, res, fmt.Sprintf("%s %s is logging (event selectors unreadable: %s)", trailKind(t), t.Name, t.SelectorsErr.Code))
			return
		case (t.IsMultiRegion || t.IsOrganization) && logging && !recordsManagement(t):
			problems = append(problems, fmt.Sprintf("%s %s records no management events", trailKind(t), t.Name))
		case (t.IsMultiRegion || t.IsOrganization) && logging:
			e.pass(c, GlobalRegion, res, fmt.Sprintf("%s %s is logging", trailKind(t), t.Name))
			return
		case t.IsMultiRegion || t.IsOrganization:
			problems = append(problems, fmt.Sprintf("%s %s exists but is not logging", trailKind(t), t.Name))
		case t.StatusErr != nil:
			problems = append(problems, fmt.Sprintf("single-region trail %s (%s), status unreadable", t.Name, t.HomeRegion))
		case logging:
			problems = append(problems, fmt.Sprintf("single-region trail %s covers only %s", t.Name, t.HomeRegion))
		default:
			problems = append(problems, fmt.Sprintf("single-region trail %s (%s) is not logging", t.Name, t.HomeRegion))
		}
	}
	switch {
	case statusErr != nil:
		e.unread(c, GlobalRegion, res, statusErr, "the status of trail "+statusOf)
	case len(ct.Trails) == 0 && len(ct.Errs) > 0:
		e.unread(c, GlobalRegion, res, &ct.Errs[0].Err, "the trails in "+ct.Errs[0].Region)
	case len(ct.Trails) == 0:
		e.fail(c, GlobalRegion, res, "no CloudTrail trail exists")
	default:
		e.fail(c, GlobalRegion, res, "no logging multi-region trail; "+strings.Join(problems, "; "))
	}
}

// recordsManagement reports whether a trail's event selectors record
// management events (a trail without any selectors keeps AWS's default,
// which does).
func recordsManagement(t *Trail) bool {
	if len(t.EventSelectors) == 0 && len(t.AdvancedEventSelectors) == 0 {
		return true
	}
	for _, es := range t.EventSelectors {
		if es.IncludeManagementEvents {
			return true
		}
	}
	for _, as := range t.AdvancedEventSelectors {
		for _, f := range as.FieldSelectors {
			if f.Field == "eventCategory" && slices.Contains(f.Equals, "Management") {
				return true
			}
		}
	}
	return false
}

// eachTrail calls fn for every trail, and reports each region whose trails
// could not be listed.
func (e *evaluation) eachTrail(c Check, fn func(t *Trail)) {
	for i := range e.s.CloudTrail.Errs {
		re := &e.s.CloudTrail.Errs[i]
		e.unread(c, re.Region, e.account(), &re.Err, "the trails")
	}
	for i := range e.s.CloudTrail.Trails {
		fn(&e.s.CloudTrail.Trails[i])
	}
	if len(e.s.CloudTrail.Trails) == 0 && len(e.s.CloudTrail.Errs) == 0 {
		e.add(c, assessment.NotAssessed, GlobalRegion, e.account(), "no CloudTrail trail exists, so there is no trail to check (see "+assessment.CheckCloudTrailEnabledAllRegions+")", "")
	}
}

func evalTrailValidation(e *evaluation, c Check) {
	e.eachTrail(c, func(t *Trail) {
		if t.LogFileValidation {
			e.pass(c, t.HomeRegion, t.ARN, "log file validation on")
		} else {
			e.fail(c, t.HomeRegion, t.ARN, "log file validation off")
		}
	})
}

func evalTrailKMS(e *evaluation, c Check) {
	e.eachTrail(c, func(t *Trail) {
		if t.KMSKeyID != "" {
			e.pass(c, t.HomeRegion, t.ARN, "log files encrypted with KMS key "+t.KMSKeyID)
		} else {
			e.fail(c, t.HomeRegion, t.ARN, "log files use S3 default encryption only, no KMS key")
		}
	})
}

func evalTrailCloudWatch(e *evaluation, c Check) {
	e.eachTrail(c, func(t *Trail) {
		reg, res := t.HomeRegion, t.ARN
		if t.CloudWatchLogsGroupARN == "" {
			e.fail(c, reg, res, "trail is not sent to CloudWatch Logs")
			return
		}
		if t.StatusErr != nil || t.Status == nil {
			e.unread(c, reg, res, t.StatusErr, "the trail status")
			return
		}
		st := t.Status
		var deliveryErr string
		if st.LatestCloudWatchLogsDeliveryError != "" {
			deliveryErr = ", delivery error " + st.LatestCloudWatchLogsDeliveryError
		}
		switch last := st.LatestCloudWatchLogsDelivery; {
		case last == nil:
			e.fail(c, reg, res, "no delivery to CloudWatch Logs recorded"+deliveryErr)
		case e.now.Sub(*last) > 24*time.Hour:
			e.fail(c, reg, res, fmt.Sprintf("last delivery to CloudWatch Logs %s ago%s", age(e.now, *last), deliveryErr))
		default:
			e.pass(c, reg, res, fmt.Sprintf("last delivery to CloudWatch Logs %s ago", age(e.now, *last)))
		}
	})
}

// s3Selector is one rule that records S3 object events.
type s3Selector struct {
	read, write bool
	covers      func(bucketPrefix string) bool // bucketPrefix: "arn:aws:s3:::name/"
}

// s3Selectors collects the S3 object data-event rules of a trail, from basic
// or advanced event selectors.
func s3Selectors(t *Trail) []s3Selector {
	var out []s3Selector
	for _, es := range t.EventSelectors {
		read := es.ReadWriteType == "" || es.ReadWriteType == "All" || es.ReadWriteType == "ReadOnly"
		write := es.ReadWriteType == "" || es.ReadWriteType == "All" || es.ReadWriteType == "WriteOnly"
		for _, dr := range es.DataResources {
			if dr.Type != "AWS::S3::Object" {
				continue
			}
			values := dr.Values
			out = append(out, s3Selector{read, write, func(p string) bool {
				return slices.ContainsFunc(values, func(v string) bool { return strings.HasPrefix(p, v) })
			}})
		}
	}
	for _, as := range t.AdvancedEventSelectors {
		if sel, ok := advancedS3Selector(as); ok {
			out = append(out, sel)
		}
	}
	return out
}

func advancedS3Selector(as AdvancedEventSelector) (s3Selector, bool) {
	sel := s3Selector{read: true, write: true}
	var data, object, narrowed bool
	var arnFields []FieldSelector
	for _, f := range as.FieldSelectors {
		switch f.Field {
		case "eventCategory":
			data = slices.Contains(f.Equals, "Data")
		case "resources.type":
			object = slices.Contains(f.Equals, "AWS::S3::Object")
		case "readOnly":
			switch {
			case len(f.Equals) == 1:
				sel.read, sel.write = f.Equals[0] == "true", f.Equals[0] == "false"
			case len(f.NotEquals) == 1:
				sel.read, sel.write = f.NotEquals[0] == "false", f.NotEquals[0] == "true"
			}
		case "resources.ARN":
			arnFields = append(arnFields, f)
		case "eventSource":
			narrowed = narrowed || !onlyEquals(f, "s3.amazonaws.com")
		default:
			// eventName, eventType, userIdentity.arn and the like record
			// only some of the object reads and writes.
			narrowed = narrowed || !onlyEquals(f)
		}
	}
	if !data || !object {
		return s3Selector{}, false
	}
	sel.covers = func(p string) bool {
		if narrowed {
			return false
		}
		for _, f := range arnFields {
			if len(f.Equals) > 0 || len(f.EndsWith) > 0 {
				return false // individual objects only
			}
			if len(f.StartsWith) > 0 && !slices.ContainsFunc(f.StartsWith, func(v string) bool { return strings.HasPrefix(p, v) }) {
				return false
			}
			excluded := func(v string) bool { return strings.HasPrefix(p, v) || strings.HasPrefix(v, p) }
			if slices.ContainsFunc(f.NotStartsWith, excluded) || slices.ContainsFunc(f.NotEquals, excluded) || len(f.NotEndsWith) > 0 {
				return false
			}
		}
		return true
	}
	return sel, true
}

// onlyEquals reports whether a field selector matches exactly the given
// values with Equals and has no other condition (no values: no condition).
func onlyEquals(f FieldSelector, values ...string) bool {
	return slices.Equal(f.Equals, values) && len(f.NotEquals)+len(f.StartsWith)+len(f.NotStartsWith)+len(f.EndsWith)+len(f.NotEndsWith) == 0
}

func evalTrailDataEvents(e *evaluation, c Check) {
	e.eachTrail(c, func(t *Trail) {
		reg, res := t.HomeRegion, t.ARN
		if t.SelectorsErr != nil {
			e.unread(c, reg, res, t.SelectorsErr, "the event selectors")
			return
		}
		sels := s3Selectors(t)
		if len(sels) == 0 {
			e.fail(c, reg, res, "no S3 object data events recorded")
			return
		}
		if e.s.S3.ListErr != nil {
			e.unread(c, reg, res, e.s.S3.ListErr, "the bucket list, so the buckets these data events cover are unknown")
			return
		}
		var noRead, noWrite []string
		hasRead := slices.ContainsFunc(sels, func(s s3Selector) bool { return s.read })
		hasWrite := slices.ContainsFunc(sels, func(s s3Selector) bool { return s.write })
		for i := range e.s.S3.Buckets {
			b := &e.s.S3.Buckets[i]
			prefix := e.bucketARN(b) + "/"
			if !slices.ContainsFunc(sels, func(s s3Selector) bool { return s.read && s.covers(prefix) }) {
				noRead = append(noRead, b.Name)
			}
			if !slices.ContainsFunc(sels, func(s s3Selector) bool { return s.write && s.covers(prefix) }) {
				noWrite = append(noWrite, b.Name)
			}
		}
		var gaps []string
		switch {
		case !hasRead:
			gaps = append(gaps, "object reads not recorded")
		case len(noRead) > 0:
			gaps = append(gaps, "object reads not recorded for "+joinLimited(noRead, 5))
		}
		switch {
		case !hasWrite:
			gaps = append(gaps, "object writes not recorded")
		case len(noWrite) > 0:
			gaps = append(gaps, "object writes not recorded for "+joinLimited(noWrite, 5))
		}
		if len(gaps) > 0 {
			e.fail(c, reg, res, strings.Join(gaps, "; "))
			return
		}
		e.pass(c, reg, res, fmt.Sprintf("object reads and writes recorded for all %d buckets", len(e.s.S3.Buckets)))
	})
}

// evalTrailImmutableLogs checks that a trail's bucket keeps every log
// object locked for six years: S3 Object Lock on, with a default retention
// of at least 2192 days.
func evalTrailImmutableLogs(e *evaluation, c Check) {
	e.eachTrail(c, func(t *Trail) {
		reg, res := t.HomeRegion, t.ARN
		if t.S3BucketName == "" {
			e.fail(c, reg, res, "trail delivers to no S3 bucket")
			return
		}
		b := e.bucket(t.S3BucketName)
		switch {
		case b == nil && e.s.S3.ListErr != nil:
			e.unread(c, reg, res, e.s.S3.ListErr, "bucket "+t.S3BucketName)
			return
		case b == nil:
			e.add(c, assessment.NotAssessed, reg, res, "bucket "+t.S3BucketName+" is not in this account; check its object lock where it lives", "")
			return
		}
		if err := readErr(b.ObjectLockErr, codeNoObjectLock); err != nil {
			e.unread(c, reg, res, err, "the object lock of bucket "+b.Name)
			return
		}
		l := b.ObjectLock
		switch {
		case l == nil || !l.Enabled:
			e.fail(c, reg, res, "bucket "+b.Name+" has no S3 Object Lock: anyone allowed to delete objects can delete the logs")
		case l.Days == 0 && l.Years == 0:
			e.fail(c, reg, res, "bucket "+b.Name+" has Object Lock on but no default retention, so new log files are not locked")
		case l.Days < sixYearsDays && l.Years < 6:
			e.fail(c, reg, res, fmt.Sprintf("bucket %s locks log files for %s only, less than 6 years", b.Name, lockPeriod(l)))
		case l.Mode == "GOVERNANCE":
			e.pass(c, reg, res, fmt.Sprintf("bucket %s locks log files for %s in GOVERNANCE mode (users allowed to bypass governance retention can still delete them)", b.Name, lockPeriod(l)))
		default:
			e.pass(c, reg, res, fmt.Sprintf("bucket %s locks log files for %s in %s mode", b.Name, lockPeriod(l), l.Mode))
		}
	})
}

func lockPeriod(l *ObjectLock) string {
	switch {
	case l.Years == 1:
		return "1 year"
	case l.Years > 0:
		return fmt.Sprintf("%d years", l.Years)
	}
	return fmt.Sprintf("%d days", l.Days)
}
