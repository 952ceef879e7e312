package server

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestButtonRoutes checks each button kind and the share bar through the
// real server: status, content type, their own CSP (the frame script by
// hash, and the bar's own script), frameable, readable from any origin, no
// cookie, and links only to Roost's intents.
func TestButtonRoutes(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","followers_count":1234}`)
	tests := []struct {
		url, want string
		status    int
	}{
		{"/embed/button/share?text=hi&url=https://e.com/&hashtags=go", `href="http://roost.test/intent/post?hashtags=go&amp;text=hi&amp;url=https%3A%2F%2Fe.com%2F"`, 200},
		{"/embed/button/follow?screen_name=ada&show_count=true&size=large", "1.2K followers", 200},
		{"/embed/button/mention?screen_name=ada", `href="http://roost.test/intent/post?screen_name=ada&amp;text=%40ada"`, 200},
		{"/embed/button/hashtag?button_hashtag=go", `href="http://roost.test/intent/post?hashtags=go"`, 200},
		{"/embed/button/message?screen_name=ada", `href="http://roost.test/intent/post?recipient=ada"`, 200},
		{"/embed/button/tweet?screen_name=ada", "Unknown button", 404},
		{"/embed/sharebar?url=https://e.com/&networks=x,copy", `href="https://x.com/intent/post?url=https%3A%2F%2Fe.com%2F"`, 200},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			r := f.do(t, "GET", tc.url, nil, nil)
			if r.status != tc.status || !strings.Contains(r.body, tc.want) {
				t.Fatalf("status %d (want %d), body lacks %q:\n%s", r.status, tc.status, tc.want, r.body)
			}
			checkWidgetHeaders(t, r)
			csp := r.header.Get("Content-Security-Policy")
			// Buttons carry the frame script, the bar its own script too:
			// each inline script, and no other, is allowed by its hash.
			scripts := regexp.MustCompile(`<script>(.*?)</script>`).FindAllStringSubmatch(r.body, -1)
			want := 1
			if strings.Contains(tc.url, "sharebar") {
				want = 2
			}
			var hashes []string
			for _, s := range scripts {
				hashes = append(hashes, "'sha256-"+hashOf(s[1])+"'")
			}
			if len(scripts) != want || !strings.Contains(csp, "script-src "+strings.Join(hashes, " ")+";") {
				t.Errorf("%d inline scripts (want %d) not allowed exactly by CSP %q", len(scripts), want, csp)
			}
			if !strings.Contains(r.body, `"roost:height"`) {
				t.Errorf("the document lacks the frame script, so the loader cannot size it")
			}
		})
	}
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// checkWidgetHeaders asserts the widget profile of a button or bar answer.
func checkWidgetHeaders(t *testing.T, r response) {
	t.Helper()
	if c := r.header.Get("Set-Cookie"); c != "" {
		t.Errorf("Set-Cookie %q on a widget", c)
	}
	if ct := r.header.Get("Content-Type"); ct != htmlContentType {
		t.Errorf("Content-Type = %q", ct)
	}
	if r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("X-Frame-Options") != "" {
		t.Errorf("not embeddable: ACAO %q, XFO %q", r.header.Get("Access-Control-Allow-Origin"), r.header.Get("X-Frame-Options"))
	}
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors *") || !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "img-src") {
		t.Errorf("CSP %q: want frameable, default none, no images", csp)
	}
}

// TestFollowButtonFresh: the follow count depends on the user, so a write
// to the user shows on the very next request; protected hides the count.
func TestFollowButtonFresh(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","followers_count":10}`)
	url := "/embed/button/follow?screen_name=ADA&show_count=1"
	steps := []struct {
		patch, want, absent string
	}{
		{"", "10 followers", ""},
		{`{"followers_count":11}`, "11 followers", "10 followers"},
		{`{"protected":true}`, "Follow", "followers"},
		{`{"protected":false,"followers_count":1}`, "1 follower<", ""},
	}
	for _, s := range steps {
		if s.patch != "" {
			if r := f.writeJSON(t, "PATCH", "/api/v1/users/ada", s.patch); r.status != 200 {
				t.Fatalf("PATCH %s: %d %s", s.patch, r.status, r.body)
			}
		}
		r := f.do(t, "GET", url, nil, nil)
		if r.status != 200 || !strings.Contains(r.body, s.want) || s.absent != "" && strings.Contains(r.body, s.absent) {
			t.Errorf("after %q: status %d, want %q and not %q in\n%s", s.patch, r.status, s.want, s.absent, r.body)
		}
	}
}

// TestButtonKeysBounded: unknown parameters and the options of other kinds
// never create cache entries; equal options share one.
func TestButtonKeysBounded(t *testing.T) {
	f := newFixture(t, Config{})
	f.do(t, "GET", "/embed/button/share?text=hi", nil, nil)
	f.do(t, "GET", "/embed/sharebar?url=https://e.com/", nil, nil)
	f.do(t, "GET", "/embed/button/nope", nil, nil)
	f.srv.cache.Wait() // ristretto stores asynchronously: let the three entries land
	before := f.srv.cache.Stats().Fills
	for i := range 300 {
		f.do(t, "GET", fmt.Sprintf("/embed/button/share?text=hi&utm_%d=%d&screen_name=x%d&show_count=%d", i, i, i, i), nil, nil)
		f.do(t, "GET", fmt.Sprintf("/embed/sharebar?url=https://e.com/&x%d=1&networks=bogus%d", i, i), nil, nil)
		f.do(t, "GET", fmt.Sprintf("/embed/button/nope%d?text=%d", i, i), nil, nil)
	}
	if after := f.srv.cache.Stats().Fills; after != before {
		t.Errorf("random parameters caused %d new renders", after-before)
	}
}

// TestNoCookiesAnywhere: no button, bar or intent answer sets a cookie,
// whatever the request carries.
func TestNoCookiesAnywhere(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada"}`)
	for _, u := range []string{"/embed/button/share", "/embed/button/follow?screen_name=ada", "/embed/button/x",
		"/embed/sharebar", "/intent/post?text=hi", "/intent/follow?screen_name=ada", "/intent/user?screen_name=ada",
		"/intent/like?post_id=1", "/intent/nope"} {
		r := f.do(t, "GET", u, map[string]string{"Cookie": "session=1"}, nil)
		if c := r.header.Values("Set-Cookie"); len(c) != 0 {
			t.Errorf("%s sets cookies %q", u, c)
		}
	}
}
