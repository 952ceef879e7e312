package server

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	phtml "github.com/tdewolff/parse/v2/html"

	"github.com/roost-embed/roost/demo"
	"github.com/roost-embed/roost/widgets"
)

// publishJSON is the configurator's JSON answer as the page script reads it.
type publishJSON struct {
	State     string         `json:"state"`
	Message   string         `json:"message"`
	Summary   string         `json:"summary"`
	Widget    string         `json:"widget"`
	Available []string       `json:"available"`
	Embed     *widgets.Embed `json:"embed"`
	DeepLink  string         `json:"deepLink"`
}

// publishGet asks the configurator for JSON with the given query.
func publishGet(t *testing.T, f *fixture, q url.Values) publishJSON {
	t.Helper()
	q.Set("format", "json")
	r := f.do(t, "GET", "/publish?"+q.Encode(), nil, nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /publish?%s: %d %s %s", q.Encode(), r.status, r.header.Get("Content-Type"), r.body)
	}
	var out publishJSON
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	return out
}

// TestPublishResolution pastes every kind of URL and checks the state, the
// message and whether a preview is offered, in JSON and in the HTML page.
func TestPublishResolution(t *testing.T) {
	forbidOutbound(t)
	f := newFixture(t, Config{})
	ids := seedEmbeds(t, f)
	deleted := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"soon gone"}`)
	if r := f.writeJSON(t, "DELETE", "/api/v1/posts/"+deleted, ""); r.status/100 != 2 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	base := "http://roost.test"
	cases := map[string]struct {
		url, state, widget, say string
		preview                 bool
	}{
		"nothing pasted":      {"", "", "post", "", false},
		"post":                {base + "/alice/status/" + ids.image, "ok", "post", "Post by Alice Example", true},
		"post, other handle":  {base + "/someone/status/" + ids.image, "ok", "post", "@alice", true},
		"embed path":          {base + "/embed/post/" + ids.plain, "ok", "post", "Alice", true},
		"profile":             {base + "/alice", "ok", "timeline", "Profile of Alice Example", true},
		"profile, any case":   {base + "/ALICE/", "ok", "timeline", "@alice", true},
		"list":                {base + "/embed/list/" + ids.listID, "ok", "timeline", "Birders", true},
		"hashtag":             {base + "/embed/hashtag/Roost", "ok", "timeline", "#roost", true},
		"imported x post":     {"https://twitter.com/XUser/status/" + xPostID, "ok", "post", "X User", true},
		"imported mastodon":   {"https://mastodon.example/@masto/" + mastoID, "ok", "post", "Masto User", true},
		"deleted post":        {base + "/alice/status/" + deleted, "deleted", "post", "deleted, or never existed", false},
		"never existed":       {base + "/alice/status/999999999", "deleted", "post", "unavailable", false},
		"protected post":      {base + "/hidden/status/" + ids.priv, "protected", "", "protected", false},
		"protected profile":   {base + "/hidden", "protected", "", "protected", false},
		"suspended post":      {base + "/banned/status/" + ids.gone, "suspended", "", "suspended", false},
		"suspended profile":   {base + "/banned", "suspended", "", "suspended", false},
		"unknown profile":     {base + "/nobody", "unknown", "", "no account @nobody", false},
		"unknown list":        {base + "/embed/list/42", "unknown", "", "no list 42", false},
		"unknown path":        {base + "/embed/nothing/here", "unknown", "", "Nothing on this server", false},
		"x post not imported": {"https://x.com/someone/status/123", "notimported", "share", "not been imported", true},
		"x profile":           {"https://x.com/someone", "notimported", "share", "never fetches", true},
		"foreign site":        {"https://news.example/story?id=1", "foreign", "share", "news.example", true},
		"look-alike host":     {"http://roost.test.evil.example/alice", "foreign", "share", "roost.test.evil.example", true},
		"mastodon elsewhere":  {"https://other.example/@masto/" + mastoID, "notimported", "share", "not been imported", true},
		"javascript":          {"javascript:alert(1)", "malformed", "", "not a URL Roost can read", false},
		"userinfo":            {"http://alice@roost.test/alice", "malformed", "", "not a URL", false},
		"not a url":           {"alice", "malformed", "", "not a URL", false},
		"encoded slash":       {base + "/alice%2Fstatus%2F1", "unknown", "", "Nothing on this server", false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := publishGet(t, f, url.Values{"url": {tc.url}})
			if got.State != tc.state {
				t.Errorf("state = %q, want %q (message %q)", got.State, tc.state, got.Message)
			}
			if tc.widget != "" && got.Widget != tc.widget {
				t.Errorf("widget = %q, want %q", got.Widget, tc.widget)
			}
			if !strings.Contains(strings.ToLower(got.Message+" "+got.Summary), strings.ToLower(tc.say)) {
				t.Errorf("message %q / summary %q does not say %q", got.Message, got.Summary, tc.say)
			}
			if (got.Embed != nil) != tc.preview {
				t.Errorf("preview offered = %v, want %v", got.Embed != nil, tc.preview)
			}
			page := f.do(t, "GET", "/publish?url="+url.QueryEscape(tc.url), nil, nil)
			if st := pageState(page.body); page.status != 200 || st != tc.state {
				t.Errorf("page: status %d, data-state %q, want %q", page.status, st, tc.state)
			}
		})
	}
}

// pageState reads the message's data-state from a (minified) page.
func pageState(body string) string {
	m := regexp.MustCompile(`id="?msg"? [^>]*data-state(?:="?([^"\s>]*))?`).FindStringSubmatch(body)
	if m == nil {
		return "<none>"
	}
	return m[1]
}

// TestPublishDeepLink checks that the state lives in the URL: the deep
// link holds the normalised options only, and following it reproduces the
// same snippets and page controls.
func TestPublishDeepLink(t *testing.T) {
	f := newFixture(t, Config{})
	ids := seedEmbeds(t, f)
	post := "http://roost.test/alice/status/" + ids.image
	first := publishGet(t, f, url.Values{"url": {post}, "widget": {"post"}, "theme": {"DARK"}, "width": {"404"},
		"hide_media": {"on"}, "lang": {"pt-BR"}, "bogus": {"x"}, "link_color": {"red;}"}})
	want := "http://roost.test/publish?url=" + url.QueryEscape(post) + "&widget=post&theme=dark&lang=pt&width=400&hide_media=true"
	if first.DeepLink != want {
		t.Fatalf("deep link = %q\n want %q", first.DeepLink, want)
	}
	u, _ := url.Parse(first.DeepLink)
	again := publishGet(t, f, u.Query())
	a, _ := json.Marshal(first.Embed)
	b, _ := json.Marshal(again.Embed)
	if string(a) != string(b) {
		t.Errorf("deep link reproduces another embed:\n%s\n%s", a, b)
	}
	page := f.do(t, "GET", u.RequestURI(), nil, nil).body
	for _, s := range []string{`<option value=dark selected>`, `value=400`, `name=hide_media value=true checked`, `<option value=pt lang=pt selected>`} {
		if !strings.Contains(page, s) {
			t.Errorf("page from the deep link lacks %q", s)
		}
	}
	timeline := publishGet(t, f, url.Values{"url": {"http://roost.test/alice"}, "chrome": {"noheader", "transparent"}, "limit": {"99"}})
	if !strings.Contains(timeline.DeepLink, "limit=20&chrome=noheader+transparent") {
		t.Errorf("checkbox groups and clamping not in the deep link: %s", timeline.DeepLink)
	}
}

// TestPublishSnippetsOnlyRoostOrigin builds every widget's code and checks
// that each URL in it is on Roost's public URL: an embed never makes a
// reader's browser talk to anyone else.
func TestPublishSnippetsOnlyRoostOrigin(t *testing.T) {
	f := newFixture(t, Config{})
	ids := seedEmbeds(t, f)
	postTextRE := regexp.MustCompile(`(?s)<p[ >].*?</p>`)
	urlRE := regexp.MustCompile(`(?i)(?:https?:)?//[^\s"'<>)]+|javascript:`)
	for _, w := range widgets.PublishWidgets() {
		for _, pasted := range []string{"http://roost.test/alice/status/" + ids.image, "http://roost.test/alice"} {
			got := publishGet(t, f, url.Values{"url": {pasted}, "widget": {w}, "text": {"see https://evil.example/x"}})
			if got.Widget != w && !(w == "post" && got.Widget == "timeline") {
				t.Errorf("%s from %s: widget %q", w, pasted, got.Widget)
			}
			if got.Embed == nil || len(got.Embed.Snippets) < 2 {
				t.Fatalf("%s from %s: no snippets (%+v)", w, pasted, got)
			}
			for _, s := range got.Embed.Snippets {
				// The typed share text and the post's own text (the publisher's
				// fallback, whose links readers may follow) are content, not
				// anything the embed loads.
				code := strings.ReplaceAll(s.Code, "see https://evil.example/x", "")
				code = strings.ReplaceAll(code, url.QueryEscape("see https://evil.example/x"), "")
				code = postTextRE.ReplaceAllString(code, "")
				for _, m := range urlRE.FindAllString(code, -1) {
					if !strings.HasPrefix(m, "http://roost.test/") && !strings.HasPrefix(m, "http://roost.test'") {
						t.Errorf("%s snippet %s holds %q, not on Roost's origin:\n%s", w, s.ID, m, s.Code)
					}
				}
			}
		}
	}
}

