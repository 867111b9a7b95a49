package probes

import (
	"fmt"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// scanTypes pairs the kinds of resource Amazon Inspector scans with their
// state in the snapshot.
func (s *InspectorStatus) scanTypes() []struct{ name, state string } {
	return []struct{ name, state string }{{"EC2", s.EC2}, {"ECR", s.ECR}, {"Lambda", s.Lambda}}
}

// inspectorGaps lists the kinds of resource Inspector does not scan, with
// their state, and those whose state was not reported.
func (s *InspectorStatus) inspectorGaps() (off, unknown []string) {
	for _, t := range s.scanTypes() {
		switch {
		case t.state == "":
			unknown = append(unknown, t.name)
		case !strings.EqualFold(t.state, "ENABLED"):
			off = append(off, t.name+" ("+t.state+")")
		}
	}
	return off, unknown
}

// scansAnything reports whether Inspector scans at least one kind of
// resource.
func (s *InspectorStatus) scansAnything() bool {
	for _, t := range s.scanTypes() {
		if strings.EqualFold(t.state, "ENABLED") {
			return true
		}
	}
	return false
}

// inspectorRead reports the region's Inspector state, or reports why it is
// unknown and returns nil.
func (e *evaluation) inspectorRead(c Check, r *RegionData) *InspectorStatus {
	switch {
	case r.InspectorErr != nil:
		e.unread(c, r.Region, e.account(), r.InspectorErr, "the Amazon Inspector status")
	case r.Inspector == nil:
		e.staleSnapshot(c, r.Region, e.account(), "the Amazon Inspector state")
	}
	return r.Inspector
}

// evalInspectorEnabled requires Inspector to scan EC2 instances, container
// images in ECR and Lambda functions in every region.
func evalInspectorEnabled(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		s := e.inspectorRead(c, r)
		if s == nil {
			return
		}
		off, unknown := s.inspectorGaps()
		switch {
		case len(off) == len(s.scanTypes()):
			e.fail(c, r.Region, e.account(), "Amazon Inspector is off in this region: "+strings.Join(off, ", "))
		case len(off) > 0:
			e.fail(c, r.Region, e.account(), "Amazon Inspector does not scan "+strings.Join(off, ", "))
		case len(unknown) > 0:
			e.unread(c, r.Region, e.account(), nil, "the Amazon Inspector scan state of "+strings.Join(unknown, ", "))
		default:
			e.pass(c, r.Region, e.account(), "Amazon Inspector scans EC2, ECR and Lambda")
		}
	})
}

// evalInspectorFindings fails a region with active critical or high
// Inspector findings.
func evalInspectorFindings(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		s := e.inspectorRead(c, r)
		if s == nil {
			return
		}
		res := e.account()
		off, _ := s.inspectorGaps()
		partly := ""
		if len(off) > 0 {
			partly = "; Inspector does not scan " + strings.Join(off, ", ")
		}
		switch {
		case !s.scansAnything():
			e.add(c, assessment.NotAssessed, r.Region, res, "Inspector is off in this region, so there are no findings to review", "")
		case s.FindingsErr != nil:
			e.unread(c, r.Region, res, s.FindingsErr, "the Amazon Inspector findings")
		case !s.FindingsRead:
			e.unread(c, r.Region, res, nil, "the Amazon Inspector findings")
		case s.Critical+s.High > 0:
			e.fail(c, r.Region, res, fmt.Sprintf("%d critical and %d high-severity active finding(s)%s", s.Critical, s.High, partly))
		default:
			e.pass(c, r.Region, res, "no active critical or high-severity finding"+partly)
		}
	})
}
