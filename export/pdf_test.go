package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
)

// needTool skips the test when a system tool is missing, except under CI
// where it fails.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
}

// writePDF renders r into a file in a temporary folder.
func writePDF(t *testing.T, r *Report) string {
	t.Helper()
	w, err := New("pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatalf("write pdf: %v", err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pdfText is the text pdftotext extracts, with runs of white space folded
// so phrases can be matched across column layout.
func pdfText(t *testing.T, path string, args ...string) string {
	t.Helper()
	out := run(t, "pdftotext", append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...)
	return strings.Join(strings.Fields(out), " ")
}

func TestPDFContent(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "qpdf")
	draft := sampleReport(t, 0)
	final := sampleReport(t, 0)
	final.Status, final.FinalizedAt = "final", sampleNow
	modified := sampleReport(t, 0)
	modified.Status, modified.FinalizedAt = "final", sampleNow
	modified.Audit.Verified, modified.Audit.Modified = false, true
	modified.Audit.Problems = []string{`changed outside hipaarisk: answer adm-sanction-policy, field value: the table holds "yes", the audit log "no"`}
	if len(draft.Analysis.Risks) == 0 || len(draft.Analysis.MissingBAAs) == 0 || len(draft.Findings) == 0 {
		t.Fatalf("the sample must have risks, a missing BAA and findings: %d, %d, %d",
			len(draft.Analysis.Risks), len(draft.Analysis.MissingBAAs), len(draft.Findings))
	}
	var suppressed, failed assessment.Finding
	for _, f := range draft.Findings {
		if f.Suppressed != nil {
			suppressed = f
		} else if f.Status == assessment.Fail && failed.ID == "" {
			failed = f
		}
	}
	if suppressed.ID == "" || failed.ID == "" {
		t.Fatal("the sample must have a suppressed and a failed finding")
	}
	overridden := ""
	for _, k := range draft.Analysis.Risks {
		if k.Override != nil {
			overridden = "changed the likelihood from " + k.DefaultLikelihood.String()
		}
	}
	if overridden == "" {
		t.Fatal("the sample must have an overridden risk")
	}
	common := []string{
		"HIPAA Security Risk Analysis and Risk Management Plan",
		"Clínica São José Family Medicine", "Zoë Ærø", "41 Ferry Street",
		"Contents", "1. Executive summary", "2. Scope and methodology", "3. Inventories of ePHI", "4. Safeguards",
		"5. Automated cloud evidence", "6. Risk register", "7. Risk management plan",
		"8. Proposed Security Rule update: readiness (not final)", "9. History and periodic review",
		"10. Sign-off", "11. Appendix: every question and answer",
		"PROPOSED - NOT FINAL", draft.Analysis.Readiness.Status,
		"164.306(d)(3)", "164.306(e)", "MET BY DOCUMENTED ALTERNATIVE", "Addressable specifications: documented decisions",
		"Alternative measure", "Zoë Ærø, security official", "Answered yes, no evidence recorded", draft.Analysis.EvidenceToKeep[0].Hint,
		"Recognized security practices", "Yes (20 months)", "2025-03-01",
		"Required standards and specifications answered not applicable", "Answers not carried forward", "tech-password-expiry",
		"Risks by level", "Top five risks", "Compliance per safeguard", "Heat map", draft.Analysis.SafeHarbor.Sentence,
		"3. Threats and vulnerabilities", "9. Periodic review", "Table I-2",
		"FaxNow Online", "MISSING", "Runs", "Findings", "Suppressed findings", suppressed.Suppressed.Reason,
		"Shared responsibility", "Encryption at rest and the breach safe harbor", draft.Analysis.SafeHarbor.NotEncrypted[0], failed.CheckID, draft.Runs[0].AccountID,
		draft.Analysis.Risks[0].Threat, overridden, "Audit trail", "VERIFIED", "Next review", draft.Analysis.Summary.NextReview,
		"Dr. Inês Carvalho", "Signature", draft.Analysis.Plan[0].Vulnerability,
	}
	cases := []struct {
		name    string
		r       *Report
		want    []string
		notWant []string
	}{
		{"draft", draft, append([]string{"DRAFT", "Draft,", "items to complete before this analysis can be finalised",
			"access-periodic-review"}, common...), []string{"Final, finalised"}},
		{"final", final, append([]string{"Final, finalised 2026-11-20"}, common...), []string{"DRAFT", "MODIFIED"}},
		{"modified after finalization", modified, []string{"MODIFIED AFTER FINALIZATION", "NOT VERIFIED", "answer adm-sanction-policy, field value"}, []string{"VERIFIED: the hash chain"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writePDF(t, tc.r)
			run(t, "qpdf", "--check", path)
			text := pdfText(t, path)
			for _, s := range tc.want {
				if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
					t.Errorf("extracted text lacks %q", s)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(text, s) {
					t.Errorf("extracted text has %q", s)
				}
			}
			pages := pageCount(t, path)
			if pages < 20 || pages > 120 {
				t.Errorf("%d pages, want 20 to 120", pages)
			}
			if !strings.Contains(text, "Page 1 of "+strconv.Itoa(pages)) || !strings.Contains(text, "Page "+strconv.Itoa(pages)+" of "+strconv.Itoa(pages)) {
				t.Errorf("footers do not say Page X of %d", pages)
			}
			checkContents(t, path)
			if !tc.r.Final() {
				checkDraftMark(t, path, pages)
			}
			cover := pdfText(t, path, "-f", "1", "-l", "1")
			for _, s := range []string{"Confidential", "CONFIDENTIAL", "missing business associate agreements", "FaxNow Online", tc.r.Digest} {
				if !strings.Contains(cover, s) {
					t.Errorf("cover lacks %q", s)
				}
			}
		})
	}
}

// checkDraftMark checks that every page of a draft says DRAFT.
func checkDraftMark(t *testing.T, path string, pages int) {
	t.Helper()
	for p := 1; p <= pages; p++ {
		n := strconv.Itoa(p)
		if !strings.Contains(pdfText(t, path, "-f", n, "-l", n), "DRAFT") {
			t.Errorf("page %d of the draft does not say DRAFT", p)
		}
	}
}

// checkContents checks that each contents entry names the page its section
// starts on.
func checkContents(t *testing.T, path string) {
	t.Helper()
	contents := pdfText(t, path, "-layout", "-f", "2", "-l", "2")
	for n := 1; n < len(sectionTitles); n++ {
		title := strconv.Itoa(n) + ". " + sectionTitles[n]
		i := strings.Index(contents, title)
		if i < 0 {
			t.Fatalf("contents lack %q", title)
		}
		rest := strings.TrimLeft(contents[i+len(title):], " .")
		num, _, _ := strings.Cut(rest, " ")
		page, err := strconv.Atoi(num)
		if err != nil {
			t.Fatalf("%q: no page number in %q", title, rest)
		}
		p := pdfText(t, path, "-f", num, "-l", num)
		if !strings.Contains(p, title) {
			t.Errorf("contents say %q starts on page %d, which does not show it", title, page)
		}
	}
}

func pageCount(t *testing.T, path string) int {
	t.Helper()
	out := run(t, "qpdf", "--show-npages", path)
	n, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("page count %q: %v", out, err)
	}
	return n
}

