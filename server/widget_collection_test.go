package server

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// entriesBody writes a PUT /collections/{id}/posts body.
func entriesBody(ids ...string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = `{"id":"` + id + `"}`
	}
	return `{"posts":[` + strings.Join(parts, ",") + `]}`
}

// cardOrder returns the texts of the timeline's cards, in order, among want.
func cardOrder(body string, want ...string) []string {
	var got []string
	idx := map[int]string{}
	for _, w := range want {
		if i := strings.Index(body, w); i >= 0 {
			idx[i] = w
		}
	}
	for i := 0; i < len(body); i++ {
		if w, ok := idx[i]; ok {
			got = append(got, w)
		}
	}
	return got
}

// TestCollectionFreshness: order changes, additions, removals, a deleted
// post and a protected author show on the next request, with the cache on;
// notes show above their cards; nothing hidden leaves a gap.
func TestCollectionFreshness(t *testing.T) {
	f, ids := newTimelineFixture(t)
	kit := f.mustCreate(t, "/api/v1/posts", `{"author":"kit","text":"kit again"}`)
	col := f.mustCreate(t, "/api/v1/collections", `{"owner":"kit","name":"Picks","description":"the best",
		"posts":[{"id":"`+ids[2]+`","note":"Start here"},{"id":"`+ids[0]+`"},{"id":"`+kit+`"}]}`)
	u := "/embed/collection/" + col
	texts := []string{"wren post 0", "wren post 1", "wren post 2", "wren post 3", "kit again"}
	steps := []struct {
		name  string
		write func()
		want  []string
	}{
		{"first render", func() {}, []string{"wren post 2", "wren post 0", "kit again"}},
		{"reordered and added", func() {
			f.writeJSON(t, "PUT", "/api/v1/collections/"+col+"/posts", entriesBody(kit, ids[3], ids[2]))
		}, []string{"kit again", "wren post 3", "wren post 2"}},
		{"deleted post", func() { f.writeJSON(t, "DELETE", "/api/v1/posts/"+ids[3], "") }, []string{"kit again", "wren post 2"}},
		{"protected author", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"protected":true}`) }, []string{"kit again"}},
		{"public again", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"protected":false}`) }, []string{"kit again", "wren post 2"}},
	}
	for _, s := range steps {
		s.write()
		r := f.get(t, u)
		if got := cardOrder(r.body, texts...); r.status != 200 || strings.Join(got, "|") != strings.Join(s.want, "|") || cardCount(r.body) != len(s.want) {
			t.Errorf("%s: %d, cards %v (%d), want %v", s.name, r.status, got, cardCount(r.body), s.want)
		}
	}
	if r := f.get(t, u); strings.Contains(r.body, "Start here") {
		t.Errorf("a note outlived its entry")
	}
	f.writeJSON(t, "PUT", "/api/v1/collections/"+col+"/posts", `{"posts":[{"id":"`+ids[0]+`","note":"Read <this> first"}]}`)
	if r := f.get(t, u); !strings.Contains(r.body, "Read &lt;this> first") && !strings.Contains(r.body, "Read &lt;this&gt; first") {
		t.Errorf("the note is missing or unescaped:\n%s", r.body)
	}
	if r := f.writeJSON(t, "DELETE", "/api/v1/collections/"+col, ""); r.status != 204 {
		t.Fatalf("DELETE collection: %d %s", r.status, r.body)
	}
	if r := f.get(t, u); r.status != 404 || cardCount(r.body) != 0 {
		t.Errorf("deleted collection: %d with %d cards", r.status, cardCount(r.body))
	}
}

