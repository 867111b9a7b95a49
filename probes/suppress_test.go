package probes

import (
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestApplySuppressions(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	fs := []assessment.Finding{
		{ID: "a", CheckID: "s3-bucket-access-logging", Resource: "arn:aws:s3:::practice-logs-2026", Status: assessment.Fail},
		{ID: "b", CheckID: "s3-bucket-access-logging", Resource: "arn:aws:s3:::phi-data", Status: assessment.Fail},
		{ID: "c", CheckID: "s3-bucket-access-logging", Resource: "arn:aws:s3:::practice-logs-old", Status: assessment.Pass},
		{ID: "d", CheckID: "rds-multi-az", Resource: "arn:aws:rds:us-east-1:1:db:x", Status: assessment.Fail},
		{ID: "e", CheckID: "iam-root-mfa", Resource: "1", Status: assessment.Fail},
		{ID: "f", CheckID: "rds-multi-az", Resource: "arn:aws:rds:us-east-1:1:db:y", Status: assessment.NotAssessed},
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sups := []assessment.Suppression{
		{CheckID: "s3-bucket-access-logging", Resource: "arn:aws:s3:::practice-logs*", Reason: "log bucket", Expires: day(2026, 6, 15)},
		{CheckID: "rds-multi-az", Reason: "accepted", Expires: time.Time{}},
		{CheckID: "iam-root-mfa", Reason: "expired", Expires: day(2026, 6, 14)},
	}
	got := ApplySuppressions(fs, sups, now)
	want := map[string]string{"a": "log bucket", "b": "", "c": "", "d": "accepted", "e": "", "f": ""}
	for _, f := range got {
		reason := ""
		if f.Suppressed != nil {
			reason = f.Suppressed.Reason
		}
		if reason != want[f.ID] {
			t.Errorf("%s suppressed by %q, want %q", f.ID, reason, want[f.ID])
		}
	}
	for _, f := range fs {
		if f.Suppressed != nil {
			t.Errorf("input finding %s was modified", f.ID)
		}
	}
	// The day after the expiry date the suppression stops.
	later := ApplySuppressions(got, sups, day(2026, 6, 16))
	if later[0].Suppressed != nil {
		t.Error("expired suppression still applies")
	}
	if later[3].Suppressed == nil {
		t.Error("suppression without expiry stopped applying")
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "anything/at:all", true},
		{"", "", true},
		{"arn:aws:s3:::logs-*", "arn:aws:s3:::logs-2026", true},
		{"arn:aws:s3:::logs-*", "arn:aws:s3:::phi", false},
		{"arn:aws:ec2:*:1:volume/*", "arn:aws:ec2:us-east-1:1:volume/vol-1", true},
		{"vol-?", "vol-12", false},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
	} {
		if got := globMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}

func TestGate(t *testing.T) {
	fs := []assessment.Finding{
		{ID: "crit", Status: assessment.Fail, Severity: assessment.Critical},
		{ID: "high", Status: assessment.Fail, Severity: assessment.HighSev},
		{ID: "med", Status: assessment.Fail, Severity: assessment.Medium},
		{ID: "low", Status: assessment.Fail, Severity: assessment.LowSev},
		{ID: "crit-pass", Status: assessment.Pass, Severity: assessment.Critical},
		{ID: "crit-na", Status: assessment.NotAssessed, Severity: assessment.Critical},
		{ID: "high-suppressed", Status: assessment.Fail, Severity: assessment.HighSev, Suppressed: &assessment.Suppression{Reason: "ok"}},
	}
	for _, tc := range []struct {
		threshold string
		want      string
		wantErr   bool
	}{
		{"critical", "crit", false},
		{"HIGH", "crit,high", false},
		{" medium ", "crit,high,med", false},
		{"low", "crit,high,med,low", false},
		{"info", "crit,high,med,low", false},
		{"severe", "", true},
	} {
		sev, err := ParseSeverity(tc.threshold)
		if (err != nil) != tc.wantErr {
			t.Fatalf("ParseSeverity(%q) error %v", tc.threshold, err)
		}
		if err != nil {
			continue
		}
		var ids []string
		for _, f := range Gate(fs, sev) {
			ids = append(ids, f.ID)
		}
		if got := strings.Join(ids, ","); got != tc.want {
			t.Errorf("Gate(%s) = %s, want %s", tc.threshold, got, tc.want)
		}
	}
}