// TestPublishHostileInputEscaped pastes payloads into every free-form
// field and checks the page's structure: one script (ours), no handler
// attributes, no payload element, and the payload kept as text or value.
func TestPublishHostileInputEscaped(t *testing.T) {
	f := newFixture(t, Config{})
	ids := seedEmbeds(t, f)
	_, script := f.srv.widgets.PublishAssets()
	payloads := []string{`"><script>alert(1)</script>`, `</textarea><img src=x onerror=alert(1)>`, `javascript:alert(1)`,
		`'><svg onload=alert(1)>`, "http://roost.test/\"><iframe src=javascript:alert(1)>"}
	for _, p := range payloads {
		for _, w := range []string{"post", "share", "mention", "hashtag", "sharebar"} {
			q := url.Values{"widget": {w}, "text": {p}, "title": {p}, "screen_name": {p}, "button_hashtag": {p},
				"hashtags": {p}, "via": {p}, "border_color": {p}, "width": {p}}
			for _, pasted := range []string{p, "http://roost.test/mallory", "http://roost.test/alice/status/" + ids.hostile} {
				q.Set("url", pasted)
				body := f.do(t, "GET", "/publish?"+q.Encode(), nil, nil).body
				checkPublishPage(t, body, string(script))
			}
		}
	}
}

