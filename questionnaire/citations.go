package questionnaire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/hipaarisk/hipaarisk/inputfile"
)

// generalRules is the safeguard column of the general rules of 164.306 in a
// reference table: they apply to every safeguard, so a question of any
// safeguard may cite them.
const generalRules Safeguard = "general"

// originalTable parses the embedded 2026.11 reference table.
var originalTable = sync.OnceValues(func() ([]Citation, error) {
	data, err := embedded.ReadFile(citationsFile)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", citationsFile, err)
	}
	return parseCitations(citationsFile, data)
})

// referenceTable returns the table the bank is checked against: the
// citations.tsv in its own directory when there is one, the original 2026.11
// table otherwise. A schema-2 bank must carry its own.
func (l *loader) referenceTable(fsys fs.FS) ([]Citation, error) {
	data, err := fs.ReadFile(fsys, citationsFile)
	if errors.Is(err, fs.ErrNotExist) {
		if l.b.Schema == 2 {
			l.probs = append(l.probs, inputfile.Problem{File: citationsFile, Msg: "a schema 2 bank needs its own reference table in this file"})
			return nil, nil
		}
		return originalTable()
	}
	if err != nil {
		return nil, fmt.Errorf("read bank reference table: %w", err)
	}
	cites, err := parseCitations(citationsFile, data)
	if err != nil {
		l.probs = append(l.probs, err.(inputfile.Problems)...)
	}
	return cites, nil
}

func parseCitations(file string, data []byte) ([]Citation, error) {
	var out []Citation
	var probs inputfile.Problems
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue // header
		}
		if len(cols) != 5 || cols[4] != "R" && cols[4] != "A" {
			probs = append(probs, inputfile.Problem{File: file, Line: line, Msg: "want 5 tab-separated columns ending in R or A"})
			continue
		}
		c := Citation{Citation: cols[0], Safeguard: Safeguard(cols[1]), Standard: cols[2], Specification: cols[3], Required: cols[4] == "R"}
		if c.Specification == "-" {
			c.Specification = ""
		}
		out = append(out, c)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
