package server

import (
	"net/url"
	"strings"
	"testing"
)

// TestPublishSearchAndCollection pastes a search and a collection URL
// into the configurator: each gives the timeline widget with a live
// preview of its embed document and the same five code forms as other
// timelines, and the preview renders.
func TestPublishSearchAndCollection(t *testing.T) {
	forbidOutbound(t)
	f := newFixture(t, Config{})
	ids := seedEmbeds(t, f)
	col := f.mustCreate(t, "/api/v1/collections", `{"owner":"alice","name":"Picks","posts":[{"id":"`+ids.image+`"}]}`)
	base := "http://roost.test"
	for _, tc := range []struct{ name, url, src, page string }{
		{"search page", base + "/search?q=bird", base + "/embed/search?q=bird", base + "/search?q=bird"},
		{"search embed", base + "/embed/search?q=bird+-cat", base + "/embed/search?q=bird+-cat", base + "/search?q=bird+-cat"},
		{"collection page", base + "/i/collections/" + col, base + "/embed/collection/" + col, base + "/i/collections/" + col},
		{"collection grid", base + "/embed/collection/" + col + "?layout=grid", base + "/embed/collection/" + col + "?layout=grid",
			base + "/i/collections/" + col + "?layout=grid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := publishGet(t, f, url.Values{"url": {tc.url}, "widget": {"timeline"}, "theme": {"dark"}})
			if out.State != pubOK || out.Embed == nil {
				t.Fatalf("state %q %q, embed %v", out.State, out.Message, out.Embed)
			}
			if src := out.Embed.Preview.Src; !strings.HasPrefix(src, tc.src) || !strings.Contains(src, "theme=dark") || strings.Count(src, "?") != 1 {
				t.Errorf("preview src %q, want %s with the options", src, tc.src)
			}
			profile := publishGet(t, f, url.Values{"url": {base + "/alice"}, "widget": {"timeline"}})
			if len(out.Embed.Snippets) < 5 || len(out.Embed.Snippets) != len(profile.Embed.Snippets) {
				t.Errorf("%d code forms, want the %d of a profile timeline", len(out.Embed.Snippets), len(profile.Embed.Snippets))
			}
			u, _ := url.Parse(out.Embed.Preview.Src)
			if r := f.do(t, "GET", u.RequestURI(), nil, nil); r.status != 200 || cardCount(r.body)+strings.Count(r.body, `class=tg `) == 0 {
				t.Errorf("the preview %s: %d with nothing in it", u.RequestURI(), r.status)
			}
			for _, s := range out.Embed.Snippets {
				if strings.HasPrefix(s.Code, "http") && strings.Contains(s.Code, "/oembed?") && !strings.Contains(s.Code, "url="+url.QueryEscape(tc.page)+"&") {
					t.Errorf("oEmbed snippet %s lacks the page URL: %s", s.ID, s.Code)
				}
			}
		})
	}
}
