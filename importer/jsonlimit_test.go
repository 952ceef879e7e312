package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// repeatReader yields head, then n copies of fill, then tail, without
// holding them: a huge hostile file costs the test nothing.
type repeatReader struct {
	head, tail []byte
	fill       byte
	n          int64
	read       int64 // bytes handed out
}

func (r *repeatReader) Read(p []byte) (int, error) {
	start := len(p)
	for len(p) > 0 {
		switch {
		case len(r.head) > 0:
			c := copy(p, r.head)
			r.head, p = r.head[c:], p[c:]
		case r.n > 0:
			c := int(min(int64(len(p)), r.n))
			for i := range c {
				p[i] = r.fill
			}
			r.n, p = r.n-int64(c), p[c:]
		case len(r.tail) > 0:
			c := copy(p, r.tail)
			r.tail, p = r.tail[c:], p[c:]
		default:
			r.read += int64(start - len(p))
			if start == len(p) {
				return 0, io.EOF
			}
			return start - len(p), nil
		}
	}
	r.read += int64(start)
	return start, nil
}

// decodeAll runs eachYTD over r, decoding every element as an X tweet.
func decodeAll(r io.Reader) error {
	return eachYTD(r, func(dec *json.Decoder) error {
		_, err := decodeXTweet(dec)
		return err
	})
}

// A 1 GiB full_text is refused within the first megabyte read, naming
// the record and the field, and well under a second.
func TestLimitHugeFullTextStreamed(t *testing.T) {
	r := &repeatReader{
		head: []byte(`window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "`),
		fill: 'a', n: 1 << 30, tail: []byte(`"}}]`),
	}
	start := time.Now()
	err := decodeAll(r)
	took := time.Since(start)
	if !errors.Is(err, ErrLimit) || err.Error() != "record 1: full_text is over 64 KiB" {
		t.Fatalf("err = %v, want record 1: full_text is over 64 KiB", err)
	}
	if r.read > 1<<20 {
		t.Errorf("read %d bytes before refusing, want under 1 MiB", r.read)
	}
	if took > time.Second && !raceEnabled { // a timing goal, meaningless under -race
		t.Errorf("took %v to refuse", took)
	}
}

func TestLimitErrors(t *testing.T) {
	small := `{"tweet": {"id_str": "1", "full_text": "hi"}}`
	cases := []struct {
		name string
		r    io.Reader
		want string
	}{
		{"number", &repeatReader{head: []byte(`window.YTD.tweets.part0 = [` + small + `, {"tweet": {"id": `), fill: '7', n: 100 << 10, tail: []byte(`}}]`)},
			"record 2: id is over 64 KiB"},
		{"key", &repeatReader{head: []byte(`window.YTD.tweets.part0 = [{"`), fill: 'k', n: 100 << 10, tail: []byte(`": 1}]`)},
			"record 1: a key is over 64 KiB"},
		{"escaped string", &repeatReader{head: []byte(`window.YTD.tweets.part0 = [{"tweet": {"text": "`), fill: '\\', n: 200 << 10, tail: []byte(`"}}]`)},
			"record 1: text is over 64 KiB"},
		{"string in an array", strings.NewReader(`window.YTD.tweets.part0 = [{"tweet": {"entities": {"urls": ["` + strings.Repeat("u", 70<<10) + `"]}}}]`),
			"record 1: urls is over 64 KiB"},
		{"record", strings.NewReader(`window.YTD.tweets.part0 = [` + small + `,` + small + `, {"tweet": {"x": [` + strings.Repeat(`"abcdefgh",`, 120_000) + `1]}}]`),
			"record 3: the record is over 1 MiB"},
		{"nesting", strings.NewReader(`window.YTD.tweets.part0 = [` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `]`),
			"record 1: nesting is deeper than 64 levels"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeAll(tc.r)
			if !errors.Is(err, ErrLimit) || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// Records per file: counted by the limiter itself (a decode per record
// would make the test slow), on a file of tiny records.
func TestLimitRecordsPerFile(t *testing.T) {
	body := bytes.Repeat([]byte("0,"), MaxRecordsPerFile)
	l := newJSONLimiter(io.MultiReader(strings.NewReader("["), bytes.NewReader(body), strings.NewReader("0]")), shapeArray)
	_, err := io.Copy(io.Discard, l)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "has over 2000000 records") {
		t.Fatalf("err = %v, want the records limit", err)
	}
	ok := newJSONLimiter(io.MultiReader(strings.NewReader("["), bytes.NewReader(body[:len(body)-1]), strings.NewReader("]")), shapeArray)
	if _, err := io.Copy(io.Discard, ok); err != nil {
		t.Fatalf("exactly %d records: %v", MaxRecordsPerFile, err)
	}
}

func TestLimitOutbox(t *testing.T) {
	item := func(content string) string {
		return `{"type": "Create", "object": {"type": "Note", "content": "` + content + `"}}`
	}
	cases := []struct {
		name, doc, want string
	}{
		{"content", `{"@context": "x", "orderedItems": [` + item("ok") + `, ` + item(strings.Repeat("c", 65<<10)) + `]}`,
			"record 2: content is over 64 KiB"},
		{"context", `{"@context": [` + strings.Repeat(`"https://example.com/ns",`, 50_000) + `"x"], "orderedItems": []}`,
			"the value of @context is over 1 MiB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := eachOutboxItem(strings.NewReader(tc.doc), func(dec *json.Decoder) error {
				var v json.RawMessage
				return dec.Decode(&v)
			})
			if !errors.Is(err, ErrLimit) || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// Values up to the limits pass, byte for byte as the decoder sees them.
func TestLimitAtTheLimitPasses(t *testing.T) {
	doc := `window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "` + strings.Repeat("a", MaxValueBytes) + `"}}]`
	var got *xTweet
	err := eachYTD(strings.NewReader(doc), func(dec *json.Decoder) error {
		var err error
		got, err = decodeXTweet(dec)
		return err
	})
	if err != nil || len(got.FullText) != MaxValueBytes {
		t.Fatalf("a %d-byte full_text: %v", MaxValueBytes, err)
	}
}
