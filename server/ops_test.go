package server

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/roost-embed/roost/storage"
)

func TestMetricsUseRoutePatterns(t *testing.T) {
	f := newFixture(t, Config{})
	extra := prometheus.NewCounter(prometheus.CounterOpts{Name: "roost_test_extra_total", Help: "A registered collector."})
	extra.Add(7)
	f.srv.Register(extra)
	f.do(t, "GET", "/api/v1/posts/123", nil, nil)
	f.do(t, "GET", "/api/v1/posts/456", nil, nil)
	f.do(t, "GET", "/no/such/page", nil, nil)
	r := f.do(t, "GET", "/metrics", nil, nil)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	for _, want := range []string{
		`roost_http_requests_total{method="GET",route="/api/v1/posts/:id",status="404"} 2`,
		`roost_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`roost_http_request_duration_seconds_bucket{route="/api/v1/posts/:id",le="+Inf"} 2`,
		`roost_http_request_duration_seconds_count{route="/api/v1/posts/:id"} 2`,
		"# TYPE roost_http_request_duration_seconds histogram",
		"roost_test_extra_total 7",
		"# TYPE roost_cache_hits_total counter",
		"roost_cache_bytes ",
		// The standard collectors operators' dashboards expect.
		"go_goroutines ", "go_memstats_heap_inuse_bytes ", "go_gc_duration_seconds",
		"process_resident_memory_bytes ", "process_open_fds ",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s:\n%s", want, r.body)
		}
	}
	for _, raw := range []string{"/api/v1/posts/123", "/no/such/page"} {
		if strings.Contains(r.body, raw) {
			t.Errorf("metrics contain the raw path %s", raw)
		}
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q, want the text exposition format", ct)
	}
}

func TestReadyzFailsWhenStoreIsClosed(t *testing.T) {
	f := newFixture(t, Config{})
	if r := f.do(t, "GET", "/readyz", nil, nil); r.status != 200 {
		t.Fatalf("open store: status %d", r.status)
	}
	f.st.Close()
	r := f.do(t, "GET", "/readyz", nil, nil)
	if r.status != 503 {
		t.Errorf("closed store: status %d, want 503", r.status)
	}
	if r := f.do(t, "GET", "/livez", nil, nil); r.status != 200 {
		t.Errorf("livez with a closed store: status %d, want 200", r.status)
	}
}

func TestInternalErrorHidesDetail(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"hal"}`)
	f.st.Close()                                                         // every store call now fails with a driver error
	for _, u := range []string{"/api/v1/users/hal", "/api/v1/posts/1"} { // cached reads: 503
		r := f.do(t, "GET", u, nil, nil)
		if r.status != 503 || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, r.header.Get("X-Request-Id")) {
			t.Errorf("%s with the store down: status %d, Retry-After %q, body %s; want 503 naming the request id",
				u, r.status, r.header.Get("Retry-After"), r.body)
		}
		if strings.Contains(r.body, "sql") || strings.Contains(r.body, "closed") {
			t.Errorf("5xx body leaks the cause: %s", r.body)
		}
	}
	r := f.writeJSON(t, "POST", "/api/v1/users", `{"handle":"dave"}`) // a write: 500
	if r.status != 500 {
		t.Fatalf("status %d, want 500: %s", r.status, r.body)
	}
	rid := r.header.Get("X-Request-Id")
	if !strings.Contains(r.body, "internal error") || !strings.Contains(r.body, rid) {
		t.Errorf("5xx body should say internal error and the request id %s: %s", rid, r.body)
	}
	if strings.Contains(r.body, "sql") || strings.Contains(r.body, "closed") {
		t.Errorf("5xx body leaks the cause: %s", r.body)
	}
}

