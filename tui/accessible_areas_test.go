package tui

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/probes"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
	"github.com/hipaarisk/hipaarisk/questionnaire"
	"github.com/hipaarisk/hipaarisk/scoring"
)

var awsProfile = assessment.Profile{Providers: 1, Staff: 3, Locations: 1, CloudServices: []string{"aws"}}

// addressable finds a question the profile shows whose "no" needs the
// addressable follow-up, with its section's number in the sections list
// and its number in the section.
func addressable(t *testing.T, a *wizard, id int64) (q questionnaire.Question, section, n int) {
	t.Helper()
	ld, err := a.core.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{id: id, l: ld}
	var secs []string
	for _, sp := range ld.Analysis.Completeness.Sections {
		if sp.Applicable > 0 {
			secs = append(secs, sp.Section)
		}
	}
	per := map[string]int{}
	for _, q := range s.visibleQuestions() {
		per[q.Section]++
		if q.NeedsDecision(assessment.Answer{Value: assessment.No}) {
			return q, slices.Index(secs, q.Section) + 1, per[q.Section]
		}
	}
	t.Fatal("no addressable question is shown")
	return
}

// areaCase drives one area of an assessment seeded with awsProfile and
// checks what was saved.
type areaCase struct {
	name  string
	steps func(t *testing.T, a *wizard, id int64) []typed
	check func(t *testing.T, a *wizard, id int64, in app.Inputs)
}

var areaCases = []areaCase{
	{
		name: "profile of an open assessment",
		steps: func(*testing.T, *wizard, int64) []typed {
			return append(lines("Choice (1 to 11)", "1", "Practice name (Enter keeps: Pine Clinic)", "", "Who is doing", "",
				"Scope", "", "How many providers see patients? (Enter keeps: 1)", "", "How many people work", "-1"),
				typed{prompt: "How many people work", line: "4", saw: "Not accepted"},
				typed{prompt: "How many offices", line: "q"})
		},
		check: func(t *testing.T, _ *wizard, _ int64, in app.Inputs) {
			if p := in.Assessment.Profile; p.Staff != 4 || p.Providers != 1 || in.Assessment.Practice != "Pine Clinic" {
				t.Errorf("details %+v", in.Assessment)
			}
		},
	},
	{
		name: "the practice does not use AWS",
		steps: func(*testing.T, *wizard, int64) []typed {
			return append(lines("Choice (1 to 11)", "5", "Choice (1, 2, 3, 4 or 6)", "3", "The practice does not use AWS", "y"),
				typed{prompt: "Choice (1, 2, 4 or 6)", line: "6", saw: "Recorded: the practice does not use AWS"},
				typed{prompt: "Choice (1 to 11)", line: "q"})
		},
		check: func(t *testing.T, _ *wizard, _ int64, in app.Inputs) {
			if in.Assessment.Profile.UsesService("aws") {
				t.Errorf("profile %+v", in.Assessment.Profile)
			}
			if d, ok := app.CloudDecision(in.Reviews); !ok || d.Key != app.CloudNotUsed {
				t.Errorf("cloud decision %+v %v, want not used", d, ok)
			}
		},
	},
	{
		name: "skip the cloud checks",
		steps: func(*testing.T, *wizard, int64) []typed {
			return append(lines("Choice (1 to 11)", "5", "Choice (1, 2, 3, 4 or 6)", "4"),
				typed{prompt: "Choice (1, 2, 3 or 6)", line: "6", saw: "Recorded: the cloud checks are skipped for now"},
				typed{prompt: "Choice (1 to 11)", line: "q"})
		},
		check: func(t *testing.T, _ *wizard, _ int64, in app.Inputs) {
			if d, ok := app.CloudDecision(in.Reviews); !ok || d.Key != app.CloudSkipped {
				t.Errorf("cloud decision %+v %v, want skipped", d, ok)
			}
		},
	},
	{
		name: "check now with this computer's AWS sign-in",
		steps: func(t *testing.T, a *wizard, _ int64) []typed {
			a.collect = fakeSignIn(t)
			return append(lines("Choice (1 to 11)", "5", "Choice (1, 2, 3, 4 or 6)", "2", "AWS profile", "audit",
				"Regions, separated by commas, or all (Enter keeps: us-east-1)", "us-west-2", "Endpoint", ""),
				typed{prompt: "Choice (1 to 6)", line: "5", saw: "4 of 4 reads done"},
				typed{prompt: "Choice (1 to 6)", line: "6", saw: "FAIL:"},
				typed{prompt: "Choice (1 to 11)", line: "q"})
		},
		check: func(t *testing.T, _ *wizard, _ int64, in app.Inputs) {
			if len(in.Runs) != 1 || in.Runs[0].AccountID != "123456789012" {
				t.Errorf("runs %+v", in.Runs)
			}
		},
	},
	{
		name: "undo a changed rating",
		steps: func(t *testing.T, a *wizard, id int64) []typed {
			n := overrideFirstRisk(t, a, id)
			return append(lines("Choice (1 to 11)", "6", "Risk to read", fmt.Sprint(n), "Choice (1 to 3", "2"),
				typed{prompt: "Risk to read", line: "b", saw: "The risk has its default rating again"},
				typed{prompt: "Choice (1 to 11)", line: "q"})
		},
		check: func(t *testing.T, _ *wizard, _ int64, in app.Inputs) {
			if len(in.Overrides) != 0 {
				t.Errorf("overrides %+v", in.Overrides)
			}
		},
	},
	{
		name: "addressable follow-up",
		steps: func(t *testing.T, a *wizard, id int64) []typed {
			_, sec, n := addressable(t, a, id)
			steps := lines("Choice (1 to 11)", "2", "Section", fmt.Sprint(sec), "Start at question", fmt.Sprint(n),
				"Answer (", "3", "Note", "", "Evidence", "", "Flag it for review", "", "Decision", "?")
			return append(steps, typed{prompt: "Decision", line: "1", saw: "164.306(d)(3)"},
				typed{prompt: "Justification", line: ""},
				typed{prompt: "Justification", line: "Laptops stay in a locked cabinet", saw: "Not accepted: this needs an answer"},
				typed{prompt: "Answer (", line: "q"})
		},
		check: func(t *testing.T, a *wizard, id int64, in app.Inputs) {
			q, _, _ := addressable(t, a, id)
			d := in.Answers[q.ID].Decision
			if d == nil || d.Kind != assessment.DecisionAlternative || d.Justification != "Laptops stay in a locked cabinet" {
				t.Errorf("answer %+v", in.Answers[q.ID])
			}
		},
	},
}

