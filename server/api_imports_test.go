package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// importYTD wraps elements as X writes them: window.YTD.<name>.part0 = [ … ].
func importYTD(t *testing.T, name string, elems ...any) []byte {
	t.Helper()
	b, err := json.Marshal(elems)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte("window.YTD."+name+".part0 = "), b...)
}

// importTweet builds one archived tweet whose text holds the t.co link
// tco, expanded to expanded; indices are code points, as X writes them.
func importTweet(id, text, tco, expanded string, extra map[string]any) map[string]any {
	plain := strings.ReplaceAll(text, "&amp;", "&")
	i := strings.Index(plain, tco)
	start := utf8.RuneCountInString(plain[:i])
	tw := map[string]any{
		"id_str": id, "full_text": text, "created_at": "Wed Oct 10 20:19:24 +0000 2018", "lang": "en",
		"favorite_count": "3", "retweet_count": "1",
		"entities": map[string]any{"urls": []any{map[string]any{"url": tco, "expanded_url": expanded,
			"display_url": "example.com", "indices": []string{fmt.Sprint(start), fmt.Sprint(start + len(tco))}}}},
	}
	for k, v := range extra {
		tw[k] = v
	}
	return map[string]any{"tweet": tw}
}

// importZip builds a small X archive of @wren_x: post 1001 (escaped text
// with a t.co link) and its reply 1002 with a photo.
func importZip(t *testing.T) []byte {
	t.Helper()
	photo := "a heron https://t.co/ppp"
	media := []any{map[string]any{"url": "https://t.co/ppp", "type": "photo",
		"media_url_https": "https://pbs.twimg.com/media/heron.png", "indices": []string{"8", "24"}}}
	files := map[string][]byte{
		"data/account.js": importYTD(t, "account", map[string]any{"account": map[string]any{
			"username": "wren_x", "accountId": "2001", "accountDisplayName": "Wren"}}),
		"data/tweets.js": importYTD(t, "tweets",
			importTweet("1001", "Fish &amp; chips https://t.co/aaa", "https://t.co/aaa", "https://example.com/fish", nil),
			map[string]any{"tweet": map[string]any{"id_str": "1002", "full_text": photo, "lang": "en",
				"created_at": "Wed Oct 10 20:29:24 +0000 2018", "in_reply_to_status_id_str": "1001",
				"entities": map[string]any{"media": media}, "extended_entities": map[string]any{"media": media}}}),
		"data/tweets_media/1002-heron.png": pngBytes(t),
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importJobJSON is the part of a job the tests read.
type importJobJSON struct {
	Data struct {
		ID, Status, URL, Error string
		Position               int
		StartedAt              *time.Time `json:"started_at"`
		FinishedAt             *time.Time `json:"finished_at"`
		Stats                  struct {
			Phase                            string
			Posts, Created, Unchanged, Media int
		}
	}
}

// postImport uploads archive as an import of kind with token.
func (f *fixture) postImport(t *testing.T, token, kind string, archive []byte) response {
	t.Helper()
	fields := map[string]string{}
	if kind != "" {
		fields["kind"] = kind
	}
	ct, body := multipartBody(t, archive, fields)
	return f.do(t, "POST", "/api/v1/imports", map[string]string{"Authorization": "Bearer " + token, "Content-Type": ct}, body)
}

// waitImport polls the job at url until it is no longer running.
func (f *fixture) waitImport(t *testing.T, url string) importJobJSON {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := f.do(t, "GET", url, map[string]string{"Authorization": "Bearer " + f.admin}, nil)
		var job importJobJSON
		if err := json.Unmarshal([]byte(r.body), &job); r.status != 200 || err != nil {
			t.Fatalf("GET %s: %d %s", url, r.status, r.body)
		}
		if job.Data.Status != "running" && job.Data.Status != "queued" || time.Now().After(deadline) {
			return job
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startImport uploads archive and returns the 202 answer's job.
func (f *fixture) startImport(t *testing.T, archive []byte) importJobJSON {
	t.Helper()
	r := f.postImport(t, f.admin, "x", archive)
	var job importJobJSON
	if err := json.Unmarshal([]byte(r.body), &job); r.status != 202 || err != nil {
		t.Fatalf("POST /api/v1/imports: %d %s", r.status, r.body)
	}
	// A broken archive can fail before the 202 is written: "failed" is as
	// valid a first status as "running".
	running := job.Data.Status == "running" || job.Data.Status == "failed" || job.Data.Status == "queued"
	if !running || job.Data.URL != "/api/v1/imports/"+job.Data.ID || r.header.Get("Location") == "" {
		t.Fatalf("202 answer %s (Location %q): want status running (or already failed) and the job URL", r.body, r.header.Get("Location"))
	}
	return job
}

func TestImportAPIThenWidgets(t *testing.T) {
	f := newFixture(t, Config{})
	if r := f.do(t, "GET", "/embed/post/1001", nil, nil); r.status != 404 {
		t.Fatalf("card before the import: %d, want the 404 tombstone", r.status)
	}
	before := f.changeCount()
	job := f.waitImport(t, f.startImport(t, importZip(t)).Data.URL)
	if job.Data.Status != "done" || job.Data.Stats.Posts != 2 || job.Data.Stats.Created != 2 || job.Data.Stats.Phase != "done" {
		t.Fatalf("import ended %+v, want done with 2 posts created", job.Data)
	}
	if f.changeCount() <= before {
		t.Error("the import's writes never reached the OnChange hooks")
	}

	card := f.do(t, "GET", "/embed/post/1001", nil, nil)
	if card.status != 200 || !strings.Contains(card.body, ">Fish & chips <a href=https://example.com/fish ") ||
		strings.Contains(card.body, "t.co/") || strings.Contains(card.body, "&amp;amp;") {
		t.Errorf("card of 1001 after the import (cached 404 must be gone): %d\n%s", card.status, card.body)
	}
	r := f.do(t, "GET", "/api/v1/posts/1002", nil, nil)
	var post struct {
		Data struct {
			Text    string
			ReplyTo string `json:"reply_to"`
			Media   []struct{ URL string }
		}
	}
	if err := json.Unmarshal([]byte(r.body), &post); r.status != 200 || err != nil {
		t.Fatalf("JSON of 1002: %d %s", r.status, r.body)
	}
	if post.Data.Text != "a heron" || post.Data.ReplyTo != "1001" || len(post.Data.Media) != 1 {
		t.Fatalf("JSON of 1002 = %+v, want text %q, a reply to 1001, one photo", post.Data, "a heron")
	}
	if card := f.do(t, "GET", "/embed/post/1002", nil, nil); card.status != 200 || !strings.Contains(card.body, "/media/") {
		t.Errorf("card of 1002: %d, want its photo\n%s", card.status, card.body)
	}
	photo := strings.TrimPrefix(post.Data.Media[0].URL, "http://roost.test")
	if r := f.do(t, "GET", photo+"?w=600", nil, nil); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/") {
		t.Errorf("GET %s?w=600: %d %s", photo, r.status, r.header.Get("Content-Type"))
	}
	oembed := f.do(t, "GET", "/oembed?url="+url.QueryEscape("https://twitter.com/wren_x/status/1001"), nil, nil)
	if oembed.status != 200 || !strings.Contains(oembed.body, "Fish") {
		t.Errorf("oEmbed of the X URL: %d %s", oembed.status, oembed.body)
	}

	again := f.waitImport(t, f.startImport(t, importZip(t)).Data.URL)
	if again.Data.Status != "done" || again.Data.Stats.Unchanged != 2 || again.Data.Stats.Created != 0 {
		t.Errorf("second import %+v, want done with 2 unchanged", again.Data)
	}
}

func TestImportAPIRefuses(t *testing.T) {
	f := newFixture(t, Config{})
	archive := importZip(t)
	tests := []struct {
		name, token, kind string
		file              []byte
		status            int
		want              string
	}{
		{"no token", "", "x", archive, 401, ""},
		{"write scope", f.write, "x", archive, 403, ""},
		{"unknown kind", f.admin, "friendster", archive, 422, `"field":"kind"`},
		{"no kind", f.admin, "", archive, 422, `"field":"kind"`},
		{"no file", f.admin, "x", nil, 422, `"field":"file"`},
		{"not an archive", f.admin, "x", []byte("<html>hello</html>"), 415, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.postImport(t, tc.token, tc.kind, tc.file)
			if r.status != tc.status || !strings.Contains(r.body, tc.want) {
				t.Errorf("status %d body %s, want %d with %s", r.status, r.body, tc.status, tc.want)
			}
		})
	}
	if r := f.do(t, "GET", "/api/v1/imports/nope", map[string]string{"Authorization": "Bearer " + f.admin}, nil); r.status != 404 {
		t.Errorf("unknown job: %d, want 404", r.status)
	}
	if r := f.do(t, "GET", "/api/v1/imports/nope", map[string]string{"Authorization": "Bearer " + f.write}, nil); r.status != 403 {
		t.Errorf("job status with a write token: %d, want 403", r.status)
	}
}

func TestImportAPITruncatedArchiveFails(t *testing.T) {
	f := newFixture(t, Config{})
	whole := importZip(t)
	seq, err := f.st.LastChangeSeq(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	job := f.waitImport(t, f.startImport(t, whole[:len(whole)/2]).Data.URL)
	if job.Data.Status != "failed" || job.Data.Error == "" || strings.Contains(job.Data.Error, "roost-import-") {
		t.Errorf("truncated archive: %+v, want failed with a message naming the upload, not the temp file", job.Data)
	}
	if after, _ := f.st.LastChangeSeq(t.Context()); after != seq {
		t.Errorf("a failed import moved the change log from %d to %d", seq, after)
	}
}

func TestMediaVariantRoute(t *testing.T) {
	f := newFixture(t, Config{})
	m, err := f.srv.lib.Save(bytes.NewReader(pngBytes(t)))
	if err != nil {
		t.Fatal(err)
	}
	base := "/media/" + m.Path
	tests := []struct {
		url    string
		status int
		ctype  string
	}{
		{base, 200, "image/png"},
		{base + "?w=600", 200, "image/png"}, // the fixture's PNG is translucent: kept as PNG
		{base + "?w=48", 200, "image/png"},
		{base + "?w=601", 400, ""},
		{base + "?w=abc", 400, ""},
		{"/media/" + strings.TrimSuffix(m.Path, ".png") + ".svg", 404, ""},
		{"/media/" + strings.TrimSuffix(m.Path, ".png") + ".html?w=600", 404, ""},
	}
	for _, tc := range tests {
		r := f.do(t, "GET", tc.url, nil, nil)
		if r.status != tc.status || (tc.ctype != "" && r.header.Get("Content-Type") != tc.ctype) {
			t.Errorf("GET %s: %d %q, want %d %q", tc.url, r.status, r.header.Get("Content-Type"), tc.status, tc.ctype)
		}
		if r.status == 200 && (!strings.Contains(r.header.Get("Cache-Control"), "immutable") || r.header.Get("X-Content-Type-Options") != "nosniff") {
			t.Errorf("GET %s: headers %v, want immutable caching and nosniff", tc.url, r.header)
		}
	}
}
