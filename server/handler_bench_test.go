package server

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"
)

// benchPost creates alice and a typical post and returns the post's id.
func benchPost(b *testing.B, f *fixture) string {
	b.Helper()
	f.mustCreate(b, "/api/v1/users", `{"handle":"alice","name":"Alice","verified":true}`)
	return f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a typical post with a #tag, @bob and a link https://example.com/a/b"}`)
}

// BenchmarkHandlerInmem is one cached card request over a real HTTP/1.1
// connection to the running server, through an in-memory listener: the
// request parsing, routing, handler and response writing of a hit, with a
// fasthttp client that reuses its request and response (the figures
// include the client's side, which allocates nothing once warm).
func BenchmarkHandlerInmem(b *testing.B) {
	for _, tc := range []struct{ name, encoding string }{{"identity", ""}, {"brotli", "gzip, deflate, br, zstd"}} {
		b.Run(tc.name, func(b *testing.B) {
			f := newFixture(b, Config{})
			post := benchPost(b, f)
			client := inmemClient(b, f)
			req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(resp)
			req.SetRequestURI("http://roost.test/embed/post/" + post)
			if tc.encoding != "" {
				req.Header.Set("Accept-Encoding", tc.encoding)
			}
			inmemDo(b, client, req, resp) // the miss that fills the cache
			f.srv.cache.Wait()
			b.ReportAllocs()
			for b.Loop() {
				inmemDo(b, client, req, resp)
			}
		})
	}
}

// inmemClient serves f on an in-memory listener for the benchmark's
// lifetime and returns a client that dials it.
func inmemClient(b *testing.B, f *fixture) *fasthttp.Client {
	b.Helper()
	ln := fasthttputil.NewInmemoryListener()
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ln) }()
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := f.srv.Shutdown(ctx); err != nil {
			b.Errorf("shutdown: %v", err)
		}
		<-done
	})
	return &fasthttp.Client{Dial: func(string) (net.Conn, error) { return ln.Dial() }, MaxConnsPerHost: 1}
}

// inmemDo sends req and fails unless the answer is a 200.
func inmemDo(b *testing.B, client *fasthttp.Client, req *fasthttp.Request, resp *fasthttp.Response) {
	if err := client.Do(req, resp); err != nil {
		b.Fatal(err)
	}
	if resp.StatusCode() != fasthttp.StatusOK {
		b.Fatalf("%s: status %d", req.URI(), resp.StatusCode())
	}
}

// BenchmarkTimelineHit is a cached 10-post profile timeline through the
// handler chain, as BenchmarkCardHit is for a card.
func BenchmarkTimelineHit(b *testing.B) {
	f := newFixture(b, Config{})
	f.mustCreate(b, "/api/v1/users", `{"handle":"alice","name":"Alice"}`)
	for range 12 {
		f.mustCreate(b, "/api/v1/posts", `{"author":"alice","text":"a timeline post with a #tag and https://example.com/x"}`)
	}
	benchHit(b, f, "/embed/timeline/alice?limit=10")
}

// BenchmarkOEmbedHit is a cached oEmbed JSON answer for a post URL.
func BenchmarkOEmbedHit(b *testing.B) {
	f := newFixture(b, Config{})
	post := benchPost(b, f)
	benchHit(b, f, "/oembed?url="+url.QueryEscape("http://roost.test/alice/status/"+post))
}

// benchHit warms uri, then measures hits on it through the handler.
func benchHit(b *testing.B, f *fixture, uri string) {
	b.Helper()
	h := f.srv.App().Handler()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(uri)
	h(&ctx)
	if ctx.Response.StatusCode() != fasthttp.StatusOK {
		b.Fatalf("%s: status %d: %s", uri, ctx.Response.StatusCode(), ctx.Response.Body())
	}
	f.srv.cache.Wait()
	b.ReportAllocs()
	for b.Loop() {
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.SetRequestURI(uri)
		h(&ctx)
		if ctx.Response.StatusCode() != fasthttp.StatusOK {
			b.Fatalf("%s: status %d", uri, ctx.Response.StatusCode())
		}
	}
}

// BenchmarkBaselineInmem is BenchmarkHandlerInmem's yardstick: a bare
// Fiber app answering a fixed body the size of the identity card, over the
// same in-memory connection and client. The ratio of the two is what
// Roost's routing, middleware, cache lookup and headers cost per hit.
func BenchmarkBaselineInmem(b *testing.B) {
	f := newFixture(b, Config{})
	card := f.do(b, "GET", "/embed/post/"+benchPost(b, f), nil, nil)
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	body := bytes.Repeat([]byte("x"), len(card.body))
	app.Get("/embed/post/:id", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(body)
	})
	ln := fasthttputil.NewInmemoryListener()
	go app.Listener(ln)
	b.Cleanup(func() { app.Shutdown() })
	client := &fasthttp.Client{Dial: func(string) (net.Conn, error) { return ln.Dial() }, MaxConnsPerHost: 1}
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI("http://roost.test/embed/post/1")
	b.ReportAllocs()
	for b.Loop() {
		inmemDo(b, client, req, resp)
	}
}
