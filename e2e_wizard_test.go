package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/app"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// TestWizardWalkthroughInTmux walks a practice administrator's whole first
// assessment through the real program at 80×24 without colour: a new
// assessment with one invalid value corrected, a section answered, an asset
// whose note arrives as a burst, a consultant's snapshot loaded, a plan
// owner set, the assessment finalized and the PDF exported. The PDF's
// appendix names the assessor, not the login.
func TestWizardWalkthroughInTmux(t *testing.T) {
	for _, tool := range []string{"tmux", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bank, err := questionnaire.Load()
	if err != nil {
		t.Fatal(err)
	}
	snapshot, err := filepath.Abs(filepath.Join("probes", "testdata", "sample-snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "walk.db")
	pdf := filepath.Join(dir, "report.pdf")
	s := &tmuxSession{t: t, socket: fmt.Sprintf("hipaarisk-walk-%d", os.Getpid())}
	t.Cleanup(func() { s.tmux("kill-server") })
	// HIPAARISK_ACTOR is cleared so that the assessor, not --as, is recorded.
	s.start("env", "NO_COLOR=1", "HIPAARISK_ACTOR=", runMainEnv+"=1", bin, "--db", db)

	// The practice, with a number of providers typed in words first.
	s.waitFor("Practice name")
	s.text("Elm Street Clinic")
	s.waitFor("Elm Street Clinic")
	s.press("Enter")
	s.text("Maria Lopez")
	s.waitFor("Maria Lopez")
	s.press("Enter") // to the scope
	s.press("Enter") // to the profile facts
	s.waitFor("How many providers")
	s.text("three")
	s.waitFor("three")
	s.keys("Enter")
	s.waitFor("Error: providers")
	s.keys("C-u")
	s.text("3")
	s.press("Enter")
	for range len(bank.ProfileFields) - 1 {
		s.press("Enter")
	}
	s.waitFor("Questions by section")

	// The first section, answered yes throughout.
	m := regexp.MustCompile(`(\d+)/(\d+)\s+answered`).FindStringSubmatch(s.screen())
	if m == nil {
		t.Fatalf("no section progress on screen:\n%s", s.screen())
	}
	n, _ := strconv.Atoi(m[2])
	s.text("x")
	s.waitFor("Question 1 of")
	for i := 1; i < n; i++ {
		s.text("y")
		s.waitFor(fmt.Sprintf("Question %d of", i+1))
	}
	// The last answer opens the section's summary, where R confirms it
	// as reviewed and esc goes on to the next section.
	s.text("y")
	s.waitFor("End of this section")
	s.waitFor(fmt.Sprintf("%d in place, 0 need review", n))
	s.text("R")
	s.waitFor("Reviewed by Maria Lopez")
	s.keys("Escape")
	s.waitFor(fmt.Sprintf("Question %d of", n+1))
	s.keys("Escape")
	s.waitFor("Questions by section")
	s.waitFor(fmt.Sprintf("%d/%d", n, n))

	// An asset whose note arrives in one burst.
	s.text("3")
	s.waitFor("No assets listed yet")
	s.text("a")
	s.waitFor("For example: front desk PC")
	s.text("Billing laptop")
	s.waitFor("Billing laptop")
	for range 7 {
		s.press("Enter")
	}
	s.waitFor("Notes")
	s.text("Goes home with Maria")
	s.waitFor("Goes home with Maria")
	s.press("Enter")
	s.waitFor("Saved asset Billing laptop")

	// The consultant's snapshot.
	s.text("5")
	s.waitFor("How should the practice's AWS account be checked?")
	s.text("l")
	s.waitFor("File a consultant collected")
	s.text(snapshot)
	s.keys("Enter")
	s.waitFor("Saved the cloud check results")

	// A plan owner.
	s.text("7")
	s.waitFor("What to fix")
	s.text("e")
	s.waitFor("The person or role who will do it")
	s.keys("C-u")
	s.text("Dr. Lee")
	s.waitFor("Dr. Lee")
	for range 9 { // owner, due, status, the acceptance and completion fields, note
		s.keys("Enter")
	}
	s.waitFor("Saved the plan item")

	// Finalize, then the PDF.
	s.text("8")
	s.waitFor("Completeness")
	s.text("F")
	s.waitFor("Finalize this assessment?")
	s.text("y")
	// Blocked: the refusal lists what is missing. A consultant completes it
	// from the command line, then the wizard finalizes.
	s.waitFor("These need attention first")
	complete(t, cli{t: t, db: db}, "1")
	s.keys("Escape")
	s.waitFor("Completeness")
	s.text("F")
	s.waitFor("Finalize this assessment?")
	s.text("y")
	s.waitFor("Final since")
	s.text("x")
	s.waitFor("Signed off by")
	s.press("Enter") // PDF is the first format
	s.keys("C-u")
	s.text(pdf)
	s.waitFor("report.pdf")
	s.press("Enter")
	s.press("Enter")
	s.keys("Enter")
	s.waitFor("Report written to")
	s.text("q")
	s.waitExit()

	ap, err := app.Open(context.Background(), db, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ap.Close()
	list, err := ap.List(context.Background())
	if err != nil || len(list) != 1 || list[0].Status != "final" || list[0].Profile.Providers != 3 {
		t.Fatalf("stored: %+v, %v", list, err)
	}
	assets, err := ap.Assets(context.Background(), list[0].ID)
	if err != nil || len(assets) != 1 || assets[0].Notes != "Goes home with Maria" {
		t.Errorf("assets %+v, %v", assets, err)
	}
	out, err := exec.Command("pdftotext", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(text, "reviewed by Maria Lopez") {
		t.Errorf("the report does not print the section review:\n%s", text)
	}
	if !strings.Contains(text, "Answered by Maria Lopez") {
		t.Errorf("the appendix does not name the assessor:\n%s", text)
	}
	if u, err := user.Current(); err == nil && u.Username != "Maria Lopez" && strings.Contains(text, "Answered by "+u.Username) {
		t.Errorf("the appendix names the login %q", u.Username)
	}
}
