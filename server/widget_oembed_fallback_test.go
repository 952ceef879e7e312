package server

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestOEmbedIFrameFallbackHoldsNoText: WordPress stores the iframe=true
// html in the publisher's database for 24 h whatever cache_age says, so the
// fallback blockquote holds the author, the date and the permalink, never
// the post's text: after a deletion the text is gone from the publisher's
// page source, not only from the screen (the iframe shows the tombstone).
// The script form, read by consumers that run the loader, keeps the text
// for readers without JavaScript.
func TestOEmbedIFrameFallbackHoldsNoText(t *testing.T) {
	f := newFixture(t, Config{PublicURL: testPublic})
	s := seedEmbeds(t, f)
	perma := testPublic + "/alice/status/" + s.image
	get := func(query string) string {
		r := f.do(t, "GET", "/oembed?url="+url.QueryEscape(perma)+query, nil, nil)
		var d struct{ HTML string }
		if err := json.Unmarshal([]byte(r.body), &d); r.status != 200 || err != nil {
			t.Fatalf("oembed%s: %d %v %s", query, r.status, err, r.body)
		}
		return d.HTML
	}
	framed := get("&iframe=true")
	for _, leak := range []string{"Look at this bird", "birds.example"} {
		if strings.Contains(framed, leak) {
			t.Errorf("iframe=true html holds the post's text %q: %s", leak, framed)
		}
	}
	for _, want := range []string{"Alice Example", "@alice", `href="` + perma + `"`, "<iframe"} {
		if !strings.Contains(framed, want) {
			t.Errorf("iframe=true html lacks %q: %s", want, framed)
		}
	}
	if script := get(""); !strings.Contains(script, "Look at this bird") {
		t.Errorf("the script form lost the text readers without JavaScript read: %s", script)
	}
}
