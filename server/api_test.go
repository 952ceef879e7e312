package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// scenario is one HTTP exchange and what its answer must and must not hold.
type scenario struct {
	name        string
	method, url string
	headers     map[string]string
	body        string
	wantStatus  int
	contains    []string
	notContains []string
	wantHeaders map[string]string
}

// run sends the scenario and checks the answer.
func (sc scenario) run(t *testing.T, f *fixture) {
	t.Helper()
	var body *strings.Reader
	if sc.body != "" {
		body = strings.NewReader(sc.body)
	}
	var r response
	if body == nil {
		r = f.do(t, sc.method, sc.url, sc.headers, nil)
	} else {
		r = f.do(t, sc.method, sc.url, sc.headers, body)
	}
	if r.status != sc.wantStatus {
		t.Errorf("status = %d, want %d; body %s", r.status, sc.wantStatus, r.body)
	}
	for _, s := range sc.contains {
		if !strings.Contains(r.body, s) {
			t.Errorf("body does not contain %q: %s", s, r.body)
		}
	}
	for _, s := range sc.notContains {
		if strings.Contains(r.body, s) {
			t.Errorf("body contains %q: %s", s, r.body)
		}
	}
	for k, v := range sc.wantHeaders {
		if got := r.header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if rid := r.header.Get("X-Request-Id"); len(rid) != 16 {
		t.Errorf("X-Request-Id = %q, want 16 hex digits", rid)
	}
}

// rawToken stores a token with any scope string, for scopes NewToken refuses.
func (f *fixture) rawToken(t *testing.T, scope string) string {
	t.Helper()
	secret := fmt.Sprintf("%s%s-%d", TokenPrefix, scope, time.Now().UnixNano())
	tok := &storage.Token{Name: scope, Scope: scope, Hash: HashToken(secret)}
	if err := f.st.CreateToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	return secret
}

// seeded holds the ids the scenarios refer to.
type seeded struct {
	alicePost, privPost, gonePost, mediaID string
}

// seed creates three users in the three states, a post by each, and an image.
func seed(t *testing.T, f *fixture) seeded {
	t.Helper()
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice <A>","bio":"hi"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"priv","protected":true}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"gone","suspended":true}`)
	var s seeded
	s.alicePost = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"hello <b>world</b> #roost","lang":"en"}`)
	s.privPost = f.mustCreate(t, "/api/v1/posts", `{"author":"priv","text":"hush-hush words"}`)
	s.gonePost = f.mustCreate(t, "/api/v1/posts", `{"author":"gone","text":"gone"}`)
	ct, body := multipartBody(t, pngBytes(t), map[string]string{"alt": "a dot", "owner": "alice"})
	r := f.do(t, "POST", "/api/v1/media", map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": ct}, body)
	if r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var out struct{ Data mediaJSON }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	s.mediaID = fmt.Sprint(int64(out.Data.ID))
	return s
}

func TestAPIScenarios(t *testing.T) {
	f := newFixture(t, Config{})
	s := seed(t, f)
	readOnly := f.rawToken(t, "read")
	auth := func(tok string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
	}
	w := auth(f.write)
	txtType, txtBody := multipartBody(t, []byte("just some text, not an image"), nil)
	noFileType, noFileBody := multipartBody(t, nil, map[string]string{"alt": "x"})

	scenarios := []scenario{
		{name: "no token", method: "POST", url: "/api/v1/posts", headers: map[string]string{"Content-Type": "application/json"},
			body: `{"author":"alice","text":"x"}`, wantStatus: 401, contains: []string{`"code":"unauthorized"`},
			wantHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="roost"`}},
		{name: "unknown token", method: "POST", url: "/api/v1/posts", headers: auth("rst_unknownunknownunknown"),
			body: `{"author":"alice","text":"x"}`, wantStatus: 401, contains: []string{"unknown token"}},
		{name: "not a roost token", method: "POST", url: "/api/v1/posts", headers: auth("abc"),
			body: `{"author":"alice","text":"x"}`, wantStatus: 401},
		{name: "revoked token", method: "POST", url: "/api/v1/posts", headers: auth(f.revoke),
			body: `{"author":"alice","text":"x"}`, wantStatus: 401, contains: []string{"revoked"}},
		{name: "wrong scope", method: "POST", url: "/api/v1/posts", headers: auth(readOnly),
			body: `{"author":"alice","text":"x"}`, wantStatus: 403, contains: []string{`"code":"forbidden"`}},
		{name: "admin scope implies write", method: "PATCH", url: "/api/v1/users/alice", headers: auth(f.admin),
			body: `{"location":"Lisbon"}`, wantStatus: 200, contains: []string{`"location":"Lisbon"`, `"bio":"hi"`}},
		{name: "malformed JSON with position", method: "POST", url: "/api/v1/posts", headers: w,
			body: "{\n  \"author\": \"alice\",\n  \"text\": x\n}", wantStatus: 400,
			contains: []string{`"code":"malformed_json"`, "invalid character 'x'", "line 3, column 11 (offset 33)"}},
		{name: "truncated JSON", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice"`, wantStatus: 400, contains: []string{"malformed_json", "line 1"}},
		{name: "trailing data", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a"} {}`, wantStatus: 400, contains: []string{"after the JSON value"}},
		{name: "wrong field type", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","like_count":"many"}`, wantStatus: 422,
			contains: []string{`"field":"like_count"`, "like_count: expected integer, got string"}},
		{name: "bad id type", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","reply_to":"abc"}`, wantStatus: 422, contains: []string{`"field":"reply_to"`}},
		{name: "unknown field", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","colour":"red"}`, wantStatus: 422,
			contains: []string{`"field":"colour"`, "unknown field"}},
		{name: "text too long", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"` + strings.Repeat("é", 4001) + `"}`, wantStatus: 422,
			contains: []string{`"field":"text"`, "4001"}},
		{name: "text of 4000 characters is fine", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"` + strings.Repeat("é", 4000) + `"}`, wantStatus: 201},
		{name: "empty text without media", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":""}`, wantStatus: 422, contains: []string{`"field":"text"`}},
		{name: "media-only post", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","media_ids":["` + s.mediaID + `"]}`, wantStatus: 201,
			contains: []string{`"content_type":"image/png"`, `"alt":"a dot"`, `"width":8`}},
		{name: "too many media", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","media_ids":["1","2","3","4","5"]}`, wantStatus: 422,
			contains: []string{`"field":"media_ids"`}},
		{name: "unknown media", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","media_ids":[12345]}`, wantStatus: 422, contains: []string{`"field":"media_ids"`}},
		{name: "bad lang", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","lang":"english please"}`, wantStatus: 422, contains: []string{`"field":"lang"`}},
		{name: "bad created_at", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","created_at":"yesterday"}`, wantStatus: 422, contains: []string{`"field":"created_at"`}},
		{name: "negative count", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","like_count":-1}`, wantStatus: 422, contains: []string{`"field":"like_count"`}},
		{name: "unknown author", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"nobody","text":"a"}`, wantStatus: 422, contains: []string{`"field":"author"`}},
		{name: "reply_to unknown", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"a","reply_to":"999999"}`, wantStatus: 422, contains: []string{`"field":"reply_to"`}},
		{name: "reply accepted with numeric id", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"re","reply_to":` + s.alicePost + `}`, wantStatus: 201,
			contains: []string{`"reply_to":"` + s.alicePost + `"`}},
		{name: "oversized JSON body", method: "POST", url: "/api/v1/posts", headers: w,
			body: `{"author":"alice","text":"` + strings.Repeat("a", 300<<10) + `"}`, wantStatus: 413,
			contains: []string{`"code":"too_large"`}},
		{name: "text/plain on a JSON route", method: "POST", url: "/api/v1/posts",
			headers: map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": "text/plain"},
			body:    `{"author":"alice","text":"a"}`, wantStatus: 415, contains: []string{`"code":"unsupported_media_type"`}},
		{name: "non-image upload", method: "POST", url: "/api/v1/media",
			headers: map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": txtType},
			body:    txtBody.String(), wantStatus: 415, contains: []string{`"code":"unsupported_media_type"`}},
		{name: "upload without file", method: "POST", url: "/api/v1/media",
			headers: map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": noFileType},
			body:    noFileBody.String(), wantStatus: 422, contains: []string{`"field":"file"`}},
		{name: "upload as JSON", method: "POST", url: "/api/v1/media", headers: w,
			body: `{}`, wantStatus: 415},
		{name: "duplicate handle in other case", method: "POST", url: "/api/v1/users", headers: w,
			body: `{"handle":"ALICE"}`, wantStatus: 409, contains: []string{`"code":"conflict"`, `"field":"handle"`}},
		{name: "reserved handle", method: "POST", url: "/api/v1/users", headers: w,
			body: `{"handle":"Embed"}`, wantStatus: 422, contains: []string{`"field":"handle"`, "reserved"}},
		{name: "bad handle characters", method: "POST", url: "/api/v1/users", headers: w,
			body: `{"handle":"al-ice"}`, wantStatus: 422, contains: []string{`"field":"handle"`}},
		{name: "javascript url", method: "POST", url: "/api/v1/users", headers: w,
			body: `{"handle":"bob","url":"javascript:alert(1)"}`, wantStatus: 422, contains: []string{`"field":"url"`}},
		{name: "bad platform", method: "POST", url: "/api/v1/users", headers: w,
			body: `{"handle":"bob","platform":"myspace"}`, wantStatus: 422, contains: []string{`"field":"platform"`}},
		{name: "patch unknown user", method: "PATCH", url: "/api/v1/users/nobody", headers: w,
			body: `{"bio":"x"}`, wantStatus: 404, contains: []string{`"code":"not_found"`}},
		{name: "patch post cannot change author", method: "PATCH", url: "/api/v1/posts/" + s.alicePost, headers: w,
			body: `{"author":"priv"}`, wantStatus: 422, contains: []string{`"field":"author"`}},
		{name: "delete unknown post", method: "DELETE", url: "/api/v1/posts/424242", headers: w, wantStatus: 404},
		{name: "public post", method: "GET", url: "/api/v1/posts/" + s.alicePost, wantStatus: 200,
			contains: []string{`"id":"` + s.alicePost + `"`, `"author":"alice"`, `"url":"http://roost.test/alice/status/` + s.alicePost + `"`},
			wantHeaders: map[string]string{"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60",
				"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}},
		{name: "public post of protected author", method: "GET", url: "/api/v1/posts/" + s.privPost, wantStatus: 403,
			notContains: []string{"hush-hush"}},
		{name: "public post of suspended author", method: "GET", url: "/api/v1/posts/" + s.gonePost, wantStatus: 410},
		{name: "public post unknown", method: "GET", url: "/api/v1/posts/1", wantStatus: 404, contains: []string{`"code":"not_found"`}},
		{name: "public post bad id", method: "GET", url: "/api/v1/posts/abc", wantStatus: 404},
		{name: "public user", method: "GET", url: "/api/v1/users/ALICE", wantStatus: 200, contains: []string{`"handle":"alice"`}},
		{name: "public user protected", method: "GET", url: "/api/v1/users/priv", wantStatus: 403},
		{name: "public user suspended", method: "GET", url: "/api/v1/users/gone/posts", wantStatus: 410},
		{name: "public timeline bad limit", method: "GET", url: "/api/v1/users/alice/posts?limit=x", wantStatus: 400, contains: []string{`"field":"limit"`}},
		{name: "unknown API route", method: "GET", url: "/api/v1/nothing", wantStatus: 404, contains: []string{`"code":"not_found"`}},
		{name: "unknown route elsewhere", method: "GET", url: "/nothing/here", wantStatus: 404,
			wantHeaders: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{name: "method not allowed", method: "PUT", url: "/api/v1/posts", headers: w, body: `{}`, wantStatus: 405},
		{name: "embed post", method: "GET", url: "/embed/post/" + s.alicePost, wantStatus: 200,
			contains: []string{"hello &lt;b>world&lt;/b>", "Alice &lt;A>"}, notContains: []string{"<b>world"},
			wantHeaders: map[string]string{"Access-Control-Allow-Origin": "*", "Referrer-Policy": "strict-origin-when-cross-origin",
				"X-Content-Type-Options": "nosniff", "Content-Type": "text/html; charset=utf-8"}},
		{name: "embed post protected", method: "GET", url: "/embed/post/" + s.privPost, wantStatus: 403,
			contains: []string{"This post is from a protected account."}, notContains: []string{"hush-hush"}},
		{name: "embed post suspended", method: "GET", url: "/embed/post/" + s.gonePost, wantStatus: 410, contains: []string{"This account has been suspended."}},
		{name: "embed post unknown", method: "GET", url: "/embed/post/77", wantStatus: 404, contains: []string{"This post is unavailable."}},
		{name: "embed post is GET only", method: "POST", url: "/embed/post/" + s.alicePost, wantStatus: 405},
		{name: "livez", method: "GET", url: "/livez", wantStatus: 200, contains: []string{"ok"}},
		{name: "readyz", method: "GET", url: "/readyz", wantStatus: 200, contains: []string{"ok"}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, f) })
	}
}

func TestCreatePostResponseShape(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"carol"}`)
	r := f.writeJSON(t, "POST", "/api/v1/posts", `{"id":"1234567890123456789","author":"Carol","text":"hi","created_at":"2024-05-01T12:00:00+02:00","like_count":3}`)
	if r.status != 201 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var out struct{ Data map[string]any }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id": "1234567890123456789", "author": "carol", "text": "hi", "created_at": "2024-05-01T10:00:00Z",
		"like_count": float64(3), "edited_at": nil, "reply_to": nil,
		"url": "http://roost.test/carol/status/1234567890123456789",
	}
	for k, v := range want {
		if got := out.Data[k]; got != v {
			t.Errorf("data.%s = %#v, want %#v", k, got, v)
		}
	}
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control on a write = %q, want no-store", got)
	}
	if f.changeCount() != 2 {
		t.Errorf("OnChange saw %d changes, want 2 (user, post)", f.changeCount())
	}
}

func TestPatchPostIsPartial(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"dave"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"dave","text":"first","like_count":5,"lang":"en"}`)
	r := f.writeJSON(t, "PATCH", "/api/v1/posts/"+id, `{"text":"second #edit"}`)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	for _, want := range []string{`"text":"second #edit"`, `"like_count":5`, `"lang":"en"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("PATCH answer lacks %s: %s", want, r.body)
		}
	}
	if strings.Contains(r.body, `"edited_at":null`) {
		t.Errorf("edited_at not set after a text edit: %s", r.body)
	}
}

