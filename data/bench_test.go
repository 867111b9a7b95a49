package data

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// BenchmarkSaveAnswer measures one SaveAnswer (one durable transaction with
// its audit row, synchronous=FULL) and reports the median as p50-ms.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	s, id := newTest(b)
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: fmt.Sprintf("q%03d", i%200),
			Value: assessment.AnswerValues[i%5], Note: "reviewed with the office manager"})
		durs = append(durs, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(durs)
	b.ReportMetric(float64(durs[len(durs)/2])/float64(time.Millisecond), "p50-ms")
}

// BenchmarkLoadInputs loads an assessment with 200 answers, 20 assets, 10
// vendors and a probe run of 1,000 findings.
func BenchmarkLoadInputs(b *testing.B) {
	ctx := context.Background()
	s, id := newTest(b)
	var imp Import
	for i := range 200 {
		imp.Answers = append(imp.Answers, assessment.Answer{QuestionID: fmt.Sprintf("q%03d", i),
			Value: assessment.AnswerValues[i%5], Note: "policy reviewed in March", Evidence: "binder"})
	}
	for i := range 20 {
		imp.Assets = append(imp.Assets, assessment.Asset{Name: fmt.Sprintf("workstation %d", i), Kind: "workstation",
			HoldsEPHI: true, Encrypted: assessment.EncryptionYes})
	}
	for i := range 10 {
		imp.Vendors = append(imp.Vendors, assessment.Vendor{Name: fmt.Sprintf("vendor %d", i), HoldsEPHI: true})
	}
	if err := s.ImportInputs(ctx, id, imp); err != nil {
		b.Fatal(err)
	}
	if _, err := s.SaveProbeRun(ctx, id, ProbeRun{AccountID: "111111111111", Regions: []string{"us-east-1"},
		StartedAt: time.Now(), Findings: sampleFindings(1000, "bench"), Snapshot: make([]byte, 0)}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in, err := s.LoadInputs(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		if len(in.Answers) != 200 || len(in.Findings) != 1000 {
			b.Fatalf("loaded %d answers, %d findings", len(in.Answers), len(in.Findings))
		}
	}
}