// TestCollectionGridAndPaging: layout=grid renders one tile per visible
// post, each linking to its permalink; list pages follow the curated order.
func TestCollectionGridAndPaging(t *testing.T) {
	f, ids := newTimelineFixture(t)
	col := f.mustCreate(t, "/api/v1/collections", `{"owner":"kit","name":"Picks","posts":[{"id":"`+ids[3]+`"},{"id":"`+ids[1]+`"},{"id":"`+ids[0]+`"}]}`)
	r := f.get(t, "/embed/collection/"+col+"?layout=grid")
	tiles := regexp.MustCompile(`(?i)<a class="?tg"? href="?[^ >]*/wren/status/`).FindAllString(r.body, -1)
	if r.status != 200 || len(tiles) != 3 || cardCount(r.body) != 0 {
		t.Errorf("grid: %d with %d tiles and %d cards:\n%s", r.status, len(tiles), cardCount(r.body), r.body)
	}
	r = f.get(t, "/embed/collection/"+col+"?limit=2")
	if got := cardOrder(r.body, "wren post 3", "wren post 1", "wren post 0"); strings.Join(got, "|") != "wren post 3|wren post 1" {
		t.Fatalf("first page: %v", got)
	}
	next := regexp.MustCompile(`href="?([^" >]*before=\d+[^" >]*)`).FindStringSubmatch(r.body)
	if next == nil {
		t.Fatalf("no next-page link:\n%s", r.body)
	}
	nu, _ := url.Parse(strings.ReplaceAll(next[1], "&amp;", "&"))
	r = f.get(t, nu.RequestURI())
	if got := cardOrder(r.body, "wren post 3", "wren post 1", "wren post 0"); strings.Join(got, "|") != "wren post 0" {
		t.Errorf("second page (%s): %v", nu.RequestURI(), got)
	}
}

// TestCollectionBadInput: each bad entry list is a 422 naming the field,
// and a failed create leaves no collection behind.
func TestCollectionBadInput(t *testing.T) {
	f, ids := newTimelineFixture(t)
	priv := f.mustCreate(t, "/api/v1/posts", `{"author":"kit","text":"to be hidden"}`)
	f.writeJSON(t, "PATCH", "/api/v1/users/kit", `{"protected":true}`)
	many := make([]string, 501)
	for i := range many {
		many[i] = ids[0]
	}
	col := f.mustCreate(t, "/api/v1/collections", `{"owner":"wren","name":"C"}`)
	for _, tc := range []struct{ body, field string }{
		{entriesBody(ids[0], ids[1], ids[0]), "posts[2].id"},
		{entriesBody(ids[0], "424242"), "posts[1].id"},
		{entriesBody(priv), "posts[0].id"},
		{entriesBody(many...), "posts"},
		{`{"posts":[{"id":"` + ids[0] + `","note":"` + strings.Repeat("n", 281) + `"}]}`, "posts[0].note"},
		{`{"posts":[{"id":"x"}]}`, "posts.id"},
	} {
		r := f.writeJSON(t, "PUT", "/api/v1/collections/"+col+"/posts", tc.body)
		if r.status/100 != 4 || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
			t.Errorf("PUT %.60s: %d %.200s, want a 4xx naming %s", tc.body, r.status, r.body, tc.field)
		}
	}
	// 10,000 entries do not fit the 256 KB body limit: 413 before parsing.
	huge := make([]string, 10000)
	for i := range huge {
		huge[i] = ids[0]
	}
	if r := f.writeJSON(t, "PUT", "/api/v1/collections/"+col+"/posts", entriesBody(huge...)); r.status != 413 {
		t.Errorf("10,000 entries: %d, want 413", r.status)
	}
	before := f.changeCount()
	r := f.writeJSON(t, "POST", "/api/v1/collections", `{"owner":"wren","name":"D","posts":[{"id":"424242"}]}`)
	if r.status != 422 || !strings.Contains(r.body, `"posts[0].id"`) {
		t.Errorf("create with an unknown post: %d %s", r.status, r.body)
	}
	if f.changeCount() != before+2 {
		t.Errorf("the failed create left %d changes, want its create and its undo", f.changeCount()-before)
	}
	if r := f.get(t, "/embed/collection/"+col); r.status != 200 {
		t.Errorf("the refused sets broke the collection: %d", r.status)
	}
	if r := f.get(t, "/oembed?url="+url.QueryEscape(testPublic+"/i/collections/"+col)); r.status != 200 {
		t.Errorf("oembed of the collection: %d %s", r.status, r.body)
	}
	for _, bad := range []string{"/embed/collection/0", "/embed/collection/abc", "/embed/collection/424242"} {
		if r := f.get(t, bad); r.status != 404 {
			t.Errorf("GET %s: %d, want 404", bad, r.status)
		}
	}
}
