package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// offsetError is a parse error at a byte offset of a file; entryError
// turns it into "name: line N: message" once the file can be re-read.
type offsetError struct {
	offset int64
	err    error
}

func (e *offsetError) Error() string { return fmt.Sprintf("offset %d: %v", e.offset, e.err) }
func (e *offsetError) Unwrap() error { return e.err }

// eachYTD streams one "window.YTD.<name>.partN = [ … ]" file: it skips the
// assignment up to the first '=' and decodes the array one element at a
// time, so memory does not grow with the file. decode is called with the
// decoder positioned at each element and must consume exactly one value.
// The array is read through a jsonLimiter: a record over a limit stops
// the read where it goes over.
func eachYTD(r io.Reader, decode func(dec *json.Decoder) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	prefix, err := br.ReadSlice('=') // at most the buffer's 64 KiB
	if err != nil || !strings.HasPrefix(strings.TrimLeft(string(prefix), "\ufeff \t\r\n"), "window.YTD.") {
		return &offsetError{0, errors.New(`not a "window.YTD.… = [" file`)}
	}
	base := int64(len(prefix))
	dec := json.NewDecoder(newJSONLimiter(br, shapeArray))
	if err := expectDelim(dec, '['); err != nil {
		return at(base, dec, err)
	}
	for dec.More() {
		if err := decode(dec); err != nil {
			return at(base, dec, err)
		}
	}
	return at(base, dec, expectDelim(dec, ']'))
}

// expectDelim reads one token and checks that it is d.
func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("unexpected %v, want %q", tok, string(d))
	}
	return nil
}

// at attaches the best known byte offset of the file to err.
func at(base int64, dec *json.Decoder, err error) error {
	if err == nil {
		return nil
	}
	var oe *offsetError
	var le *limitError
	if errors.As(err, &oe) || errors.As(err, &le) {
		return err
	}
	off := dec.InputOffset()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		err = errors.New("unexpected end of file (truncated?)")
	}
	return &offsetError{base + off, err}
}

// entryError names the archive entry (and the line, when known) in err.
func entryError(fsys fs.FS, name string, err error) error {
	var oe *offsetError
	if !errors.As(err, &oe) {
		return fmt.Errorf("%s: %w", name, err)
	}
	return fmt.Errorf("%s: line %d: %w", name, lineAt(fsys, name, oe.offset), oe.err)
}

// lineAt counts the lines up to offset by re-reading the entry; it runs
// only on the error path.
func lineAt(fsys fs.FS, name string, offset int64) int {
	f, err := fsys.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	line := 1
	buf := make([]byte, 32<<10)
	for offset > 0 {
		n, err := f.Read(buf[:min(int64(len(buf)), offset)])
		line += bytes.Count(buf[:n], []byte{'\n'})
		offset -= int64(n)
		if err != nil {
			break
		}
	}
	return line
}
