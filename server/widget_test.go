package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
)

// slowStore is the real store with a delay on post reads, so a render that
// started before a delete is still running when the delete returns: the
// race ristretto's asynchronous Set allows.
type slowStore struct {
	storage.Store
	delay atomic.Int64 // nanoseconds
	reads atomic.Int64
}

func (s *slowStore) PostByID(ctx context.Context, id int64) (*storage.Post, error) {
	s.reads.Add(1)
	if d := time.Duration(s.delay.Load()); d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.Store.PostByID(ctx, id)
}

// seedThread creates alice, a post, a quote of it and a reply to it.
func seedThread(t *testing.T, f *fixture) (post, quote, reply string) {
	t.Helper()
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"bob","name":"Bob"}`)
	post = f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"the original words"}`)
	quote = f.mustCreate(t, "/api/v1/posts", `{"author":"bob","text":"quoting","quote_of":"`+post+`"}`)
	reply = f.mustCreate(t, "/api/v1/posts", `{"author":"bob","text":"replying","reply_to":"`+post+`"}`)
	return post, quote, reply
}

func TestCardColdKeyRendersOnce(t *testing.T) {
	var slow *slowStore
	f := newFixture(t, Config{}, fixtureOptions{wrap: func(st storage.Store) storage.Store {
		slow = &slowStore{Store: st}
		return slow
	}})
	post, _, _ := seedThread(t, f)
	base := f.listen(t)
	slow.delay.Store(int64(100 * time.Millisecond)) // keep the render open while requests pile up
	before := f.srv.cache.Stats().Fills

	const n = 1000
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 256, MaxIdleConnsPerHost: 256}}
	var wg sync.WaitGroup
	var failures atomic.Int64
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			resp, err := client.Get(base + "/embed/post/" + post)
			if err != nil || resp.StatusCode != 200 {
				failures.Add(1)
			}
			if resp != nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	close(start)
	wg.Wait()
	if failures.Load() != 0 {
		t.Fatalf("%d of %d requests failed", failures.Load(), n)
	}
	if got := f.srv.cache.Stats().Fills - before; got != 1 {
		t.Errorf("%d concurrent requests for one cold key caused %d renders, want 1", n, got)
	}
}

func TestDeleteIsVisibleOnTheVeryNextRequest(t *testing.T) {
	var slow *slowStore
	f := newFixture(t, Config{}, fixtureOptions{wrap: func(st storage.Store) storage.Store {
		slow = &slowStore{Store: st}
		return slow
	}})
	iterations := 25
	if testing.Short() {
		iterations = 5
	}
	for i := 0; i < iterations; i++ {
		f := f
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			slow.delay.Store(0)
			if i == 0 {
				seedUsersOnce(t, f)
			}
			post := f.mustCreate(t, "/api/v1/posts", `{"author":"alice","text":"doomed words"}`)
			quote := f.mustCreate(t, "/api/v1/posts", `{"author":"bob","text":"quoting","quote_of":"`+post+`"}`)
			reply := f.mustCreate(t, "/api/v1/posts", `{"author":"bob","text":"replying","reply_to":"`+post+`"}`)
			urls := []string{"/embed/post/" + post, "/embed/post/" + quote, "/embed/post/" + reply}
			for _, u := range urls { // warm the cache: every surface shows the words
				if r := f.do(t, "GET", u, nil, nil); !strings.Contains(r.body, "doomed words") {
					t.Fatalf("%s before delete: missing text (status %d)", u, r.status)
				}
			}
			// Slow fills that start now, before the delete, land after it.
			slow.delay.Store(int64(30 * time.Millisecond))
			var wg sync.WaitGroup
			for _, u := range urls {
				for _, q := range []string{"", "?theme=dark", "?lang=fr"} {
					wg.Add(1)
					go func(path string) { defer wg.Done(); f.do(t, "GET", path, nil, nil) }(u + q)
				}
			}
			time.Sleep(5 * time.Millisecond)
			r := f.do(t, "DELETE", "/api/v1/posts/"+post, map[string]string{"Authorization": "Bearer " + f.write}, nil)
			if r.status != 204 {
				t.Fatalf("delete: status %d %s", r.status, r.body)
			}
			slow.delay.Store(0)
			for _, u := range urls {
				for _, q := range []string{"", "?theme=dark", "?lang=fr"} {
					got := f.do(t, "GET", u+q, nil, nil)
					if strings.Contains(got.body, "doomed words") {
						t.Fatalf("%s%s right after the delete still shows the deleted text", u, q)
					}
				}
			}
			if got := f.do(t, "GET", urls[0], nil, nil); got.status != 404 {
				t.Errorf("deleted card: status %d, want 404", got.status)
			}
			wg.Wait()
			for _, u := range urls { // and after the slow fills have landed
				if got := f.do(t, "GET", u, nil, nil); strings.Contains(got.body, "doomed words") {
					t.Fatalf("%s after slow fills landed shows the deleted text", u)
				}
			}
		})
	}
}

