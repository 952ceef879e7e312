package cache

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable time source for Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestCache returns a cache on a fake clock, closed when the test ends.
func newTestCache(t testing.TB, cfg Config) (*Cache, *clock) {
	t.Helper()
	clk := newClock()
	if cfg.Now == nil {
		cfg.Now = clk.Now
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New(%+v): %v", cfg, err)
	}
	t.Cleanup(c.Close)
	return c, clk
}

// cardHTML is a body shaped like a minified post card (~2 KB).
func cardHTML(id int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang=en><meta charset=utf-8><title>Post</title><style>`)
	b.WriteString(`.c{font:15px/1.4 system-ui;border:1px solid #cfd9de;border-radius:12px;padding:12px 16px;max-width:550px}`)
	b.WriteString(`.h{display:flex;gap:8px}.n{font-weight:700}.t{white-space:pre-wrap}a{color:#1d9bf0}</style>`)
	for i := 0; b.Len() < 2000; i++ {
		b.WriteString(`<article class=c><div class=h><img src=/m/`)
		b.WriteString(strings.Repeat("ab", i%7+1))
		b.WriteString(`.jpg alt="" width=40 height=40><span class=n>Ada Lovelace</span> <a href=/u/ada>@ada</a></div>`)
		b.WriteString(`<p class=t>Post number `)
		b.WriteString(strings.Repeat("x", id%13+i))
		b.WriteString(` about <a href=/tag/go>#go</a> and engines.</p></article>`)
	}
	return b.String()
}

// renderBody returns a render func that answers body with deps.
func renderBody(body string, deps Deps) RenderFunc {
	return func(context.Context) (Rendered, error) {
		return Rendered{Body: []byte(body), ContentType: "text/html; charset=utf-8", Deps: deps}, nil
	}
}

// mustFill fills key and waits until the entry reached ristretto.
func mustFill(t testing.TB, c *Cache, key string, render RenderFunc) *Entry {
	t.Helper()
	e, err := c.Fill(context.Background(), key, render)
	if err != nil || e == nil {
		t.Fatalf("Fill(%q) = %v, %v; want an entry", key, e, err)
	}
	c.Wait()
	return e
}
