package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// typed is one line a person types: only once prompt is on the last line
// of the screen, and (when saw is set) after saw was written since the
// line before.
type typed struct {
	prompt, line, saw string
}

// person is the program's terminal in these tests. It types like a
// person: a line is handed over only when the program reads while the
// prompt that line answers is the last thing written. A program that
// reads before it has asked, or asks something else, fails the test.
type person struct {
	t     *testing.T
	mu    sync.Mutex
	out   strings.Builder
	mark  int // the length of the output when the last line was typed
	steps []typed
	next  int
	rest  string
}

func (p *person) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if i := strings.IndexByte(string(b), 0x1b); i >= 0 {
		p.t.Errorf("escape sequence in the output: %q", b)
	}
	return p.out.Write(b)
}

func (p *person) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rest == "" {
		if p.next == len(p.steps) {
			return 0, io.EOF
		}
		st := p.steps[p.next]
		since := p.out.String()[p.mark:]
		last := since[strings.LastIndex(since, "\n")+1:]
		if !strings.Contains(last, st.prompt) {
			p.t.Errorf("step %d: the program reads a line while the screen ends with %q; the person waits for %q to type %q. Written since the last line:\n%s",
				p.next+1, last, st.prompt, st.line, since)
			return 0, io.EOF
		}
		if st.saw != "" && !strings.Contains(since, st.saw) {
			p.t.Errorf("step %d: %q was not said before %q; written since the last line:\n%s", p.next+1, st.saw, st.prompt, since)
		}
		p.mark, p.next, p.rest = p.out.Len(), p.next+1, st.line+"\n"
	}
	n := copy(b, p.rest)
	p.rest = p.rest[n:]
	return n, nil
}

func (p *person) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// runPerson runs the linear mode with steps typed by a person and checks
// that every step was typed.
func runPerson(t *testing.T, a *wizard, steps ...[]typed) (string, error) {
	t.Helper()
	p := &person{t: t}
	for _, s := range steps {
		p.steps = append(p.steps, s...)
	}
	a.opts.In, a.opts.Out = p, p
	err := runAccessible(a)
	if p.next != len(p.steps) {
		t.Errorf("the program stopped reading after %d of %d lines; the person waited for %q. Output:\n%s",
			p.next, len(p.steps), p.steps[p.next].prompt, p.output())
	}
	return p.output(), err
}

func lines(pairs ...string) []typed {
	var out []typed
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, typed{prompt: pairs[i], line: pairs[i+1]})
	}
	return out
}

// newAssessmentSteps answer the new-assessment prompts: the practice name,
// the assessor and scope kept, the profile with one invalid number and one
// invalid list choice corrected.
func newAssessmentSteps(bank *questionnaire.Bank, practice string) []typed {
	s := lines("Practice name:", practice, "Who is doing this assessment?", "", "Scope", "")
	nums := map[string]string{"providers": "2", "staff": "6", "locations": "1"}
	for _, f := range bank.ProfileFields {
		switch f.Kind {
		case questionnaire.FieldBool:
			s = append(s, typed{prompt: f.Prompt, line: "n"})
		case questionnaire.FieldList:
			s = append(s, typed{prompt: "Numbers of those that apply", line: "9"},
				typed{prompt: "Numbers of those that apply", line: "1", saw: `Not accepted: "9" is not one of the choices`})
		case questionnaire.FieldInt:
			if f.Key == "providers" {
				s = append(s, typed{prompt: f.Prompt, line: "many"},
					typed{prompt: f.Prompt, line: "2", saw: `Not accepted: "many" is not a whole number`})
				continue
			}
			s = append(s, typed{prompt: f.Prompt, line: nums[f.Key]})
		default:
			s = append(s, typed{prompt: f.Prompt, line: ""})
		}
	}
	return s
}

// openFirst opens the first listed assessment from the first menu.
var openFirst = lines("Choice (1 to 5)", "1", "Assessment", "1")

// quitAtMenu leaves from the main menu.
var quitAtMenu = lines("Choice (1 to 11)", "q")

