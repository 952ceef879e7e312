package server

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestSearchFreshness: a search timeline shows a new matching post, an
// edit that makes a post match or stop matching, a deletion and a
// protected author on the very next request, with the render cache on.
func TestSearchFreshness(t *testing.T) {
	f, ids := newTimelineFixture(t)
	u := "/embed/search?q=" + url.QueryEscape(`"wren post" -3`)
	steps := []struct {
		name       string
		write      func()
		status     int
		cards      int
		has, hasNo string
	}{
		{"first render", func() {}, 200, 3, "wren post 2", "wren post 3"},
		{"cached", func() {}, 200, 3, "wren post 0", ""},
		{"unrelated list write", func() { f.mustCreate(t, "/api/v1/lists", `{"owner":"kit","name":"L"}`) }, 200, 3, "wren post 0", ""},
		{"new match", func() { f.mustCreate(t, "/api/v1/posts", `{"author":"kit","text":"a WREN POST by kit"}`) }, 200, 4, "by kit", ""},
		{"edit stops matching", func() { f.writeJSON(t, "PATCH", "/api/v1/posts/"+ids[1], `{"text":"edited words"}`) }, 200, 3, "wren post 0", "edited words"},
		{"edit starts matching", func() { f.writeJSON(t, "PATCH", "/api/v1/posts/"+ids[1], `{"text":"wren post again"}`) }, 200, 4, "wren post again", ""},
		{"deleted post", func() { f.writeJSON(t, "DELETE", "/api/v1/posts/"+ids[2], "") }, 200, 3, "wren post 0", "wren post 2"},
		{"protected author", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"protected":true}`) }, 200, 1, "by kit", "wren post 0"},
		{"public again", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"protected":false}`) }, 200, 3, "wren post 0", ""},
	}
	for _, s := range steps {
		s.write()
		hits := f.srv.cache.Stats().Hits
		r := f.get(t, u)
		if (s.name == "cached" || s.name == "unrelated list write") && f.srv.cache.Stats().Hits != hits+1 {
			t.Errorf("%s: not served from the render cache", s.name)
		}
		if r.status != s.status || cardCount(r.body) != s.cards {
			t.Errorf("%s: status %d with %d cards, want %d with %d", s.name, r.status, cardCount(r.body), s.status, s.cards)
		}
		if s.has != "" && !strings.Contains(r.body, s.has) {
			t.Errorf("%s: body lacks %q", s.name, s.has)
		}
		if s.hasNo != "" && strings.Contains(r.body, s.hasNo) {
			t.Errorf("%s: body still has %q", s.name, s.hasNo)
		}
	}
}

// TestSearchBadInput: hostile and odd queries give a timeline (maybe an
// empty one), never a 500; a blank query is a 404 timeline.
func TestSearchBadInput(t *testing.T) {
	f, _ := newTimelineFixture(t)
	for _, q := range []string{
		strings.Repeat("wren ", 300), `"unbalanced`, `* NEAR : "`, `'; DROP TABLE posts; --`, "-wren",
		"from:", "has:media", "\xff\xfeq", "🦊", "東京", "lang:zz", `"`, "#café from:kit",
	} {
		for _, route := range []string{"/embed/search?q=", "/api/v1/search?q="} {
			r := f.get(t, route+url.QueryEscape(q))
			if r.status != 200 {
				t.Errorf("GET %s%.40q: status %d, want 200", route, q, r.status)
			}
		}
	}
	if r := f.get(t, "/embed/search?q=+%FF++"); r.status != 404 || !strings.Contains(r.body, "unavailable") {
		t.Errorf("a blank query: status %d, want the 404 timeline", r.status)
	}
	r := f.get(t, "/embed/search?q="+url.QueryEscape("#café from:kit"))
	if cardCount(r.body) != 1 || !strings.Contains(r.body, "kit says") {
		t.Errorf("#café from:kit: %d cards, want kit's post", cardCount(r.body))
	}
}

// TestSearchPaging: the footer pages through a search with its query and
// options; the JSON API pages with next_before.
func TestSearchPaging(t *testing.T) {
	f, _ := newTimelineFixture(t)
	r := f.get(t, "/embed/search?limit=2&q=wren+post&theme=dark")
	if cardCount(r.body) != 2 {
		t.Fatalf("first page: %d cards, want 2", cardCount(r.body))
	}
	if !strings.Contains(r.body, "/embed/search?before=") || !strings.Contains(r.body, "q=wren+post") ||
		!strings.Contains(r.body, "theme=dark") {
		t.Errorf("the next-page link lacks the query or the options:\n%s", r.body)
	}
	var page struct {
		Data []struct {
			Text string `json:"text"`
		} `json:"data"`
		NextBefore string `json:"next_before"`
	}
	r = f.get(t, "/api/v1/search?limit=3&q=wren+post")
	if err := json.Unmarshal([]byte(r.body), &page); err != nil || len(page.Data) != 3 || page.NextBefore == "" {
		t.Fatalf("JSON page: %v %+v", err, page)
	}
	r = f.get(t, "/api/v1/search?limit=3&q=wren+post&before="+page.NextBefore)
	if err := json.Unmarshal([]byte(r.body), &page); err != nil || len(page.Data) != 1 || page.Data[0].Text != "wren post 0 #Café" {
		t.Errorf("second JSON page: %v %+v", err, page)
	}
}
