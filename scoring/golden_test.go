package scoring

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func encode(t testing.TB, a Analysis) []byte {
	t.Helper()
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatalf("encode analysis: %v", err)
	}
	return append(b, '\n')
}

func TestGoldenAnalysis(t *testing.T) {
	got := encode(t, Analyze(sampleInput()))
	path := filepath.Join("testdata", "golden", "analysis.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("write golden: %v", err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test ./scoring -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("analysis differs from %s; run go test ./scoring -update and review the diff", path)
	}
}
