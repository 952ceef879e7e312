package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// seedSecurity stores a user with a post, a list and a hashtag and returns
// the post and list ids.
func seedSecurity(t *testing.T, f *fixture) (post, list string) {
	t.Helper()
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	post = f.mustCreate(t, "/api/v1/posts", `{"author":"ada","text":"hello #roost"}`)
	list = f.mustCreate(t, "/api/v1/lists", `{"owner":"ada","name":"L","members":["ada"]}`)
	return post, list
}

// mutationRoutes are every route that changes state, with the scope it needs.
func mutationRoutes(post, list string) []struct{ method, path, scope string } {
	return []struct{ method, path, scope string }{
		{"POST", "/api/v1/users", "write"},
		{"PATCH", "/api/v1/users/ada", "write"},
		{"DELETE", "/api/v1/users/ada", "write"},
		{"POST", "/api/v1/posts", "write"},
		{"PATCH", "/api/v1/posts/" + post, "write"},
		{"DELETE", "/api/v1/posts/" + post, "write"},
		{"POST", "/api/v1/media", "write"},
		{"POST", "/api/v1/lists", "write"},
		{"PUT", "/api/v1/lists/" + list + "/members", "write"},
		{"POST", "/api/v1/imports", "admin"},
		{"GET", "/api/v1/imports/1", "admin"},
		{"POST", "/api/v1/purge", "admin"},
	}
}

// TestSecurityMutationsRefusedWithoutValidToken sends every mutation with
// no token, a malformed one, an unknown one, a revoked one and (for admin
// routes) a write-scoped one: each is refused and nothing changes.
func TestSecurityMutationsRefusedWithoutValidToken(t *testing.T) {
	f := newFixture(t, Config{})
	post, list := seedSecurity(t, f)
	before := f.changeCount()
	creds := map[string]string{
		"none":       "",
		"not bearer": "Basic " + f.write,
		"malformed":  "Bearer x",
		"unknown":    "Bearer rst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"revoked":    "Bearer " + f.revoke,
		"query":      "", // the secret in the query string is not a credential
	}
	body := `{"handle":"eve","author":"ada","text":"x","owner":"ada","name":"x","members":["ada"]}`
	for _, r := range mutationRoutes(post, list) {
		for name, auth := range creds {
			h := map[string]string{"Content-Type": "application/json"}
			if auth != "" {
				h["Authorization"] = auth
			}
			path := r.path
			if name == "query" {
				path += "?access_token=" + f.write + "&token=" + f.write
			}
			got := f.do(t, r.method, path, h, strings.NewReader(body))
			if got.status != 401 && got.status != 403 {
				t.Errorf("%s %s with %s credentials: status %d, want 401 or 403 (%s)", r.method, r.path, name, got.status, got.body)
			}
		}
		if r.scope == "admin" {
			got := f.do(t, r.method, r.path, map[string]string{"Authorization": "Bearer " + f.write,
				"Content-Type": "application/json"}, strings.NewReader(body))
			if got.status != 403 {
				t.Errorf("%s %s with a write token: status %d, want 403", r.method, r.path, got.status)
			}
		}
	}
	if n := f.changeCount(); n != before {
		t.Errorf("%d changes recorded by refused requests", n-before)
	}
}

// TestSecurityTokensNeverLogged captures the server's JSON log at debug
// level through successful, refused and failing requests that carry
// token secrets in every place a client might put them, and greps it.
func TestSecurityTokensNeverLogged(t *testing.T) {
	f := newFixture(t, Config{})
	var buf bytes.Buffer
	f.srv.log = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	post, _ := seedSecurity(t, f)
	for _, secret := range []string{f.write, f.admin, f.revoke} {
		for _, r := range []struct{ method, path, body string }{
			{"POST", "/api/v1/posts", `{"author":"ada","text":"t"}`},
			{"POST", "/api/v1/posts", `{"author":"nobody","text":"t"}`},
			{"POST", "/api/v1/posts", `{broken`},
			{"PATCH", "/api/v1/posts/" + post, `{"text":"` + secret + `x"}`},
			{"POST", "/api/v1/purge", `{}`},
			{"GET", "/embed/post/" + post + "?token=" + secret, ""},
			{"GET", "/api/v1/users/ada?access_token=" + secret, ""},
		} {
			f.do(t, r.method, r.path, map[string]string{"Authorization": "Bearer " + secret,
				"Cookie": "token=" + secret, "X-Api-Key": secret, "Content-Type": "application/json"},
				strings.NewReader(r.body))
		}
	}
	if buf.Len() == 0 {
		t.Fatal("nothing was logged: the capture is not wired")
	}
	for name, secret := range map[string]string{"write": f.write, "admin": f.admin, "revoked": f.revoke} {
		// The stored text of the PATCH above legitimately holds secret+"x";
		// the log must hold neither it nor the secret alone.
		if strings.Contains(buf.String(), secret) {
			i := strings.Index(buf.String(), secret)
			t.Errorf("the %s token's secret is in the log: …%s…", name, buf.String()[max(0, i-200):i+len(secret)])
		}
		if strings.Contains(buf.String(), secret[len(TokenPrefix):len(TokenPrefix)+16]) {
			t.Errorf("part of the %s token's secret is in the log", name)
		}
	}
	_ = context.Background()
}

