package probes

import (
	"fmt"
	"testing"
)

// largeSnapshot scales the sample up to a busy account: n copies of every
// bucket, user and regional resource.
func largeSnapshot(b *testing.B, n int) *Snapshot {
	s := loadSnapshot(b, "sample-snapshot.json")
	buckets, users, rows := s.S3.Buckets, s.IAM.Users, s.IAM.CredentialReport.Rows
	for i := 1; i < n; i++ {
		for _, bk := range buckets {
			bk.Name = fmt.Sprintf("%s-%d", bk.Name, i)
			bk.ARN = "arn:aws:s3:::" + bk.Name
			s.S3.Buckets = append(s.S3.Buckets, bk)
		}
		for _, u := range users {
			u.Name = fmt.Sprintf("%s-%d", u.Name, i)
			u.ARN = fmt.Sprintf("%s-%d", u.ARN, i)
			s.IAM.Users = append(s.IAM.Users, u)
		}
		for _, r := range rows[1:] {
			r.User = fmt.Sprintf("%s-%d", r.User, i)
			s.IAM.CredentialReport.Rows = append(s.IAM.CredentialReport.Rows, r)
		}
		for j := range s.Regional {
			r := &s.Regional[j]
			for _, v := range r.Volumes[:min(len(r.Volumes), 2)] {
				v.ID = fmt.Sprintf("%s-%d", v.ID, i)
				r.Volumes = append(r.Volumes, v)
			}
			for _, sg := range r.SecurityGroups[:min(len(r.SecurityGroups), 3)] {
				sg.ID = fmt.Sprintf("%s-%d", sg.ID, i)
				r.SecurityGroups = append(r.SecurityGroups, sg)
			}
		}
	}
	return s
}

func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{1, 100} {
		s := largeSnapshot(b, n)
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if fs := Evaluate(s, s.FinishedAt, nil); len(fs) == 0 {
					b.Fatal("no findings")
				}
			}
		})
	}
}
