package cache

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/roost-embed/roost/storage"
)

// chromeAcceptEncoding is what a current Chrome sends.
const chromeAcceptEncoding = "gzip, deflate, br, zstd"

func BenchmarkGetHit(b *testing.B) {
	c, _ := newTestCache(b, Config{})
	key := "embed/post/1234567890?theme=dark&conversation=none"
	mustFill(b, c, key, renderBody(cardHTML(1), Deps{Posts: []int64{1}, Users: []int64{2}}))
	b.ReportAllocs()
	for b.Loop() {
		if _, look := c.Get(key); look != Hit {
			b.Fatal("Get missed")
		}
	}
}

// BenchmarkGetHitAfterWrites measures hits when invalidations of other ids
// keep arriving, so the dependency lookups run instead of the memo.
func BenchmarkGetHitAfterWrites(b *testing.B) {
	c, _ := newTestCache(b, Config{})
	key := "timeline/user/2?limit=20"
	deps := Deps{Users: []int64{2}}
	for i := range 20 {
		deps.Posts = append(deps.Posts, int64(100+i))
	}
	mustFill(b, c, key, renderBody(cardHTML(1), deps))
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		i++
		if i%100 == 0 {
			c.Invalidate(storage.Change{Posts: []int64{-i}})
		}
		if _, look := c.Get(key); look != Hit {
			b.Fatal("Get missed")
		}
	}
}

func BenchmarkGetHitParallel(b *testing.B) {
	c, _ := newTestCache(b, Config{})
	key := "embed/post/1"
	mustFill(b, c, key, renderBody(cardHTML(1), Deps{Posts: []int64{1}}))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if e, look := c.Get(key); look != Hit || e == nil {
				b.Fatal("Get missed")
			}
		}
	})
}

// BenchmarkFill is one miss: render (a ready 2 KB card), gzip, brotli,
// ETag and the ristretto Set, on a new key each time.
func BenchmarkFill(b *testing.B) {
	c, _ := newTestCache(b, Config{})
	body := cardHTML(1)
	render := renderBody(body, Deps{Posts: []int64{1}, Users: []int64{2}})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := c.Fill(context.Background(), "embed/post/"+strconv.Itoa(i), render); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInvalidate(b *testing.B) {
	c, _ := newTestCache(b, Config{})
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		i++
		c.Invalidate(storage.Change{Posts: []int64{i, i + 1}, Users: []int64{i % 1000}, Tags: []string{"go"}})
	}
}

func BenchmarkBodyAcceptEncoding(b *testing.B) {
	e := &Entry{Identity: []byte("i"), Gzip: []byte("g"), Brotli: []byte("b")}
	headers := []string{chromeAcceptEncoding, "gzip;q=1.0, identity; q=0.5, *;q=0", ""}
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range headers {
			if _, enc := e.Body(h); enc == "x" {
				b.Fatal("impossible")
			}
		}
	}
}

// BenchmarkCompressLevels compresses a typical card (testdata/card.html,
// a rendered card with one image) at the candidate fill levels, reporting
// the compressed size: the figures behind gzipLevel and brotliFast.
func BenchmarkCompressLevels(b *testing.B) {
	body, err := os.ReadFile("testdata/card.html")
	if err != nil {
		b.Fatal(err)
	}
	p := newCompressor()
	for _, q := range []int{2, 3, 4, 5, brotliBest} {
		b.Run(fmt.Sprintf("brotli-q%d", q), func(b *testing.B) {
			var n int
			for b.Loop() {
				n = len(p.brotli(body, q))
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
	for _, l := range []int{1, 4, 6} {
		b.Run(fmt.Sprintf("gzip-%d", l), func(b *testing.B) {
			w, _ := gzip.NewWriterLevel(nil, l)
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				w.Reset(&out)
				w.Write(body)
				w.Close()
			}
			b.ReportMetric(float64(out.Len()), "bytes")
		})
	}
}
