package server

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// intentFixture is a server with one account per platform and a post by
// each: an imported X post (X's id), a Mastodon post with its original
// URL, and a native post.
type intentFixture struct {
	*fixture
	xPost, mPost, nPost string
}

const (
	intentXPostID = "1500000000000000001"
	intentMPostID = "1500000000000000002"
)

func newIntentFixture(t *testing.T, cfg Config) *intentFixture {
	t.Helper()
	f := &intentFixture{fixture: newFixture(t, cfg)}
	f.mustCreate(t, "/api/v1/users", `{"handle":"xuser","platform":"x","profile_url":"https://x.com/XUser"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"mast","platform":"mastodon","profile_url":"https://mastodon.example/@mast"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"nat"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"priv","protected":true,"platform":"x","profile_url":"https://x.com/priv"}`)
	f.xPost = f.mustCreate(t, "/api/v1/posts", `{"id":"`+intentXPostID+`","author":"xuser","text":"from X"}`)
	f.nPost = f.mustCreate(t, "/api/v1/posts", `{"author":"nat","text":"native"}`)
	u, err := f.st.UserByHandle(context.Background(), "mast")
	if err != nil {
		t.Fatal(err)
	}
	p := &storage.Post{ID: 1500000000000000002, AuthorID: u.ID, Text: "from Mastodon", CreatedAt: time.Now(),
		OriginalURL: "https://mastodon.example/@mast/110"}
	if _, err := f.st.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	f.mPost = intentMPostID
	return f
}

// TestIntentHandoff: each platform's intent goes where the action can
// happen, built from validated values only.
func TestIntentHandoff(t *testing.T) {
	f := newIntentFixture(t, Config{})
	tests := []struct {
		url, location string
		status        int
	}{
		{"/intent/like?post_id=" + intentXPostID, "https://x.com/intent/like?tweet_id=" + intentXPostID, 302},
		{"/intent/repost?tweet_id=" + intentXPostID, "https://x.com/intent/retweet?tweet_id=" + intentXPostID, 302},
		{"/intent/post?in_reply_to=" + intentXPostID + "&text=hi", "https://x.com/intent/tweet?in_reply_to=" + intentXPostID + "&text=hi", 302},
		{"/intent/follow?screen_name=xuser", "https://x.com/intent/follow?screen_name=XUser", 302},
		{"/intent/user?screen_name=XUSER", "https://x.com/intent/user?screen_name=XUser", 302},
		{"/intent/post?screen_name=xuser&text=%40xuser+yo", "https://x.com/intent/tweet?screen_name=XUser&text=%40xuser+yo", 302},
		{"/intent/like?post_id=" + intentMPostID, "https://mastodon.example/authorize_interaction?uri=https%3A%2F%2Fmastodon.example%2F%40mast%2F110", 302},
		{"/intent/follow?screen_name=mast", "https://mastodon.example/authorize_interaction?uri=https%3A%2F%2Fmastodon.example%2F%40mast", 302},
		{"/intent/user?screen_name=mast", "https://mastodon.example/@mast", 302},
		{"/intent/post?screen_name=mast&text=%40mast+hi", "https://mastodon.example/share?text=%40mast%40mastodon.example+hi", 302},
		{"/intent/user?screen_name=nat", "http://roost.test/nat", 302},
		{"/intent/like?post_id=" + f.nPost, "", 200},
		{"/intent/follow?screen_name=nat", "", 200},
		{"/intent/post?text=hello", "", 200},
		{"/intent/post?text=hello&instance=fosstodon.org", "", 200},
		{"/intent/like?post_id=42", "", 404},
		{"/intent/like?post_id=abc", "", 404},
		{"/intent/like", "", 404},
		{"/intent/follow?screen_name=nobody", "", 404},
		{"/intent/follow?screen_name=priv", "", 403},
		{"/intent/nope", "", 404},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			r := f.do(t, "GET", tc.url, nil, nil)
			if r.status != tc.status || r.header.Get("Location") != tc.location {
				t.Fatalf("status %d Location %q, want %d %q\n%s", r.status, r.header.Get("Location"), tc.status, tc.location, r.body)
			}
			checkIntentHeaders(t, r)
		})
	}
}