// seedUsersOnce creates the two authors the deletion test writes as.
func seedUsersOnce(t *testing.T, f *fixture) {
	t.Helper()
	f.mustCreate(t, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"bob","name":"Bob"}`)
}

func TestStaleServedWhileStoreIsDown(t *testing.T) {
	f := newFixture(t, Config{}, fixtureOptions{cache: cache.Config{FreshTTL: 50 * time.Millisecond}})
	post, quote, _ := seedThread(t, f)
	if r := f.do(t, "GET", "/embed/post/"+post, nil, nil); r.status != 200 {
		t.Fatalf("warm: status %d", r.status)
	}
	time.Sleep(120 * time.Millisecond) // the entry is now stale but unchanged
	if err := f.st.Close(); err != nil {
		t.Fatal(err)
	}
	r := f.do(t, "GET", "/embed/post/"+post, nil, nil)
	if r.status != 200 || !strings.Contains(r.body, "the original words") {
		t.Fatalf("store down, stale entry: status %d, want 200 with the card", r.status)
	}
	if r.header.Get("X-Roost-Stale") != "1" {
		t.Errorf("stale answer not marked: headers %v", r.header)
	}
	began := time.Now()
	r = f.do(t, "GET", "/embed/post/"+quote, nil, nil)
	if r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Fatalf("store down, never cached: status %d Retry-After %q, want 503 with Retry-After",
			r.status, r.header.Get("Retry-After"))
	}
	if d := time.Since(began); d > renderTimeout+time.Second {
		t.Errorf("503 took %v: misses must fail fast", d)
	}
	if r := f.do(t, "GET", "/readyz", nil, nil); r.status != 503 {
		t.Errorf("/readyz with the store closed: %d, want 503", r.status)
	}
}

func TestUnknownParametersAddNoCacheEntries(t *testing.T) {
	f := newFixture(t, Config{})
	post, _, _ := seedThread(t, f)
	base := f.listen(t)
	get := func(q string) {
		resp, err := http.Get(base + "/embed/post/" + post + q)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", q, resp.StatusCode)
		}
	}
	get("")
	f.srv.cache.Wait() // ristretto stores asynchronously: let the entry land
	before := f.srv.cache.Stats().Fills
	n := 10000
	if testing.Short() {
		n = 1000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		get(fmt.Sprintf("?utm_%d=%d&fbclid=%x&ref=%d", rng.IntN(1e9), i, rng.Uint64(), i))
	}
	if got := f.srv.cache.Stats().Fills - before; got != 0 {
		t.Errorf("%d requests with random unknown parameters caused %d new renders, want 0", n, got)
	}
}

func TestWidgetResponseHeadersAndEncodings(t *testing.T) {
	f := newFixture(t, Config{EdgeTTL: 60 * time.Second})
	post, _, _ := seedThread(t, f)
	plain := f.do(t, "GET", "/embed/post/"+post, nil, nil)
	h := plain.header
	for name, want := range map[string]string{
		"Cache-Control":               "public, max-age=30, s-maxage=30, stale-while-revalidate=30, stale-if-error=30",
		"Access-Control-Allow-Origin": "*",
		"X-Content-Type-Options":      "nosniff",
		"Vary":                        "Accept-Encoding",
		"Content-Type":                "text/html; charset=utf-8",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q must allow any framer and deny everything else by default", csp)
	}
	if h.Get("Set-Cookie") != "" || h.Get("X-Frame-Options") != "" {
		t.Errorf("widget sets a cookie or forbids framing: %v", h)
	}
	etag := h.Get("ETag")
	if !strings.HasPrefix(etag, `"`) {
		t.Fatalf("ETag %q is not a strong validator", etag)
	}
	if r := f.do(t, "GET", "/embed/post/"+post, map[string]string{"If-None-Match": etag}, nil); r.status != 304 || r.body != "" {
		t.Errorf("If-None-Match: status %d body %d bytes, want 304 and no body", r.status, len(r.body))
	}
	for _, enc := range []string{"br", "gzip"} {
		r := f.do(t, "GET", "/embed/post/"+post, map[string]string{"Accept-Encoding": enc}, nil)
		if r.header.Get("Content-Encoding") != enc {
			t.Fatalf("Accept-Encoding %s: got Content-Encoding %q", enc, r.header.Get("Content-Encoding"))
		}
		if got := decode(t, enc, r.body); got != plain.body {
			t.Errorf("%s body does not decode to the identity body", enc)
		}
		if r.header.Get("ETag") != etag {
			t.Errorf("%s ETag %q differs from identity %q", enc, r.header.Get("ETag"), etag)
		}
	}
}

