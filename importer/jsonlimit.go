package importer

import (
	"fmt"
	"io"
)

// Shapes of the JSON files a jsonLimiter guards: where the records are.
const (
	shapeWhole  = iota // one value (actor.json): the whole file is one record-sized unit
	shapeArray         // [record, …] (a YTD file after its "window.YTD.… =")
	shapeOutbox        // {…, "orderedItems": [record, …], …}
)

// Lexer states of a jsonLimiter.
const (
	lexValue   = iota // between tokens
	lexString         // inside a string
	lexEscape         // after a backslash inside a string
	lexLiteral        // inside a number, true, false or null
)

// keyShown is how much of a key an error quotes.
const keyShown = 40

// jsonLimiter sits between an archive entry and the json.Decoder reading
// it, and lexes every byte as it passes: a string or number over
// MaxValueBytes, a record over MaxRecordBytes, more than MaxRecordsPerFile
// records or nesting deeper than MaxJSONDepth stops the read at once, with
// an error naming the record and the field, before the decoder buffers
// the value. It does not validate JSON (the decoder does, a buffer behind);
// on malformed input it only keeps counting. Its state is fixed-size.
type jsonLimiter struct {
	r     io.Reader
	shape int
	err   error // sticky: the decoder may read again after an error
	off   int64 // bytes passed so far

	state     int
	depth     int
	objects   [MaxJSONDepth + 1]bool // objects[d]: the container at depth d is an object
	keys      [MaxJSONDepth + 1][keyShown]byte
	keyLens   [MaxJSONDepth + 1]int
	expectKey bool // the next string is an object key
	inKey     bool // the current string is a key
	tokLen    int  // bytes of the current string or literal

	recordDepth int   // depth of the array whose elements are records; 0 before it opens
	records     int   // records started
	unitStart   int64 // offset where the current record (or top-level value) began; -1 outside
	unitDepth   int   // depth of that unit's container
	unitRecord  bool  // the current unit is a record
}

func newJSONLimiter(r io.Reader, shape int) *jsonLimiter {
	return &jsonLimiter{r: r, shape: shape, unitStart: -1}
}

func (l *jsonLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	if serr := l.scan(p[:n]); serr != nil {
		l.err = serr
		return 0, serr
	}
	return n, err
}

// scan lexes p, which follows the bytes already scanned.
func (l *jsonLimiter) scan(p []byte) error {
	base := l.off
	l.off += int64(len(p))
	for i := 0; i < len(p); i++ {
		switch l.state {
		case lexString:
			j := i
			for j < len(p) && p[j] != '"' && p[j] != '\\' {
				j++
			}
			if err := l.stringBytes(p[i:j]); err != nil {
				return err
			}
			if i = j; j == len(p) {
				break
			}
			if p[j] == '\\' {
				l.state = lexEscape
				l.tokLen++
				continue
			}
			l.state = lexValue
			if !l.inKey {
				if err := l.endValue(base + int64(j) + 1); err != nil {
					return err
				}
			}
		case lexEscape:
			l.state = lexString
			l.tokLen++
		case lexLiteral:
			if isLiteralByte(p[i]) {
				if l.tokLen++; l.tokLen > MaxValueBytes {
					return l.fail(l.field(), "is over "+sizeText(MaxValueBytes))
				}
				continue
			}
			l.state = lexValue
			if err := l.endValue(base + int64(i)); err != nil {
				return err
			}
			i-- // the byte after the literal is a token of its own
		default:
			if err := l.token(p[i], base+int64(i)); err != nil {
				return err
			}
		}
	}
	return l.checkUnit(l.off)
}

// stringBytes counts bytes of the current string (and keeps a key's start).
func (l *jsonLimiter) stringBytes(b []byte) error {
	if l.inKey {
		kl := &l.keyLens[l.depth]
		*kl += copy(l.keys[l.depth][min(*kl, keyShown):], b)
	}
	if l.tokLen += len(b); l.tokLen > MaxValueBytes {
		if l.inKey {
			return l.fail("a key", "is over "+sizeText(MaxValueBytes))
		}
		return l.fail(l.field(), "is over "+sizeText(MaxValueBytes))
	}
	return nil
}

