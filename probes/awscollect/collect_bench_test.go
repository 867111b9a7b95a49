package awscollect

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect/internal/fakeaws"
)

var benchRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// benchAccount has 500 buckets over 4 regions, 100 IAM users and 17
// regions with a little of everything in each.
func benchAccount() *fakeaws.Account {
	a := sampleAccount()
	a.Regions = benchRegions
	a.ReportDelay = 0
	a.Buckets = nil
	bucketRegions := []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}
	for i := range 500 {
		a.Buckets = append(a.Buckets, fakeaws.Bucket{Name: fmt.Sprintf("bucket-%03d", i), Region: bucketRegions[i%4],
			Encryption: &fakeaws.Encryption{Algorithm: "AES256"}, Versioning: "Enabled"})
	}
	a.Users = nil
	for i := range 100 {
		a.Users = append(a.Users, fakeaws.User{Name: fmt.Sprintf("user-%03d", i), Groups: []string{"staff"},
			AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}})
	}
	east := a.RegionalStates["us-east-1"]
	a.RegionalStates = map[string]*fakeaws.Region{}
	for _, r := range benchRegions {
		a.RegionalStates[r] = east
	}
	return a
}

// benchOrg is an organization of three bench accounts.
func benchOrg() *fakeaws.Account {
	mgmt := benchAccount()
	for _, id := range []string{"222233334444", "333344445555"} {
		m := benchAccount()
		m.ID, m.CallerARN = id, "arn:aws:sts::"+id+":assumed-role/"+DefaultRole+"/hipaarisk-probe"
		m.CredentialReport = strings.ReplaceAll(m.CredentialReport, testAccount, id)
		mgmt.Members = append(mgmt.Members, m)
	}
	return mgmt
}

// BenchmarkCollect measures a full collection against a fake endpoint that
// adds 20 ms to every call, sequentially and at the default concurrency,
// of one account and of a three-account organization (one concurrency
// limit over all three). It reports the calls made and how far the run is
// from the floor of calls × 20 ms / concurrency.
func BenchmarkCollect(b *testing.B) {
	if testing.Short() {
		b.Skip("slow benchmark")
	}
	const latency = 20 * time.Millisecond
	for _, accounts := range []int{1, 3} {
		for _, conc := range []int{1, defaultConcurrency} {
			name := fmt.Sprintf("concurrency=%d", conc)
			if accounts > 1 {
				name = fmt.Sprintf("org=%d/concurrency=%d", accounts, conc)
			}
			b.Run(name, func(b *testing.B) { benchCollect(b, accounts, conc, latency) })
		}
	}
}

func benchCollect(b *testing.B, accounts, conc int, latency time.Duration) {
	isolateAWS(b)
	var calls int
	var elapsed time.Duration
	for b.Loop() {
		acct := benchAccount()
		if accounts > 1 {
			acct = benchOrg()
		}
		fake := fakeaws.New(acct, fakeaws.WithLatency(latency), fakeaws.WithPageSize(1000))
		opts := testOptions(fake.URL)
		opts.Concurrency = conc
		start := time.Now()
		var snaps []*probes.Snapshot
		var err error
		if accounts > 1 {
			snaps, err = CollectOrg(context.Background(), opts, OrgOptions{})
		} else {
			var snap *probes.Snapshot
			snap, err = Collect(context.Background(), opts)
			snaps = []*probes.Snapshot{snap}
		}
		elapsed += time.Since(start)
		calls += fake.Count()
		fake.Close()
		if err != nil {
			b.Fatal(err)
		}
		if len(snaps) != accounts {
			b.Fatalf("%d snapshots, want %d", len(snaps), accounts)
		}
		for _, snap := range snaps {
			if snap.AccessErr != nil || len(snap.S3.Buckets) != 500 || len(snap.IAM.Users) != 100 || len(snap.Regional) != 17 {
				b.Fatalf("incomplete snapshot of %s: %d buckets, %d users, %d regions (%+v)", snap.AccountID, len(snap.S3.Buckets), len(snap.IAM.Users), len(snap.Regional), snap.AccessErr)
			}
		}
	}
	n := float64(b.N)
	floor := time.Duration(float64(calls)/n) * latency / time.Duration(conc)
	b.ReportMetric(float64(calls)/n, "calls/op")
	b.ReportMetric(float64(floor.Milliseconds()), "floor-ms/op")
	b.ReportMetric(float64(elapsed.Milliseconds())/n, "wall-ms/op")
	b.ReportMetric(float64(elapsed)/n/float64(floor), "x-floor")
}
