package app

import (
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestParseSuppressions(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		data    string
		want    []assessment.Suppression
		wantErr string
	}{
		{
			name: "yaml", file: "s.yaml",
			data: `
- check: s3-bucket-access-logging
  resource: "arn:aws:s3:::practice-logs*"
  reason: the log bucket does not log itself
  expires: 2026-12-31
- check: rds-multi-az
  reason: single clinic, restore from backup is acceptable
`,
			want: []assessment.Suppression{
				{CheckID: "s3-bucket-access-logging", Resource: "arn:aws:s3:::practice-logs*", Reason: "the log bucket does not log itself",
					Expires: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
				{CheckID: "rds-multi-az", Reason: "single clinic, restore from backup is acceptable"},
			},
		},
		{
			name: "json", file: "s.json",
			data: `[{"check": "iam-password-policy", "resource": "*", "reason": "SSO only", "expires": "2027-01-15"}]`,
			want: []assessment.Suppression{{CheckID: "iam-password-policy", Resource: "*", Reason: "SSO only", Expires: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)}},
		},
		{name: "empty file", file: "e.yaml", data: "", want: []assessment.Suppression{}},
		{name: "missing reason", file: "s.yaml", data: "- check: rds-multi-az\n- check: iam-root-mfa\n  reason: '  '\n",
			wantErr: "s.yaml:1: entry 1 (check \"rds-multi-az\"): reason is required\ns.yaml:2: entry 2 (check \"iam-root-mfa\"): reason is required"},
		{name: "unknown check", file: "s.yaml", data: "- check: rds-multi-za\n  reason: typo\n",
			wantErr: `s.yaml:1: entry 1 (check "rds-multi-za"): check: unknown check id "rds-multi-za" — did you mean "rds-multi-az"?`},
		{name: "missing check", file: "s.yaml", data: "- reason: something\n", wantErr: "s.yaml:1: entry 1: check is required"},
		{name: "bad date", file: "s.yaml", data: "- check: rds-multi-az\n  reason: r\n  expires: 31/12/2026\n",
			wantErr: `entry 1 (check "rds-multi-az"): expires: "31/12/2026" is not a date`},
		{name: "unknown field", file: "s.yaml", data: "- check: rds-multi-az\n  reason: r\n  until: 2026-01-01\n", wantErr: `s.yaml:3: [0]: unknown field "until"`},
		{name: "not a list", file: "s.json", data: `{"check": "rds-multi-az"}`, wantErr: "s.json:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSuppressions(tc.file, []byte(tc.data))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d suppressions, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("entry %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}