// token handles one byte between tokens at offset off.
func (l *jsonLimiter) token(c byte, off int64) error {
	switch c {
	case ' ', '\t', '\n', '\r', ':':
	case ',':
		l.expectKey = l.depth > 0 && l.objects[l.depth]
	case '"':
		l.state, l.tokLen = lexString, 0
		if l.inKey = l.expectKey; l.inKey {
			l.expectKey, l.keyLens[l.depth] = false, 0
			return nil
		}
		return l.beginValue(c, off)
	case '{', '[':
		if err := l.beginValue(c, off); err != nil {
			return err
		}
		if l.depth == MaxJSONDepth {
			return l.fail("nesting", fmt.Sprintf("is deeper than %d levels", MaxJSONDepth))
		}
		l.depth++
		l.objects[l.depth], l.expectKey, l.keyLens[l.depth] = c == '{', c == '{', 0
	case '}', ']':
		if l.depth == 0 {
			return nil // malformed: the decoder reports it
		}
		l.depth--
		l.expectKey = false
		return l.endValue(off + 1)
	default:
		l.state, l.tokLen = lexLiteral, 1
		return l.beginValue(c, off)
	}
	return nil
}

// beginValue notes a value starting at off: a record when its container is
// the records array, a top-level unit when it is outside the records.
func (l *jsonLimiter) beginValue(c byte, off int64) error {
	if l.unitStart >= 0 {
		return nil
	}
	if l.descends(c) {
		if c == '[' {
			l.recordDepth = l.depth + 1
		}
		return nil
	}
	l.unitStart, l.unitDepth, l.unitRecord = off, l.depth, l.recordDepth != 0 && l.depth == l.recordDepth
	if l.unitRecord {
		if l.records++; l.records > MaxRecordsPerFile {
			return &limitError{what: "the file", msg: fmt.Sprintf("has over %d records", MaxRecordsPerFile)}
		}
	}
	return nil
}

// descends says whether a container opening here holds records (or the
// records array) rather than being one.
func (l *jsonLimiter) descends(c byte) bool {
	switch l.shape {
	case shapeArray:
		return l.depth == 0 && c == '['
	case shapeOutbox:
		return l.depth == 0 && c == '{' ||
			l.depth == 1 && c == '[' && l.recordDepth == 0 && l.key(1) == "orderedItems"
	}
	return false
}

// endValue notes a value ending at off (exclusive): the end of the unit
// when it is the unit's own value.
func (l *jsonLimiter) endValue(off int64) error {
	if l.unitStart < 0 || l.depth != l.unitDepth {
		return nil
	}
	err := l.checkUnit(off)
	l.unitStart = -1
	return err
}

// checkUnit refuses the current unit once it is over MaxRecordBytes at off.
func (l *jsonLimiter) checkUnit(off int64) error {
	if l.unitStart < 0 || off-l.unitStart <= MaxRecordBytes {
		return nil
	}
	what := "the value of " + l.key(l.unitDepth)
	if l.unitRecord {
		what = "the record"
	} else if l.unitDepth == 0 {
		what = "the file's value"
	}
	return l.fail(what, "is over "+sizeText(MaxRecordBytes))
}

// field names the value being read: the key of the innermost object.
func (l *jsonLimiter) field() string {
	for d := l.depth; d > 0; d-- {
		if l.objects[d] && l.keyLens[d] > 0 {
			return l.key(d)
		}
	}
	return "a value"
}

// key is the last key read in the object at depth d (cut to keyShown).
func (l *jsonLimiter) key(d int) string {
	return string(l.keys[d][:min(l.keyLens[d], keyShown)])
}

// fail builds the error, naming the record when inside one.
func (l *jsonLimiter) fail(what, msg string) error {
	e := &limitError{what: what, msg: msg}
	if l.unitStart >= 0 && l.unitRecord {
		e.record = l.records
	}
	return e
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.'
}
