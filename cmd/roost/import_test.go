package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/roost-embed/roost/importer"
	"github.com/roost-embed/roost/storage/sqlite"
)

// testArchive is an X archive's files, built by the test: no real
// person's archive is ever in the repository.
type testArchive map[string][]byte

// ytdFile wraps elements as X writes them: window.YTD.<name>.part0 = [ … ].
func ytdFile(t *testing.T, name string, elems ...any) []byte {
	t.Helper()
	b, err := json.Marshal(elems)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte("window.YTD."+name+".part0 = "), b...)
}

// codePoints returns X's ["start","end"] code-point indices of sub in s.
func codePoints(s, sub string) []string {
	i := strings.Index(s, sub)
	start := utf8.RuneCountInString(s[:i])
	return []string{fmt.Sprint(start), fmt.Sprint(start + utf8.RuneCountInString(sub))}
}

// xTweet builds one archived tweet with a t.co link in it.
func xTweet(id, text, tco, expanded string) map[string]any {
	tw := map[string]any{
		"id_str": id, "full_text": text, "created_at": "Wed Oct 10 20:19:24 +0000 2018", "lang": "en",
		"favorite_count": "7", "retweet_count": "2",
		"entities": map[string]any{"urls": []any{map[string]any{"url": tco, "expanded_url": expanded,
			"display_url": "example.com", "indices": codePoints(strings.ReplaceAll(text, "&amp;", "&"), tco)}}},
	}
	return map[string]any{"tweet": tw}
}

// pngBytes is a small opaque PNG.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = 0xc0
	}
	img.Set(0, 0, color.NRGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// smallXArchive has @wren_x's post 1001 (escaped text, a t.co link), its
// reply 1002 with a photo, and a retweet that must be skipped.
func smallXArchive(t *testing.T) testArchive {
	photo := "a heron https://t.co/ppp"
	media := []any{map[string]any{"url": "https://t.co/ppp", "type": "photo",
		"media_url_https": "https://pbs.twimg.com/media/heron.png", "indices": codePoints(photo, "https://t.co/ppp")}}
	return testArchive{
		"data/account.js": ytdFile(t, "account", map[string]any{"account": map[string]any{
			"username": "wren_x", "accountId": "2001", "accountDisplayName": "Wren"}}),
		"data/tweets.js": ytdFile(t, "tweets",
			xTweet("1001", "Fish &amp; chips https://t.co/aaa", "https://t.co/aaa", "https://example.com/fish"),
			map[string]any{"tweet": map[string]any{"id_str": "1002", "full_text": photo, "lang": "en",
				"created_at": "Wed Oct 10 20:29:24 +0000 2018", "in_reply_to_status_id_str": "1001",
				"entities": map[string]any{"media": media}, "extended_entities": map[string]any{"media": media}}},
			map[string]any{"tweet": map[string]any{"id_str": "1003", "full_text": "RT @bob: not mine",
				"created_at": "Wed Oct 10 20:19:24 +0000 2018"}},
		),
		"data/tweets_media/1002-heron.png": pngBytes(t),
	}
}

// writeArchive zips files into dir/name and returns the path.
func writeArchive(t *testing.T, dir, name string, files testArchive) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, b := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// runImportCmd runs `roost import args…` and returns stdout, stderr, err.
func runImportCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"import"}, args...), noEnv, nil, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestImportXArchiveTwice(t *testing.T) {
	dir := t.TempDir()
	db, mediaDir := "sqlite:"+filepath.Join(dir, "r.db"), filepath.Join(dir, "media")
	zip := writeArchive(t, dir, "x.zip", smallXArchive(t))
	out, progress, err := runImportCmd(t, "x-archive", zip, "--db", db, "--media-dir", mediaDir)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, progress)
	}
	for _, want := range []string{"users     1", "posts     2 (created 2, updated 0, unchanged 0)",
		"replies   1", "media     1", "skipped   1 retweet"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(progress, "\r") || !strings.Contains(progress, "write") || !strings.Contains(progress, "done") {
		t.Errorf("progress on a non-terminal = %q, want plain check/write/done lines", progress)
	}
	out, _, err = runImportCmd(t, "x-archive", zip, "--db", db, "--media-dir", mediaDir)
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	if !strings.Contains(out, "unchanged 2") || !strings.Contains(out, "nothing changed") {
		t.Errorf("second import summary:\n%s\nwant unchanged 2 and nothing changed", out)
	}
}

func TestImportBadArchiveChangesNothing(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "r.db")
	whole := writeArchive(t, dir, "x.zip", smallXArchive(t))
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.zip")
	os.WriteFile(truncated, data[:len(data)/2], 0o600)
	foreign := writeArchive(t, dir, "foreign.zip", testArchive{"README.txt": []byte("hello")})
	for _, path := range []string{truncated, foreign} {
		_, _, err := runImportCmd(t, "x-archive", path, "--db", "sqlite:"+dbPath, "--media-dir", filepath.Join(dir, "media"))
		var ue *usageError
		if err == nil || errors.As(err, &ue) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), filepath.Base(path)) {
			t.Errorf("import %s: err = %v, want one line naming the file (exit 1)", filepath.Base(path), err)
		}
	}
	st, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if empty, err := st.Empty(context.Background()); err != nil || !empty {
		t.Errorf("store after bad archives: empty=%v err=%v, want untouched", empty, err)
	}
}

