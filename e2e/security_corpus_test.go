package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// hostile is one corpus entry: the text as Go sees it, and the JSON
// string literal that carries it to the API (raw for "json:" lines, so
// lone surrogates and NULs reach the decoder as escapes).
type hostile struct {
	Text string
	JSON string
}

// loadCorpus reads every testdata/xss-*.txt file and adds one over-long
// entry, cut to each field's limit when used.
func loadCorpus(t *testing.T) []hostile {
	t.Helper()
	files, err := filepath.Glob("testdata/xss-*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in testdata (%v)", err)
	}
	var out []hostile
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			l := sc.Text()
			if l == "" || strings.HasPrefix(l, "# ") {
				continue
			}
			out = append(out, newHostile(t, l))
		}
		f.Close()
	}
	long := strings.Repeat(`"><img src=x onerror=__xss()>`+"\u202e", 300)
	return append(out, newHostile(t, long))
}

func newHostile(t *testing.T, line string) hostile {
	t.Helper()
	if raw, ok := strings.CutPrefix(line, "json:"); ok {
		var s string
		if err := json.Unmarshal([]byte(`"`+raw+`"`), &s); err != nil {
			t.Fatalf("corpus line %q is not a JSON string body: %v", line, err)
		}
		return hostile{Text: s, JSON: `"` + raw + `"`}
	}
	b, _ := json.Marshal(line)
	return hostile{Text: line, JSON: string(b)}
}

// cut returns the entry limited to n characters. "json:" entries are
// short, so they always keep their raw escapes.
func (h hostile) cut(n int) hostile {
	if utf8.RuneCountInString(h.Text) <= n {
		return h
	}
	s := string([]rune(h.Text)[:n])
	b, _ := json.Marshal(s)
	return hostile{Text: s, JSON: string(b)}
}

// rawAPI sends a JSON body built from raw members with the instance's
// token and returns the status and body.
func (in *instance) rawAPI(t *testing.T, method, path string, members [][2]string) (int, []byte) {
	t.Helper()
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%s", m[0], m[1])
	}
	b.WriteByte('}')
	req, err := http.NewRequest(method, in.URL+path, strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+in.Token)
	req.Header.Set("Content-Type", "application/json")
	return sendRetry(t, req)
}

// sendRetry sends req, waiting out 429s: the token bucket refills at 50
// requests a second, and the corpus needs more than its burst.
func sendRetry(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	for {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests {
			return resp.StatusCode, raw
		}
		time.Sleep(200 * time.Millisecond)
		req.Body, _ = req.GetBody()
	}
}

// dataID reads data.id from an API answer.
func dataID(t *testing.T, raw []byte) string {
	t.Helper()
	var env struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil || env.Data.ID == "" {
		t.Fatalf("no data.id in %s (%v)", raw, err)
	}
	return env.Data.ID
}

// uploadAlt uploads a small PNG, distinct per seed, with alt text alt
// through the multipart media route and returns the media id ("" when
// the alt text is refused).
func (in *instance) uploadAlt(t *testing.T, seed int, owner, alt string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 12, 8))
	img.Set(seed%12, (seed/12)%8, color.RGBA{uint8(seed), uint8(seed >> 8), 200, 255})
	var pngBuf, body bytes.Buffer
	if err := png.Encode(&pngBuf, img); err != nil {
		t.Fatal(err)
	}
	w := multipart.NewWriter(&body)
	w.WriteField("alt", alt)
	w.WriteField("owner", owner)
	fw, _ := w.CreateFormFile("file", "x.png")
	fw.Write(pngBuf.Bytes())
	w.Close()
	req, _ := http.NewRequest("POST", in.URL+"/api/v1/media", bytes.NewReader(body.Bytes()))
	req.Header.Set("Authorization", "Bearer "+in.Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	st, raw := sendRetry(t, req)
	if st != 201 {
		return ""
	}
	return dataID(t, raw)
}

// seeded is what seedHostile stored for one corpus entry.
type seeded struct {
	Handle, Post, Quote, List string
	Rich                      string // a post with a poll and a link card carrying h, "" if refused
	Fields                    int    // user-content fields the API accepted
}