func TestRequestHeadersDoNotChangeTheBody(t *testing.T) {
	f := newFixture(t, Config{})
	post, _, _ := seedThread(t, f)
	want := f.do(t, "GET", "/embed/post/"+post, nil, nil).body
	for _, hdr := range []map[string]string{
		{"Host": "evil.example"},
		{"X-Forwarded-Host": "evil.example"},
		{"X-Original-URL": "/embed/post/1"},
		{"Cookie": "session=1"},
		{"Authorization": "Bearer rst_nothing"},
		{"Cache-Control": "no-cache"},
		{"Accept-Language": "ar"},
	} {
		r := f.do(t, "GET", "/embed/post/"+post, hdr, nil)
		if r.body != want {
			t.Errorf("request header %v changed the body", hdr)
		}
		if r.header.Get("Set-Cookie") != "" {
			t.Errorf("request header %v got a cookie back", hdr)
		}
	}
}

func TestMalformedIDsShareOneTombstone(t *testing.T) {
	f := newFixture(t, Config{})
	before := f.srv.cache.Stats().Fills
	for _, id := range []string{"abc", "-1", "0", "99999999999999999999999", "1e5", "%00"} {
		if r := f.do(t, "GET", "/embed/post/"+id, nil, nil); r.status != 404 {
			t.Errorf("/embed/post/%s: status %d, want 404", id, r.status)
		}
		f.srv.cache.Wait() // ristretto stores asynchronously: let the entry land
	}
	if got := f.srv.cache.Stats().Fills - before; got != 1 {
		t.Errorf("malformed ids caused %d renders, want 1 shared tombstone", got)
	}
}

func decode(t *testing.T, enc, body string) string {
	t.Helper()
	var r io.Reader
	switch enc {
	case "br":
		r = brotli.NewReader(strings.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		t.Fatalf("decoding %s: %v", enc, err)
	}
	return b.String()
}

// TestNotModifiedHeaders: a revalidated widget answers 304 with what RFC
// 9110 §15.4.5 requires (ETag, Vary, Cache-Control) and CORS, but not the
// document's CSP, nosniff, referrer policy or CDN keys, which the cached
// 200 carries.
func TestNotModifiedHeaders(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	post := f.mustCreate(t, "/api/v1/posts", `{"author":"ada","text":"revalidate me"}`)
	for _, path := range []string{"/embed/post/" + post, "/embed/timeline/ada", "/embed/button/follow?screen_name=ada&show_count=true"} {
		full := f.do(t, "GET", path, nil, nil)
		f.srv.cache.Wait()
		if full.status != 200 || full.header.Get("Content-Security-Policy") == "" || full.header.Get("Surrogate-Key") == "" {
			t.Fatalf("%s: 200 lacks its headers: %d %v", path, full.status, full.header)
		}
		r := f.do(t, "GET", path, map[string]string{"If-None-Match": full.header.Get("ETag")}, nil)
		if r.status != 304 || r.body != "" {
			t.Fatalf("%s: revalidation %d with %d bytes", path, r.status, len(r.body))
		}
		for _, h := range []string{"ETag", "Vary", "Cache-Control", "Access-Control-Allow-Origin", "X-Request-Id"} {
			if r.header.Get(h) != full.header.Get(h) && h != "X-Request-Id" || r.header.Get(h) == "" {
				t.Errorf("%s: 304 %s = %q, the 200 had %q", path, h, r.header.Get(h), full.header.Get(h))
			}
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Surrogate-Key", "Cache-Tag", "Content-Type"} {
			if v := r.header.Get(h); v != "" {
				t.Errorf("%s: 304 carries %s: %q", path, h, v)
			}
		}
	}
}
