package server

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// wpLinkTag and wpAttr are WordPress's discovery rules (WP_oEmbed::discover
// in wp-includes/class-wp-oembed.php): in the <head> of the first 150 KB
// of the page, every <link …> tag, its attributes read as
// shortcode_parse_atts does (double-, single- or unquoted); one whose type
// is application/json+oembed (preferred) or text/xml+oembed names the
// provider URL in its href.
var (
	wpLinkTag = regexp.MustCompile(`(?is)<link([^<>]+?)/?>`)
	wpAttr    = regexp.MustCompile(`(?is)([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))`)
)

// wpDiscover returns the oEmbed provider URL WordPress would find in body.
func wpDiscover(body string) (provider string, ok bool) {
	if len(body) > 150*1024 {
		body = body[:150*1024]
	}
	// substr($html, 0, stripos($html, '</head>')): no </head>, nothing.
	end := strings.Index(strings.ToLower(body), "</head>")
	body = body[:max(end, 0)]
	found := map[string]string{}
	for _, tag := range wpLinkTag.FindAllStringSubmatch(body, -1) {
		attrs := map[string]string{}
		for _, a := range wpAttr.FindAllStringSubmatch(tag[1], -1) {
			attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2] + a[3] + a[4])
		}
		if t := attrs["type"]; (t == "application/json+oembed" || t == "text/xml+oembed") && attrs["href"] != "" && found[t] == "" {
			found[t] = attrs["href"]
		}
	}
	if p := found["application/json+oembed"]; p != "" {
		return p, true
	}
	p, ok := found["text/xml+oembed"]
	return p, ok
}

// TestTimelinePagesDiscovered: the hashtag, list and search pages are
// readable without script, carry Open Graph, twitter:card, discovery links
// early in <head> and a Link header; WordPress's discovery rules find the
// provider on each, and what it gets back survives its filter as a sized
// iframe of the matching embed document.
func TestTimelinePagesDiscovered(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	s := seedEmbeds(t, f)
	col := f.mustCreate(t, "/api/v1/collections", `{"owner":"alice","name":"Bird picks","description":"Curated birds",
		"posts":[{"id":"`+s.plain+`","note":"A quiet one"},{"id":"`+s.image+`"}]}`)
	for _, tc := range []struct {
		name, path, has, src string
	}{
		{"collection", "/i/collections/" + col, "A quiet one", testPublic + "/embed/collection/" + col},
		{"hashtag", "/hashtag/Roost", "Look at this bird", testPublic + "/embed/hashtag/roost"},
		{"list", "/i/lists/" + s.listID, "Birders", testPublic + "/embed/list/" + s.listID},
		{"search", "/search?q=" + url.QueryEscape(`bird -"nothing here"`), "Look at this bird",
			testPublic + "/embed/search?q=" + url.QueryEscape(`bird -"nothing here"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.do(t, "GET", tc.path, nil, nil)
			if r.status != 200 || !strings.Contains(r.body, tc.has) || strings.Contains(r.body, "<script") {
				t.Fatalf("GET %s: %d, want a script-free page showing %q:\n%s", tc.path, r.status, tc.has, r.body)
			}
			for _, meta := range []string{`og:title`, `og:url`, `twitter:card`} {
				if !strings.Contains(r.body, meta) {
					t.Errorf("page lacks %s", meta)
				}
			}
			if i := strings.Index(r.body, "application/json+oembed"); i < 0 || i > strings.Index(r.body, "<style") {
				t.Errorf("discovery link missing or after the styles (at %d)", i)
			}
			if l := r.header.Get("Link"); !strings.Contains(l, "json+oembed") || !strings.Contains(l, "iframe=true") {
				t.Errorf("Link header %q lacks the discovery", l)
			}
			provider, ok := wpDiscover(r.body)
			if !ok || !strings.HasPrefix(provider, testPublic+"/oembed?") {
				t.Fatalf("WordPress discovers %q, %v", provider, ok)
			}
			checkDiscoveredEmbed(t, f, provider, tc.src)
		})
	}
	for _, path := range []string{"/hashtag/%21%21", "/i/lists/999999", "/i/lists/0x1", "/search?q=+", "/search", "/i/collections/999999"} {
		r := f.do(t, "GET", path, nil, nil)
		if r.status != 404 || r.header.Get("Link") != "" && !strings.HasSuffix(path, "/999999") {
			t.Errorf("GET %s: %d with Link %q, want a 404 page", path, r.status, r.header.Get("Link"))
		}
	}
}

// checkDiscoveredEmbed fetches a discovered provider URL as WordPress
// would and checks the filtered result embeds src.
func checkDiscoveredEmbed(t *testing.T, f *fixture, provider, src string) {
	t.Helper()
	r := f.do(t, "GET", strings.TrimPrefix(provider, testPublic), nil, nil)
	var d struct {
		HTML          string
		Width, Height int
	}
	if err := json.Unmarshal([]byte(r.body), &d); r.status != 200 || err != nil {
		t.Fatalf("provider %s: %d %v %s", provider, r.status, err, r.body)
	}
	out, ok := wpFilter(d.HTML, "Abc123XyZ9")
	if !ok {
		t.Fatalf("WordPress would discard %s", d.HTML)
	}
	checkWordPressResult(t, out, src, d.Width, d.Height)
}

// TestOEmbedTimelineURLForms: oEmbed accepts every page and embed URL of
// the new timelines, and the X and Mastodon forms that map to them.
func TestOEmbedTimelineURLForms(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	s := seedEmbeds(t, f)
	col := f.mustCreate(t, "/api/v1/collections", `{"owner":"alice","name":"Picks","posts":[{"id":"`+s.image+`"}]}`)
	for _, tc := range []struct{ url, want string }{
		{testPublic + "/i/collections/" + col, "/embed/collection/" + col},
		{testPublic + "/embed/collection/" + col + "?layout=grid", "/embed/collection/" + col},
		{testPublic + "/hashtag/Roost", "/embed/hashtag/roost"},
		{testPublic + "/embed/hashtag/roost", "/embed/hashtag/roost"},
		{"https://x.com/hashtag/Roost", "/embed/hashtag/roost"},
		{"https://mastodon.example/tags/roost", "/embed/hashtag/roost"},
		{testPublic + "/i/lists/" + s.listID, "/embed/list/" + s.listID},
		{testPublic + "/search?q=bird", "/embed/search?q=bird"},
		{testPublic + "/embed/search?q=bird&theme=dark", "/embed/search?q=bird"},
		{"https://twitter.com/search?q=bird&src=typed_query", "/embed/search?q=bird"},
	} {
		for _, format := range []string{"json", "xml"} {
			r := f.do(t, "GET", "/oembed?iframe=true&maxwidth=400&format="+format+"&url="+url.QueryEscape(tc.url), nil, nil)
			if r.status != 200 || !strings.Contains(html.UnescapeString(r.body), testPublic+tc.want) {
				t.Errorf("oembed %s (%s): %d %s", tc.url, format, r.status, r.body)
			}
			if format == "json" && !strings.Contains(r.body, `"width":400`) {
				t.Errorf("oembed %s: width not the integer 400: %s", tc.url, r.body)
			}
		}
	}
	for _, u := range []string{testPublic + "/search", testPublic + "/search?q=", "https://x.com/embed/search?q=x", "https://x.com/hashtag/"} {
		if r := f.do(t, "GET", "/oembed?url="+url.QueryEscape(u), nil, nil); r.status != 404 {
			t.Errorf("oembed %s: %d, want 404", u, r.status)
		}
	}
}
