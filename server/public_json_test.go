package server

import (
	"strings"
	"testing"
)

// TestPublicJSONIsCachedAndFresh: the public JSON is served from the render
// cache (a repeat is a hit), yet every write shows on the next request.
func TestPublicJSONIsCachedAndFresh(t *testing.T) {
	f := newFixture(t, Config{})
	get := func(u string) response { t.Helper(); return f.do(t, "GET", u, nil, nil) }
	if r := get("/api/v1/users/carol"); r.status != 404 {
		t.Fatalf("unknown user: %d", r.status)
	}
	f.mustCreate(t, "/api/v1/users", `{"handle":"carol","name":"Carol"}`)
	if r := get("/api/v1/users/carol"); r.status != 200 {
		t.Fatalf("a user created after a cached 404: status %d, want 200", r.status)
	}
	post := f.mustCreate(t, "/api/v1/posts", `{"author":"carol","text":"first words"}`)
	for _, u := range []string{"/api/v1/posts/" + post, "/api/v1/users/carol/posts"} {
		get(u)
		f.srv.cache.Wait()
		fills := f.srv.cache.Stats().Fills
		if r := get(u); r.status != 200 || !strings.Contains(r.body, "first words") {
			t.Fatalf("%s: %d %s", u, r.status, r.body)
		}
		if f.srv.cache.Stats().Fills != fills {
			t.Errorf("%s: a repeated read rendered again; want a cache hit", u)
		}
	}
	steps := []struct {
		method, url, body string
		want              int
		has               string
	}{
		{"PATCH", "/api/v1/posts/" + post, `{"text":"second words"}`, 200, "second words"},
		{"PATCH", "/api/v1/users/carol", `{"protected":true}`, 403, "forbidden"},
		{"PATCH", "/api/v1/users/carol", `{"protected":false,"suspended":true}`, 410, ""},
		{"PATCH", "/api/v1/users/carol", `{"suspended":false}`, 200, "second words"},
		{"DELETE", "/api/v1/posts/" + post, ``, 404, "not_found"},
	}
	for _, s := range steps {
		if r := f.writeJSON(t, s.method, s.url, s.body); r.status >= 300 {
			t.Fatalf("%s %s: %d %s", s.method, s.url, r.status, r.body)
		}
		if r := get("/api/v1/posts/" + post); r.status != s.want || !strings.Contains(r.body, s.has) {
			t.Errorf("after %s %s %s: status %d body %s, want %d with %q", s.method, s.url, s.body, r.status, r.body, s.want, s.has)
		}
	}
	if r := get("/api/v1/users/carol/posts"); strings.Contains(r.body, "second words") {
		t.Errorf("the user's posts still list a deleted post: %s", r.body)
	}
}