func TestMediaFiles(t *testing.T) {
	f := newFixture(t, Config{})
	ct, body := multipartBody(t, pngBytes(t), map[string]string{"alt": "dot"})
	r := f.do(t, "POST", "/api/v1/media", map[string]string{"Authorization": "Bearer " + f.write, "Content-Type": ct}, body)
	if r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var out struct{ Data mediaJSON }
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(out.Data.URL, "http://roost.test")
	got := f.do(t, "GET", path, nil, nil)
	if got.status != 200 || got.body != string(pngBytes(t)) {
		t.Fatalf("GET %s: status %d, %d bytes", path, got.status, len(got.body))
	}
	for k, v := range map[string]string{
		"Content-Type":                 "image/png",
		"Cache-Control":                "public, max-age=31536000, immutable",
		"X-Content-Type-Options":       "nosniff",
		"Access-Control-Allow-Origin":  "*",
		"Cross-Origin-Resource-Policy": "cross-origin",
	} {
		if h := got.header.Get(k); h != v {
			t.Errorf("%s = %q, want %q", k, h, v)
		}
	}
	cond := f.do(t, "GET", path, map[string]string{"If-None-Match": got.header.Get("ETag")}, nil)
	if cond.status != 304 {
		t.Errorf("conditional GET: status %d, want 304", cond.status)
	}
	for _, bad := range []string{"/media/../roost.db", "/media/%2e%2e/roost.db", "/media/nope.png", "/media/x.svg"} {
		if r := f.do(t, "GET", bad, nil, nil); r.status != 404 {
			t.Errorf("GET %s: status %d, want 404", bad, r.status)
		}
	}
}

func TestIdempotencyKeyStillRunning(t *testing.T) {
	f := newFixture(t, Config{})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ivy"}`)
	tok, err := f.st.TokenByHash(context.Background(), HashToken(f.write))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"author":"ivy","text":"x"}`
	// Reserve the key as a first request in flight would.
	hash := requestHashOf("POST", "/api/v1/posts", body)
	if _, err := f.st.BeginIdempotent(context.Background(), &storage.Idempotency{TokenID: tok.ID, Key: "busy", RequestHash: hash}); err != nil {
		t.Fatal(err)
	}
	r := f.do(t, "POST", "/api/v1/posts", map[string]string{"Authorization": "Bearer " + f.write,
		"Content-Type": "application/json", "Idempotency-Key": "busy"}, strings.NewReader(body))
	if r.status != 409 || !strings.Contains(r.body, "Idempotency-Key") {
		t.Errorf("status %d, want 409 naming Idempotency-Key: %s", r.status, r.body)
	}
}

func TestClientIP(t *testing.T) {
	tests := map[string]struct {
		trusted []string
		xff     string
		want    string
	}{
		"no proxies: header ignored": {nil, "203.0.113.9", "0.0.0.0"},
		"trusted peer":               {[]string{"0.0.0.0/32"}, "198.51.100.1, 203.0.113.9", "203.0.113.9"},
		"skips trusted hops":         {[]string{"0.0.0.0/32", "10.0.0.0/8"}, "203.0.113.9, 10.1.2.3", "203.0.113.9"},
		"garbage header":             {[]string{"0.0.0.0/32"}, "not-an-ip", "0.0.0.0"},
		"untrusted peer":             {[]string{"192.0.2.0/24"}, "203.0.113.9", "0.0.0.0"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var cfg Config
			for _, p := range tt.trusted {
				cfg.TrustedProxies = append(cfg.TrustedProxies, netip.MustParsePrefix(p))
			}
			f := newFixture(t, cfg)
			f.srv.App().Get("/test/ip", func(c *fiber.Ctx) error { return c.SendString(f.srv.clientIP(c)) })
			r := f.do(t, "GET", "/test/ip", map[string]string{"X-Forwarded-For": tt.xff}, nil)
			if r.body != tt.want {
				t.Errorf("client IP = %q, want %q", r.body, tt.want)
			}
		})
	}
}

// requestHashOf is requestHash for a request described by its parts.
func requestHashOf(method, path, body string) string {
	app := fiber.New()
	var out string
	app.Post(path, func(c *fiber.Ctx) error { out = requestHash(c); return nil })
	r, _ := app.Test(httptest.NewRequest(method, path, strings.NewReader(body)), -1)
	if r != nil {
		r.Body.Close()
	}
	return out
}