func TestLinearNewAssessmentAsksPracticeNameFirst(t *testing.T) {
	a := testApp(t, nil)
	out, err := runPerson(t, a, newAssessmentSteps(a.bank, "Maple Clinic"), quitAtMenu)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Saved the new assessment for Maple Clinic") || !strings.Contains(out, "Goodbye") {
		t.Errorf("output:\n%s", out)
	}
	list, err := a.core.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("assessments %+v, %v", list, err)
	}
	got := list[0]
	if got.Practice != "Maple Clinic" || got.Assessor != "tester" || got.Scope != defaultScope {
		t.Errorf("details %q %q %q", got.Practice, got.Assessor, got.Scope)
	}
	if p := got.Profile; p.Providers != 2 || p.Staff != 6 || !p.UsesService("aws") || p.RemoteWork {
		t.Errorf("profile %+v", p)
	}
}

// firstSection is the first section with questions for the profile, and
// its questions.
func firstSection(t *testing.T, a *wizard, id int64) (string, []questionnaire.Question) {
	t.Helper()
	ld, err := a.core.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{id: id, l: ld}
	var sec string
	for _, sp := range ld.Analysis.Completeness.Sections {
		if sp.Applicable > 0 {
			sec = sp.Section
			break
		}
	}
	var qs []questionnaire.Question
	for _, q := range s.visibleQuestions() {
		if q.Section == sec {
			qs = append(qs, q)
		}
	}
	return sec, qs
}

// answerSteps answer one question with the value numbered n, a note, and
// the decision when the answer needs one.
func answerSteps(q questionnaire.Question, n int, note string) []typed {
	s := lines("Answer (", fmt.Sprint(n), "Note", note, "Evidence", "", "Flag it for review", "")
	if q.NeedsDecision(assessment.Answer{Value: assessment.AnswerValues[n-1]}) {
		s = append(s, lines("Decision", "1", "Justification", "Locked cabinet instead")...)
	}
	return s
}

// TestLinearAnswersAWholeSection: every prompt of a question is asked
// before its line is read, so "5" is the answer and the next line the note;
// ? explains, b goes back, s skips.
func TestLinearAnswersAWholeSection(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1, Staff: 3, Locations: 1})
	_, qs := firstSection(t, a, id)
	if len(qs) < 3 {
		t.Fatalf("the first section has %d questions", len(qs))
	}
	steps := append(lines("Choice", "2", "Section", "", "Start at question", ""),
		answerSteps(qs[0], 5, "2")...) // the reported bug: 5, 2, 1 saved 1 as the note
	// The second question: guidance, a bad entry, then no; b at the note
	// goes back to the answer, which becomes partly.
	steps = append(steps, typed{prompt: "Answer (", line: "?"},
		typed{prompt: "Answer (", line: "9", saw: "Why it matters"},
		typed{prompt: "Answer (", line: "3", saw: `Not accepted: "9" is not one of the choices`},
		typed{prompt: "Note", line: "b"},
		typed{prompt: "Answer (", line: "2", saw: "Answer now: No"})
	steps = append(steps, answerSteps(qs[1], 2, "")[1:]...)
	steps = append(steps, typed{prompt: "Answer (", line: "s"}) // the third is skipped
	for _, q := range qs[3:] {
		steps = append(steps, answerSteps(q, 1, "")...)
	}
	// The section's summary: what needs review (the skipped question and
	// the don't-know), then the confirmation that it was reviewed.
	steps = append(steps, typed{prompt: "as reviewed by tester", line: "y", saw: "need review"},
		typed{prompt: "Section", line: "b", saw: "reviewed by tester"})
	if _, err := runPerson(t, a, openFirst, steps, quitAtMenu); err != nil {
		t.Fatal(err)
	}
	ld, err := a.core.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	in := ld.Inputs
	if r, ok := app.SectionReview(in.Reviews, qs[0].Section); !ok || r.By != "tester" {
		t.Errorf("section review %+v %v, want one by tester", r, ok)
	}
	got := in.Answers
	if len(got) != len(qs)-1 {
		t.Errorf("%d answers, want %d", len(got), len(qs)-1)
	}
	if a0 := got[qs[0].ID]; a0.Value != assessment.Unknown || a0.Note != "2" {
		t.Errorf("first answer %+v, want don't know with the note 2", a0)
	}
	if a1 := got[qs[1].ID]; a1.Value != assessment.Partial {
		t.Errorf("second answer %+v, want partly", a1)
	}
	if _, ok := got[qs[2].ID]; ok {
		t.Errorf("the skipped question was answered")
	}
}

