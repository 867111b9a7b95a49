package tui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

func TestLineReaderHandsOutOneLine(t *testing.T) {
	tests := []struct {
		in   string
		buf  int
		want []string
	}{
		{"a\nbb\nccc", 64, []string{"a\n", "bb\n", "ccc"}},
		{"long line\n", 4, []string{"long", " lin", "e\n"}},
		{"", 8, nil},
	}
	for _, tc := range tests {
		r := newLineReader(strings.NewReader(tc.in))
		var got []string
		for {
			p := make([]byte, tc.buf)
			n, err := r.Read(p)
			if n > 0 {
				got = append(got, string(p[:n]))
			}
			if err != nil {
				break
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q: reads %q, want %q", tc.in, got, tc.want)
		}
		if r.more() {
			t.Errorf("%q: more input reported after the end", tc.in)
		}
	}
}

// profileLines answer the new-assessment prompts: name, assessor, scope,
// then the bank's profile fields (numbers, empty text, no, no ticks).
func profileLines(bank *questionnaire.Bank, practice string) []string {
	lines := []string{practice, "", ""}
	nums := map[string]string{"providers": "2", "staff": "6", "locations": "1"}
	for _, f := range bank.ProfileFields {
		switch f.Kind {
		case questionnaire.FieldBool:
			lines = append(lines, "n")
		case questionnaire.FieldList:
			lines = append(lines, "0")
		default:
			lines = append(lines, nums[f.Key])
		}
	}
	return lines
}

func runLinear(t *testing.T, a *wizard, lines []string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	a.opts.In = strings.NewReader(strings.Join(lines, "\n") + "\n")
	a.opts.Out = &out
	err := runAccessible(a)
	return out.String(), err
}

func TestAccessibleModeSavesAnswers(t *testing.T) {
	a := testApp(t, nil)
	profile := assessment.Profile{Providers: 2, Staff: 6, Locations: 1}
	var visible []questionnaire.Question
	for i := range a.bank.Questions {
		if ok, _ := a.bank.Visible(&a.bank.Questions[i], profile); ok {
			visible = append(visible, a.bank.Questions[i])
		}
	}
	allowedCount := func(q questionnaire.Question) int {
		n := 0
		for _, v := range assessment.AnswerValues {
			if q.Allows(v) {
				n++
			}
		}
		return n
	}
	explain := fmt.Sprint(allowedCount(visible[1]) + 1)
	stop := fmt.Sprint(allowedCount(visible[2]) + 3)
	lines := append(profileLines(a.bank, "Maple Clinic"),
		"1", "Policy binder in the office", // question 1: yes, with a note
		"", explain, "1", "", // question 2: an empty line asks again; explain; yes
		stop, // question 3: stop
	)
	out, err := runLinear(t, a, lines)
	if err != nil {
		t.Fatalf("linear mode: %v\n%s", err, out)
	}
	for _, want := range []string{"Saved the new assessment for Maple Clinic", "Why it matters", "Saved: Yes.", "Risks by level"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	list, err := a.core.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("assessments %+v, %v", list, err)
	}
	if list[0].Profile.Staff != 6 || list[0].Profile.Providers != 2 {
		t.Errorf("profile %+v", list[0].Profile)
	}
	got, err := a.core.Answers(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[visible[0].ID].Note != "Policy binder in the office" || got[visible[1].ID].Value != assessment.Yes {
		t.Errorf("answers %+v", got)
	}
}

func TestAccessibleModeEndOfInput(t *testing.T) {
	tests := []struct {
		name    string
		lines   func(a *wizard) []string
		answers int
	}{
		{"ends in the profile", func(a *wizard) []string { return []string{"Maple Clinic", ""} }, -1},
		{"ends after one answer", func(a *wizard) []string { return append(profileLines(a.bank, "Maple Clinic"), "1", "") }, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			out, err := runLinear(t, a, tc.lines(a))
			if err != nil || !strings.Contains(out, "Input ended") {
				t.Fatalf("err %v, output:\n%s", err, out)
			}
			list, _ := a.core.List(context.Background())
			if tc.answers < 0 {
				if len(list) != 0 {
					t.Errorf("an unfinished profile created %d assessments", len(list))
				}
				return
			}
			got, _ := a.core.Answers(context.Background(), list[0].ID)
			if len(got) != tc.answers {
				t.Errorf("%d answers, want %d", len(got), tc.answers)
			}
		})
	}
}

func TestAccessibleModeResumes(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1})
	_, err := runLinear(t, a, []string{"2", "3", "Still to do"})
	if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	got, _ := a.core.Answers(context.Background(), id)
	if len(got) != 1 {
		t.Fatalf("answers %+v", got)
	}
	for _, ans := range got {
		if ans.Value != assessment.No && ans.Value != assessment.Partial {
			t.Errorf("stored %q for choice 3", ans.Value)
		}
	}
}
