package server

import (
	"context"
	"encoding/json"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"
)

// wpAllowed is what WordPress's wp_filter_oembed_result keeps of the html
// of a provider it discovered rather than trusts (wp-includes/embed.php):
// these elements with these attributes, nothing else.
var wpAllowed = map[string]map[string]bool{
	"a":          {"href": true},
	"blockquote": {},
	"iframe": {"src": true, "width": true, "height": true, "frameborder": true, "marginwidth": true,
		"marginheight": true, "scrolling": true, "title": true},
}

// wpBlockquoteIframe is WordPress's own pattern: an optional blockquote,
// then an iframe, which must be there or the embed is thrown away.
var wpBlockquoteIframe = regexp.MustCompile(`(?s)(<blockquote>.*?</blockquote>)?.*(<iframe.*?></iframe>)`)

// wpFilter applies WordPress's rules for a discovered provider: kses with
// wpAllowed, keep the blockquote and the iframe only, require the iframe,
// add the secret to both and the sandbox to the iframe. ok is false when
// WordPress would discard the html.
func wpFilter(s, secret string) (string, bool) {
	kept := wpKses(s)
	m := wpBlockquoteIframe.FindStringSubmatch(kept)
	if m == nil || m[2] == "" {
		return "", false
	}
	out := m[1] + m[2]
	src := regexp.MustCompile(` src="(.*?)"`).FindStringSubmatch(out)
	if src != nil {
		out = strings.Replace(out, src[0], ` src="`+src[1]+`#?secret=`+secret+`" data-secret="`+secret+`"`, 1)
		out = strings.Replace(out, "<blockquote", `<blockquote data-secret="`+secret+`"`, 1)
	}
	if m[1] != "" {
		out = strings.Replace(out, "<iframe", `<iframe style="position: absolute; clip: rect(1px, 1px, 1px, 1px);"`, 1)
		out = strings.Replace(out, "<blockquote", `<blockquote class="wp-embedded-content"`, 1)
	}
	return strings.Replace(out, "<iframe", `<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted"`, 1), true
}

// wpKses keeps the allowed elements and attributes and every text, as
// wp_kses does; everything else is dropped.
func wpKses(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return b.String()
		case xhtml.TextToken:
			b.WriteString(html.EscapeString(string(z.Text())))
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			attrs, ok := wpAllowed[tok.Data]
			if !ok {
				continue
			}
			if tt == xhtml.EndTagToken {
				b.WriteString("</" + tok.Data + ">")
				continue
			}
			b.WriteString("<" + tok.Data)
			for _, a := range tok.Attr {
				if attrs[a.Key] {
					b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
				}
			}
			b.WriteString(">")
		}
	}
}

// TestOEmbedSurvivesWordPress feeds the iframe=true html of a post and of
// a timeline through WordPress's rules for discovered providers: the
// result must keep a sized, titled iframe of a Roost embed document (whose
// frame script then speaks wp-embed) and the readable blockquote; the
// default html, with only a script, must be what WordPress discards.
func TestOEmbedSurvivesWordPress(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	s := seedEmbeds(t, f)
	perma := testPublic + "/alice/status/" + s.image
	for _, tc := range []struct {
		name, url, query, src string
		keep                  bool
	}{
		{"post iframe", perma, "&iframe=true", testPublic + "/embed/post/" + s.image, true},
		{"post iframe with options", perma, "&iframe=true&theme=dark&maxwidth=400", testPublic + "/embed/post/" + s.image + "?theme=dark&width=400", true},
		{"hostile post iframe", testPublic + "/mallory/status/" + s.hostile, "&iframe=true", testPublic + "/embed/post/" + s.hostile, true},
		{"profile iframe", testPublic + "/alice", "&iframe=true", testPublic + "/embed/timeline/alice", true},
		{"list iframe", testPublic + "/embed/list/" + s.listID, "&iframe=true&limit=5", testPublic + "/embed/list/" + s.listID + "?limit=5", true},
		{"post script form is discarded", perma, "", "", false},
		{"post without script is discarded", perma, "&omit_script=true", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.do(t, "GET", "/oembed?url="+url.QueryEscape(tc.url)+tc.query, nil, nil)
			var d struct {
				HTML          string
				Width, Height int
			}
			if err := json.Unmarshal([]byte(r.body), &d); r.status != 200 || err != nil {
				t.Fatalf("oembed: %d %v %s", r.status, err, r.body)
			}
			out, ok := wpFilter(d.HTML, "Abc123XyZ9")
			if ok != tc.keep {
				t.Fatalf("WordPress keeps the html = %v, want %v: %s", ok, tc.keep, d.HTML)
			}
			if ok {
				checkWordPressResult(t, out, tc.src, d.Width, d.Height)
			}
		})
	}
}

