package server

import (
	"strings"
	"testing"
)

// TestLoaderScript checks /widgets.js and its hashed twin under /assets/:
// headers, codings that decode to the same script, 304 on the ETag, and
// that /assets/ serves nothing else.
func TestLoaderScript(t *testing.T) {
	f := newFixture(t, Config{})
	plain := f.do(t, "GET", "/widgets.js", nil, nil)
	if plain.status != 200 || !strings.Contains(plain.body, "IntersectionObserver") {
		t.Fatalf("GET /widgets.js = %d %.80q, want 200 and the loader", plain.status, plain.body)
	}
	name := "widgets." + strings.Trim(plain.header.Get("ETag"), `"`)[:12] + ".js"
	tests := map[string]struct {
		path, accept, inm string
		status            int
		encoding, cc      string
	}{
		"stable identity":    {"/widgets.js", "", "", 200, "", loaderStableCC},
		"stable gzip":        {"/widgets.js", "gzip", "", 200, "gzip", loaderStableCC},
		"stable brotli":      {"/widgets.js", "gzip, br", "", 200, "br", loaderStableCC},
		"brotli refused":     {"/widgets.js", "br;q=0, gzip", "", 200, "gzip", loaderStableCC},
		"stable revalidated": {"/widgets.js", "br", plain.header.Get("ETag"), 304, "", loaderStableCC},
		"stale etag":         {"/widgets.js", "", `"0000"`, 200, "", loaderStableCC},
		"hashed brotli":      {"/assets/" + name, "br", "", 200, "br", loaderImmutableCC},
		"hashed revalidated": {"/assets/" + name, "", "W/" + plain.header.Get("ETag"), 304, "", loaderImmutableCC},
		"unknown asset":      {"/assets/widgets.000000000000.js", "", "", 404, "", ""},
		"asset traversal":    {"/assets/../widgets.js", "", "", 404, "", ""},
		"asset directory":    {"/assets/", "", "", 404, "", ""},
		"card css by name":   {"/assets/card.css", "", "", 404, "", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			h := map[string]string{"Accept-Encoding": tc.accept}
			if tc.inm != "" {
				h["If-None-Match"] = tc.inm
			}
			r := f.do(t, "GET", tc.path, h, nil)
			if r.status != tc.status {
				t.Fatalf("GET %s = %d, want %d", tc.path, r.status, tc.status)
			}
			if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("nosniff = %q", got)
			}
			if tc.status == 404 {
				return
			}
			wantHeaders := map[string]string{
				"Cache-Control": tc.cc, "ETag": plain.header.Get("ETag"), "Content-Encoding": tc.encoding,
				"Access-Control-Allow-Origin": "*", "Vary": "Accept-Encoding",
			}
			if tc.status == 200 {
				wantHeaders["Content-Type"] = "text/javascript; charset=utf-8"
			}
			for k, want := range wantHeaders {
				if got := r.header.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if tc.status == 200 {
				got := r.body
				if tc.encoding != "" {
					got = decode(t, tc.encoding, r.body) // widget_test.go
				}
				if got != plain.body {
					t.Errorf("decoded %s body differs from identity (%d vs %d bytes)", tc.encoding, len(got), len(plain.body))
				}
			}
		})
	}
}

// TestLoaderHead checks that HEAD answers like GET without a body.
func TestLoaderHead(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.do(t, "HEAD", "/widgets.js", map[string]string{"Accept-Encoding": "br"}, nil)
	if r.status != 200 || r.body != "" || r.header.Get("ETag") == "" {
		t.Fatalf("HEAD /widgets.js = %d, body %d bytes, ETag %q", r.status, len(r.body), r.header.Get("ETag"))
	}
}
