package widgets

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// TestPaletteContrast checks WCAG AA (4.5:1) for every text colour on its
// background in both themes, 3:1 for the badge, and that the auto theme's
// dark block is the dark theme exactly.
func TestPaletteContrast(t *testing.T) {
	css, err := os.ReadFile("../assets/card.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark, auto := cssBlock(t, css, ":root {"), cssBlock(t, css, ".dark {"), cssBlock(t, css, ".auto {")
	if dark != auto {
		t.Errorf("auto dark block differs from .dark:\n%s\n%s", auto, dark)
	}
	for name, block := range map[string]string{"light": light, "dark": dark} {
		v := cssVars(block)
		if len(v) != 10 {
			t.Fatalf("%s theme: found %d colour variables, want 10: %v", name, len(v), v)
		}
		for _, pair := range [][3]string{{"fg", "bg", "4.5"}, {"mu", "bg", "4.5"}, {"ln", "bg", "4.5"}, {"mu", "ph", "4.5"},
			{"fg", "ph", "4.5"}, {"lk", "bg", "4.5"}, {"rp", "bg", "4.5"}, {"vf", "bg", "3"}} {
			want, _ := strconv.ParseFloat(pair[2], 64)
			if got := contrast(t, v[pair[0]], v[pair[1]]); got < want {
				t.Errorf("%s theme: --%s %s on --%s %s has contrast %.2f, want ≥ %s", name, pair[0], v[pair[0]], pair[1], v[pair[1]], got, pair[2])
			}
		}
	}
	initials := regexp.MustCompile(`\.c\d \{ background: (#[0-9a-f]{6}); \}`).FindAllSubmatch(css, -1)
	if len(initials) != avatarColours {
		t.Errorf("card.css has %d initial-avatar colours, want %d", len(initials), avatarColours)
	}
	for _, m := range initials {
		if got := contrast(t, "#ffffff", string(m[1])); got < 4.5 {
			t.Errorf("initial avatar %s: white text contrast %.2f, want ≥ 4.5", m[1], got)
		}
	}
}

func cssBlock(t *testing.T, css []byte, start string) string {
	t.Helper()
	i := bytes.Index(css, []byte(start))
	if i < 0 {
		t.Fatalf("card.css has no %q block", start)
	}
	rest := css[i+len(start):]
	return strings.Join(strings.Fields(string(rest[:bytes.IndexByte(rest, '}')])), " ")
}

func cssVars(block string) map[string]string {
	v := map[string]string{}
	for _, m := range regexp.MustCompile(`--(\w+): (#[0-9a-f]{6})`).FindAllStringSubmatch(block, -1) {
		v[m[1]] = m[2]
	}
	return v
}

// contrast returns the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	la, lb := luminance(t, a), luminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	n, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("bad colour %q", hex)
	}
	ch := func(shift uint) float64 {
		c := float64(n>>shift&0xff) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(16) + 0.7152*ch(8) + 0.0722*ch(0)
}

// TestCSPAllowsFrameScript checks that the CSP's script hash is the hash of
// the script bytes in the final document, and the other directives.
func TestCSPAllowsFrameScript(t *testing.T) {
	r := newTestRenderer(t)
	doc, err := r.PostDocument(typicalPost(t), DefaultPostOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := parseDoc(t, doc)
	if len(p.scripts) != 1 {
		t.Fatalf("document has %d scripts, want 1", len(p.scripts))
	}
	sum := sha256.Sum256([]byte(p.scripts[0]))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	csp := r.CSP()
	for _, want := range []string{"default-src 'none'", "img-src https://roost.example data:", "script-src " + hash,
		"frame-ancestors *", "base-uri 'none'", "form-action 'none'", "style-src 'unsafe-inline'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if n := len(r.FrameScript()); n > maxFrameScript+1+maxTimeScript || n == 0 {
		t.Errorf("frame script is %d bytes, want 1–%d", n, maxFrameScript+1+maxTimeScript)
	}
}

// TestNewRendererFailsAtStart checks that a missing template or asset, or a
// bad public URL, stops construction with an error naming it.
func TestNewRendererFailsAtStart(t *testing.T) {
	full := func() (fstest.MapFS, fstest.MapFS) {
		tm, as := fstest.MapFS{}, fstest.MapFS{}
		names, err := fs.Glob(os.DirFS("../templates"), "*.html") // every template the renderer parses
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			b, err := os.ReadFile("../templates/" + name)
			if err != nil {
				t.Fatal(err)
			}
			tm[name] = &fstest.MapFile{Data: b}
		}
		assets, err := fs.Glob(os.DirFS("../assets"), "*.*") // every asset the renderer may read
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range assets {
			b, err := os.ReadFile("../assets/" + name)
			if err != nil {
				t.Fatal(err)
			}
			as[name] = &fstest.MapFile{Data: b}
		}
		return tm, as
	}
	tests := map[string]struct {
		change  func(tm, as fstest.MapFS, cfg *Config)
		wantErr string
	}{
		"ok":                {func(tm, as fstest.MapFS, cfg *Config) {}, ""},
		"missing card.html": {func(tm, as fstest.MapFS, cfg *Config) { delete(tm, "card.html") }, "card.html"},
		"missing template": {func(tm, as fstest.MapFS, cfg *Config) {
			tm["icons.html"] = &fstest.MapFile{Data: []byte(`{{define "i-x"}}{{end}}`)}
		}, `"badge"`},
		"missing css": {func(tm, as fstest.MapFS, cfg *Config) { delete(as, "card.css") }, "card.css"},
		"script too big": {func(tm, as fstest.MapFS, cfg *Config) {
			as["frame.js"] = &fstest.MapFile{Data: bytes.Repeat([]byte("f();"), 600)}
		}, "budget"},
		"ftp public URL": {func(tm, as fstest.MapFS, cfg *Config) { cfg.PublicURL = "ftp://x" }, "public URL"},
		"relative URL":   {func(tm, as fstest.MapFS, cfg *Config) { cfg.PublicURL = "/roost" }, "public URL"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tm, as := full()
			cfg := Config{PublicURL: testPublicURL, Templates: tm, Assets: as, Locales: os.DirFS("../locales")}
			tc.change(tm, as, &cfg)
			_, err := NewRenderer(cfg)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("NewRenderer: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("NewRenderer error = %v, want one naming %s", err, tc.wantErr)
			}
		})
	}
}

// TestMinifyKeepsStructure checks that minification never changes the tag
// and attribute structure of a document.
func TestMinifyKeepsStructure(t *testing.T) {
	r := newTestRenderer(t)
	for name, c := range renderCases(t) {
		var raw bytes.Buffer
		d := r.document(c.view, c.opts)
		if err := r.tmpl.ExecuteTemplate(&raw, "post", d); err != nil {
			t.Fatal(err)
		}
		doc, err := r.PostDocument(c.view, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := structure(parseDoc(t, doc)), structure(parseDoc(t, raw.Bytes())); got != want {
			t.Errorf("%s: minified structure differs:\n got %s\nwant %s", name, got, want)
		}
	}
}