func TestLinearInventories(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1})
	if _, err := a.core.SaveVendor(context.Background(), id, assessment.Vendor{Name: "Shred Co", HoldsEPHI: true}); err != nil {
		t.Fatal(err)
	}
	assets := lines("Choice (1 to 11)", "3",
		"Choice (1 or 4)", "1", "Name:", "Front desk PC", "Kind", "", "Where it is", "Reception",
		"Who looks after it", "", "Does it hold patient information", "", "Encrypted", "1",
		"How it is encrypted", "BitLocker", "Notes", "Shared by reception",
		"Choice (1 to 4)", "2", "Asset", "1", "Name", "", "Kind", "4", "Where it is", "b", "Kind", "", "Where it is", "q")
	out, err := runPerson(t, a, openFirst, assets)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Saved the asset Front desk PC") {
		t.Errorf("output:\n%s", out)
	}
	got, _ := a.core.Assets(context.Background(), id)
	if len(got) != 1 || got[0].Notes != "Shared by reception" || got[0].Kind != "laptop" || got[0].Encrypted != assessment.EncryptionYes {
		t.Errorf("assets %+v", got)
	}

	vendors := lines("Choice (1 to 11)", "4", "Choice (1 to 4)", "3", "Vendor", "1", "Delete Shred Co", "y",
		"Choice (1 or 4)", "b", "Choice (1 to 11)", "q")
	if _, err := runPerson(t, a, openFirst, vendors); err != nil {
		t.Fatal(err)
	}
	if vs, _ := a.core.Vendors(context.Background(), id); len(vs) != 0 {
		t.Errorf("vendors %+v", vs)
	}
}

func TestLinearCloudSnapshot(t *testing.T) {
	a := testApp(t, nil)
	id := seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1, CloudServices: []string{"aws"}})
	steps := lines("Choice (1 to 11)", "5", "Choice (1, 2, 3, 4 or 6)", "1", "Snapshot file", "no-such-file.json")
	steps = append(steps, typed{prompt: "Snapshot file", line: "../probes/testdata/sample-snapshot.json", saw: "Not accepted: read snapshot"},
		typed{prompt: "Choice (1 to 6)", line: "5", saw: "Recorded the check of account 123456789012"},
		typed{prompt: "Choice (1 to 6)", line: "6", saw: "FAIL:"})
	if _, err := runPerson(t, a, openFirst, steps, quitAtMenu); err != nil {
		t.Fatal(err)
	}
	ld, err := a.core.Load(context.Background(), id)
	if err != nil || len(ld.Inputs.Runs) != 1 {
		t.Fatalf("runs %+v, %v", ld.Inputs.Runs, err)
	}
}

