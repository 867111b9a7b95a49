package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/hipaarisk/hipaarisk"

// importRef is one import of one non-test Go file.
type importRef struct {
	pkg, file, imp string // pkg relative to the module root ("." for main)
}

// rule says what a package may import besides the standard library.
type rule struct {
	internal []string // module packages (relative), prefix match on path segments
	external []string // third-party import path prefixes
}

// rules is the import policy of DESIGN.md. Packages are matched by the
// longest prefix; the charm libraries, the AWS SDK, the SQLite driver and
// gofpdf each belong to one package, and nothing but main imports tui.
var rules = map[string]rule{
	"assessment":    {},
	".":             {internal: []string{"assessment", "app", "inputfile", "questionnaire", "probes", "scoring", "export", "tui"}, external: []string{"github.com/spf13/cobra", "github.com/spf13/pflag", "github.com/charmbracelet/"}},
	"inputfile":     {external: []string{"go.yaml.in/yaml/v3"}},
	"questionnaire": {internal: []string{"assessment", "inputfile"}},
	"scoring":       {internal: []string{"assessment", "questionnaire", "probes"}},
	"data":          {internal: []string{"assessment"}, external: []string{"modernc.org/sqlite"}},
	"app":           {internal: []string{"assessment", "data", "inputfile", "questionnaire", "probes", "scoring", "export"}},
	"export":        {internal: []string{"assessment", "scoring", "questionnaire", "probes"}, external: []string{"github.com/jung-kurt/gofpdf", "golang.org/x/image/font/"}},
	"tui":           {internal: []string{"assessment", "app", "questionnaire", "probes", "scoring", "export"}, external: []string{"github.com/charmbracelet/", "github.com/muesli/", "github.com/lucasb-eyer/", "github.com/mattn/go-runewidth"}},

	// The checks are pure; only their AWS collectors import the SDK. The
	// collectors' fake endpoint speaks plain HTTP, so that the tests exercise
	// the SDK's real requests rather than its idea of the answers.
	"probes":                             {internal: []string{"assessment"}},
	"probes/tfplan":                      {internal: []string{"assessment", "probes"}, external: []string{"github.com/hashicorp/terraform-json"}},
	"probes/awscollect":                  {internal: []string{"assessment", "probes"}, external: []string{"github.com/aws/", "golang.org/x/sync/"}},
	"probes/awscollect/internal/fakeaws": {},
}

// fileRules narrow a package's rule to some of its files: only the PDF
// writer imports gofpdf.
var fileRules = map[string]func(file string) bool{
	"github.com/jung-kurt/gofpdf": func(file string) bool {
		return strings.HasPrefix(file, "export/pdf")
	},
}

func ruleFor(pkg string) (string, rule, bool) {
	best := ""
	for k := range rules {
		if (pkg == k || strings.HasPrefix(pkg, k+"/")) && len(k) > len(best) {
			best = k
		}
	}
	r, ok := rules[best]
	return best, r, ok
}

func isStdlib(imp string) bool {
	first := strings.SplitN(imp, "/", 2)[0]
	return !strings.Contains(first, ".")
}

func within(pkg, allowed string) bool {
	return pkg == allowed || strings.HasPrefix(pkg, allowed+"/")
}

// violations checks imports against the rules.
func violations(refs []importRef) []string {
	var out []string
	for _, r := range refs {
		key, rl, ok := ruleFor(r.pkg)
		if !ok {
			out = append(out, r.file+": package "+r.pkg+" has no import rule; add it to the policy")
			continue
		}
		if only, ok := fileRules[r.imp]; ok && !only(r.file) {
			out = append(out, r.file+" imports "+r.imp+", which only the PDF writer may import")
			continue
		}
		switch {
		case isStdlib(r.imp):
		case r.imp == modulePath || strings.HasPrefix(r.imp, modulePath+"/"):
			target := strings.TrimPrefix(strings.TrimPrefix(r.imp, modulePath), "/")
			if within(target, key) && key != "." {
				if targetKey, _, _ := ruleFor(target); targetKey == key {
					continue // a package's own subpackages, under the same rule
				}
			}
			allowed := false
			for _, a := range rl.internal {
				allowed = allowed || within(target, a)
			}
			if within(target, "tui") && r.pkg != "." {
				allowed = false // nothing but main imports tui
			}
			if !allowed {
				out = append(out, r.file+" imports "+target+", which package "+r.pkg+" may not import")
			}
		default:
			allowed := false
			for _, e := range rl.external {
				allowed = allowed || r.imp == strings.TrimSuffix(e, "/") || strings.HasPrefix(r.imp, e)
			}
			if !allowed {
				out = append(out, r.file+" imports "+r.imp+", which package "+r.pkg+" may not import")
			}
		}
	}
	sort.Strings(out)
	return out
}

