package server

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// headBudget is how far into <head> an unfurler reads: every meta tag it
// needs must start within it.
const headBudget = 4096

// pageCase is one page request and what its answer must hold.
type pageCase struct {
	name     string
	path     string
	status   int
	location string    // a redirect's target
	meta     []tagWant // tags that must appear early in <head>
	text     string    // must reach the reader as text (hostile content)
	contains []string
	absent   []string
	link     bool // the Link header carries oEmbed discovery
}

// TestPages requests permalink and profile pages in every state and checks
// status, headers, the early meta tags and the body.
func TestPages(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	s := seedEmbeds(t, f)
	perma := testPublic + "/alice/status/" + s.image
	enc := url.QueryEscape(perma)
	tomb := []string{"og:", "twitter:card", "json+oembed", "Embed this"}
	cases := []pageCase{
		{name: "post with image", path: "/alice/status/" + s.image, status: 200, link: true, meta: []tagWant{
			{"title", "", "Alice Example on Roost: “Look at this bird*"},
			{"meta", "name=description", "Look at this bird*"},
			{"link", "rel=canonical", perma},
			{"meta", "property=og:type", "article"},
			{"meta", "property=og:site_name", "Roost"},
			{"meta", "property=og:title", "Alice Example on Roost"},
			{"meta", "property=og:description", "Look at this bird*"},
			{"meta", "property=og:url", perma},
			{"meta", "property=og:image", testPublic + "/media/*"},
			{"meta", "property=og:image:width", "8"},
			{"meta", "property=og:image:height", "6"},
			{"meta", "name=twitter:card", "summary_large_image"},
			{"link", "type=application/json+oembed", testPublic + "/oembed?url=" + enc + "&format=json&iframe=true"},
			{"link", "type=text/xml+oembed", testPublic + "/oembed?url=" + enc + "&format=xml&iframe=true"},
		}, contains: []string{`class=card`, `/publish?url=` + enc, "Embed this post"}},
		{name: "post without image", path: "/alice/status/" + s.plain, status: 200, link: true,
			meta: []tagWant{{"meta", "name=twitter:card", "summary"}, {"meta", "property=og:type", "article"}}},
		{name: "reply shows its context", path: "/alice/status/" + s.reply, status: 200, link: true,
			contains: []string{"Replying to", "Just text."}},
		{name: "content warning keeps text out of meta", path: "/alice/status/" + s.cwPost, status: 200, link: true,
			meta:   []tagWant{{"meta", "name=description", "Film spoilers"}, {"meta", "name=twitter:card", "summary"}},
			absent: []string{`content="spoiler text`, `content='spoiler text`}},
		{name: "wrong handle redirects", path: "/xuser/status/" + s.image, status: 301, location: perma},
		{name: "handle case redirects", path: "/ALICE/status/" + s.image, status: 301, location: perma},
		{name: "redirect keeps lang", path: "/Alice/status/" + s.image + "?lang=fr&x=1", status: 301, location: perma + "?lang=fr"},
		{name: "unknown post", path: "/alice/status/999", status: 404, contains: []string{"This post is unavailable."}, absent: tomb},
		{name: "malformed id", path: "/alice/status/01", status: 404, absent: tomb},
		{name: "protected post", path: "/hidden/status/" + s.priv, status: 403, absent: append(tomb, "private words", "Hidden")},
		{name: "protected under other handle does not redirect", path: "/alice/status/" + s.priv, status: 403, absent: tomb},
		{name: "suspended post", path: "/banned/status/" + s.gone, status: 410, absent: append(tomb, "banned words")},
		{name: "profile", path: "/alice", status: 200, link: true, meta: []tagWant{
			{"title", "", "Alice Example (@alice) on Roost"},
			{"meta", "name=description", "Writes about birds."},
			{"link", "rel=canonical", testPublic + "/alice"},
			{"meta", "property=og:type", "profile"},
			{"meta", "name=twitter:card", "summary"},
			{"link", "type=application/json+oembed", testPublic + "/oembed?url=" + url.QueryEscape(testPublic+"/alice") + "&format=json&iframe=true"},
		}, contains: []string{"Lisbon", "alice.example", "1,234 followers", "Look at this bird", "Embed this timeline"}},
		{name: "profile in french", path: "/alice?lang=fr", status: 200, link: true, contains: []string{"1\u202f234 abonnés", "Intégrer ce fil"}},
		{name: "profile case", path: "/ALICE", status: 200, link: true, contains: []string{"@alice"}},
		{name: "unknown profile", path: "/nobody", status: 404, absent: tomb},
		{name: "protected profile", path: "/hidden", status: 403, absent: append(tomb, "private words")},
		{name: "suspended profile", path: "/banned", status: 410, absent: append(tomb, "banned words")},
		{name: "reserved word", path: "/status", status: 404, absent: tomb},
		{name: "hostile profile", path: "/mallory", status: 200, link: true, text: hostileTxt},
		{name: "hostile post", path: "/mallory/status/" + s.hostile, status: 200, link: true, text: hostileTxt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, f) })
	}
}

