package server

import (
	"net/url"
	"testing"
)

// TestEmbedLinkRedirectsOnlyToAPostsOwnLinks: /embed/link/{id}?url=U is
// how a sandboxed frame's links leave it (WordPress follows a frame's link
// only on the frame's host). It redirects to U when the visible post holds
// U, and to nowhere else: not another post's link, not a protected or
// deleted post's, not a scheme other than http(s), not a malformed id.
func TestEmbedLinkRedirectsOnlyToAPostsOwnLinks(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"carol","name":"Carol","protected":true}`)
	const link = "https://news.example/bridge?x=1&y=2"
	post := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"read `+link+` now"}`)
	other := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"no links here"}`)
	hidden := f.mustCreate(t, "/api/v1/posts", `{"author":"carol","text":"secret `+link+`"}`)
	gone := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"gone `+link+`"}`)
	if r := f.writeJSON(t, "DELETE", "/api/v1/posts/"+gone, ""); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	at := func(id, u string) string { return "/embed/link/" + id + "?url=" + url.QueryEscape(u) }

	r := f.do(t, "GET", at(post, link), nil, nil)
	if r.status != 302 || r.header.Get("Location") != link {
		t.Fatalf("own link: %d Location %q, want 302 to %s", r.status, r.header.Get("Location"), link)
	}
	if rp := r.header.Get("Referrer-Policy"); rp != "no-referrer" {
		t.Errorf("Referrer-Policy %q, want no-referrer", rp)
	}
	for name, path := range map[string]string{
		"a link the post lacks": at(post, "https://evil.example/"),
		"a prefix of its link":  at(post, "https://news.example/bridge"),
		"another post's id":     at(other, link),
		"a protected post":      at(hidden, link),
		"a deleted post":        at(gone, link),
		"javascript":            at(post, "javascript:alert(1)"),
		"an unknown post":       at("999999", link),
	} {
		if r := f.do(t, "GET", path, nil, nil); r.status != 404 || r.header.Get("Location") != "" {
			t.Errorf("%s: %d Location %q, want 404 and no redirect", name, r.status, r.header.Get("Location"))
		}
	}
	for _, path := range []string{"/embed/link/abc?url=" + url.QueryEscape(link), "/embed/link/" + post} {
		if r := f.do(t, "GET", path, nil, nil); r.status != 400 {
			t.Errorf("%s: %d, want 400", path, r.status)
		}
	}
}
