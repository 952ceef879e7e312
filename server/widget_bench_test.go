package server

import (
	"strconv"
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/roost-embed/roost/storage"
)

// BenchmarkCardHit measures one cached card request through the whole
// Fiber handler chain (routing, headers, metrics, cache lookup, write),
// without a network: the server-side cost of a hit.
func BenchmarkCardHit(b *testing.B) {
	for _, enc := range []string{"", "br"} {
		b.Run("encoding="+enc, func(b *testing.B) {
			f := newFixture(b, Config{})
			f.mustCreate(b, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
			post := f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a typical post with a #tag and a link https://example.com/a/b"}`)
			h := f.srv.App().Handler()
			uri := "/embed/post/" + post + "?theme=dark"
			var warm fasthttp.RequestCtx
			warm.Request.SetRequestURI(uri)
			h(&warm)
			f.srv.cache.Wait()
			var ctx fasthttp.RequestCtx
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.SetRequestURI(uri)
				if enc != "" {
					ctx.Request.Header.Set("Accept-Encoding", enc)
				}
				h(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
			}
		})
	}
}

// BenchmarkCardCold measures a full miss: store reads, render, minify and
// both compressions, by invalidating everything before each request.
func BenchmarkCardCold(b *testing.B) {
	f := newFixture(b, Config{})
	f.mustCreate(b, "/api/v1/users", `{"handle":"alice","name":"Alice","verified":true}`)
	post := f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a typical post with a #tag, @bob and a link https://example.com/a/b"}`)
	h := f.srv.App().Handler()
	uri := "/embed/post/" + post
	var ctx fasthttp.RequestCtx
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f.srv.cache.Invalidate(storage.Change{All: true})
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.SetRequestURI(uri)
		b.StartTimer()
		h(&ctx)
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("status %d", ctx.Response.StatusCode())
		}
	}
}

// BenchmarkTimelineCold is BenchmarkCardCold for a 20-post profile
// timeline of the same posts: the goal is at most 3× a cold card.
func BenchmarkTimelineCold(b *testing.B) {
	f := newFixture(b, Config{})
	f.mustCreate(b, "/api/v1/users", `{"handle":"alice","name":"Alice","verified":true}`)
	for range 20 {
		f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a typical post with a #tag, @bob and a link https://example.com/a/b"}`)
	}
	h := f.srv.App().Handler()
	var ctx fasthttp.RequestCtx
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f.srv.cache.Invalidate(storage.Change{All: true})
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.SetRequestURI("/embed/timeline/alice?limit=20")
		b.StartTimer()
		h(&ctx)
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("status %d", ctx.Response.StatusCode())
		}
	}
}

// BenchmarkCardColdRich is BenchmarkCardCold for a plain post and for each
// rich kind (poll, link card with image, video with poster), in one run so
// their ratios compare.
func BenchmarkCardColdRich(b *testing.B) {
	f := newFixture(b, Config{})
	s := seedBench(b, f)
	h := f.srv.App().Handler()
	for _, name := range []string{"plain", "poll", "linkcard", "video"} {
		uri := "/embed/post/" + s[name]
		b.Run(name, func(b *testing.B) {
			var ctx fasthttp.RequestCtx
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				f.srv.cache.Invalidate(storage.Change{All: true})
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.SetRequestURI(uri)
				b.StartTimer()
				h(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
			}
		})
	}
}

// seedBench stores a plain post and one post of each rich kind.
func seedBench(b *testing.B, f *fixture) map[string]string {
	f.mustCreate(b, "/api/v1/users", `{"handle":"alice","name":"Alice","verified":true}`)
	img := uploadedMedia(b, f.uploadParts(b, map[string][]byte{"file": pngBytes(b)}, map[string]string{"owner": "alice"}))
	vid := uploadedMedia(b, f.uploadParts(b, map[string][]byte{"file": testClip(b, "clip.mp4")}, map[string]string{"owner": "alice"}))
	id := func(m mediaJSON) string { return strconv.FormatInt(int64(m.ID), 10) }
	return map[string]string{
		"plain": f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a typical post with a #tag, @bob and a link https://example.com/a/b"}`),
		"poll":  f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"which?","poll":{"options":[{"label":"a","votes":3},{"label":"b","votes":5},{"label":"c","votes":1}],"closed":true}}`),
		"linkcard": f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"read https://example.com/a/b",
			"card":{"url":"https://example.com/a/b","title":"A story","description":"What happened","image_media_id":"`+id(img)+`"}}`),
		"video": f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a clip","media_ids":["`+id(vid)+`"]}`),
	}
}