// collectImports parses the imports of every non-test Go file in the module.
func collectImports(t *testing.T, root string) []importRef {
	t.Helper()
	var refs []importRef
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		pkg := path.Dir(rel)
		for _, is := range f.Imports {
			imp, _ := strconv.Unquote(is.Path.Value)
			refs = append(refs, importRef{pkg: pkg, file: rel, imp: imp})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return refs
}

func TestArchitecture(t *testing.T) {
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	refs := collectImports(t, root)
	if len(refs) < 50 {
		t.Fatalf("found only %d imports: is the walk broken?", len(refs))
	}
	for _, v := range violations(refs) {
		t.Error(v)
	}
}

func TestArchitectureRulesCatchViolations(t *testing.T) {
	tests := []struct {
		name string
		ref  importRef
		bad  bool
	}{
		{"scoring may not use the store", importRef{"scoring", "scoring/x.go", modulePath + "/data"}, true},
		{"probes may not import bubbletea", importRef{"probes", "probes/x.go", "github.com/charmbracelet/bubbletea"}, true},
		{"export may not import the SDK", importRef{"export", "export/x.go", "github.com/aws/aws-sdk-go-v2/aws"}, true},
		{"export imports the pure checks", importRef{"export", "export/sarif.go", modulePath + "/probes"}, false},
		{"the pure checks may not import the SDK", importRef{"probes", "probes/x.go", "github.com/aws/aws-sdk-go-v2/aws"}, true},
		{"the pure checks may not import their collectors", importRef{"probes", "probes/x.go", modulePath + "/probes/awscollect"}, true},
		{"the AWS collectors import the SDK", importRef{"probes/awscollect", "probes/awscollect/x.go", "github.com/aws/aws-sdk-go-v2/aws"}, false},
		{"the AWS collectors import the pure checks", importRef{"probes/awscollect", "probes/awscollect/x.go", modulePath + "/probes"}, false},
		{"the fake endpoint does not use the SDK", importRef{"probes/awscollect/internal/fakeaws", "probes/awscollect/internal/fakeaws/x.go", "github.com/aws/aws-sdk-go-v2/aws"}, true},
		{"only the PDF writer imports gofpdf", importRef{"export", "export/csv.go", "github.com/jung-kurt/gofpdf"}, true},
		{"the PDF writer imports gofpdf", importRef{"export", "export/pdf.go", "github.com/jung-kurt/gofpdf"}, false},
		{"nothing but main imports tui", importRef{"app", "app/x.go", modulePath + "/tui"}, true},
		{"the wizard does not use the store", importRef{"tui", "tui/x.go", modulePath + "/data"}, true},
		{"the wizard uses app", importRef{"tui", "tui/x.go", modulePath + "/app"}, false},
		{"the command line does not use the store", importRef{".", "cmd_x.go", modulePath + "/data"}, true},
		{"the store does not use scoring", importRef{"data", "data/x.go", modulePath + "/scoring"}, true},
		{"main imports tui", importRef{".", "main.go", modulePath + "/tui"}, false},
		{"only data imports sqlite", importRef{"app", "app/x.go", "modernc.org/sqlite"}, true},
		{"data imports sqlite", importRef{"data", "data/store.go", "modernc.org/sqlite"}, false},
		{"questionnaire is a leaf", importRef{"questionnaire", "questionnaire/x.go", modulePath + "/scoring"}, true},
		{"stdlib is always fine", importRef{"scoring", "scoring/x.go", "encoding/json"}, false},
		{"only the plan reader imports terraform-json", importRef{"probes", "probes/x.go", "github.com/hashicorp/terraform-json"}, true},
		{"the plan reader imports terraform-json", importRef{"probes/tfplan", "probes/tfplan/read.go", "github.com/hashicorp/terraform-json"}, false},
		{"the plan reader does not call AWS", importRef{"probes/tfplan", "probes/tfplan/x.go", "github.com/aws/aws-sdk-go-v2/aws"}, true},
		{"an unknown package needs a rule", importRef{"misc", "misc/x.go", "fmt"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(violations([]importRef{tt.ref})) > 0; got != tt.bad {
				t.Errorf("violation = %v, want %v", got, tt.bad)
			}
		})
	}
}