// seedHostile stores a user whose name, bio, location and URL carry h
// (each field set on its own, so a refused one keeps the others), a post
// with h in its text, a hashtag and an image whose alt text is h, a
// sensitive quote of it with h as summary and text, and a list named and
// described with h.
func seedHostile(t *testing.T, in *instance, i int, h hostile) seeded {
	t.Helper()
	s := seeded{Handle: fmt.Sprintf("xss%d", i)}
	if st, raw := in.rawAPI(t, "POST", "/api/v1/users", [][2]string{{"handle", `"` + s.Handle + `"`}}); st != 201 {
		t.Fatalf("creating %s: %d %s", s.Handle, st, raw)
	}
	fields := [][2]string{{"name", h.cut(100).JSON}, {"bio", h.cut(1000).JSON}, {"location", h.cut(100).JSON}}
	if st, _ := in.rawAPI(t, "PATCH", "/api/v1/users/"+s.Handle, fields); st == 200 {
		s.Fields += 3
	} else {
		for _, f := range fields { // set each on its own, so a refused one keeps the others
			if st, _ := in.rawAPI(t, "PATCH", "/api/v1/users/"+s.Handle, [][2]string{f}); st == 200 {
				s.Fields++
			}
		}
	}
	for _, u := range []string{h.Text, "https://example.com/" + h.Text} {
		b, _ := json.Marshal(u)
		if st, _ := in.rawAPI(t, "PATCH", "/api/v1/users/"+s.Handle, [][2]string{{"url", string(b)}}); st == 200 {
			s.Fields++
			break
		}
	}
	text := h.cut(1900)
	members := [][2]string{{"author", `"` + s.Handle + `"`},
		{"text", strings.TrimSuffix(text.JSON, `"`) + ` #xssmatrix "`}}
	image := in.uploadAlt(t, i, s.Handle, h.cut(1500).Text)
	if image != "" {
		members = append(members, [2]string{"media_ids", `["` + image + `"]`})
		s.Fields++
	}
	st, raw := in.rawAPI(t, "POST", "/api/v1/posts", members)
	if st != 201 {
		t.Fatalf("creating the post of %s: %d %s", s.Handle, st, raw)
	}
	s.Post, s.Fields = dataID(t, raw), s.Fields+1
	st, raw = in.rawAPI(t, "POST", "/api/v1/posts", [][2]string{{"author", `"` + s.Handle + `"`},
		{"text", text.JSON}, {"summary", h.cut(100).JSON}, {"sensitive", "true"}, {"quote_of", `"` + s.Post + `"`}})
	if st != 201 {
		t.Fatalf("creating the quote of %s: %d %s", s.Handle, st, raw)
	}
	s.Quote, s.Fields = dataID(t, raw), s.Fields+1
	st, raw = in.rawAPI(t, "POST", "/api/v1/lists", [][2]string{{"owner", `"` + s.Handle + `"`},
		{"name", h.cut(100).JSON}, {"description", h.cut(1000).JSON}, {"members", listMembers(s.Handle)}})
	if st != 201 {
		t.Fatalf("creating the list of %s: %d %s", s.Handle, st, raw)
	}
	s.List, s.Fields = dataID(t, raw), s.Fields+2
	seedRich(t, in, &s, h, image)
	return s
}

// seedRich stores a post whose poll labels and link card (title,
// description, site name; the image whose alt is h) carry h. A poll label
// is at most 25 characters and a card needs a title, so an entry the API
// refuses in one is retried without it.
func seedRich(t *testing.T, in *instance, s *seeded, h hostile, image string) {
	t.Helper()
	label := h.cut(storage.MaxPollLabel)
	poll := [2]string{"poll", `{"options":[{"label":` + label.JSON + `,"votes":3},{"label":"plain","votes":1}],"closed":true}`}
	img := ""
	if image != "" {
		img = `,"image_media_id":"` + image + `"`
	}
	card := [2]string{"card", `{"url":"https://example.com/card","title":` + h.cut(300).JSON + `,"description":` +
		h.cut(1000).JSON + `,"site_name":` + h.cut(100).JSON + img + `}`}
	base := [][2]string{{"author", `"` + s.Handle + `"`}, {"text", `"rich https://example.com/card"`}}
	if v := in.uploadVideoAlt(t, s.Handle, h.cut(1500).Text, image); v != "" {
		base = append(base, [2]string{"media_ids", `["` + v + `"]`})
		s.Fields++
	}
	for _, try := range []struct {
		extra  [][2]string
		fields int
	}{{[][2]string{poll, card}, 4}, {[][2]string{card}, 3}, {[][2]string{poll}, 1}} {
		if st, raw := in.rawAPI(t, "POST", "/api/v1/posts", append(slices.Clone(base), try.extra...)); st == 201 {
			s.Rich, s.Fields = dataID(t, raw), s.Fields+try.fields
			return
		}
	}
}

// listMembers is the member list of a hostile list: its owner and the
// first hostile user, so list timelines mix two authors.
func listMembers(owner string) string {
	if owner == "xss0" {
		return `["xss0"]`
	}
	return `["` + owner + `","xss0"]`
}

// uploadVideoAlt uploads the test clip with alt text alt and the image
// poster as its poster (so no frame is extracted per entry); "" if refused.
func (in *instance) uploadVideoAlt(t *testing.T, owner, alt, poster string) string {
	t.Helper()
	clip, err := os.ReadFile("../media/testdata/clip.webm")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("alt", alt)
	w.WriteField("owner", owner)
	if poster != "" {
		w.WriteField("poster_media_id", poster)
	}
	fw, _ := w.CreateFormFile("file", "x.webm")
	fw.Write(clip)
	w.Close()
	req, _ := http.NewRequest("POST", in.URL+"/api/v1/media", bytes.NewReader(body.Bytes()))
	req.Header.Set("Authorization", "Bearer "+in.Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	st, raw := sendRetry(t, req)
	if st != 201 {
		return ""
	}
	return dataID(t, raw)
}