// TestLinearAreas drives each area, typed by a person.
func TestLinearAreas(t *testing.T) {
	for _, tc := range areaCases {
		t.Run(tc.name, func(t *testing.T) {
			a := testApp(t, nil)
			id := seed(t, a, "Pine Clinic", awsProfile)
			if _, err := runPerson(t, a, openFirst, tc.steps(t, a, id)); err != nil {
				t.Fatal(err)
			}
			ld, err := a.core.Load(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, a, id, ld.Inputs)
		})
	}
}

// fakeSignIn stands in for reading an AWS account: it reports progress
// and returns the sample snapshot.
func fakeSignIn(t *testing.T) collectFunc {
	return func(_ context.Context, opts awscollect.Options) (*probes.Snapshot, error) {
		if opts.Profile != "audit" || fmt.Sprint(opts.Regions) != "[us-west-2]" {
			t.Errorf("collector options %+v", opts)
		}
		for i := 1; i <= 4; i++ {
			opts.Progress(awscollect.Progress{Service: "s3", Region: "us-west-2", Done: i, Total: 4})
		}
		return app.ReadSnapshot("../probes/testdata/sample-snapshot.json")
	}
}

// overrideFirstRisk answers a question no so there are risks, changes the
// first risk's rating and returns its number in the register.
func overrideFirstRisk(t *testing.T, a *wizard, id int64) int {
	t.Helper()
	ctx := context.Background()
	_, qs := firstSection(t, a, id)
	if err := a.core.SaveAnswer(ctx, id, assessment.Answer{QuestionID: qs[0].ID, Value: assessment.No}); err != nil {
		t.Fatal(err)
	}
	ld, err := a.core.Load(ctx, id)
	if err != nil || len(ld.Analysis.Risks) == 0 {
		t.Fatalf("risks: %v", err)
	}
	riskID := ld.Analysis.Risks[0].ID
	if err := a.core.SetOverride(ctx, id, assessment.Override{RiskID: riskID, Likelihood: assessment.VeryLow, Impact: assessment.Low, Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if ld, err = a.core.Load(ctx, id); err != nil {
		t.Fatal(err)
	}
	return slices.IndexFunc(ld.Analysis.Risks, func(r scoring.Risk) bool { return r.ID == riskID }) + 1
}

// Accepting a risk asks why, who approved it and when to review it; an
// empty reason is refused.
func TestLinearPlanAcceptance(t *testing.T) {
	a := testApp(t, nil)
	id := riskySeed(t, a)
	steps := lines("Choice (1 to 11)", "7", "Item to update", "1", "Owner", "", "Due date", "", "Status", "4",
		"Why is the risk accepted", "")
	steps = append(steps,
		typed{prompt: "Why is the risk accepted", line: "Only two staff; the cost outweighs the risk", saw: "Not accepted: accepting a risk needs a reason"},
		typed{prompt: "Who approved accepting it", line: "Dr. Lee"},
		typed{prompt: "Review the acceptance by", line: "2027-06-30"},
		typed{prompt: "Note", line: ""},
		typed{prompt: "Item to update", line: "b", saw: "The plan item is saved"})
	if _, err := runPerson(t, a, openFirst, steps, quitAtMenu); err != nil {
		t.Fatal(err)
	}
	tr, err := a.core.Tracking(context.Background(), id)
	if err != nil || len(tr) != 1 || tr[0].Status != assessment.Accepted || tr[0].Approver != "Dr. Lee" || tr[0].Review != "2027-06-30" ||
		tr[0].Reason != "Only two staff; the cost outweighs the risk" {
		t.Errorf("tracking %+v, %v", tr, err)
	}
}