func TestPDFDeterministic(t *testing.T) {
	r := sampleReport(t, 0)
	r.Generated = time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		if err := (pdfWriter{}).Write(buf, r); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings of the same report differ")
	}
	for _, key := range []string{"/CreationDate (D:20270102030405", "/ModDate (D:20270102030405"} {
		if !bytes.Contains(a.Bytes(), []byte(key)) {
			t.Errorf("the PDF lacks %s: its dates must come from Report.Generated", key)
		}
	}
}

// bboxDoc is the XHTML pdftotext -bbox writes.
type bboxDoc struct {
	Pages []struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Words  []struct {
			XMin float64 `xml:"xMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"word"`
	} `xml:"body>doc>page"`
}

// TestPDFLargeNoOverflow renders 1,000 extra findings with long ARNs and
// checks that every word lies inside the page, and all but the rotated draft
// mark inside the margins.
func TestPDFLargeNoOverflow(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "qpdf")
	r := sampleReport(t, 1000)
	path := writePDF(t, r)
	run(t, "qpdf", "--check", path)
	out := filepath.Join(t.TempDir(), "bbox.html")
	run(t, "pdftotext", "-bbox", path, out)
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc bboxDoc
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("parse bbox output: %v", err)
	}
	if len(doc.Pages) < 20 {
		t.Fatalf("%d pages for 1,000 findings", len(doc.Pages))
	}
	const mm = 72 / 25.4
	words := 0
	for i, p := range doc.Pages {
		right := p.Width - (marginX-1)*mm
		for _, w := range p.Words {
			words++
			if w.XMax > p.Width || w.XMin < 0 || w.YMax > p.Height {
				t.Fatalf("page %d: word %q at x %.1f-%.1f, y %.1f leaves the %.0fx%.0f page", i+1, w.Text, w.XMin, w.XMax, w.YMax, p.Width, p.Height)
			}
			if w.Text != "DRAFT" && w.XMax > right {
				t.Fatalf("page %d: word %q ends at x %.1f, beyond the right margin %.1f", i+1, w.Text, w.XMax, right)
			}
		}
	}
	if words < 10000 {
		t.Fatalf("only %d words extracted", words)
	}
	text := pdfText(t, path)
	if !strings.Contains(text, "Page "+strconv.Itoa(len(doc.Pages))+" of "+strconv.Itoa(len(doc.Pages))) {
		t.Error("last page footer missing")
	}
}

