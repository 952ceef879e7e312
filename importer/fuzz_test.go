package importer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/roost-embed/roost/storage"
)

// FuzzXTweetJS feeds arbitrary bytes to the tweets.js parser and converter:
// it must never panic, and every entity it produces must be a real span of
// the text.
func FuzzXTweetJS(f *testing.F) {
	f.Add([]byte(`window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1", "full_text": "a &amp; b #x https://t.co/a", "created_at": "Wed Oct 10 20:19:24 +0000 2018",
		"entities": {"hashtags": [{"text": "x", "indices": ["6", "8"]}], "urls": [{"url": "https://t.co/a", "expanded_url": "https://e.com", "indices": ["9", "23"]}]}}} ]`))
	f.Add([]byte(`window.YTD.tweet.part0 = [ {"id_str": "2", "full_text": "🎉 @a https://t.co/q", "created_at": "Wed Oct 10 20:19:24 +0000 2018",
		"entities": {"user_mentions": [{"screen_name": "A", "indices": [2, 4]}], "media": [{"url": "https://t.co/q", "indices": ["5","99"]}]}} ]`))
	f.Add([]byte(`window.YTD.tweets.part0 = [ {"tweet": {"id_str": "3", "full_text": "RT @x: y"}} ]`))
	f.Add([]byte("window.YTD.tweets.part0 = [\n{\"tweet\": {\"id\": 4,"))
	f.Fuzz(func(t *testing.T, data []byte) {
		eachYTD(bytes.NewReader(data), func(dec *json.Decoder) error {
			tw, err := decodeXTweet(dec)
			if err != nil {
				return err
			}
			r, err := xRecord(tw, "h")
			if err != nil {
				return err
			}
			checkSpans(t, r.post.Text, r.post.Entities)
			if r.quoteCut > len(r.post.Text) {
				t.Fatalf("quote cut %d beyond text %q", r.quoteCut, r.post.Text)
			}
			return nil
		})
	})
}

// FuzzMastodonHTML feeds arbitrary HTML to the Mastodon content converter:
// no panic, entities are real spans, and no '<' comes out of markup: the
// output holds no more '<' than the input's text and attribute values do.
func FuzzMastodonHTML(f *testing.F) {
	for _, s := range []string{
		`<p>Hi <span class="h-card"><a href="https://o.example/@bob" class="u-url mention">@<span>bob</span></a></span> #<b>x</b></p>`,
		`<p><a href="https://e.com/a" rel="nofollow"><span class="invisible">https://</span><span class="ellipsis">e.com</span></a><br>x &lt;3</p>`,
		`<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>`,
		`<title><b></title><textarea><i></textarea><plaintext><p>`,
		`<a href="https://e.com/<script>">&lt;script&gt;</a>`,
	} {
		f.Add(s)
	}
	conv := newHTMLText()
	f.Fuzz(func(t *testing.T, src string) {
		text, es := conv.convert(src)
		checkSpans(t, text, es)
		if got, limit := strings.Count(text, "<"), textLT(src); got > limit {
			t.Fatalf("output %q has %d '<', input text only %d", text, got, limit)
		}
	})
}

// textLT counts the '<' that the input holds as text or attribute values,
// as an HTML parser sees it.
func textLT(src string) int {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return 0
	}
	n := 0
	var walk func(*html.Node)
	walk = func(nd *html.Node) {
		if nd.Type == html.TextNode {
			n += strings.Count(nd.Data, "<")
		}
		for _, a := range nd.Attr {
			n += strings.Count(a.Val, "<")
		}
		for c := nd.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return n
}

func checkSpans(t *testing.T, text string, es []storage.Entity) {
	t.Helper()
	last := 0
	for _, e := range es {
		if e.Start < last || e.End > len(text) || e.Start >= e.End {
			t.Fatalf("entity %+v overlaps or leaves text %q", e, text)
		}
		if !utf8.ValidString(text[e.Start:e.End]) && utf8.ValidString(text) {
			t.Fatalf("entity %+v splits a character of %q", e, text)
		}
		last = e.End
	}
}
