package tui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hipaarisk/hipaarisk/assessment"
)

// BenchmarkHomeStartup measures startup to the first screen: building the
// root model over a database of 50 assessments, reading the list and
// rendering it once. The per-assessment figures (completeness, risks) load
// afterwards in the background and are not part of it.
func BenchmarkHomeStartup(b *testing.B) {
	a := testApp(b, nil)
	for i := range 50 {
		seed(b, a, fmt.Sprintf("Practice %02d", i), assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := newModel(a)
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		m.Update(m.Init()())
		if v := m.View(); len(v) == 0 {
			b.Fatal("empty view")
		}
	}
}

// BenchmarkHomeStats measures the background load of the home table's
// figures for 50 assessments.
func BenchmarkHomeStats(b *testing.B) {
	a := testApp(b, nil)
	ids := make([]int64, 50)
	for i := range ids {
		ids[i] = seed(b, a, fmt.Sprintf("Practice %02d", i), assessment.Profile{Providers: 2, Staff: 8, Locations: 1})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if s := a.loadStats(ids)().(statsMsg); len(s) != 50 {
			b.Fatalf("%d figures", len(s))
		}
	}
}
