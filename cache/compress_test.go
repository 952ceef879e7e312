package cache

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestCompressionRoundTrips(t *testing.T) {
	random := make([]byte, 100<<10)
	rng := rand.NewChaCha8([32]byte{1})
	_, _ = rng.Read(random)
	bodies := map[string][]byte{
		"empty":        {},
		"tiny":         []byte("<p>hi</p>"),
		"card":         []byte(cardHTML(1)),
		"incompressed": random,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestCache(t, Config{})
			e := mustFill(t, c, name, func(context.Context) (Rendered, error) {
				return Rendered{Body: body}, nil
			})
			gz, err := gzip.NewReader(bytes.NewReader(e.Gzip))
			if err != nil {
				t.Fatalf("gzip header: %v", err)
			}
			checkRoundTrip(t, "gzip", gz, body)
			checkRoundTrip(t, "brotli", brotli.NewReader(bytes.NewReader(e.Brotli)), body)
			if !bytes.Equal(e.Identity, body) {
				t.Fatal("identity body differs from the rendered body")
			}
		})
	}
}

func checkRoundTrip(t *testing.T, name string, r io.Reader, want []byte) {
	t.Helper()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s decode: %v", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s decodes to %d bytes that differ from the %d-byte identity body", name, len(got), len(want))
	}
}

func TestETag(t *testing.T) {
	a, b := etag([]byte("one")), etag([]byte("two"))
	if a == b || a != etag([]byte("one")) {
		t.Fatalf("etag(one)=%s etag(two)=%s: want stable and distinct", a, b)
	}
}

func TestBrotliUpgrade(t *testing.T) {
	c, _ := newTestCache(t, Config{UpgradeBrotli: true})
	body := []byte(cardHTML(3))
	first := mustFill(t, c, "k", func(context.Context) (Rendered, error) {
		return Rendered{Body: body, Deps: Deps{Posts: []int64{3}}}, nil
	})
	before := bytes.Clone(first.Brotli)
	deadline := time.Now().Add(10 * time.Second)
	for c.Stats().Upgrades == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no upgrade within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.Wait()
	e, look := c.Get("k")
	if look != Hit || e != first {
		t.Fatalf("Get = %v (same entry: %v), want a hit on the same entry", look, e == first)
	}
	best, enc := e.Body("br")
	if enc != "br" || len(best) >= len(before) || e.ETag != first.ETag {
		t.Fatalf("upgraded brotli %d bytes vs %d, ETag %s vs %s: want smaller, same ETag",
			len(best), len(before), e.ETag, first.ETag)
	}
	checkRoundTrip(t, "brotli q11", brotli.NewReader(bytes.NewReader(best)), body)
	if !bytes.Equal(first.Brotli, before) {
		t.Fatal("the fast brotli body was changed in place; readers holding it would see a torn body")
	}
}

// A burst of concurrent users never makes more items than the bound, and
// everyone is served.
func TestFreeListLendsAtMostSize(t *testing.T) {
	var made, out, most atomic.Int64
	l := newFreeList(3, func() int { return int(made.Add(1)) })
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := l.get()
			n := out.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			out.Add(-1)
			l.put(w)
		}()
	}
	wg.Wait()
	if made.Load() > 3 || most.Load() > 3 {
		t.Fatalf("made %d items, %d lent at once; bound 3", made.Load(), most.Load())
	}
	if made.Load() == 0 {
		t.Fatal("nothing made")
	}
}
