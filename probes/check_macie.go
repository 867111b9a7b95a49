package probes

import (
	"fmt"
	"slices"
)

// regionBuckets returns the names of the existing buckets in a region and
// the first error that left the region of another bucket unknown.
func (e *evaluation) regionBuckets(region string) (names []string, unknown *APIError) {
	for i := range e.s.S3.Buckets {
		b := &e.s.S3.Buckets[i]
		switch {
		case bucketGone(b):
		case b.Region == region:
			names = append(names, b.Name)
		case b.Region == "" && b.RegionErr != nil && unknown == nil:
			unknown = b.RegionErr
		}
	}
	slices.Sort(names)
	return names, unknown
}

// macieJobs says whether Macie has classification jobs, when they were
// counted.
func macieJobs(m *MacieSession) string {
	switch {
	case m.JobsErr != nil:
		return "; classification jobs could not be listed (" + m.JobsErr.Code + ")"
	case m.ClassificationJobs == nil:
		return ""
	case *m.ClassificationJobs == 0:
		return "; no classification job has been created (automated discovery may still run)"
	}
	return fmt.Sprintf("; %d classification job(s)", *m.ClassificationJobs)
}

// evalMacie requires Amazon Macie in every region that holds S3 buckets, so
// that the practice learns which buckets hold patient data. Regions without
// buckets are not judged; they say so.
func evalMacie(e *evaluation, c Check) {
	list := e.s.S3.ListErr
	e.eachRegion(c, func(r *RegionData) {
		m := r.Macie
		if m == nil && r.MacieErr == nil {
			e.staleSnapshot(c, r.Region, e.account(), "the Amazon Macie status")
			return
		}
		names, unknown := e.regionBuckets(r.Region)
		held := fmt.Sprintf("%d S3 bucket(s): %s", len(names), joinLimited(names, 3))
		switch {
		case r.MacieErr != nil && list == nil && unknown == nil && len(names) == 0:
			e.pass(c, r.Region, e.account(), "no S3 bucket in this region: not judged")
		case r.MacieErr != nil:
			e.unread(c, r.Region, e.account(), r.MacieErr, "the Amazon Macie status")
		case m.Status == "ENABLED" && len(names) > 0:
			e.pass(c, r.Region, e.account(), "Amazon Macie is on for the region's "+held+macieJobs(m))
		case m.Status == "ENABLED":
			e.pass(c, r.Region, e.account(), "Amazon Macie is on"+macieJobs(m))
		case list != nil:
			e.unread(c, r.Region, e.account(), list, "the S3 bucket list, so whether this region holds buckets")
		case len(names) == 0 && unknown != nil:
			e.unread(c, r.Region, e.account(), unknown, "the region of every S3 bucket, so whether this region holds any")
		case len(names) == 0:
			e.pass(c, r.Region, e.account(), "no S3 bucket in this region: not judged (Macie "+macieState(m.Status)+")")
		case m.Status == "PAUSED":
			e.fail(c, r.Region, e.account(), "Amazon Macie is suspended in a region that holds "+held)
		case m.Status == MacieNotEnabled:
			e.fail(c, r.Region, e.account(), "Amazon Macie is not enabled in a region that holds "+held+", so no one learns which of them hold patient data")
		default:
			e.unread(c, r.Region, e.account(), nil, "the Amazon Macie status (the answer says "+m.Status+")")
		}
	})
}

func macieState(status string) string {
	switch status {
	case MacieNotEnabled:
		return "not enabled"
	case "PAUSED":
		return "suspended"
	}
	return status
}
