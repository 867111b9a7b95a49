package inputfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

const (
	// MaxFileSize is the largest file a person may hand to hipaarisk. Import
	// documents and suppression lists are a few kilobytes; anything near this
	// is a mistake (a wrong file, a log, an attack), refused before it is read
	// into memory.
	MaxFileSize = 10 << 20
	// MaxText is the longest single text value (a note, a justification, a
	// name) a file may carry, in characters.
	MaxText = 20_000
	// maxShown is how many problems Problems.Error spells out.
	maxShown = 20
)

// ErrTooLarge is the error of ReadFile for a file over MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// ReadFile reads a file a person wrote, refusing one larger than
// MaxFileSize without reading it whole: memory stays bounded whatever the
// file is.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	tooLarge := fmt.Errorf("read %s: %w: it is over %d MB, the most hipaarisk reads; check that this is the right file", path, ErrTooLarge, MaxFileSize>>20)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxFileSize {
		return nil, tooLarge
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1)) // a pipe has no size to check first
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > MaxFileSize {
		return nil, tooLarge
	}
	return b, nil
}

// checkEncoding refuses data that is not UTF-8 text, naming the line of the
// first bad byte, or that is over MaxFileSize.
func checkEncoding(file string, data []byte) error {
	if len(data) > MaxFileSize {
		return Problems{{File: file, Msg: fmt.Sprintf("the file is over %d MB, the most hipaarisk reads", MaxFileSize>>20)}}
	}
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	line := bytes.Count(data[:off], []byte("\n")) + 1
	return Problems{{File: file, Line: line, Msg: "the file is not UTF-8 text: save it as UTF-8 and try again"}}
}