// checkWordPressResult checks what WordPress would put in a post.
func checkWordPressResult(t *testing.T, out, src string, width, height int) {
	t.Helper()
	var frame, quote *embedNode
	nodes := parseEmbedHTML(t, out)
	for i := range nodes {
		switch nodes[i].tag {
		case "iframe":
			frame = &nodes[i]
		case "blockquote":
			quote = &nodes[i]
		}
	}
	if frame == nil || quote == nil {
		t.Fatalf("WordPress result lacks the iframe or the blockquote: %s", out)
	}
	if got := frame.attrs["src"]; got != src+"#?secret=Abc123XyZ9" {
		t.Errorf("iframe src = %q, want %q with the secret", got, src)
	}
	if frame.attrs["width"] != itoaInt(width) || frame.attrs["height"] != itoaInt(height) || frame.attrs["title"] == "" {
		t.Errorf("iframe lost its size or title: %v", frame.attrs)
	}
	if quote.attrs["data-secret"] != "Abc123XyZ9" || !strings.Contains(out, "</a></blockquote>") {
		t.Errorf("blockquote fallback lost: %s", out)
	}
}

// TestOEmbedWordPressInChromium puts WordPress's filtered html and its real
// wp-embed.js (Debian's wordpress package) on a page of another origin and
// loads it in chromium: the Roost frame must answer wp-embed's protocol, so
// the fallback blockquote is hidden, the iframe revealed and resized to the
// card's real height.
func TestOEmbedWordPressInChromium(t *testing.T) {
	wpEmbed, err := os.ReadFile("/usr/share/wordpress/wp-includes/js/wp-embed.js")
	chromium, lookErr := exec.LookPath("chromium")
	if testing.Short() || err != nil || lookErr != nil {
		t.Skip("needs chromium and Debian's wordpress package (wp-embed.js)")
	}
	base, f := listeningFixture(t)
	s := seedEmbeds(t, f)
	r := f.do(t, "GET", "/oembed?iframe=true&url="+url.QueryEscape(base+"/alice/status/"+s.image), nil, nil)
	var d struct{ HTML string }
	if err := json.Unmarshal([]byte(r.body), &d); err != nil || r.status != 200 {
		t.Fatalf("oembed: %d %s", r.status, r.body)
	}
	out, ok := wpFilter(d.HTML, "Abc123XyZ9")
	if !ok {
		t.Fatal("WordPress would discard the iframe html")
	}
	page := "<!doctype html><html><body><h1>A blog</h1>" + out + "<script>" + string(wpEmbed) + "</script></body></html>"
	blog := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	defer blog.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dom, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=8000", "--dump-dom", blog.URL).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	frame := regexp.MustCompile(`<iframe[^>]*>`).FindString(string(dom))
	quote := regexp.MustCompile(`<blockquote[^>]*>`).FindString(string(dom))
	h := regexp.MustCompile(` height="(\d+)"`).FindStringSubmatch(frame)
	if strings.Contains(frame, "style=") || !strings.Contains(quote, "display: none") || h == nil {
		t.Fatalf("wp-embed did not reveal the frame: %s %s", quote, frame)
	}
	if n, _ := strconv.Atoi(h[1]); n < 300 || n > 1000 {
		t.Errorf("frame height %d after wp-embed resized it, want the card's height", n)
	}
}

// listeningFixture serves a fixture on a loopback port whose URL is also
// its public URL, for a browser to load.
func listeningFixture(t *testing.T) (string, *fixture) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	f := newFixture(t, Config{PublicURL: base})
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := f.srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		<-done
	})
	return base, f
}