// TestIntentURLTemplate: with --intent-url, native intents and plain
// shares go to the operator's platform with the validated query.
func TestIntentURLTemplate(t *testing.T) {
	tests := []struct{ tmpl, url, location string }{
		{"https://social.example/intent/{action}?{query}", "/intent/post?text=a+b&url=https://e.com/&evil=1", "https://social.example/intent/post?text=a+b&url=https%3A%2F%2Fe.com%2F"},
		{"https://social.example/i/{action}", "/intent/follow?screen_name=nat", "https://social.example/i/follow?screen_name=nat"},
		{"https://social.example/go?x=1", "/intent/like?post_id=NATIVE", "https://social.example/go?x=1&post_id=NATIVE"},
		{"http://localhost:9000/{action}/{query}", "/intent/user?screen_name=nat", "http://localhost:9000/user/screen_name=nat"},
	}
	for _, tc := range tests {
		t.Run(tc.tmpl, func(t *testing.T) {
			f := newIntentFixture(t, Config{IntentURL: tc.tmpl})
			u := strings.ReplaceAll(tc.url, "NATIVE", f.nPost)
			want := strings.ReplaceAll(tc.location, "NATIVE", f.nPost)
			r := f.do(t, "GET", u, nil, nil)
			if r.status != 302 || r.header.Get("Location") != want {
				t.Fatalf("status %d Location %q, want 302 %q", r.status, r.header.Get("Location"), want)
			}
			// X accounts still go to X whatever the template says.
			if r := f.do(t, "GET", "/intent/follow?screen_name=xuser", nil, nil); !strings.HasPrefix(r.header.Get("Location"), "https://x.com/") {
				t.Errorf("X account sent to %q", r.header.Get("Location"))
			}
		})
	}
}

// evilValues are the forms an open redirect is usually attempted with.
func evilValues() []string {
	return []string{
		"//evil.example", "https:evil.example", `\\evil.example`, `/\evil.example`, "%2F%2Fevil.example",
		"https://x.com@evil.example", "https://evil.example", "javascript:alert(1)", "evil.example\r\nLocation: https://evil.example",
		"x\r\nSet-Cookie: a=1", "https://x.com.evil.example/", "https://evil.example#@x.com", "ht\ttps://evil.example",
		"%0d%0aLocation:%20https://evil.example", "@evil.example", "evil.example:443", "https://[::1]/",
	}
}

// TestIntentNeverOpenRedirect tries every evil value in every parameter of
// every action, on a server without and with an intent URL: a redirect
// always goes to an allowed host, and no header is injected.
func TestIntentNeverOpenRedirect(t *testing.T) {
	params := []string{"text", "url", "via", "hashtags", "related", "screen_name", "recipient", "post_id", "tweet_id",
		"in_reply_to", "instance", "lang", "redirect", "next", "return_to"}
	allowed := map[string]bool{"x.com": true, "twitter.com": true, "mastodon.example": true, "social.example": true, "roost.test": true}
	for _, cfg := range []Config{{}, {IntentURL: "https://social.example/intent/{action}?{query}"}} {
		f := newIntentFixture(t, cfg)
		for _, action := range []string{"post", "follow", "like", "repost", "user"} {
			for _, p := range params {
				for _, evil := range evilValues() {
					for _, base := range []string{"", "screen_name=mast&", "screen_name=xuser&", "post_id=" + intentMPostID + "&"} {
						u := "/intent/" + action + "?" + base + p + "=" + url.QueryEscape(evil)
						r := f.do(t, "GET", u, nil, nil)
						checkRedirect(t, u, r, allowed)
					}
				}
			}
		}
	}
}

