package server

import (
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"testing"
	"time"
)

// TestClientRateLimitMisses: one client hammering distinct uncached keys
// gets 429 with Retry-After; a second client (another X-Forwarded-For hop
// behind a trusted proxy) is unaffected, cached hits for the first client
// keep answering 200, and the loopback peer itself is never charged.
func TestClientRateLimitMisses(t *testing.T) {
	f := newFixture(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	f.srv.ipLimit = newClientLimiter(1, 5, 100)
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	id := f.mustCreate(t, "/api/v1/posts", `{"author":"ada","text":"hello"}`)
	base := f.listen(t)
	get := func(path, client string) *http.Response {
		t.Helper()
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if client != "" {
			req.Header.Set("X-Forwarded-For", client)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s as %s: %v", path, client, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	const hammer, other = "203.0.113.1", "203.0.113.2"
	if r := get("/embed/post/"+id, hammer); r.StatusCode != 200 { // fills the cache: 1 of 5
		t.Fatalf("first card: status %d", r.StatusCode)
	}
	var limited *http.Response
	for i := 0; i < 20 && limited == nil; i++ {
		if r := get(fmt.Sprintf("/embed/post/%d", 900000+i), hammer); r.StatusCode == 429 {
			limited = r
		}
	}
	if limited == nil {
		t.Fatal("20 distinct misses at once from one client: no 429")
	}
	if ra := limited.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("429 without a useful Retry-After: %q", ra)
	}
	if r := get("/embed/post/"+id, hammer); r.StatusCode != 200 {
		t.Errorf("cached card for the limited client: status %d, want 200", r.StatusCode)
	}
	for i := 0; i < 4; i++ {
		if r := get(fmt.Sprintf("/embed/post/%d", 800000+i), other); r.StatusCode == 429 {
			t.Fatalf("another client was limited too (request %d)", i)
		}
	}
	for i := 0; i < 20; i++ { // no XFF: the loopback peer itself, never charged
		if r := get(fmt.Sprintf("/embed/post/%d", 700000+i), ""); r.StatusCode == 429 {
			t.Fatalf("the loopback peer was limited (request %d)", i)
		}
	}
}

// TestClientRateLimitBounded: the limiter never tracks more clients than
// its cap, and buckets empty and refill per client.
func TestClientRateLimitBounded(t *testing.T) {
	l := newClientLimiter(1, 2, 64)
	now := time.Now()
	for i := 0; i < 10000; i++ {
		a := netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		l.allow(a, now)
		if n := l.tracked(); n > 64 {
			t.Fatalf("after %d clients: %d tracked, cap 64", i+1, n)
		}
	}
	tests := []struct {
		name string
		addr netip.Addr
		want bool
	}{
		{"first", netip.MustParseAddr("10.9.9.9"), true},
		{"second", netip.MustParseAddr("10.9.9.9"), true},
		{"third over burst", netip.MustParseAddr("10.9.9.9"), false},
		{"other client", netip.MustParseAddr("10.9.9.8"), true},
	}
	for _, tt := range tests {
		if ok, wait := l.allow(tt.addr, now); ok != tt.want || (!ok && wait < 1) {
			t.Errorf("%s: allow = %v (wait %d), want %v", tt.name, ok, wait, tt.want)
		}
	}
	if ok, _ := l.allow(netip.MustParseAddr("10.9.9.9"), now.Add(1100*time.Millisecond)); !ok {
		t.Error("bucket did not refill after a second")
	}
}

// TestClientRateLimitJoinsAreFree: requests that join a render of a key
// already under way are not charged; a new key is.
func TestClientRateLimitJoinsAreFree(t *testing.T) {
	l := newClientLimiter(0.001, 1, 64)
	a, now := netip.MustParseAddr("192.0.2.7"), time.Now()
	steps := []struct {
		name, key string
		want      bool
	}{
		{"first render pays the only token", "post/1", true},
		{"joining it is free", "post/1", true},
		{"joining again is free", "post/1", true},
		{"another key is charged", "post/2", false},
	}
	for _, s := range steps {
		if ok, _ := l.start(a, s.key, now); ok != s.want {
			t.Fatalf("%s: start = %v, want %v", s.name, ok, s.want)
		}
	}
	for i := 0; i < 3; i++ {
		l.finish("post/1")
	}
	if ok, _ := l.start(a, "post/1", now); ok {
		t.Error("a key no longer rendering was free")
	}
	if len(l.inflight) != 0 {
		t.Errorf("inflight keys left behind: %v", l.inflight)
	}
}
