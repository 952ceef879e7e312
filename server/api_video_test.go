package server

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/media"
)

func testClip(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../media/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// uploadParts posts a multipart form with the given files and fields.
func (f *fixture) uploadParts(t testing.TB, files map[string][]byte, fields map[string]string) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for name, data := range files {
		fw, err := w.CreateFormFile(name, name+".mp4") // the name never decides the type
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	w.Close()
	return f.do(t, "POST", "/api/v1/media", map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": w.FormDataContentType()}, &buf)
}

// uploadedMedia decodes an upload's answer.
func uploadedMedia(t testing.TB, r response) mediaJSON {
	t.Helper()
	if r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var out struct{ Data mediaJSON }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	return out.Data
}

func TestVideoUpload(t *testing.T) {
	f := newFixture(t, Config{})
	seed(t, f)
	v := uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": testClip(t, "clip.mp4")}, map[string]string{"alt": "a test pattern", "owner": "alice"}))
	if v.Kind != "video" || v.ContentType != "video/mp4" || v.Width != 320 || v.Height != 180 || v.DurationMS < 2900 || v.PosterMediaID == nil || v.PosterURL == "" {
		t.Errorf("video answer %+v", v)
	}
	want := media.PosterDrawn
	if media.FFmpegAvailable() {
		want = media.PosterFFmpeg
	}
	if v.PosterSource != want {
		t.Errorf("poster source %q, want %q", v.PosterSource, want)
	}
	gif := uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": testClip(t, "gif.mp4"), "poster": pngBytes(t)}, map[string]string{"kind": "gif"}))
	if gif.Kind != "gif" || gif.PosterSource != media.PosterSupplied {
		t.Errorf("gif answer %+v", gif)
	}
	webm := uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": testClip(t, "clip.webm")},
		map[string]string{"poster_media_id": strconv.FormatInt(int64(*gif.PosterMediaID), 10)}))
	if webm.ContentType != "video/webm" || webm.PosterSource != media.PosterSupplied || *webm.PosterMediaID != *gif.PosterMediaID {
		t.Errorf("webm answer %+v", webm)
	}
	// A post shows it; the public JSON says its kind and poster.
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"a clip","media_ids":["`+strconv.FormatInt(int64(v.ID), 10)+`"]}`)
	if r := f.do(t, "GET", "/api/v1/posts/"+id, nil, nil); !strings.Contains(r.body, `"kind":"video"`) || !strings.Contains(r.body, `"poster_media_id"`) {
		t.Errorf("public JSON: %s", r.body)
	}
}

// TestVideoUploadBadInput: each refusal names the field and stores no row.
func TestVideoUploadBadInput(t *testing.T) {
	f := newFixture(t, Config{})
	seed(t, f)
	clip := testClip(t, "clip.mp4")
	vid := uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": clip}, nil))
	cases := []struct {
		name   string
		files  map[string][]byte
		fields map[string]string
		limits media.VideoLimits
		status int
		field  string
	}{
		{"truncated mp4", map[string][]byte{"file": clip[:len(clip)/2]}, nil, media.VideoLimits{}, 422, "file"},
		{"truncated webm", map[string][]byte{"file": testClip(t, "clip.webm")[:9000]}, nil, media.VideoLimits{}, 422, "file"},
		{"text named .mp4", map[string][]byte{"file": []byte("not a video at all, whatever the name says")}, nil, media.VideoLimits{}, 415, "file"},
		{"over the size limit", map[string][]byte{"file": clip}, nil, media.VideoLimits{MaxBytes: 1000}, 413, "file"},
		{"over the duration limit", map[string][]byte{"file": clip}, nil, media.VideoLimits{MaxDuration: time.Second}, 422, "file"},
		{"bad kind", map[string][]byte{"file": clip}, map[string]string{"kind": "movie"}, media.VideoLimits{}, 422, "kind"},
		{"poster is a video", map[string][]byte{"file": clip, "poster": clip}, nil, media.VideoLimits{}, 422, "poster"},
		{"poster id is a video", map[string][]byte{"file": clip}, map[string]string{"poster_media_id": strconv.FormatInt(int64(vid.ID), 10)}, media.VideoLimits{}, 422, "poster_media_id"},
		{"poster id unknown", map[string][]byte{"file": clip}, map[string]string{"poster_media_id": "12345"}, media.VideoLimits{}, 422, "poster_media_id"},
		{"kind on an image", map[string][]byte{"file": pngBytes(t)}, map[string]string{"kind": "gif"}, media.VideoLimits{}, 422, "kind"},
	}
	before := f.changeCount()
	for _, tc := range cases {
		f.srv.lib.SetVideoLimits(tc.limits)
		r := f.uploadParts(t, tc.files, tc.fields)
		if r.status != tc.status || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
			t.Errorf("%s: %d %s; want %d naming %s", tc.name, r.status, r.body, tc.status, tc.field)
		}
	}
	if n := f.changeCount(); n != before {
		t.Errorf("refused uploads recorded %d changes", n-before)
	}
}

func TestVideoRangeRequests(t *testing.T) {
	f := newFixture(t, Config{})
	clip := testClip(t, "clip.mp4")
	v := uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": clip}, nil))
	path := strings.TrimPrefix(v.URL, "http://roost.test")
	size := strconv.Itoa(len(clip))
	full := f.do(t, "GET", path, nil, nil)
	if full.status != 200 || full.body != string(clip) || full.header.Get("Accept-Ranges") != "bytes" ||
		full.header.Get("Content-Type") != "video/mp4" || full.header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(full.header.Get("Cache-Control"), "immutable") {
		t.Errorf("full GET: %d %v", full.status, full.header)
	}
	for _, tc := range []struct {
		rng, want, contentRange string
	}{
		{"bytes=0-99", string(clip[:100]), "bytes 0-99/" + size},
		{"bytes=100-", string(clip[100:]), "bytes 100-" + strconv.Itoa(len(clip)-1) + "/" + size},
		{"bytes=-10", string(clip[len(clip)-10:]), "bytes " + strconv.Itoa(len(clip)-10) + "-" + strconv.Itoa(len(clip)-1) + "/" + size},
		{"bytes=10-999999999", string(clip[10:]), "bytes 10-" + strconv.Itoa(len(clip)-1) + "/" + size},
	} {
		r := f.do(t, "GET", path, map[string]string{"Range": tc.rng}, nil)
		if r.status != 206 || r.body != tc.want || r.header.Get("Content-Range") != tc.contentRange {
			t.Errorf("%s: %d, %d bytes, Content-Range %q", tc.rng, r.status, len(r.body), r.header.Get("Content-Range"))
		}
	}
	// 3,000 ranges (12 KB): a longer header is refused before routing (431).
	bomb := "bytes=" + strings.TrimSuffix(strings.Repeat("0-1,", 3000), ",")
	for _, rng := range []string{"bytes=" + size + "-", "bytes=0-10,5-20", "bytes=0-1,2-3", bomb, "bytes=5-1", "items=0-1", "bytes=-0", "bytes=abc"} {
		r := f.do(t, "GET", path, map[string]string{"Range": rng}, nil)
		if r.status != 416 || r.header.Get("Content-Range") != "bytes */"+size || len(r.body) > 1000 {
			t.Errorf("%.40s: %d, %d bytes, Content-Range %q; want a short 416", rng, r.status, len(r.body), r.header.Get("Content-Range"))
		}
	}
}

// TestVideoOnEverySurface: a post with a video shows a <video> with its
// poster in the card (with a CSP that allows media from Roost only), the
// poster as og:image on its page and as the oEmbed thumbnail.
func TestVideoOnEverySurface(t *testing.T) {
	f := newFixture(t, Config{})
	seed(t, f)
	v := uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": testClip(t, "clip.mp4")}, map[string]string{"owner": "alice", "alt": "test card"}))
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"a clip","media_ids":["`+strconv.FormatInt(int64(v.ID), 10)+`"]}`)
	card := f.do(t, "GET", "/embed/post/"+id, nil, nil)
	if card.status != 200 || !strings.Contains(card.body, "<video controls") || !strings.Contains(card.body, v.PosterURL+"?w=600") {
		t.Errorf("card: %d %s", card.status, card.body)
	}
	if csp := card.header.Get("Content-Security-Policy"); !strings.Contains(csp, "media-src http://roost.test;") {
		t.Errorf("card CSP %q", csp)
	}
	page := f.do(t, "GET", "/alice/status/"+id, nil, nil)
	if !strings.Contains(page.body, `property="og:image" content="`+v.PosterURL) || !strings.Contains(page.header.Get("Content-Security-Policy"), "media-src") {
		t.Errorf("page: og:image is not the poster: %s", page.body)
	}
	oe := f.do(t, "GET", "/oembed?url=http://roost.test/alice/status/"+id, nil, nil)
	if !strings.Contains(oe.body, `"thumbnail_url":"`+v.PosterURL+`"`) {
		t.Errorf("oEmbed: %s", oe.body)
	}
	hidden := f.do(t, "GET", "/embed/post/"+id+"?hide_media=1", nil, nil)
	if strings.Contains(hidden.body, "<video") || !strings.Contains(hidden.body, ">Video</p>") {
		t.Errorf("hide_media: %s", hidden.body)
	}
}

