package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/export"
)

// TestAnswersAreByTheAssessor checks who an answer is recorded as given
// by: the actor named with --as, else the assessment's assessor, else the
// login name; and that the answers export and the audit log say so.
func TestAnswersAreByTheAssessor(t *testing.T) {
	tests := []struct {
		name, actor, assessor, want string
	}{
		{"the assessor", "", "Maria Lopez", "Maria Lopez"},
		{"--as wins", "Consultant Kim", "Maria Lopez", "Consultant Kim"},
		{"no assessor: the login", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			a, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"), Options{Actor: tc.actor, Version: "test", Now: func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			id, err := a.Create(ctx, NewAssessment{Practice: "Harbor Pediatrics", Assessor: tc.assessor})
			if err != nil {
				t.Fatal(err)
			}
			bank, _ := a.Bank(ctx, id)
			q := bank.Questions[0]
			if err := a.SaveAnswer(ctx, id, assessment.Answer{QuestionID: q.ID, Value: assessment.Yes}); err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == "" {
				want = a.Actor()
			}
			as, _ := a.Assessment(ctx, id)
			if got := a.ActorFor(as); got != want {
				t.Errorf("ActorFor = %q, want %q", got, want)
			}
			ans, _ := a.Answers(ctx, id)
			if ans[q.ID].By != want {
				t.Errorf("answer by %q, want %q", ans[q.ID].By, want)
			}
			audit, _ := a.Audit(ctx, id)
			for _, e := range audit {
				if e.Who != want {
					t.Errorf("audit row %d (%s) by %q, want %q", e.Seq, e.Action, e.Who, want)
				}
			}
			path := filepath.Join(t.TempDir(), "answers.csv")
			if _, err := a.WriteReport(ctx, id, "csv", export.Options{Table: "answers"}, export.SignOff{}, path, false); err != nil {
				t.Fatal(err)
			}
			b, _ := readFile(path)
			if !strings.Contains(b, want) {
				t.Errorf("the answers export does not name %q:\n%s", want, b)
			}
			if tc.want != "" && !strings.Contains(b, ","+want+",") {
				t.Errorf("the answers export's answered-by column is not %q:\n%s", want, b)
			}
		})
	}
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
