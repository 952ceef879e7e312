package server

import (
	"strings"
	"testing"
)

// TestPollAndCardIngestion: a poll and a link card go in through POST,
// come back in the answer and the public JSON, change by PATCH (a new
// count), and go away with null.
func TestPollAndCardIngestion(t *testing.T) {
	f := newFixture(t, Config{})
	s := seed(t, f)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"Which? https://news.example/a",
		"poll":{"options":[{"label":"Tea","votes":3},{"label":"Coffee","votes":1}],"ends_at":"2030-01-01T00:00:00Z"},
		"card":{"url":"https://news.example/a","title":"A story","description":"d","site_name":"News","image_media_id":"`+s.mediaID+`"}}`)
	pub := f.do(t, "GET", "/api/v1/posts/"+id, nil, nil)
	for _, want := range []string{`"poll":{"options":[{"label":"Tea","votes":3},{"label":"Coffee","votes":1}],"total_votes":4,"ends_at":"2030-01-01T00:00:00Z","closed":false}`,
		`"card":{"url":"https://news.example/a","domain":"news.example","title":"A story"`, `"image_media_id":"` + s.mediaID + `","image":{`} {
		if !strings.Contains(pub.body, want) {
			t.Errorf("public JSON lacks %s: %s", want, pub.body)
		}
	}
	r := f.writeJSON(t, "PATCH", "/api/v1/posts/"+id, `{"poll":{"options":[{"label":"Tea","votes":30},{"label":"Coffee","votes":1}],"closed":true}}`)
	if r.status != 200 || !strings.Contains(r.body, `"total_votes":31,"ends_at":null,"closed":true`) || !strings.Contains(r.body, `"title":"A story"`) {
		t.Fatalf("PATCH poll: %d %s", r.status, r.body)
	}
	if pub = f.do(t, "GET", "/api/v1/posts/"+id, nil, nil); !strings.Contains(pub.body, `"votes":30`) {
		t.Errorf("the next public read does not see the new count: %s", pub.body)
	}
	r = f.writeJSON(t, "PATCH", "/api/v1/posts/"+id, `{"poll":null,"card":null}`)
	if r.status != 200 || !strings.Contains(r.body, `"poll":null,"card":null`) {
		t.Fatalf("PATCH null: %d %s", r.status, r.body)
	}
}

// TestPollAndCardBadInput: each bad value is a 422 naming the field, and
// nothing is stored.
func TestPollAndCardBadInput(t *testing.T) {
	f := newFixture(t, Config{})
	seed(t, f)
	opt := `{"label":"x","votes":1}`
	cases := []struct{ name, body, field string }{
		{"one option", `"poll":{"options":[` + opt + `]}`, "poll.options"},
		{"five options", `"poll":{"options":[` + strings.Repeat(opt+",", 4) + opt + `]}`, "poll.options"},
		{"negative votes", `"poll":{"options":[` + opt + `,{"label":"y","votes":-2}]}`, "poll.options[1].votes"},
		{"long label", `"poll":{"options":[` + opt + `,{"label":"abcdefghijklmnopqrstuvwxyz"}]}`, "poll.options[1].label"},
		{"unknown poll field", `"poll":{"options":[],"voters":3}`, "poll"},
		{"bad ends_at", `"poll":{"options":[` + opt + `,` + opt + `],"ends_at":"tomorrow"}`, "poll.ends_at"},
		{"card url not in text", `"card":{"url":"https://elsewhere.example/","title":"t"}`, "card.url"},
		{"card not http", `"card":{"url":"javascript:alert(1)","title":"t"}`, "card.url"},
		{"card without title", `"card":{"url":"https://news.example/a"}`, "card.title"},
		{"card image unknown", `"card":{"url":"https://news.example/a","title":"t","image_media_id":"77"}`, "card.image_media_id"},
	}
	before := f.countPosts(t, "alice")
	for _, tc := range cases {
		r := f.writeJSON(t, "POST", "/api/v1/posts", `{"author":"alice","text":"see https://news.example/a",`+tc.body+`}`)
		if r.status != 422 || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
			t.Errorf("%s: %d %s; want 422 naming %s", tc.name, r.status, r.body, tc.field)
		}
	}
	if n := f.countPosts(t, "alice"); n != before {
		t.Errorf("refused posts were stored: %d posts, want %d", n, before)
	}
}

// TestLinkCardImageInTimeline: a timeline reads its page's media in bulk
// (prefetch); a link card's image must be among them, so the card shows
// the same image in a timeline as on its own.
func TestLinkCardImageInTimeline(t *testing.T) {
	f := newFixture(t, Config{})
	s := seed(t, f)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"read https://news.example/a",
		"card":{"url":"https://news.example/a","title":"A story","image_media_id":"`+s.mediaID+`"}}`)
	card := f.do(t, "GET", "/embed/post/"+id, nil, nil)
	tl := f.do(t, "GET", "/embed/timeline/alice", nil, nil)
	if card.status != 200 || tl.status != 200 {
		t.Fatalf("card %d, timeline %d", card.status, tl.status)
	}
	if !strings.Contains(card.body, "A story") || !strings.Contains(card.body, "/media/") {
		t.Fatalf("the card shows no link card image: %s", card.body)
	}
	for _, doc := range []struct{ name, body string }{{"card", card.body}, {"timeline", tl.body}} {
		if !strings.Contains(doc.body, "class=lc") && !strings.Contains(doc.body, `class="lc`) {
			t.Errorf("%s: no link card markup", doc.name)
		}
	}
	if strings.Count(tl.body, "<img") < strings.Count(card.body, "<img") {
		t.Errorf("the timeline shows fewer images (%d) than the card alone (%d): the link card's image is missing",
			strings.Count(tl.body, "<img"), strings.Count(card.body, "<img"))
	}
}
