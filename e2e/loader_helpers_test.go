package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpfetch "github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// wpEmbedJS is Debian's copy of WordPress's embed script (package wordpress).
const wpEmbedJS = "/usr/share/wordpress/wp-includes/js/wp-embed.js"

// startRoostAt runs roost with its public URL equal to the address it
// listens on, so cards, media and permalinks all live on one origin that
// is not the publisher's.
func startRoostAt(t *testing.T) *instance {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return startRoost(t, "--addr", addr, "--public-url", "http://"+addr)
}

// startRoostStoppable runs roost like startRoostAt (demo data, public URL
// = listen address) and returns a function that stops it early.
func startRoostStoppable(t *testing.T) (*instance, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	in := &instance{Dir: dir, DB: "sqlite:" + filepath.Join(dir, "roost.db"), URL: "http://" + addr}
	cmd := exec.Command(roostBin, "serve", "--addr", addr, "--public-url", in.URL, "--db", in.DB,
		"--media-dir", filepath.Join(dir, "media"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = cmd.Process.Signal(os.Interrupt)
			_ = cmd.Wait()
		})
	}
	t.Cleanup(stop)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(in.URL + "/livez"); err == nil {
			resp.Body.Close()
			return in, stop
		}
		if time.Now().After(deadline) {
			t.Fatalf("roost did not start at %s", in.URL)
		}
	}
}

// adaPostIDs returns the ids of ada's newest demo posts.
func adaPostIDs(t *testing.T, in *instance, n int) []string {
	t.Helper()
	var posts []struct{ ID string }
	if st := in.api(t, "GET", "/api/v1/users/ada/posts?limit="+strconv.Itoa(n), nil, &posts); st != 200 || len(posts) < n {
		t.Fatalf("listing demo posts: status %d, %d posts", st, len(posts))
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = posts[i].ID
	}
	return ids
}

// pageData fills testdata/publisher.html.
type pageData struct {
	Roost   string
	Posts   []pagePost
	Widgets bool // the timeline, every button, the share bar, an X blockquote
	Compat  bool
	Probe   bool
	Meta    []struct{ Name, Content string }
	Extra   []template.HTML
}

type pagePost struct {
	ID, Text string
	Height   int
}

// publisher is a web site on another origin than Roost: its pages are
// served from 127.0.0.1 but addressed as localhost, another site to the
// browser.
type publisher struct {
	URL   string
	mu    sync.Mutex
	pages map[string]pageSpec
}

type pageSpec struct {
	file string
	data any
	csp  string
}

func newPublisher(t *testing.T) *publisher {
	t.Helper()
	p := &publisher{pages: map[string]pageSpec{}}
	srv := httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(srv.Close)
	p.URL = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	return p
}

// page registers a page at /p/name and returns its URL.
func (p *publisher) page(name, file string, data any, csp string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages[name] = pageSpec{file, data, csp}
	return p.URL + "/p/" + name
}

func (p *publisher) serve(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, "/p/"); ok {
		p.mu.Lock()
		spec, found := p.pages[name]
		p.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		tmpl, err := template.ParseFiles(filepath.Join("testdata", spec.file))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if spec.csp != "" {
			w.Header().Set("Content-Security-Policy", spec.csp)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := tmpl.Execute(w, spec.data); err != nil {
			http.Error(w, err.Error(), 500)
		}
		return
	}
	if r.URL.Path == "/favicon.ico" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/landed/") { // where a link in a post leads
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>Landed</title><p>You followed a link.")
		return
	}
	if r.URL.Path == "/wp-embed.js" {
		http.ServeFile(w, r, wpEmbedJS)
		return
	}
	switch name := strings.TrimPrefix(r.URL.Path, "/"); name {
	case "page.css", "probe.js", "forger.js", "forger.html", "api.js":
		http.ServeFile(w, r, filepath.Join("testdata", name))
	default:
		http.NotFound(w, r)
	}
}

