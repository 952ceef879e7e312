package cache

import "testing"

func TestBodyAcceptEncoding(t *testing.T) {
	e := &Entry{Identity: []byte("identity"), Gzip: []byte("gzip"), Brotli: []byte("brotli")}
	cases := map[string]string{ // Accept-Encoding → chosen Content-Encoding
		"":                               "",
		"identity":                       "",
		"gzip":                           "gzip",
		"br":                             "br",
		"gzip, deflate, br, zstd":        "br",
		"gzip, deflate":                  "gzip",
		"deflate":                        "",
		"*":                              "br",
		"*;q=0":                          "",
		"br;q=0":                         "",
		"br;q=0, gzip":                   "gzip",
		"br;q=0.0, *":                    "gzip",
		"gzip;q=0.5":                     "gzip",
		"gzip;q=0.5, br;q=0.4":           "gzip",
		"gzip;q=0.5, br;q=0.5":           "br",
		"gzip;q=0, br;q=0, *":            "",
		"gzip;q=0.001":                   "gzip",
		"*;q=0.1, br;q=0":                "gzip",
		"  GZip ;  Q=1 ,BR;q=0.9":        "gzip",
		" br , gzip ":                    "br",
		"BR":                             "br",
		"x-gzip":                         "gzip",
		"br;level=5;q=0":                 "",
		"br;q=bogus":                     "br",
		"br;q=0.":                        "",
		",,, ; ,br":                      "br",
		"brotli, gzipx":                  "",
		"identity;q=0":                   "",
		"gzip;q=1.000, identity; q=0.5":  "gzip",
		"compress, gzip;q=0.000, br;q=1": "br",
	}
	for header, want := range cases {
		body, got := e.Body(header)
		if got != want {
			t.Errorf("Body(%q) encoding = %q, want %q", header, got, want)
		}
		wantBody := map[string]string{"": "identity", "gzip": "gzip", "br": "brotli"}[want]
		if string(body) != wantBody {
			t.Errorf("Body(%q) body = %q, want %q", header, body, wantBody)
		}
	}
}

func TestBodyDoesNotAllocate(t *testing.T) {
	e := &Entry{Identity: []byte("i"), Gzip: []byte("g"), Brotli: []byte("b")}
	for _, h := range []string{chromeAcceptEncoding, "  GZip ;  Q=0.5 ,BR;q=0", "*"} {
		if n := testing.AllocsPerRun(100, func() { e.Body(h) }); n != 0 {
			t.Errorf("Body(%q) allocates %v times, want 0", h, n)
		}
	}
}