// run sends the request and checks the answer.
func (c pageCase) run(t *testing.T, f *fixture) {
	t.Helper()
	r := f.do(t, "GET", c.path, nil, nil)
	if r.status != c.status {
		t.Fatalf("GET %s: status %d, want %d", c.path, r.status, c.status)
	}
	if c.location != "" {
		if got := r.header.Get("Location"); got != c.location {
			t.Errorf("Location = %q, want %q", got, c.location)
		}
		return
	}
	checkPageHeaders(t, r, c.link)
	checkPageParses(t, r.body)
	checkHeadTags(t, r.body, c.meta)
	if c.text != "" && !strings.Contains(pageText(t, r.body), c.text) {
		t.Errorf("page does not show %q as text", c.text)
	}
	for _, s := range c.contains {
		if !strings.Contains(r.body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	for _, s := range c.absent {
		if strings.Contains(r.body, s) {
			t.Errorf("page contains %q", s)
		}
	}
}

// checkPageHeaders checks the page header profile and the Link header.
func checkPageHeaders(t *testing.T, r response, link bool) {
	t.Helper()
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src") && !strings.Contains(csp, "'none'") ||
		r.header.Get("X-Frame-Options") != "DENY" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("page headers: CSP %q, XFO %q", csp, r.header.Get("X-Frame-Options"))
	}
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
	}
	l := r.header.Get("Link")
	hasLink := strings.Contains(l, `rel="alternate"; type="application/json+oembed"`) && strings.Contains(l, `type="text/xml+oembed"`) &&
		strings.Contains(l, testPublic+"/oembed?url=") && strings.Contains(l, "iframe=true")
	if hasLink != link {
		t.Errorf("Link header %q: discovery present = %v, want %v", l, hasLink, link)
	}
}

