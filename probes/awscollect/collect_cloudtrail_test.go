package awscollect

import (
	"reflect"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
)

// TestCollectCloudTrail reads each trail once, with its status and event
// selectors read in its home region.
func TestCollectCloudTrail(t *testing.T) {
	snap, _ := collectSample(t)
	ct := snap.CloudTrail
	if len(ct.Errs) != 0 || len(ct.Trails) != 2 {
		t.Fatalf("trails = %+v errs %+v (want 2, shadow copies folded)", ct.Trails, ct.Errs)
	}
	eu, org := ct.Trails[0], ct.Trails[1]
	if org.ARN != "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail" || !org.IsMultiRegion || !org.IsOrganization ||
		!org.LogFileValidation || org.KMSKeyID == "" || org.S3BucketName != "audit-logs" || org.CloudWatchLogsGroupARN == "" {
		t.Errorf("org trail = %+v", org)
	}
	if org.StatusErr != nil || org.Status == nil || !org.Status.IsLogging || org.Status.LatestCloudWatchLogsDelivery == nil ||
		!org.Status.LatestDeliveryTime.Equal(fixtureNow.Add(-time.Hour)) {
		t.Errorf("org status = %+v %v", org.Status, org.StatusErr)
	}
	if want := []probes.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, DataResources: []probes.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}; !reflect.DeepEqual(org.EventSelectors, want) || org.SelectorsErr != nil {
		t.Errorf("org selectors = %+v %v", org.EventSelectors, org.SelectorsErr)
	}
	if eu.HomeRegion != "eu-west-1" || eu.IsMultiRegion || eu.StatusErr != nil || eu.Status == nil || eu.Status.IsLogging {
		t.Errorf("eu trail = %+v status %+v %v (status must be read in the home region)", eu, eu.Status, eu.StatusErr)
	}
	if want := []probes.AdvancedEventSelector{{Name: "mgmt", FieldSelectors: []probes.FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}; !reflect.DeepEqual(eu.AdvancedEventSelectors, want) {
		t.Errorf("eu advanced selectors = %+v", eu.AdvancedEventSelectors)
	}
}
