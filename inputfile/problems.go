// Package inputfile reads every file a person writes for hipaarisk (question
// bank files, import documents, suppression lists) in YAML or JSON, and
// writes the files people read back. Unlike a plain unmarshal it keeps going
// after a problem, so a file's every problem is reported at once with its
// line, it rejects keys that match no field (suggesting the closest one), and
// it remembers where each value came from so that later checks can point at
// the right line too.
package inputfile

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong in a file, with where it is.
// Line is 0 when the position is not known.
type Problem struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"message"`
}

func (p Problem) String() string {
	switch {
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	case p.File != "":
		return p.File + ": " + p.Msg
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return p.Msg
}

// Problems is every problem found, in file and line order. It is an error
// whose message has one line per problem, for the first twenty, then a line
// that counts the rest.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, 0, min(len(ps), maxShown)+1)
	for i, p := range ps {
		if i == maxShown {
			lines = append(lines, fmt.Sprintf("… and %d more problems; fix these first", len(ps)-maxShown))
			break
		}
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

// Err returns ps sorted by file and line as an error, or nil when there are
// none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

// Suggest returns ` — did you mean "x"?` for the closest candidate to s,
// or "" when nothing is close.
func Suggest(s string, candidates []string) string {
	near := Closest(s, candidates, 1)
	if len(near) == 0 {
		return ""
	}
	return fmt.Sprintf(" — did you mean %q?", near[0])
}

// Closest returns up to n candidates near s: edit distance at most a third of
// the length (at least 2), or one containing the other; nearest first.
// Very long strings get no suggestions.
func Closest(s string, candidates []string, n int) []string {
	type hit struct {
		c string
		d int
	}
	if len(s) > 100 {
		return nil
	}
	var hits []hit
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(ls, lc)
		limit := max(2, len(ls)/3)
		if d <= limit || len(ls) >= 4 && (strings.Contains(lc, ls) || strings.Contains(ls, lc)) {
			hits = append(hits, hit{c, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].d != hits[j].d {
			return hits[i].d < hits[j].d
		}
		return hits[i].c < hits[j].c
	})
	var out []string
	for i := 0; i < len(hits) && i < n; i++ {
		out = append(out, hits[i].c)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// DidYouMean returns ` — did you mean "a" or "b"?` for the given candidates,
// or "" when there are none.
func DidYouMean(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	return " — did you mean " + strings.Join(q, " or ") + "?"
}