func TestCleanText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain ascii", "plain ascii"},
		{"Clínica São José, Zoë Ærø", "Clínica São José, Zoë Ærø"},
		{"tab\there\r\nnext", "tab here\nnext"},
		{"emoji 🔒 lock", "emoji ? lock"},
		{"bell\a", "bell?"},
	}
	for _, tc := range cases {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A filed PDF carries its assessment id and digest where ReadStamp finds
// them, so that it can be checked against the database later.
func TestPDFStamp(t *testing.T) {
	r := sampleReport(t, 0)
	r.AssessmentID = 42
	var buf bytes.Buffer
	if err := (pdfWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	id, digest, err := ReadStamp(buf.Bytes())
	if err != nil || id != 42 || digest != r.Digest {
		t.Fatalf("ReadStamp = %d, %q, %v; want 42, %q", id, digest, err, r.Digest)
	}
	if _, _, err := ReadStamp([]byte("%PDF-1.4 not ours")); !errors.Is(err, ErrNoStamp) {
		t.Errorf("a foreign file gave %v, want ErrNoStamp", err)
	}
}

// With several accounts (an organization), the findings are grouped by
// account, each under its own heading.
func TestPDFGroupsFindingsByAccount(t *testing.T) {
	r := sampleReport(t, 0)
	var fs []assessment.Finding
	for i, f := range r.Findings {
		if f.Status != assessment.Pass && f.Status != assessment.Fail {
			continue
		}
		f.AccountID = []string{"222222222222", "111111111111"}[i%2]
		fs = append(fs, f)
	}
	r.Findings = fs
	text := pdfText(t, writePDF(t, r))
	first := strings.Index(text, "Findings for account 111111111111")
	second := strings.Index(text, "Findings for account 222222222222")
	if first < 0 || second < first {
		t.Errorf("findings not grouped by account in id order (at %d and %d)", first, second)
	}
}
