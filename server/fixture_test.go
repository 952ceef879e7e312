package server

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	roost "github.com/roost-embed/roost"
	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlite"
	"github.com/roost-embed/roost/widgets"
)

// fixture is a server over a real SQLite file with three tokens.
type fixture struct {
	srv                  *Server
	st                   *sqlite.Store
	write, admin, revoke string // token secrets: write scope, admin scope, revoked
	mu                   sync.Mutex
	changes              []storage.Change // seen by the OnChange hook
}

// changeCount returns how many changes the OnChange hook has seen.
func (f *fixture) changeCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.changes)
}

// fixtureOptions change how newFixture builds the server's parts.
type fixtureOptions struct {
	cache cache.Config                      // zero: a 32 MiB cache with default TTLs
	wrap  func(storage.Store) storage.Store // wraps the real store, e.g. to slow reads
}

// newFixture builds a server on a fresh database in t.TempDir().
func newFixture(t testing.TB, cfg Config, opts ...fixtureOptions) *fixture {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "roost.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	lib, err := media.NewLibrary(filepath.Join(dir, "media"), 0)
	if err != nil {
		t.Fatalf("media library: %v", err)
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://roost.test"
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var o fixtureOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	var served storage.Store = st
	if o.wrap != nil {
		served = o.wrap(st)
	}
	f := &fixture{srv: New(cfg, Parts{Store: served, Media: lib, Widgets: newTestWidgets(t, cfg.PublicURL),
		Cache: newTestCache(t, o.cache), Log: log}), st: st}
	f.srv.OnChange(func(c storage.Change) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.changes = append(f.changes, c)
	})
	f.write = f.token(t, "w", storage.ScopeWrite, false)
	f.admin = f.token(t, "a", storage.ScopeAdmin, false)
	f.revoke = f.token(t, "r", storage.ScopeAdmin, true)
	return f
}

// token stores a new token and returns its secret.
func (f *fixture) token(t testing.TB, name, scope string, revoked bool) string {
	t.Helper()
	secret, tok, err := NewToken(name, scope, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := f.st.CreateToken(ctx, tok); err != nil {
		t.Fatalf("create token: %v", err)
	}
	if revoked {
		if err := f.st.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatalf("revoke token: %v", err)
		}
	}
	return secret
}

// response is what a test reads back.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends one request through app.Test.
func (f *fixture) do(t testing.TB, method, url string, header map[string]string, body io.Reader) response {
	t.Helper()
	req := httptest.NewRequest(method, url, body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := f.srv.App().Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

// writeJSON sends a JSON body with the write token.
func (f *fixture) writeJSON(t testing.TB, method, url, body string) response {
	t.Helper()
	return f.do(t, method, url, map[string]string{
		"Authorization": "Bearer " + f.write, "Content-Type": "application/json",
	}, strings.NewReader(body))
}

// mustCreate sends a create call that must answer 201 and returns data.id.
func (f *fixture) mustCreate(t testing.TB, url, body string) string {
	t.Helper()
	r := f.writeJSON(t, "POST", url, body)
	if r.status != 201 {
		t.Fatalf("POST %s %s: status %d, body %s", url, body, r.status, r.body)
	}
	var out struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || out.Data.ID == "" {
		t.Fatalf("POST %s: no data.id in %s (%v)", url, r.body, err)
	}
	return out.Data.ID
}

// countPosts counts the posts of handle through the public API.
func (f *fixture) countPosts(t testing.TB, handle string) int {
	t.Helper()
	r := f.do(t, "GET", "/api/v1/users/"+handle+"/posts?limit=100&replies=true", nil, nil)
	if r.status != 200 {
		t.Fatalf("list posts of %s: status %d, body %s", handle, r.status, r.body)
	}
	var page struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.body), &page); err != nil {
		t.Fatalf("list posts: %v in %s", err, r.body)
	}
	return len(page.Data)
}

// pngBytes is a small valid PNG image.
func pngBytes(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// multipartBody builds a form with a file field and extra text fields.
func multipartBody(t testing.TB, file []byte, fields map[string]string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := w.CreateFormFile("file", "upload.bin")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), &buf
}

// listen serves the fixture on a loopback port until the test ends and
// returns its base URL.
func (f *fixture) listen(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := f.srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// newTestWidgets builds the real renderer over the embedded templates.
func newTestWidgets(t testing.TB, publicURL string) *widgets.Renderer {
	t.Helper()
	r, err := widgets.NewRenderer(widgets.Config{PublicURL: publicURL,
		Templates: roost.Templates(), Assets: roost.Assets(), Locales: roost.Locales()})
	if err != nil {
		t.Fatalf("widgets: %v", err)
	}
	return r
}

// newTestCache builds a real render cache, by default with a 32 MiB budget.
func newTestCache(t testing.TB, cfg cache.Config) *cache.Cache {
	t.Helper()
	if cfg.MaxBytes == 0 {
		cfg.MaxBytes = 32 << 20
	}
	c, err := cache.New(cfg)
	if err != nil {
		t.Fatalf("cache: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}
