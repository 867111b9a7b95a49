package data

import (
	"context"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestReviewMarks(t *testing.T) {
	ctx := context.Background()
	s, id := newTest(t)
	if err := s.SetReview(ctx, id, ReviewCloud, CloudNotUsed); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReview(ctx, id, ReviewCloud, CloudSkipped); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReview(ctx, id, ReviewCloud, "maybe"); err == nil {
		t.Error("an unknown cloud decision was stored")
	}
	if err := s.SaveAnswer(ctx, id, assessment.Answer{QuestionID: "q1", Value: assessment.Yes}); err != nil {
		t.Fatal(err)
	}
	next, err := s.CopyForward(ctx, id, NewAssessment{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewCarriedSection(ctx, next, "adm", []string{"q1"}); err != nil {
		t.Fatal(err)
	}
	in, err := s.LoadInputs(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if in.Answers["q1"].CarriedForward {
		t.Error("reviewing the section left the answer marked as carried")
	}
	if r, ok := SectionReview(in.Reviews, "adm"); !ok || r.By != "tester" || r.At.IsZero() {
		t.Errorf("section review %+v, %v", r, ok)
	}
	old, _ := s.LoadInputs(ctx, id)
	if r, ok := CloudDecision(old.Reviews); !ok || r.Key != CloudSkipped || len(old.Reviews) != 1 {
		t.Errorf("cloud decision %+v (%d marks)", r, len(old.Reviews))
	}
	for _, a := range []int64{id, next} {
		ig, err := s.CheckIntegrity(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(ig.Differences) != 0 {
			t.Errorf("assessment %d: the audit log disagrees with the tables: %v", a, ig.Differences)
		}
	}
}
