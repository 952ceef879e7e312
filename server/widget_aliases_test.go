package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// A URI that decodes to another's path must not claim that URI's render:
// aliases are keyed by the raw request URI.
func TestAliasesKeyedByRawURI(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"hello from alice"}`)
	odd := f.get(t, "/embed/timeline/al%69ce")
	for range 2 { // the second request answers through the alias
		if r := f.get(t, "/embed/timeline/alice"); r.status != 200 || !strings.Contains(r.body, "hello from alice") {
			t.Fatalf("/embed/timeline/alice after %d for al%%69ce: %d", odd.status, r.status)
		}
	}
	if again := f.get(t, "/embed/timeline/al%69ce"); again.status != odd.status {
		t.Fatalf("al%%69ce answered %d, then %d", odd.status, again.status)
	}
}

// A render found through an alias is still fenced by writes: a delete
// shows on the next request, an edit too.
func TestAliasHitSeesWrites(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"first words"}`)
	uris := []string{"/embed/post/" + id + "?theme=dark", "/oembed?url=" + url.QueryEscape("http://roost.test/alice/status/"+id),
		"/api/v1/posts/" + id, "/embed/timeline/alice"}
	for _, u := range uris {
		f.get(t, u)
		if r := f.get(t, u); r.status != 200 || !strings.Contains(r.body, "first words") {
			t.Fatalf("%s: %d %q", u, r.status, r.body)
		}
	}
	if r := f.writeJSON(t, "PATCH", "/api/v1/posts/"+id, `{"text":"second words"}`); r.status != 200 {
		t.Fatalf("edit: %d %s", r.status, r.body)
	}
	for _, u := range uris {
		if r := f.get(t, u); !strings.Contains(r.body, "second words") || strings.Contains(r.body, "first words") {
			t.Fatalf("%s after an edit: %d %q", u, r.status, r.body)
		}
	}
	if r := f.do(t, "DELETE", "/api/v1/posts/"+id, map[string]string{"Authorization": "Bearer " + f.write}, nil); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	for _, u := range uris {
		if r := f.get(t, u); r.status == 200 && strings.Contains(r.body, "second words") {
			t.Fatalf("%s after a delete: %d %q", u, r.status, r.body)
		}
	}
}

// URIs that differ only in what the handler ignores share one render.
func TestAliasesShareNormalisedKey(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"one render"}`)
	before := f.srv.cache.Stats().Fills
	for i := range 5 {
		f.get(t, fmt.Sprintf("/embed/post/%s?theme=dark&utm=%d", id, i))
	}
	if got := f.srv.cache.Stats().Fills - before; got != 1 {
		t.Fatalf("5 URIs with one normalised key: %d renders, want 1", got)
	}
	if f.srv.aliases.len() < 5 {
		t.Fatalf("%d aliases remembered, want at least 5", f.srv.aliases.len())
	}
}

// The table is bounded whatever URIs clients invent.
func TestAliasesBounded(t *testing.T) {
	a := newKeyAliases()
	for i := range maxAliases + 100 {
		a.remember([]byte(fmt.Sprintf("/embed/post/1?x=%d", i)), "post/1?")
	}
	if n := a.len(); n > maxAliases {
		t.Fatalf("%d aliases held, bound %d", n, maxAliases)
	}
	a.remember([]byte("/embed/post/1?"+strings.Repeat("x", maxAliasURI)), "post/1?")
	if _, ok := a.lookup([]byte("/embed/post/1?" + strings.Repeat("x", maxAliasURI))); ok {
		t.Fatal("an over-long URI was remembered")
	}
}

// A cache hit allocates nothing on any widget route (the goal of the load
// benchmark issue: at most 2, aim 0).
func TestHitAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing")
	}
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"a post with #tag and https://example.com"}`)
	h := f.srv.App().Handler()
	for _, uri := range []string{
		"/embed/post/" + id, "/embed/post/" + id + "?theme=dark&lang=ar", "/embed/timeline/alice?limit=10",
		"/embed/hashtag/tag", "/embed/button/follow?screen_name=alice", "/embed/sharebar?url=https://e.com/",
		"/oembed?url=" + url.QueryEscape("http://roost.test/alice/status/"+id), "/api/v1/posts/" + id,
	} {
		var ctx fasthttp.RequestCtx
		serve := func() {
			ctx.Request.Reset()
			ctx.Response.Reset()
			ctx.Request.SetRequestURI(uri)
			ctx.Request.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
			h(&ctx)
		}
		serve()
		f.srv.cache.Wait()
		serve()
		if ctx.Response.StatusCode() != 200 {
			t.Fatalf("%s: %d", uri, ctx.Response.StatusCode())
		}
		if n := testing.AllocsPerRun(200, serve); n > 0 {
			t.Errorf("%s: %.1f allocations per hit, want 0", uri, n)
		}
	}
}

// Pages are not behind byURI, so they leave nothing in the alias table.
func TestPagesRememberNoAlias(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"a page"}`)
	before := f.srv.aliases.len()
	for range 2 {
		for _, u := range []string{"/alice/status/" + id, "/alice"} {
			if r := f.get(t, u); r.status != 200 {
				t.Fatalf("%s: %d", u, r.status)
			}
		}
	}
	if n := f.srv.aliases.len(); n != before {
		t.Fatalf("pages added %d aliases", n-before)
	}
	f.get(t, "/embed/post/"+id)
	if f.srv.aliases.len() != before+1 {
		t.Fatal("a card added no alias: the check above proves nothing")
	}
}

// A request whose alias finds no fresh render counts one miss, not two
// (the alias probe and the handler's own lookup), and a hit through the
// alias counts one hit: the hit ratio on /metrics stays per request.
func TestAliasCountsEachRequestOnce(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"counted"}`)
	uri := "/embed/post/" + id + "?theme=dark"
	f.get(t, uri) // a miss: renders, remembers the alias
	st := f.srv.cache.Stats()
	f.get(t, uri) // a hit through the alias
	if d := f.srv.cache.Stats(); d.Hits-st.Hits != 1 || d.Misses != st.Misses {
		t.Fatalf("alias hit counted %d hits, %d misses; want 1, 0", d.Hits-st.Hits, d.Misses-st.Misses)
	}
	if r := f.writeJSON(t, "PATCH", "/api/v1/posts/"+id, `{"text":"recounted"}`); r.status != 200 {
		t.Fatalf("edit: %d", r.status)
	}
	st = f.srv.cache.Stats()
	if r := f.get(t, uri); !strings.Contains(r.body, "recounted") {
		t.Fatalf("after the edit: %d", r.status)
	}
	if d := f.srv.cache.Stats(); d.Misses-st.Misses != 1 || d.Hits != st.Hits {
		t.Fatalf("fenced alias counted %d misses, %d hits; want 1, 0", d.Misses-st.Misses, d.Hits-st.Hits)
	}
}
