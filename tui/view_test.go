package tui

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hipaarisk/hipaarisk/assessment"
)

// seedAnswered creates three assessments; the newest has answers, an asset
// and a vendor without an agreement, so every screen has something to show.
func seedAnswered(tb testing.TB, a *wizard) int64 {
	tb.Helper()
	ctx := context.Background()
	seed(tb, a, "Birch Family Medicine", assessment.Profile{Providers: 1, Staff: 3, Locations: 1})
	seed(tb, a, "Cedar Pediatrics", assessment.Profile{Providers: 4, Staff: 20, Locations: 2, RemoteWork: true})
	id := seed(tb, a, "Alder Clinic", assessment.Profile{Providers: 2, Staff: 8, Locations: 1, PortableDevices: true, CloudServices: []string{"aws"}})
	l, err := a.core.Load(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	s := &session{id: id, l: l}
	values := []assessment.AnswerValue{assessment.No, assessment.Partial, assessment.Unknown, assessment.Yes, assessment.No, assessment.Yes}
	for i, q := range s.visibleQuestions()[:len(values)] {
		v := values[i]
		if !q.Allows(v) {
			v = assessment.Unknown
		}
		ans := assessment.Answer{QuestionID: q.ID, Value: v, Note: fmt.Sprintf("note %d", i)}
		if q.NeedsDecision(ans) {
			ans.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: "A locked cabinet is used instead."}
		}
		if err := a.core.SaveAnswer(ctx, id, ans); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := a.core.SaveAsset(ctx, id, assessment.Asset{Name: "Front desk PC", Kind: "workstation", Location: "Reception", HoldsEPHI: true, Encrypted: assessment.EncryptionNo}); err != nil {
		tb.Fatal(err)
	}
	if _, err := a.core.SaveVendor(ctx, id, assessment.Vendor{Name: "Shred-It Co", Service: "Paper shredding", HoldsEPHI: true}); err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestGoldenViews(t *testing.T) {
	screens := []struct {
		name string
		keys []tea.Msg
	}{
		{"home", nil},
		{"home-delete", keySeq("d")},
		{"sections", keySeq("enter")},
		{"questions", keySeq("enter", "enter")},
		{"question", keySeq("enter", "enter", "enter")},
		{"guidance", keySeq("enter", "enter", "enter", "?")},
		{"profile", keySeq("enter", "1")},
		{"assets", keySeq("enter", "3")},
		{"vendors", keySeq("enter", "4")},
		{"cloud", keySeq("enter", "5")},
		{"risks", keySeq("enter", "6")},
		{"risk", keySeq("enter", "6", "enter")},
		{"plan", keySeq("enter", "7")},
		{"summary", keySeq("enter", "8")},
		{"finalize", keySeq("enter", "8", "F")},
		{"home-carry", keySeq("c")},
		{"section-summary", keySeq("enter", "enter", "v")},
		// the first section's last question answered: its summary opens
		{"section-end", append(append(keySeq("enter", "enter"), slices.Repeat(keySeq("down"), 40)...), keySeq("enter", "y")...)},
		{"flagged", keySeq("enter", "f")},
		{"cloud-explain", keySeq("enter", "5", "enter")},
		{"new", keySeq("n")},
	}
	// Colour off by option, and by NO_COLOR: both must read alike.
	for _, mode := range []string{"option", "NO_COLOR"} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, sc := range screens {
				name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
				t.Run(mode+"/"+name, func(t *testing.T) {
					goldenView(t, mode, name, size, sc.keys)
				})
			}
		}
	}
}

// goldenView drives the seeded wizard at size and compares the view with
// the golden file name; mode says how colour is switched off.
func goldenView(t *testing.T, mode, name string, size [2]int, keys []tea.Msg) {
	var a *wizard
	if mode == "NO_COLOR" {
		t.Setenv("NO_COLOR", "1")
		a = newApp(context.Background(), openStore(t, ""), loadBank(t), Options{Now: clock, Version: "test", Actor: "tester", Out: os.Stdout})
	} else {
		a = testApp(t, nil)
	}
	seedAnswered(t, a)
	m := start(t, a, size[0], size[1])
	m = drive(t, m, keys...).(*model)
	v := m.View()
	checkFits(t, v, size[0], size[1])
	if mode == "NO_COLOR" && updating() {
		return // the option run writes the file
	}
	golden(t, name, v)
}

func TestResizeRedraws(t *testing.T) {
	a := testApp(t, nil)
	seedAnswered(t, a)
	m := start(t, a, 120, 40)
	m = drive(t, m, keyMsg("enter"), keyMsg("enter"), keyMsg("enter")).(*model)
	for _, size := range [][2]int{{80, 24}, {60, 20}, {200, 50}, {80, 24}} {
		m = drive(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]}).(*model)
		checkFits(t, m.View(), size[0], size[1])
	}
}