// loaderBrowser is a chromium tab like newBrowser's, with cross-site frames
// kept in the page's process so the tab sees the frames' requests and CSP
// reports too, and the bytes of every response counted.
type loaderBrowser struct {
	*browser
	mu      sync.Mutex
	urls    map[network.RequestID]string
	bytes   map[string]float64 // encoded bytes by URL
	logErrs []string
}

func newLoaderBrowser(t *testing.T, width, height int) *loaderBrowser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &loaderBrowser{browser: &browser{ctx: ctx}, urls: map[network.RequestID]string{}, bytes: map[string]float64{}}
	if err := chromedp.Listen(ctx, b.recordAll); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	for name, err := range map[string]error{
		"network": call(ctx, network.Enable, network.EnableParams{}),
		"runtime": call(ctx, runtime.Enable, cdp.Empty{}),
		"log":     call(ctx, log.Enable, cdp.Empty{}),
	} {
		if err != nil {
			t.Fatalf("enabling %s events: %v", name, err)
		}
	}
	return b
}

func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], p P) error {
	_, err := chromedp.Call(ctx, cmd, p)
	return err
}

func (b *loaderBrowser) recordAll(ev any) {
	b.record(ev)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.urls[e.RequestID] = e.Request.URL
	case *network.EventLoadingFinished:
		b.bytes[b.urls[e.RequestID]] += e.EncodedDataLength
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			b.logErrs = append(b.logErrs, e.Entry.Text+" "+e.Entry.URL)
		}
	}
}

// transferred sums the encoded bytes of the responses whose URL contains part.
func (b *loaderBrowser) transferred(part string) (total float64, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for u, v := range b.bytes {
		if strings.Contains(u, part) {
			total += v
			n++
		}
	}
	return total, n
}

// goTo navigates and waits for the load event.
func (b *loaderBrowser) goTo(t *testing.T, u string) {
	t.Helper()
	b.do(t, chromedp.Navigate(u))
}

// waitTrue polls a JS expression until it is true, failing after timeout
// with the value of show.
func waitTrue(t *testing.T, b *loaderBrowser, expr, show string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if eval[bool](t, b.browser, "!!("+expr+")") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; %s = %s", timeout, expr, show, eval[string](t, b.browser, "JSON.stringify("+show+")"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// block makes every request matching pattern (a Fetch-domain glob) fail
// as if a content blocker refused it.
func (b *loaderBrowser) block(t *testing.T, pattern string) {
	t.Helper()
	err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*cdpfetch.EventRequestPaused); ok {
			go func() {
				_ = call(b.ctx, cdpfetch.FailRequest, cdpfetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			}()
		}
	})
	if err == nil {
		err = call(b.ctx, cdpfetch.Enable, cdpfetch.EnableParams{Patterns: []*cdpfetch.RequestPattern{{URLPattern: pattern}}})
	}
	if err != nil {
		t.Fatalf("blocking %s: %v", pattern, err)
	}
}

// jsonString encodes v as JSON for a JS expression.
func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// evalAwait evaluates an expression whose value is a promise.
func evalAwait[T any](t *testing.T, b *loaderBrowser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// hostsOtherThan lists requested URLs whose host is none of hosts.
func hostsOtherThan(requests []string, hosts ...string) []string {
	var odd []string
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || u.Scheme == "data" {
			continue
		}
		ok := false
		for _, h := range hosts {
			ok = ok || u.Host == h
		}
		if !ok {
			odd = append(odd, r)
		}
	}
	return odd
}

// hostOf returns the host[:port] of a URL.
func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// wordpressInstalled skips the test when Debian's wordpress is missing.
func wordpressInstalled(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(wpEmbedJS); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing: scripts/test must install Debian's wordpress package", wpEmbedJS)
		}
		t.Skipf("%s missing: apt-get install wordpress to run this test", wpEmbedJS)
	}
}

func js(v any) string { return fmt.Sprintf("%q", fmt.Sprint(v)) }