// checkPublishPage lexes a page and fails on anything a payload could add.
func checkPublishPage(t *testing.T, body, script string) {
	t.Helper()
	l := phtml.NewLexer(parse.NewInputString(body))
	scripts, inScript, tag := 0, false, ""
	for {
		tt, data := l.Next()
		switch tt {
		case phtml.ErrorToken:
			if scripts != 1 {
				t.Errorf("%d script elements, want only the page script", scripts)
			}
			return
		case phtml.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
			inScript = tag == "script"
			if inScript {
				scripts++
			}
			if tag == "img" || tag == "svg" || tag == "math" || tag == "object" || tag == "embed" || tag == "base" {
				t.Errorf("payload element <%s> in the page", tag)
			}
		case phtml.AttributeToken:
			k, v := strings.ToLower(string(l.AttrKey())), strings.ToLower(string(l.AttrVal()))
			if strings.HasPrefix(k, "on") || (k == "src" || k == "href" || k == "action") && strings.Contains(v, "javascript:") {
				t.Errorf("<%s %s=%s> in the page", tag, k, v)
			}
		case phtml.TextToken:
			if inScript && string(data) != script {
				t.Errorf("script body is not the page script: %.80q", data)
			}
		case phtml.EndTagToken:
			inScript = false
		}
	}
}