func TestDeletePostThenGone(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"erin"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"erin","text":"bye"}`)
	if r := f.writeJSON(t, "DELETE", "/api/v1/posts/"+id, ""); r.status != 204 {
		t.Fatalf("DELETE: status %d: %s", r.status, r.body)
	}
	for _, url := range []string{"/api/v1/posts/" + id, "/embed/post/" + id} {
		if r := f.do(t, "GET", url, nil, nil); r.status != 404 {
			t.Errorf("GET %s after delete: status %d, want 404", url, r.status)
		}
	}
	if r := f.writeJSON(t, "DELETE", "/api/v1/users/erin", ""); r.status != 204 {
		t.Fatalf("DELETE user: status %d: %s", r.status, r.body)
	}
	if r := f.do(t, "GET", "/api/v1/users/erin", nil, nil); r.status != 404 {
		t.Errorf("user after delete: status %d, want 404", r.status)
	}
}

func TestIdempotencyKey(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"frank"}`)
	h := map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": "application/json", "Idempotency-Key": "k-1"}
	body := `{"author":"frank","text":"once"}`
	first := f.do(t, "POST", "/api/v1/posts", h, strings.NewReader(body))
	second := f.do(t, "POST", "/api/v1/posts", h, strings.NewReader(body))
	if first.status != 201 || second.status != 201 {
		t.Fatalf("statuses %d, %d; want 201 twice (%s)", first.status, second.status, second.body)
	}
	if first.body != second.body {
		t.Errorf("replay differs:\n%s\n%s", first.body, second.body)
	}
	if second.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay lacks Idempotent-Replayed: true")
	}
	if n := f.countPosts(t, "frank"); n != 1 {
		t.Errorf("posts after a replayed create = %d, want 1", n)
	}
	other := f.do(t, "POST", "/api/v1/posts", h, strings.NewReader(`{"author":"frank","text":"twice"}`))
	if other.status != 422 || !strings.Contains(other.body, "Idempotency-Key") {
		t.Errorf("same key, other body: %d %s; want 422 naming Idempotency-Key", other.status, other.body)
	}
	// A failed request releases its key: the corrected retry succeeds.
	h["Idempotency-Key"] = "k-2"
	if r := f.do(t, "POST", "/api/v1/posts", h, strings.NewReader(`{"author":"frank","text":""}`)); r.status != 422 {
		t.Fatalf("invalid create: %d", r.status)
	}
	if r := f.do(t, "POST", "/api/v1/posts", h, strings.NewReader(`{"author":"frank","text":"fixed"}`)); r.status != 201 {
		t.Errorf("retry after a failure with the same key: %d %s", r.status, r.body)
	}
	if n := f.countPosts(t, "frank"); n != 2 {
		t.Errorf("posts = %d, want 2", n)
	}
}

