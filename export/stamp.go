package export

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// Stamp is what a PDF report carries in its document keywords so that a
// filed copy can later be checked against the database: the assessment id
// and the digest of the inputs it was made from.
func Stamp(id int64, digest string) string {
	return fmt.Sprintf("hipaarisk-assessment:%d hipaarisk-digest:%s", id, digest)
}

var stampPattern = regexp.MustCompile(`hipaarisk-assessment:(\d+) hipaarisk-digest:([0-9a-f]{64})`)

// ErrNoStamp: the file is not a PDF report written by hipaarisk (or it was
// rewritten by another program that dropped the document keywords).
var ErrNoStamp = errors.New("no hipaarisk report stamp found: this is not a PDF report written by hipaarisk, or another program rewrote it")

// ReadStamp finds the assessment id and digest in a PDF report's bytes.
func ReadStamp(pdf []byte) (id int64, digest string, err error) {
	m := stampPattern.FindSubmatch(pdf)
	if m == nil {
		return 0, "", ErrNoStamp
	}
	id, err = strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil {
		return 0, "", fmt.Errorf("%w: bad assessment id", ErrNoStamp)
	}
	return id, string(m[2]), nil
}

// firstN is at most n items of s, with a last line counting the rest.
func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], fmt.Sprintf("and %d more; run hipaarisk audit ID --verify for the full list", len(s)-n))
}