// TestPublishPagesNotFrameable checks the pages' header profile: never
// framed, a CSP without inline allowances, no cookies.
func TestPublishPagesNotFrameable(t *testing.T) {
	f := newFixture(t, Config{})
	seedEmbeds(t, f)
	for _, path := range []string{"/publish", "/publish?url=http%3A%2F%2Froost.test%2Falice", "/publish?format=json&url=x", "/"} {
		r := f.do(t, "GET", path, nil, nil)
		csp := r.header.Get("Content-Security-Policy")
		if r.status != 200 || !strings.Contains(csp, "frame-ancestors 'none'") || r.header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: status %d, CSP %q, XFO %q", path, r.status, csp, r.header.Get("X-Frame-Options"))
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "script-src 'sha256-") {
			t.Errorf("%s: CSP allows more than hashed scripts: %q", path, csp)
		}
		if c := r.header.Get("Set-Cookie"); c != "" {
			t.Errorf("%s sets a cookie: %q", path, c)
		}
	}
}

// TestLandingShowsEveryWidget seeds the demo set and checks that the
// landing page frames every widget kind with a configurator link, finds
// the demo list, and degrades to a guide on an empty store.
func TestLandingShowsEveryWidget(t *testing.T) {
	f := newFixture(t, Config{})
	empty := f.do(t, "GET", "/", nil, nil)
	if empty.status != 200 || !strings.Contains(empty.body, "No content yet") || !strings.Contains(empty.body, "curl -X POST http://roost.test/api/v1/posts") {
		t.Fatalf("empty landing: %d, no guide:\n%s", empty.status, empty.body)
	}
	sum, err := demo.Seed(context.Background(), f.st, f.srv.lib)
	if err != nil {
		t.Fatal(err)
	}
	body := f.do(t, "GET", "/", nil, nil).body
	want := []string{
		"/embed/post/" + itoa(sum.SamplePostIDs["counts"]) + "?theme=light",
		"/embed/post/" + itoa(sum.SamplePostIDs["images4"]) + "?theme=dark",
		"/embed/post/" + itoa(sum.SamplePostIDs["arabic"]) + "?lang=ar",
		"/embed/timeline/roost?", "/embed/list/" + itoa(sum.ListID) + "?", "/embed/hashtag/roostlaunch?",
		"/embed/button/share?", "/embed/button/follow?", "/embed/button/mention?", "/embed/button/hashtag?",
		"/embed/button/message?", "/embed/sharebar?",
	}
	for _, w := range want {
		if !strings.Contains(body, `src="http://roost.test`+w) && !strings.Contains(body, `src=http://roost.test`+w) {
			t.Errorf("landing page has no frame %s", w)
		}
	}
	if n := strings.Count(body, ">Configure<"); n < 15 {
		t.Errorf("%d Configure links, want one per widget (15)", n)
	}
	for _, s := range []string{"No cookies", "No third-party requests", "Dark mode", "A few KB per post", "docs/EMBEDDING.md"} {
		if !strings.Contains(body, s) {
			t.Errorf("landing page does not say %q", s)
		}
	}
	if strings.Contains(body, "No content yet") {
		t.Error("landing page with demo data still shows the empty guide")
	}
	// The demo's own account, @roost, opens in the configurator like any
	// other (it used to be a reserved word and needed a special case).
	for _, u := range []string{"http://roost.test/roost", "http://roost.test/roost/status/" + itoa(sum.SamplePostIDs["counts"])} {
		if got := publishGet(t, f, url.Values{"url": {u}}); got.State != "ok" || got.Embed == nil {
			t.Errorf("%s: state %q (%s), want a preview", u, got.State, got.Message)
		}
	}
	if got := publishGet(t, f, url.Values{"url": {"http://roost.test/publish"}}); got.State != "unknown" {
		t.Errorf("/publish as a pasted URL: state %q, want unknown", got.State)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
