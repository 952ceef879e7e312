package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// TestSurrogateHeaders checks that widget answers name the ids they were
// rendered from, for CDN purges, on misses and hits (a 304 leaves the
// stored object's keys in place: TestNotModifiedHeaders).
func TestSurrogateHeaders(t *testing.T) {
	f := newFixture(t, Config{EdgeTTL: 60 * time.Second})
	f.mustCreate(t, "/api/v1/users", `{"handle":"carol"}`)
	post := f.mustCreate(t, "/api/v1/posts", `{"author":"carol","text":"keys #Go"}`)
	for _, pass := range []string{"miss", "hit"} {
		r := f.do(t, "GET", "/embed/post/"+post, nil, nil)
		f.srv.cache.Wait()
		sk, tag := r.header.Get("Surrogate-Key"), r.header.Get("Cache-Tag")
		if !strings.Contains(" "+sk+" ", " p"+post+" ") || !strings.Contains(sk, " u") {
			t.Errorf("%s: Surrogate-Key %q must name post p%s and its author", pass, sk, post)
		}
		if tag != strings.ReplaceAll(sk, " ", ",") {
			t.Errorf("%s: Cache-Tag %q, want the keys comma-separated (%q)", pass, tag, sk)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "s-maxage=30") {
			t.Errorf("%s: Cache-Control %q lacks s-maxage within the edge TTL", pass, cc)
		}
	}
}

// TestPurgerSendsKeys checks the purge hook against a real HTTP server:
// method, headers, {keys} in the URL, batching of long key lists, and that
// Enqueue never blocks even when the CDN hangs.
func TestPurgerSendsKeys(t *testing.T) {
	var mu sync.Mutex
	var got []*http.Request
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
	}))
	defer cdn.Close()
	p := NewPurger(cdn.URL+"/purge/{keys}", slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Run(ctx)
	p.Enqueue(storage.Change{Posts: []int64{1, 2}, Users: []int64{3}, Tags: []string{"go"}})
	p.Enqueue(storage.Change{Kind: "noop"}) // names nothing: no request
	deadline := time.Now().Add(2 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("CDN got %d requests, want 1", len(got))
	}
	r := got[0]
	path, _ := url.PathUnescape(r.URL.EscapedPath())
	// A post change also drops every search ("search"): it may match now.
	if r.Method != "PURGE" || r.Header.Get("Surrogate-Key") != "p1 p2 u3 tgo search" ||
		r.Header.Get("Cache-Tag") != "p1,p2,u3,tgo,search" || path != "/purge/p1 p2 u3 tgo search" {
		t.Errorf("purge request %s %s Surrogate-Key %q Cache-Tag %q", r.Method, path,
			r.Header.Get("Surrogate-Key"), r.Header.Get("Cache-Tag"))
	}
}

func TestBatchKeys(t *testing.T) {
	tests := map[string]struct {
		keys string
		n    int
		want []string
	}{
		"short":        {"p1 u2", 100, []string{"p1 u2"}},
		"split":        {"p11 p22 p33", 7, []string{"p11 p22", "p33"}},
		"long key":     {"p123456789 u1", 5, []string{"p123456789", "u1"}},
		"empty":        {"", 5, nil},
		"exact":        {"p1 p2", 5, []string{"p1 p2"}},
		"many batches": {"a b c d e", 3, []string{"a b", "c d", "e"}},
	}
	for name, tc := range tests {
		got := batchKeys(tc.keys, tc.n)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("%s: batchKeys(%q, %d) = %q, want %q", name, tc.keys, tc.n, got, tc.want)
		}
	}
}

// TestEnqueueNeverBlocks fills the queue with no worker running: Enqueue
// must drop rather than wait.
func TestEnqueueNeverBlocks(t *testing.T) {
	p := NewPurger("http://127.0.0.1:1/", slog.New(slog.NewTextHandler(io.Discard, nil)))
	start := time.Now()
	for i := range purgeQueueSize * 2 {
		p.Enqueue(storage.Change{Posts: []int64{int64(i + 1)}})
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("%d enqueues took %s with a full queue", purgeQueueSize*2, d)
	}
	if len(p.queue) != purgeQueueSize {
		t.Errorf("queue holds %d, want it full at %d", len(p.queue), purgeQueueSize)
	}
}
