package probes

import (
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func b0(s *Snapshot) *Bucket     { return &s.S3.Buckets[0] }
func r0(s *Snapshot) *RegionData { return &s.Regional[0] }
func tr0(s *Snapshot) *Trail     { return &s.CloudTrail.Trails[0] }
func alice(s *Snapshot) *CredentialRow {
	return &s.IAM.CredentialReport.Rows[1]
}

func gid(check string) string { return FindingID(check, GlobalRegion, acct) }
func rid(check string) string { return FindingID(check, usEast, acct) }
func bid(check string) string { return FindingID(check, usEast, dataARN) }
func tid(check string) string { return FindingID(check, usEast, trailARN) }
func ec2id(check, res string) string {
	return FindingID(check, usEast, "arn:aws:ec2:us-east-1:"+acct+":"+res)
}

func TestGoodSnapshotPassesEveryCheck(t *testing.T) {
	fs := Evaluate(goodSnapshot(), testNow, map[string][]string{"iam-root-mfa": {"q-mfa"}})
	seen := map[string]bool{}
	ids := map[string]bool{}
	for _, f := range fs {
		if f.Status != assessment.Pass {
			t.Errorf("%s: %s (%s)", f.ID, f.Status, f.Reason)
		}
		if ids[f.ID] {
			t.Errorf("duplicate finding id %s", f.ID)
		}
		ids[f.ID] = true
		seen[f.CheckID] = true
		if f.CheckID == "iam-root-mfa" && (len(f.Questions) != 1 || f.Questions[0] != "q-mfa") {
			t.Errorf("iam-root-mfa questions = %v", f.Questions)
		}
		if f.Reason == "" || len(f.Citations) == 0 || f.Remediation == "" || f.Title == "" {
			t.Errorf("%s: incomplete finding %+v", f.ID, f)
		}
	}
	for _, c := range Checks() {
		if !seen[c.ID] {
			t.Errorf("check %s produced no finding", c.ID)
		}
	}
	for i := 1; i < len(fs); i++ {
		if !findingLess(fs[i-1], fs[i]) {
			t.Errorf("findings out of order: %s before %s", fs[i-1].ID, fs[i].ID)
		}
	}
}

func TestEvaluateIsDeterministic(t *testing.T) {
	a := Evaluate(goodSnapshot(), testNow, nil)
	b := Evaluate(goodSnapshot(), testNow, nil)
	if len(a) != len(b) {
		t.Fatalf("lengths differ: %d vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Reason != b[i].Reason || a[i].Status != b[i].Status {
			t.Fatalf("run differs at %d: %+v vs %+v", i, a[i], b[i])
		}
	}
}

type checkCase struct {
	name   string
	mutate func(s *Snapshot)
	id     string
	want   assessment.Status // "" means: no finding with this id
	code   string
	reason string // substring of the reason
}

func runCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSnapshot()
			if tc.mutate != nil {
				tc.mutate(s)
			}
			fs := Evaluate(s, testNow, nil)
			ids := map[string]bool{}
			for _, f := range fs {
				if ids[f.ID] {
					t.Fatalf("duplicate finding id %s", f.ID)
				}
				ids[f.ID] = true
			}
			if tc.want == "" {
				if ids[tc.id] {
					t.Fatalf("want no finding %s", tc.id)
				}
				return
			}
			f := findByID(t, fs, tc.id)
			if f.Status != tc.want || f.ErrorCode != tc.code {
				t.Errorf("status %s code %q, want %s %q (reason %q)", f.Status, f.ErrorCode, tc.want, tc.code, f.Reason)
			}
			if !strings.Contains(f.Reason, tc.reason) {
				t.Errorf("reason %q does not contain %q", f.Reason, tc.reason)
			}
			if strings.Contains(f.Reason, "\n") {
				t.Errorf("reason has several lines: %q", f.Reason)
			}
		})
	}
}

func TestRegionsUnreadable(t *testing.T) {
	s := goodSnapshot()
	s.Regional = nil
	s.RegionsErr = &APIError{Operation: "ec2:DescribeRegions", Code: "UnauthorizedOperation"}
	fs := Evaluate(s, testNow, nil)
	for _, c := range Checks() {
		if c.Global || strings.HasPrefix(c.ID, "s3-") || strings.HasPrefix(c.ID, "cloudtrail-") || c.ID == "iam-admin-policies" || c.ID == "logs-retention-six-years" {
			continue
		}
		f := findByID(t, fs, gid(c.ID))
		if f.Status != assessment.NotAssessed || f.ErrorCode != "UnauthorizedOperation" {
			t.Errorf("%s: %s %s", c.ID, f.Status, f.ErrorCode)
		}
	}
}

func TestTwoRegionsReportSeparately(t *testing.T) {
	s := goodSnapshot()
	west := goodRegion(usWest)
	west.GuardDutyDetectors = nil
	s.Regions = append(s.Regions, usWest)
	s.Regional = append(s.Regional, west)
	fs := Evaluate(s, testNow, nil)
	if f := findByID(t, fs, rid("guardduty-enabled")); f.Status != assessment.Pass {
		t.Errorf("us-east-1: %s", f.Status)
	}
	if f := findByID(t, fs, FindingID("guardduty-enabled", usWest, acct)); f.Status != assessment.Fail {
		t.Errorf("us-west-2: %s", f.Status)
	}
}

func TestAge(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{5 * time.Minute, "5m"}, {2 * time.Hour, "2h"}, {47 * time.Hour, "47h"}, {72 * time.Hour, "3d"}} {
		if got := age(testNow, testNow.Add(-tc.d)); got != tc.want {
			t.Errorf("age(%v) = %s, want %s", tc.d, got, tc.want)
		}
	}
}