// riskySeed is an assessment whose first questions are answered no, so it
// has risks and a plan.
func riskySeed(t *testing.T, a *wizard) int64 {
	t.Helper()
	id := seed(t, a, "Pine Clinic", assessment.Profile{Providers: 1, Staff: 3, Locations: 1})
	_, qs := firstSection(t, a, id)
	for _, q := range qs {
		if err := a.core.SaveAnswer(context.Background(), id, assessment.Answer{QuestionID: q.ID, Value: assessment.No}); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func TestLinearRiskOverrideNeedsAReason(t *testing.T) {
	a := testApp(t, nil)
	id := riskySeed(t, a)
	steps := lines("Choice (1 to 11)", "6", "Risk to read", "1", "Choice (1 or 3", "1", "Likelihood", "1", "Impact", "",
		"Why (required)", "")
	steps = append(steps, typed{prompt: "Why (required)", line: "Only one laptop, kept in a safe", saw: "Not accepted: this needs an answer"},
		typed{prompt: "Risk to read", line: "b", saw: "Saved: likelihood Very Low"})
	if _, err := runPerson(t, a, openFirst, steps, quitAtMenu); err != nil {
		t.Fatal(err)
	}
	os, err := a.core.Overrides(context.Background(), id)
	if err != nil || len(os) != 1 || os[0].Likelihood != assessment.VeryLow || os[0].Reason != "Only one laptop, kept in a safe" {
		t.Errorf("overrides %+v, %v", os, err)
	}
}

func TestLinearPlanOwnerDueStatus(t *testing.T) {
	a := testApp(t, nil)
	id := riskySeed(t, a)
	steps := lines("Choice (1 to 11)", "7", "Item to update", "1", "Owner", "Office manager", "Due date", "next week")
	steps = append(steps, typed{prompt: "Due date", line: "2026-06-30", saw: "Not accepted: use the form YYYY-MM-DD"},
		typed{prompt: "Status", line: "2"}, typed{prompt: "Note", line: ""},
		typed{prompt: "Item to update", line: "b", saw: "The plan item is saved"})
	if _, err := runPerson(t, a, openFirst, steps, quitAtMenu); err != nil {
		t.Fatal(err)
	}
	tr, err := a.core.Tracking(context.Background(), id)
	if err != nil || len(tr) != 1 || tr[0].Owner != "Office manager" || tr[0].Due != "2026-06-30" || tr[0].Status != assessment.InProgress {
		t.Errorf("tracking %+v, %v", tr, err)
	}
}

func TestLinearSummaryFinalizeExport(t *testing.T) {
	a := testApp(t, nil)
	id := riskySeed(t, a)
	complete(t, a, id)
	// One gap left, on a required specification: reviewed, not blocking.
	if err := a.core.SaveAnswer(context.Background(), id, assessment.Answer{QuestionID: "adm-sanction-policy", Value: assessment.No}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	steps := lines("Choice (1 to 11)", "8", "Choice (1 to 11)", "9", "Finalize the assessment of Pine Clinic now", "y",
		"Choice (1 to 11)", "10", "Format", "", "Signed off by", "", "Their title", "Practice manager", "File", dir,
		"Choice (1 to 11)", "10", "Format", "2", "Signed off by", "", "Their title", "", "File", dir+"/report.pdf",
		"Choice (1 to 11)", "1", "Practice name", "Renamed")
	steps = append(steps, typed{prompt: "Choice (1 to 11)", line: "q", saw: "This assessment is final"})
	out, err := runPerson(t, a, openFirst, steps)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Completeness:", "Risks by level", "Needs review:", "Finalized. The digest", "Report written to " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	as, _ := a.core.Assessment(context.Background(), id)
	if as.Status != assessment.Final || as.Practice != "Pine Clinic" {
		t.Errorf("assessment %+v", as)
	}
	for _, f := range []string{"pine-clinic-risk-analysis-" + fmt.Sprint(id) + ".pdf", "report.md"} {
		if !strings.Contains(out, dir+"/"+f) {
			t.Errorf("no report %s written:\n%s", f, out)
		}
	}
}

func TestLinearCarryForward(t *testing.T) {
	a := testApp(t, nil)
	id := riskySeed(t, a)
	complete(t, a, id)
	if _, err := a.core.Finalize(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	steps := lines("Choice (1 to 5)", "3", "Assessment", "1", "Carry it forward", "y", "Choice (1 to 11)", "b", "Choice (1 to 5)", "q")
	if _, err := runPerson(t, a, steps); err != nil {
		t.Fatal(err)
	}
	list, _ := a.core.List(context.Background())
	if len(list) != 2 || list[0].Status != assessment.Draft || list[0].Answers == 0 {
		t.Errorf("assessments %+v", list)
	}
}

// TestLinearEndsCleanly: the end of the input or q at any prompt ends the
// mode without an error, and what was given before stays saved.
func TestLinearEndsCleanly(t *testing.T) {
	a0 := testApp(t, nil)
	full := append(newAssessmentSteps(a0.bank, "Maple Clinic"), lines("Choice (1 to 11)", "3", "Choice (1 or 4)", "1", "Name:", "Laptop")...)
	for _, cut := range []int{1, 2, 4, len(full) - 3, len(full)} {
		for _, how := range []string{"end of input", "q"} {
			t.Run(fmt.Sprintf("%s after %d lines", how, cut), func(t *testing.T) {
				a := testApp(t, nil)
				steps := append([]typed(nil), full[:cut]...)
				want := "Input ended. Everything entered so far is saved."
				if how == "q" {
					steps = append(steps, typed{prompt: full[cut%len(full)].prompt, line: "q"})
					if cut == len(full) {
						steps[len(steps)-1].prompt = "Kind"
					}
					want = "Goodbye"
				}
				out, err := runPerson(t, a, steps)
				if err != nil || !strings.Contains(out, want) {
					t.Fatalf("err %v; output:\n%s", err, out)
				}
				list, _ := a.core.List(context.Background())
				if len(list) != 1 || list[0].Practice != "Maple Clinic" {
					t.Fatalf("the practice name given first is not saved: %+v", list)
				}
				if cut == len(full) {
					if as, _ := a.core.Assets(context.Background(), list[0].ID); len(as) != 1 {
						t.Errorf("the asset named before the end is not saved: %+v", as)
					}
				}
			})
		}
	}
}

// blockedInput never gives a line, like a person who walks away.
type blockedInput struct{ done chan struct{} }

func (b blockedInput) Read([]byte) (int, error) { <-b.done; return 0, io.EOF }

// promptWatch reports when the output shows a text.
type promptWatch struct {
	mu   sync.Mutex
	out  strings.Builder
	text string
	seen chan struct{}
}

func (w *promptWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.out.Write(p)
	if w.seen != nil && strings.Contains(w.out.String(), w.text) {
		close(w.seen)
		w.seen = nil
	}
	return len(p), nil
}

func TestLinearCtrlCEndsAtAPrompt(t *testing.T) {
	a := testApp(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.ctx = ctx
	in := blockedInput{done: make(chan struct{})}
	defer close(in.done)
	seen := make(chan struct{})
	w := &promptWatch{text: "Practice name:", seen: seen}
	a.opts.In, a.opts.Out = in, w
	go func() { <-seen; cancel() }()
	if err := runAccessible(a); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err %v, want ErrInterrupted", err)
	}
}

func TestNumbersSaysWhatToType(t *testing.T) {
	tests := []struct {
		offered []int
		want    string
	}{
		{[]int{0, 1, 2, 3, 4}, "1 to 5"},
		{[]int{0, 1, 2, 4}, "1, 2, 3 or 5"},
		{[]int{3}, "4"},
		{nil, "nothing"},
	}
	for _, tc := range tests {
		if got := numbers(tc.offered); got != tc.want {
			t.Errorf("numbers(%v) = %q, want %q", tc.offered, got, tc.want)
		}
	}
}

func TestWalkGoesBackOverSkippedSteps(t *testing.T) {
	tests := []struct {
		replies []error // what the asked steps reply, in turn
		asked   string
		err     error
	}{
		{[]error{nil, nil}, "[0 2]", nil},
		{[]error{nil, errBack, nil, nil}, "[0 2 0 2]", nil},
		{[]error{nil, errBack, errBack}, "[0 2 0]", errBack},
		{[]error{nil, errQuit}, "[0 2]", errQuit},
	}
	for _, tc := range tests {
		var asked []int
		k := 0
		step := func(i int) func() error {
			return func() error {
				if i == 1 {
					return errSkip // never applies
				}
				asked = append(asked, i)
				k++
				return tc.replies[k-1]
			}
		}
		err := walk(step(0), step(1), step(2))
		if fmt.Sprint(asked) != tc.asked || !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
			t.Errorf("replies %v: asked %v, err %v; want %s, %v", tc.replies, asked, err, tc.asked, tc.err)
		}
	}
}