// checkPageParses parses the page and fails on any script element or
// event-handler attribute: pages carry no script at all.
func checkPageParses(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" && len(n.Attr) == 1 && n.Attr[0].Key == "type" && n.Attr[0].Val == "application/ld+json" &&
				n.FirstChild != nil && n.FirstChild == n.LastChild && json.Valid([]byte(n.FirstChild.Data)) &&
				!strings.Contains(n.FirstChild.Data, "<") {
				return // the JSON-LD data block: JSON only, '<' escaped
			}
			if n.Data == "script" || n.Data == "iframe" || n.Data == "object" {
				t.Errorf("page has a <%s>", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src") && !safePageURL(a.Val) {
					t.Errorf("<%s %s=%q> is not allowed on a page", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func safePageURL(u string) bool {
	low := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(low, testPublic+"/") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "http://")
}

// tagWant is a tag of <head>: its name, one selecting attribute
// ("name=description"; "" for <title>) and the value of its content, href
// or text; a trailing '*' makes the value a prefix.
type tagWant struct{ tag, sel, value string }

// headTag is a tag found in <head> and where it starts.
type headTag struct {
	tag    string
	attrs  map[string]string
	text   string
	offset int
}

// headTags tokenises the page up to </head>, recording each tag's offset
// from the start of <head> and its decoded attributes.
func headTags(body string) []headTag {
	z := html.NewTokenizer(strings.NewReader(body))
	var out []headTag
	pos, head := 0, -1
	for {
		tt := z.Next()
		raw := len(z.Raw())
		if tt == html.ErrorToken {
			return out
		}
		tok := z.Token()
		switch {
		case tt == html.StartTagToken && tok.Data == "head":
			head = pos
		case tt == html.EndTagToken && tok.Data == "head":
			return out
		case tt == html.TextToken && len(out) > 0 && out[len(out)-1].tag == "title" && out[len(out)-1].text == "":
			out[len(out)-1].text = tok.Data
		case (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && head >= 0:
			h := headTag{tag: tok.Data, attrs: map[string]string{}, offset: pos - head}
			for _, a := range tok.Attr {
				h.attrs[a.Key] = a.Val
			}
			out = append(out, h)
		}
		pos += raw
	}
}

// checkHeadTags finds every wanted tag within the first headBudget bytes
// of <head>.
func checkHeadTags(t *testing.T, body string, want []tagWant) {
	t.Helper()
	tags := headTags(body)
	for _, w := range want {
		found := false
		for _, h := range tags {
			if h.tag != w.tag || !selects(h, w.sel) {
				continue
			}
			got := h.text
			switch w.tag {
			case "meta":
				got = h.attrs["content"]
			case "link":
				got = h.attrs["href"]
			}
			if !matches(got, w.value) {
				t.Errorf("<%s %s> = %q, want %q", w.tag, w.sel, got, w.value)
			}
			if h.offset > headBudget {
				t.Errorf("<%s %s> starts %d bytes into <head>, past %d", w.tag, w.sel, h.offset, headBudget)
			}
			found = true
			break
		}
		if !found {
			t.Errorf("<head> lacks <%s %s>", w.tag, w.sel)
		}
	}
}

func selects(h headTag, sel string) bool {
	if sel == "" {
		return true
	}
	k, v, _ := strings.Cut(sel, "=")
	return h.attrs[k] == v
}

func matches(got, want string) bool {
	if p, ok := strings.CutSuffix(want, "*"); ok {
		return strings.HasPrefix(got, p)
	}
	return got == want
}

// pageText is the text a reader sees in the page body.
func pageText(t *testing.T, body string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && n.Parent != nil && n.Parent.Data != "style" && n.Parent.Data != "title" {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// TestProfilePaging lists more posts than a page holds and follows the
// "older" link to the end, seeing every post once.
func TestProfilePaging(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	f.mustCreate(t, "/api/v1/users", `{"handle":"prolific"}`)
	for i := range 23 {
		f.mustCreate(t, "/api/v1/posts", `{"author":"prolific","text":"post number `+strconv.Itoa(i)+` end"}`)
	}
	older := regexp.MustCompile(`href="?` + regexp.QuoteMeta(testPublic) + `/prolific\?before=(\d+)`)
	seen := map[string]bool{}
	path, pages := "/prolific", 0
	for path != "" && pages < 10 {
		pages++
		r := f.do(t, "GET", path, nil, nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d", path, r.status)
		}
		for _, m := range regexp.MustCompile(`post number (\d+) end`).FindAllStringSubmatch(r.body, -1) {
			if seen[m[1]] {
				t.Errorf("post %s listed twice", m[1])
			}
			seen[m[1]] = true
		}
		path = ""
		if m := older.FindStringSubmatch(r.body); m != nil {
			path = "/prolific?before=" + m[1]
		}
	}
	if len(seen) != 23 || pages != 3 {
		t.Errorf("saw %d posts on %d pages, want 23 on 3", len(seen), pages)
	}
}

// TestPagesAndOEmbedFreshness checks that a delete or a protection shows
// on the next request to the permalink page, the profile page and
// /oembed, though each was cached a moment before.
func TestPagesAndOEmbedFreshness(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	s := seedEmbeds(t, f)
	perma := "/alice/status/" + s.image
	oembed := "/oembed?url=" + url.QueryEscape(testPublic+perma)
	for _, p := range []string{perma, oembed, "/alice"} {
		if r := f.do(t, "GET", p, nil, nil); r.status != 200 || !strings.Contains(r.body, "Look at this bird") {
			t.Fatalf("GET %s: %d", p, r.status)
		}
		f.srv.cache.Wait()
	}
	if r := f.writeJSON(t, "DELETE", "/api/v1/posts/"+s.image, ""); r.status/100 != 2 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	want := map[string]int{perma: 404, oembed: 404, "/alice": 200}
	for p, status := range want {
		r := f.do(t, "GET", p, nil, nil)
		if r.status != status || strings.Contains(r.body, "Look at this bird") {
			t.Errorf("after delete GET %s: %d (want %d), still shows the post: %v", p, r.status, status, strings.Contains(r.body, "Look at this bird"))
		}
	}
	if r := f.writeJSON(t, "PATCH", "/api/v1/users/alice", `{"protected":true}`); r.status != 200 {
		t.Fatalf("protect: %d %s", r.status, r.body)
	}
	for p, status := range map[string]int{"/alice/status/" + s.plain: 403, "/alice": 403,
		"/oembed?url=" + url.QueryEscape(testPublic+"/alice/status/"+s.plain): 401} {
		if r := f.do(t, "GET", p, nil, nil); r.status != status {
			t.Errorf("after protect GET %s: %d, want %d", p, r.status, status)
		}
	}
}