// TestDeletingAPostOrUserDeletesItsVideos: the video file and its poster
// answer 404 once the post (or its author) is deleted; a file another post
// still shows stays.
func TestDeletingAPostOrUserDeletesItsVideos(t *testing.T) {
	f := newFixture(t, Config{})
	seed(t, f)
	f.mustCreate(t, "/api/v1/users", `{"handle":"bea"}`)
	upload := func(owner string) mediaJSON {
		return uploadedMedia(t, f.uploadParts(t, map[string][]byte{"file": testClip(t, "clip.webm")}, map[string]string{"owner": owner}))
	}
	post := func(author string, m mediaJSON) string {
		return f.mustCreate(t, "/api/v1/posts", `{"author":"`+author+`","text":"v","media_ids":["`+strconv.FormatInt(int64(m.ID), 10)+`"]}`)
	}
	local := func(u string) string { return strings.TrimPrefix(u, "http://roost.test") }
	a, b := upload("alice"), upload("bea") // the same bytes: one file, two rows
	pa, _ := post("alice", a), post("bea", b)
	if r := f.writeJSON(t, "DELETE", "/api/v1/posts/"+pa, ""); r.status != 204 {
		t.Fatalf("DELETE post: %d %s", r.status, r.body)
	}
	if r := f.do(t, "GET", local(a.URL), nil, nil); r.status != 200 {
		t.Errorf("a file another post shows answered %d after the first post's delete", r.status)
	}
	if r := f.writeJSON(t, "DELETE", "/api/v1/users/bea", ""); r.status != 204 {
		t.Fatalf("DELETE user: %d %s", r.status, r.body)
	}
	for _, u := range []string{a.URL, b.PosterURL} {
		if r := f.do(t, "GET", local(u), nil, nil); r.status != 404 {
			t.Errorf("GET %s after both posts are gone: %d, want 404", u, r.status)
		}
	}
}