func TestFailedRequestChangesNothing(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"gina","bio":"before"}`)
	r := f.writeJSON(t, "PATCH", "/api/v1/users/gina", `{"bio":"after","url":"ftp://x"}`)
	if r.status != 422 {
		t.Fatalf("status %d, want 422", r.status)
	}
	if got := f.do(t, "GET", "/api/v1/users/gina", nil, nil); !strings.Contains(got.body, `"bio":"before"`) {
		t.Errorf("a rejected PATCH changed the user: %s", got.body)
	}
	before := f.changeCount()
	f.writeJSON(t, "POST", "/api/v1/posts", `{"author":"gina","text":"x","reply_to":"5"}`)
	if f.changeCount() != before {
		t.Errorf("a rejected create reported a change")
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, Config{RateLimit: 0.01, RateBurst: 2})
	var last response
	for range 3 {
		last = f.writeJSON(t, "PATCH", "/api/v1/users/nobody", `{"bio":"x"}`)
	}
	if last.status != 429 {
		t.Fatalf("third request: status %d, want 429 (%s)", last.status, last.body)
	}
	if ra := last.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After = %q, want a positive number of seconds", ra)
	}
	if !strings.Contains(last.body, `"code":"rate_limited"`) {
		t.Errorf("body: %s", last.body)
	}
	// Another token has its own bucket.
	r := f.do(t, "PATCH", "/api/v1/users/nobody", map[string]string{
		"Authorization": "Bearer " + f.admin, "Content-Type": "application/json"}, strings.NewReader(`{"bio":"x"}`))
	if r.status != 404 {
		t.Errorf("other token: status %d, want 404", r.status)
	}
}

// TestBodyOverServerLimit sends a body over the server's limit. The server
// answers 413 as soon as it reads the Content-Length and closes the
// connection, so the client may still be writing and see a reset instead
// of the answer: a reset is retried, any other outcome fails.
func TestBodyOverServerLimit(t *testing.T) {
	f := newFixture(t, Config{BodyLimit: 64 << 10})
	base := f.listen(t)
	big := bytes.Repeat([]byte("a"), 100<<10)
	for try := 1; ; try++ {
		req, err := http.NewRequest("POST", base+"/api/v1/media", bytes.NewReader(big))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+f.write)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil && errors.Is(err, syscall.ECONNRESET) && try < 10 {
			continue // the reset overtook the 413
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413: %s", resp.StatusCode, b)
		}
		if !strings.Contains(string(b), `"code":"too_large"`) || resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("413 answer: %s (request id %q)", b, resp.Header.Get("X-Request-Id"))
		}
		return
	}
}
