package server

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// get fetches a widget URL and returns its answer; the cache stays on, so
// every test here also checks that writes fence cached timelines.
func (f *fixture) get(t *testing.T, url string) response {
	t.Helper()
	r := f.do(t, "GET", url, nil, nil)
	if c := r.header.Get("Set-Cookie"); c != "" {
		t.Errorf("GET %s set a cookie: %s", url, c)
	}
	f.srv.cache.Wait() // the entry is stored: the next request would hit it unless fenced
	return r
}

// cardCount counts the post cards of a timeline document.
func cardCount(body string) int { return strings.Count(body, "<article class=card") }

// newTimelineFixture seeds an account with posts, a protected and a
// suspended account, and a list of two members.
func newTimelineFixture(t *testing.T) (*fixture, []string) {
	t.Helper()
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"Wren","name":"Wren Writer","bio":"I write <b>things</b>"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"kit","name":"Kit"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"priv","protected":true}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"gone","suspended":true}`)
	var ids []string
	for i := range 4 {
		ids = append(ids, f.mustCreate(t, "/api/v1/posts", fmt.Sprintf(`{"author":"wren","text":"wren post %d #Café"}`, i)))
	}
	f.mustCreate(t, "/api/v1/posts", `{"author":"kit","text":"kit says #café"}`)
	f.mustCreate(t, "/api/v1/posts", `{"author":"priv","text":"secretive words #café"}`)
	return f, ids
}

// TestTimelineFreshness checks that a profile timeline shows a new post,
// an edit, a delete and a protected author on the very next request, with
// the render cache on.
func TestTimelineFreshness(t *testing.T) {
	f, ids := newTimelineFixture(t)
	const url = "/embed/timeline/wren"
	steps := []struct {
		name       string
		write      func()
		status     int
		cards      int
		has, hasNo string
	}{
		{"first render", func() {}, 200, 4, "wren post 3", "kit says"},
		{"cached", func() {}, 200, 4, "wren post 0", "fresh post"},
		{"new post", func() { f.mustCreate(t, "/api/v1/posts", `{"author":"wren","text":"fresh post"}`) }, 200, 5, "fresh post", ""},
		{"edited post", func() { f.writeJSON(t, "PATCH", "/api/v1/posts/"+ids[1], `{"text":"edited words"}`) }, 200, 5, "edited words", "wren post 1"},
		{"deleted post", func() { f.writeJSON(t, "DELETE", "/api/v1/posts/"+ids[2], "") }, 200, 4, "wren post 3", "wren post 2"},
		{"protected author", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"protected":true}`) }, 403, 0, "protected", "wren post"},
		{"public again", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"protected":false}`) }, 200, 4, "edited words", ""},
		{"suspended author", func() { f.writeJSON(t, "PATCH", "/api/v1/users/wren", `{"suspended":true}`) }, 410, 0, "suspended", "wren post"},
	}
	for _, s := range steps {
		s.write()
		hits := f.srv.cache.Stats().Hits
		r := f.get(t, url)
		if s.name == "cached" && f.srv.cache.Stats().Hits != hits+1 {
			t.Errorf("cached: not served from the render cache")
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

// TestTimelinePaging checks limit and the before cursor: pages do not
// overlap, the last has no "Load more", and the link keeps the options.
func TestTimelinePaging(t *testing.T) {
	f, _ := newTimelineFixture(t)
	more := regexp.MustCompile(`(?i)href="?(http://roost\.test/embed/timeline/wren\?[^" >]+)`)
	url, seen := "/embed/timeline/WREN?limit=3&theme=dark", map[string]bool{}
	var pages []int
	for range 5 {
		r := f.get(t, url)
		if r.status != 200 {
			t.Fatalf("GET %s: %d", url, r.status)
		}
		for _, m := range regexp.MustCompile(`wren post \d`).FindAllString(r.body, -1) {
			if seen[m] {
				t.Errorf("%s shown on two pages", m)
			}
			seen[m] = true
		}
		pages = append(pages, cardCount(r.body))
		m := more.FindStringSubmatch(r.body)
		if m == nil || !strings.Contains(m[1], "before=") {
			break
		}
		if !strings.Contains(m[1], "limit=3") || !strings.Contains(m[1], "theme=dark") {
			t.Errorf("load-more link %q drops the options", m[1])
		}
		url = strings.TrimPrefix(strings.ReplaceAll(m[1], "&amp;", "&"), "http://roost.test")
	}
	if fmt.Sprint(pages) != "[3 1]" || len(seen) != 4 {
		t.Errorf("pages = %v showing %d posts, want [3 1] showing 4", pages, len(seen))
	}
	if r := f.get(t, "/embed/timeline/wren?limit=99"); cardCount(r.body) != 4 {
		t.Errorf("limit=99 (clamped to 20) shows %d cards, want 4", cardCount(r.body))
	}
	if r := f.get(t, "/embed/timeline/wren?limit=0"); cardCount(r.body) != 1 {
		t.Errorf("limit=0 (clamped to 1) shows %d cards, want 1", cardCount(r.body))
	}
}

// TestTimelineStatuses covers each route's states and statuses.
func TestTimelineStatuses(t *testing.T) {
	f, _ := newTimelineFixture(t)
	listID := f.mustCreate(t, "/api/v1/lists", `{"owner":"kit","name":"Pals","members":["wren","kit","priv","gone"]}`)
	tests := []struct {
		url         string
		status      int
		cards       int
		has, hasNot []string
	}{
		{"/embed/timeline/wren", 200, 4, []string{"Wren Writer", "I write &lt;b>things&lt;/b>", "/intent/follow?screen_name=Wren"}, []string{"secretive"}},
		{"/embed/timeline/WrEn", 200, 4, []string{"Wren Writer"}, nil},
		{"/embed/timeline/nobody", 404, 0, []string{"This timeline is unavailable."}, nil},
		{"/embed/timeline/bad-handle!", 404, 0, []string{"unavailable"}, nil},
		{"/embed/timeline/priv", 403, 0, []string{"protected"}, []string{"secretive"}},
		{"/embed/timeline/gone", 410, 0, []string{"suspended"}, nil},
		{"/embed/list/" + listID, 200, 5, []string{"Pals", "A list by", "kit says"}, []string{"secretive"}},
		{"/embed/list/999", 404, 0, []string{"unavailable"}, nil},
		{"/embed/list/abc", 404, 0, []string{"unavailable"}, nil},
		{"/embed/hashtag/caf%C3%A9", 200, 5, []string{"#café", "kit says"}, []string{"secretive"}},
		{"/embed/hashtag/CAF%C3%89", 200, 5, []string{"#café"}, nil},
		{"/embed/hashtag/%23Caf%C3%A9", 200, 5, []string{"#café"}, nil},
		{"/embed/hashtag/nothing", 200, 0, []string{"No posts yet"}, nil},
		{"/embed/hashtag/bad%20tag", 404, 0, []string{"unavailable"}, nil},
		{"/embed/hashtag/" + strings.Repeat("a", 101), 404, 0, nil, nil},
		{"/embed/hashtag/%3Cscript%3E", 404, 0, nil, []string{"&lt;script"}},
	}
	for _, tc := range tests {
		r := f.get(t, tc.url)
		if r.status != tc.status || cardCount(r.body) != tc.cards {
			t.Errorf("GET %s: status %d with %d cards, want %d with %d", tc.url, r.status, cardCount(r.body), tc.status, tc.cards)
		}
		for _, s := range tc.has {
			if !strings.Contains(r.body, s) {
				t.Errorf("GET %s: body lacks %q", tc.url, s)
			}
		}
		for _, s := range tc.hasNot {
			if strings.Contains(r.body, s) {
				t.Errorf("GET %s: body has %q", tc.url, s)
			}
		}
		if ct := r.header.Get("Content-Type"); ct != htmlContentType {
			t.Errorf("GET %s: content type %q", tc.url, ct)
		}
		if xfo := r.header.Get("X-Frame-Options"); xfo != "" {
			t.Errorf("GET %s: X-Frame-Options %q on a widget", tc.url, xfo)
		}
	}
}

// TestListAndHashtagFreshness checks that a new post by a list member or
// with the tag, and a member turning protected, show on the next request.
func TestListAndHashtagFreshness(t *testing.T) {
	f, _ := newTimelineFixture(t)
	listID := f.mustCreate(t, "/api/v1/lists", `{"owner":"kit","name":"Pals","members":["wren","kit"]}`)
	list, tag := "/embed/list/"+listID, "/embed/hashtag/caf%C3%A9"
	counts := func() (int, int) { return cardCount(f.get(t, list).body), cardCount(f.get(t, tag).body) }
	if l, h := counts(); l != 5 || h != 5 {
		t.Fatalf("start: list %d, hashtag %d cards, want 5 and 5", l, h)
	}
	f.mustCreate(t, "/api/v1/posts", `{"author":"kit","text":"new from kit #CAFÉ"}`)
	if l, h := counts(); l != 6 || h != 6 {
		t.Errorf("after a new post: list %d, hashtag %d cards, want 6 and 6", l, h)
	}
	f.writeJSON(t, "PATCH", "/api/v1/users/kit", `{"protected":true}`)
	if l, h := counts(); l != 4 || h != 4 {
		t.Errorf("after kit turned protected: list %d, hashtag %d cards, want 4 and 4", l, h)
	}
	f.writeJSON(t, "PUT", "/api/v1/lists/"+listID+"/members", `{"members":["kit"]}`)
	if l, _ := counts(); l != 0 {
		t.Errorf("after wren left the list: %d cards, want 0", l)
	}
}

// TestTimelineUnknownParamsAddNoEntries checks that parameters outside the
// options, and spellings of the same options, share one cache entry.
func TestTimelineUnknownParamsAddNoEntries(t *testing.T) {
	f, _ := newTimelineFixture(t)
	f.get(t, "/embed/timeline/wren")
	f.srv.cache.Wait() // ristretto stores asynchronously
	before := f.srv.cache.Stats().Fills
	for _, q := range []string{"?utm_source=x", "?foo=1&bar=2", "?limit=10&theme=auto", "?limit=10.5x", "?chrome=",
		"?callback=evil", "?aria_polite=polite&lang=en-US"} {
		if r := f.get(t, "/embed/timeline/Wren"+q); r.status != 200 {
			t.Fatalf("GET %s: %d", q, r.status)
		}
	}
	if after := f.srv.cache.Stats().Fills; after != before {
		t.Errorf("%d extra renders for the same options, want 0", after-before)
	}
}
