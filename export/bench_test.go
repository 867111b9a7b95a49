package export

import (
	"io"
	"runtime"
	"sync"
	"testing"
	"time"
)

// BenchmarkPDF1000Findings renders a full assessment with 1,000 extra
// findings. Besides time and allocations it reports peak-heap-MB: the
// highest HeapInuse seen by sampling runtime.ReadMemStats every 5 ms while
// the benchmark runs.
func BenchmarkPDF1000Findings(b *testing.B) {
	r := sampleReport(b, 1000)
	runtime.GC()
	stop := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := (pdfWriter{}).Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