// checkRedirect fails when a response redirects outside allowed or
// carries an injected header.
func checkRedirect(t *testing.T, req string, r response, allowed map[string]bool) {
	t.Helper()
	if r.header.Get("Set-Cookie") != "" {
		t.Errorf("%s: injected Set-Cookie", req)
	}
	loc := r.header.Get("Location")
	if loc == "" {
		if r.status/100 == 3 {
			t.Errorf("%s: %d without Location", req, r.status)
		}
		return
	}
	u, err := url.Parse(loc)
	if err != nil || !allowed[u.Host] || u.User != nil || strings.ContainsAny(loc, "\\\r\n") ||
		(u.Scheme != "https" && u.Host != "roost.test") || !strings.HasPrefix(loc, u.Scheme+"://"+u.Host+"/") {
		t.Errorf("%s: redirected to %q", req, loc)
	}
}

// TestIntentURLMisconfigured: a template that would let a value pick the
// host, or is not an absolute http(s) URL, is never used.
func TestIntentURLMisconfigured(t *testing.T) {
	allowed := map[string]bool{"x.com": true, "twitter.com": true, "mastodon.example": true, "roost.test": true}
	for _, tmpl := range []string{
		"//evil.example/{action}", "https:evil.example/{action}", `https://social.example\@evil.example/`,
		"https://{query}/x", "https://{action}.evil.example/", "https://social.example{query}", "javascript:alert(1)//{query}",
		"https://evil.example@social.example/{action}", "ftp://social.example/{action}", "https://social.example:{action}/",
		"https://social.example/\r\n{action}", "%2F%2Fevil.example/{action}", "/relative/{action}",
	} {
		t.Run(tmpl, func(t *testing.T) {
			f := newIntentFixture(t, Config{IntentURL: tmpl})
			for _, u := range []string{"/intent/post?text=hi", "/intent/follow?screen_name=nat", "/intent/like?post_id=" + f.nPost} {
				r := f.do(t, "GET", u, nil, nil)
				checkRedirect(t, u, r, allowed)
				if r.status != 200 {
					t.Errorf("%s with template %q: status %d, want the chooser (200)", u, tmpl, r.status)
				}
			}
		})
	}
}

// checkIntentHeaders: intents are never framed, never cached, no cookies.
func checkIntentHeaders(t *testing.T, r response) {
	t.Helper()
	if r.header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("X-Frame-Options = %q, want DENY", r.header.Get("X-Frame-Options"))
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP = %q: want frame-ancestors 'none' and no script", csp)
	}
	if r.header.Get("Set-Cookie") != "" || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Set-Cookie %q, Cache-Control %q", r.header.Get("Set-Cookie"), r.header.Get("Cache-Control"))
	}
}

// TestIntentChooserPage: the chooser shows the post, links to X and
// Bluesky, a form back to Roost, and a typed server only as a link.
func TestIntentChooserPage(t *testing.T) {
	f := newIntentFixture(t, Config{})
	r := f.do(t, "GET", "/intent/like?post_id="+f.nPost+"&lang=fr", nil, nil)
	for _, want := range []string{"native", `action=http://roost.test/intent/like`, `name=post_id value=` + f.nPost,
		"https://x.com/intent/post?url=http%3A%2F%2Froost.test%2Fnat%2Fstatus%2F" + f.nPost, "Continuer sur Bluesky"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("chooser lacks %q:\n%s", want, r.body)
		}
	}
	r = f.do(t, "GET", "/intent/post?text=hi&instance=https://Fosstodon.org/", nil, nil)
	if r.status != 200 || r.header.Get("Location") != "" || !strings.Contains(r.body, `href="https://fosstodon.org/share?text=hi"`) {
		t.Errorf("typed server: status %d Location %q, body lacks the link:\n%s", r.status, r.header.Get("Location"), r.body)
	}
	r = f.do(t, "GET", "/intent/post?text=hi&instance=evil.example/x@y", nil, nil)
	if r.status != 200 || !strings.Contains(r.body, "aria-invalid") || strings.Contains(r.body, "evil.example") {
		t.Errorf("bad server: status %d, want the form with an error and no link:\n%s", r.status, r.body)
	}
}