func TestImportUsage(t *testing.T) {
	cases := [][]string{{}, {"friendster-archive", "a.zip"}, {"x-archive"}, {"x-archive", "a.zip", "b.zip"}}
	for _, args := range cases {
		_, _, err := runImportCmd(t, args...)
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Errorf("import %q: err = %v, want a usage error", args, err)
		}
	}
}

func TestProgressLine(t *testing.T) {
	cases := []struct {
		s     importer.Stats
		total int
		want  string
	}{
		{importer.Stats{Phase: importer.PhaseCheck, Posts: 1500, Elapsed: 2 * time.Second}, 0, "check 1,500 posts  750/s  0:02"},
		{importer.Stats{Phase: importer.PhaseWrite, Posts: 500, Elapsed: 61 * time.Second}, 1000,
			"write 500/1,000 posts (50%)  8/s  1:01"},
		{importer.Stats{Phase: importer.PhaseDone, Posts: 1000, Elapsed: 3 * time.Second}, 1000, "done  1,000 posts  0:03"},
	}
	for _, tc := range cases {
		if got := progressLine(tc.s, tc.total, tc.s.Elapsed); got != tc.want {
			t.Errorf("progressLine(%+v, %d) =\n %q, want\n %q", tc.s, tc.total, got, tc.want)
		}
	}
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands = %q", got)
	}
}

// TestProgressBarOnTerminal drives the terminal view through a whole
// import's callbacks: the bar is redrawn in place and ends with the done line.
func TestProgressBarOnTerminal(t *testing.T) {
	var out bytes.Buffer
	v := &progressView{w: &out, terminal: true}
	for i := 0; i <= 1000; i += 250 {
		v.update(importer.Stats{Phase: importer.PhaseCheck, Posts: i, Elapsed: time.Duration(i) * time.Millisecond})
	}
	for i := 0; i <= 1000; i += 250 {
		v.update(importer.Stats{Phase: importer.PhaseWrite, Posts: i, Elapsed: time.Second + time.Duration(i)*time.Millisecond})
		time.Sleep(barThrottle + 10*time.Millisecond) // past the throttle, so each step is drawn
	}
	v.update(importer.Stats{Phase: importer.PhaseDone, Posts: 1000, Elapsed: 3 * time.Second})
	v.finish()
	got := out.String()
	for _, want := range []string{"\r", "write", "100%", "1000/1000", "done  1,000 posts  0:03\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal progress lacks %q:\n%q", want, got)
		}
	}
}

func TestThousands(t *testing.T) {
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands = %q", got)
	}
}

// TestImportThenServe imports an archive, serves it, and reads the post
// back through the card, the public JSON and oEmbed of its X URL.
func TestImportThenServe(t *testing.T) {
	dir := t.TempDir()
	db, mediaDir := "sqlite:"+filepath.Join(dir, "r.db"), filepath.Join(dir, "media")
	zip := writeArchive(t, dir, "x.zip", smallXArchive(t))
	if _, _, err := runImportCmd(t, "x-archive", zip, "--db", db, "--media-dir", mediaDir); err != nil {
		t.Fatal(err)
	}
	p := startServe(t, "--addr", "127.0.0.1:0", "--db", db, "--media-dir", mediaDir, "--demo=false")

	code, card := call(t, "GET", p.base+"/embed/post/1001", "", "")
	if code != 200 || !strings.Contains(card, ">Fish & chips <a href=https://example.com/fish ") || strings.Contains(card, "t.co/") {
		t.Errorf("card of 1001: %d\n%s\nwant the unescaped text and the expanded link", code, card)
	}
	code, body := call(t, "GET", p.base+"/api/v1/posts/1002", "", "")
	var got struct {
		Data struct {
			Text    string
			ReplyTo string `json:"reply_to"`
			Media   []struct{ URL string }
		}
	}
	if err := json.Unmarshal([]byte(body), &got); code != 200 || err != nil {
		t.Fatalf("JSON of 1002: %d %s (%v)", code, body, err)
	}
	if got.Data.ReplyTo != "1001" || len(got.Data.Media) != 1 || strings.Contains(got.Data.Text, "t.co") {
		t.Errorf("JSON of 1002 = %+v, want a reply to 1001 with one photo and no media link in the text", got.Data)
	}
	if len(got.Data.Media) == 1 {
		u, err := url.Parse(got.Data.Media[0].URL)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"", "?w=600", "?w=96"} {
			if code, _ := call(t, "GET", p.base+u.Path+q, "", ""); code != 200 {
				t.Errorf("GET %s%s: %d, want the photo", u.Path, q, code)
			}
		}
	}
	code, card = call(t, "GET", p.base+"/embed/post/1002", "", "")
	if code != 200 || !strings.Contains(card, "/media/") {
		t.Errorf("card of 1002: %d, want the photo in it\n%s", code, card)
	}
	oembed := p.base + "/oembed?url=" + url.QueryEscape("https://twitter.com/wren_x/status/1001")
	code, body = call(t, "GET", oembed, "", "")
	if code != 200 || !strings.Contains(body, "Fish") {
		t.Errorf("oEmbed of the X URL: %d %s", code, body)
	}
}
