package tfplan

import (
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
)

// trail reads an aws_cloudtrail. Left out, a trail covers its own region
// only, logs, has no log file validation and no KMS key, and records
// management events.
func (b *builder) trail(r *resource) {
	name, _ := r.str("name")
	if name == "" {
		name = r.addr
	}
	t := probes.Trail{Name: name, ARN: r.arnOf(), HomeRegion: r.region}
	t.IsMultiRegion, _ = r.boolean(false, "is_multi_region_trail")
	t.IsOrganization, _ = r.boolean(false, "is_organization_trail")
	var known bool
	if t.LogFileValidation, known = r.boolean(false, "enable_log_file_validation"); !known {
		b.pend(assessment.CheckCloudTrailLogFileValidation, r.region, t.ARN, "enable_log_file_validation", false)
	}
	if r.configured("kms_key_id") {
		t.KMSKeyID = r.display("kms_key_id")
	}
	logging, _ := r.boolean(true, "enable_logging")
	t.Status = &probes.TrailStatus{IsLogging: logging}
	t.S3BucketName = b.trailBucket(r)
	t.CloudWatchLogsGroupARN = b.trailLogGroup(r, t.ARN)
	t.EventSelectors = b.eventSelectors(r, t.ARN)
	t.AdvancedEventSelectors = advancedSelectors(r)
	b.located(t.ARN, r.addr)
	// the all-regions finding points at the first trail that covers every
	// region, else at the first trail
	allRegions := assessment.CheckCloudTrailEnabledAllRegions + "|" + probes.GlobalRegion
	if _, ok := b.out.accountAddr[allRegions]; !ok || ((t.IsMultiRegion || t.IsOrganization) && !b.wideTrail) {
		b.out.accountAddr[allRegions] = r.addr
		b.wideTrail = t.IsMultiRegion || t.IsOrganization
	}
	b.out.Snapshot.CloudTrail.Trails = append(b.out.Snapshot.CloudTrail.Trails, t)
}

// trailBucket is the name of the trail's bucket as the snapshot knows it.
func (b *builder) trailBucket(r *resource) string {
	if t := b.target(r, "s3_bucket_name", b.values["aws_s3_bucket"], "aws_s3_bucket"); t != nil {
		if i, ok := b.idx[t.addr]; ok {
			return b.out.Snapshot.S3.Buckets[i].Name
		}
	}
	if v, _ := r.str("s3_bucket_name"); v != "" {
		return v
	}
	return r.display("s3_bucket_name")
}

// trailLogGroup is the ARN of the trail's log group, built from the log
// group the configuration names when the ARN is known only after apply.
func (b *builder) trailLogGroup(r *resource, trailARN string) string {
	v, known := r.str("cloud_watch_logs_group_arn")
	if known {
		return v
	}
	t := b.target(r, "cloud_watch_logs_group_arn", b.values["aws_cloudwatch_log_group"], "aws_cloudwatch_log_group")
	if t == nil {
		b.pend(assessment.CheckLogsRetentionSixYears, r.region, trailARN, "cloud_watch_logs_group_arn", false)
		return "(known after apply)"
	}
	if what, ok := b.pendingGroups[t.addr]; ok {
		b.pend(assessment.CheckLogsRetentionSixYears, r.region, trailARN, what, false)
	}
	name, _ := t.str("name")
	if name == "" {
		name = t.addr
	}
	return "arn:aws:logs:" + t.region + "::log-group:" + name + ":*"
}

func (b *builder) eventSelectors(r *resource, trailARN string) []probes.EventSelector {
	n, known := r.list("event_selector")
	if !known {
		b.pend(assessment.CheckCloudTrailS3DataEvents, r.region, trailARN, "event_selector", false)
	}
	var out []probes.EventSelector
	for i := 0; i < n; i++ {
		rw, _ := r.str("event_selector", i, "read_write_type")
		if rw == "" {
			rw = "All"
		}
		mgmt, _ := r.boolean(true, "event_selector", i, "include_management_events")
		es := probes.EventSelector{ReadWriteType: rw, IncludeManagementEvents: mgmt}
		m, _ := r.list("event_selector", i, "data_resource")
		for j := 0; j < m; j++ {
			typ, _ := r.str("event_selector", i, "data_resource", j, "type")
			values, ok := r.strings("event_selector", i, "data_resource", j, "values")
			if !ok {
				b.pend(assessment.CheckCloudTrailS3DataEvents, r.region, trailARN, "data_resource values", false)
			}
			es.DataResources = append(es.DataResources, probes.DataResource{Type: typ, Values: values})
		}
		out = append(out, es)
	}
	return out
}

func advancedSelectors(r *resource) []probes.AdvancedEventSelector {
	n, _ := r.list("advanced_event_selector")
	var out []probes.AdvancedEventSelector
	for i := 0; i < n; i++ {
		name, _ := r.str("advanced_event_selector", i, "name")
		as := probes.AdvancedEventSelector{Name: name}
		m, _ := r.list("advanced_event_selector", i, "field_selector")
		for j := 0; j < m; j++ {
			at := func(attr string) []string {
				l, _ := r.strings("advanced_event_selector", i, "field_selector", j, attr)
				return l
			}
			field, _ := r.str("advanced_event_selector", i, "field_selector", j, "field")
			as.FieldSelectors = append(as.FieldSelectors, probes.FieldSelector{Field: field,
				Equals: at("equals"), NotEquals: at("not_equals"), StartsWith: at("starts_with"),
				NotStartsWith: at("not_starts_with"), EndsWith: at("ends_with"), NotEndsWith: at("not_ends_with")})
		}
		out = append(out, as)
	}
	return out
}
