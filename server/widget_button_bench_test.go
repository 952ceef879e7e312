package server

import (
	"strconv"
	"testing"

	"github.com/valyala/fasthttp"
)

// BenchmarkButtonCold renders a share button for a new URL on every
// request: the cheap distinct key the load benchmark's memory run uses.
func BenchmarkButtonCold(b *testing.B) {
	f := newFixture(b, Config{})
	h := f.srv.App().Handler()
	var ctx fasthttp.RequestCtx
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.SetRequestURI("/embed/button/share?url=https%3A%2F%2Fnews.example%2Fa%2F" + strconv.Itoa(i) + "&text=Read+this")
		h(&ctx)
		if ctx.Response.StatusCode() != fasthttp.StatusOK {
			b.Fatalf("status %d", ctx.Response.StatusCode())
		}
	}
}
