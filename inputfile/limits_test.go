package inputfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

type note struct {
	Note string `yaml:"note" json:"note"`
}

func TestDecodeRefuses(t *testing.T) {
	long := strings.Repeat("é", MaxText+1)
	tests := []struct {
		name, format, data, want string
	}{
		{"invalid UTF-8 in YAML", "yaml", "note: ok\nnote2: \xff\xfe\n", "f:2: the file is not UTF-8 text"},
		{"invalid UTF-8 in JSON", "json", "{\n\"note\": \"\xc3\x28\"}", "f:2: the file is not UTF-8 text"},
		{"over-long text in YAML", "yaml", "note: " + long + "\n", fmt.Sprintf("f:1: note: %d characters is too long: at most %d", MaxText+1, MaxText)},
		{"over-long text in JSON", "json", `{"note": "` + long + `"}`, "characters is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v note
			d, err := Decode("f", []byte(tt.data), tt.format, &v, Options{})
			if err == nil && d != nil {
				err = d.Problems.Err()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if v.Note != "" {
				t.Errorf("a refused value was kept: %d bytes", len(v.Note))
			}
		})
	}
}

func TestProblemsErrorShowsTwentyThenCounts(t *testing.T) {
	var ps Problems
	for i := range 3001 {
		ps = append(ps, Problem{File: "f", Line: i + 1, Msg: "bad"})
	}
	lines := strings.Split(ps.Error(), "\n")
	if len(lines) != 21 {
		t.Fatalf("%d lines, want 21", len(lines))
	}
	if want := "… and 2981 more problems; fix these first"; lines[20] != want {
		t.Errorf("last line %q, want %q", lines[20], want)
	}
}

func TestReadFileRefusesLargeFilesWithBoundedMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadFile(path)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over 10 MB") {
		t.Fatalf("error %v, want ErrTooLarge naming 10 MB", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing a 50 MB file allocated %d bytes", grew)
	}

	small := filepath.Join(t.TempDir(), "ok.yaml")
	if err := os.WriteFile(small, []byte("note: fine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(small); err != nil || string(b) != "note: fine\n" {
		t.Errorf("ReadFile(small) = %q, %v", b, err)
	}
}