// publicRoutes are the routes a visitor reaches, for the header checks.
func publicRoutes(post, list string) map[string]string {
	return map[string]string{
		"/embed/post/" + post:                              "widget",
		"/embed/timeline/ada":                              "widget",
		"/embed/list/" + list:                              "widget",
		"/embed/hashtag/roost":                             "widget",
		"/embed/button/follow?screen_name=ada":             "widget",
		"/embed/button/share?url=https://e.com/":           "widget",
		"/embed/sharebar?url=https://e.com/":               "widget",
		"/oembed?url=http://roost.test/ada/status/" + post: "json",
		"/widgets.js":                                      "script",
		"/api/v1/posts/" + post:                            "api",
		"/api/v1/users/ada":                                "api",
		"/api/v1/users/ada/posts":                          "api",
		"/intent/post?text=hi":                             "page",
		"/intent/follow?screen_name=ada":                   "page",
		"/publish":                                         "page",
		"/publish?url=http://roost.test/ada":               "page",
		"/":                                                "page",
		"/ada":                                             "page",
		"/ada/status/" + post:                              "page",
		"/livez":                                           "ops",
		"/readyz":                                          "ops",
		"/metrics":                                         "ops",
		"/nope/nope/nope":                                  "page",
	}
}

// TestSecurityHeadersByRouteGroup checks, on every public route: nosniff
// everywhere, no Set-Cookie anywhere, widgets frameable by any site and
// every other HTML document not frameable.
func TestSecurityHeadersByRouteGroup(t *testing.T) {
	f := newFixture(t, Config{})
	post, list := seedSecurity(t, f)
	for path, group := range publicRoutes(post, list) {
		r := f.do(t, "GET", path, nil, nil)
		if r.status >= 500 {
			t.Errorf("%s: status %d", path, r.status)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", path)
		}
		if c := r.header.Values("Set-Cookie"); len(c) > 0 {
			t.Errorf("%s: sets cookies %q", path, c)
		}
		csp := r.header.Get("Content-Security-Policy")
		html := strings.HasPrefix(r.header.Get("Content-Type"), "text/html")
		switch {
		case group == "widget":
			if !strings.Contains(csp, "frame-ancestors *") || r.header.Get("X-Frame-Options") != "" {
				t.Errorf("%s: widget not frameable: CSP %q, X-Frame-Options %q", path, csp, r.header.Get("X-Frame-Options"))
			}
		case html || group == "api":
			if !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s (%s, %s): CSP %q lacks frame-ancestors 'none'", path, group, r.header.Get("Content-Type"), csp)
			}
		}
		if html && !strings.Contains(csp, "default-src 'none'") && group != "widget" {
			t.Errorf("%s: page CSP %q is not default-src 'none'", path, csp)
		}
	}
}

// TestSecurityCachePoisoning sends every cached route once with headers a
// poisoner would use, then as a plain visitor: the visitor must get the
// same bytes as before the attempt, and the attempt itself must not echo
// the forged host.
func TestSecurityCachePoisoning(t *testing.T) {
	f := newFixture(t, Config{})
	post, list := seedSecurity(t, f)
	poison := []map[string]string{
		{"X-Forwarded-Host": "evil.example"},
		{"X-Forwarded-Proto": "javascript", "X-Forwarded-Port": "1"},
		{"X-Original-URL": "/embed/post/999", "X-Rewrite-URL": "/admin"},
		{"Cookie": "session=evil; theme=dark"},
		{"Authorization": "Bearer " + f.admin},
		{"Cache-Control": "no-cache", "Pragma": "no-cache"},
		{"Accept-Language": "ar", "Accept": "application/json"},
		{"X-Host": "evil.example", "Forwarded": "host=evil.example;proto=http"},
	}
	for path, group := range publicRoutes(post, list) {
		if group == "ops" {
			continue
		}
		clean := f.do(t, "GET", path, nil, nil)
		for _, h := range poison {
			got := f.do(t, "GET", path, h, nil)
			if strings.Contains(got.body, "evil.example") {
				t.Errorf("%s with %v: the answer echoes the forged host", path, h)
			}
			after := f.do(t, "GET", path, nil, nil)
			if after.body != clean.body || after.status != clean.status {
				t.Errorf("%s: after a request with %v the next visitor gets a different answer (%d, %d bytes; was %d, %d bytes)",
					path, h, after.status, len(after.body), clean.status, len(clean.body))
			}
		}
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "evil.example:8080"
		resp, err := f.srv.App().Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		oddBody, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(oddBody), "evil.example") {
			t.Errorf("%s with Host evil.example: the answer echoes the host", path)
		}
		if after := f.do(t, "GET", path, nil, nil); after.body != clean.body {
			t.Errorf("%s: after a request with an odd Host the next visitor gets a different answer", path)
		}
	}
}
