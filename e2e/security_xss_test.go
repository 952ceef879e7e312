package e2e

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// xssJob is one document to load: a surface with the corpus entry in some
// of its fields.
type xssJob struct {
	surface string
	path    string // on Roost, or a full URL on the publisher origin
	fields  int    // hostile fields this surface shows
	withCSP bool   // also load it with Roost's CSP (the CSP-less load always runs)
	pol     scanPolicy
	viaPub  bool
}

// TestSecurityXSSMatrix puts every corpus entry into every user-controlled
// field and widget option and loads every surface that shows them in
// chromium, once with Roost's headers and once through a proxy that drops
// the CSP. Nothing may run, and the DOM may hold no handler, no
// script-capable URL and no element the templates do not emit.
func TestSecurityXSSMatrix(t *testing.T) {
	start := time.Now()
	in := startRoost(t, "--demo=false")
	corpus := loadCorpus(t)
	noCSP := httptest.NewServer(cspStripper(in.URL))
	defer noCSP.Close()
	pub := httptest.NewServer(publisherPages(in.URL, noCSP.URL))
	defer pub.Close()

	seeds := make([]seeded, len(corpus))
	acceptedFields := 0
	for i, h := range corpus {
		seeds[i] = seedHostile(t, in, i, h)
		acceptedFields += seeds[i].Fields
	}
	t.Logf("seeded %d entries (%d stored fields accepted) in %v", len(corpus), acceptedFields, time.Since(start).Round(time.Millisecond))

	var jobs []xssJob
	every := cspSampleStride()
	for i, h := range corpus {
		for _, j := range surfaceJobs(seeds[i], h, pub.URL) {
			j.withCSP = i%every == 0
			jobs = append(jobs, j)
		}
	}
	jobs = append(jobs,
		xssJob{surface: "hashtag timeline", path: "/embed/hashtag/xssmatrix?limit=100", fields: 6 * 20, withCSP: true},
		xssJob{surface: "list timeline (all)", path: "/embed/list/" + seeds[0].List + "?limit=100", fields: 6 * 2, withCSP: true})

	b := newBrowser(t, 600, 900, // tabs other than the first are in the background: do not throttle them
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true))
	tabs := newTabs(t, b, 6)
	// Control: the hooks must see a payload that runs, in a page and in a frame.
	ctl := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<body><img src=x onerror=__xss()><iframe srcdoc="<script>__xss()</script>"></iframe>`)
	}))
	defer ctl.Close()
	if _, err := tabs[0].load(ctl.URL, scanPolicy{SettleMS: 200}); err != nil {
		t.Fatal(err)
	}
	if got := tabs[0].executions(); got < 2 {
		t.Fatalf("control page: %d executions counted, want 2 (page and frame): the hooks are not armed", got)
	}
	base := tabs[0].executions()

	hashes := &cspCache{base: in.URL, m: map[string]map[string]bool{}}
	var (
		mu        sync.Mutex
		loads     int
		combos    int
		problems  []string
		spent     = map[string]time.Duration{}
		work      = make(chan xssJob)
		wg        sync.WaitGroup
		originSet = []string{in.URL, noCSP.URL}
	)
	for _, tb := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				for _, via := range []string{noCSP.URL, in.URL} {
					if via == in.URL && !j.withCSP {
						continue
					}
					u := via + j.path
					if j.viaPub {
						u = j.path + "&via=" + map[bool]string{true: "roost", false: "nocsp"}[via == in.URL]
					}
					pol := j.pol
					pol.Origins = originSet
					t0 := time.Now()
					scan, err := tb.load(u, pol)
					var bad []string
					if err != nil {
						bad = append(bad, err.Error())
					}
					bad = append(bad, scan.Problems...)
					if !j.viaPub {
						// A page's scripts are checked against its own CSP,
						// those of the Roost frames it embeds (configurator
						// previews, landing) against the widget CSPs.
						allowed := hashes.union(t, j.path, "/embed/post/0", "/embed/button/share", "/embed/sharebar")
						for _, s := range scan.Inline {
							if !allowed[scriptHash(s)] {
								bad = append(bad, "inline script not in Roost's CSP: "+trim(s, 80))
							}
						}
					}
					if scan.Fired > 0 {
						bad = append(bad, fmt.Sprintf("%d executions", scan.Fired))
					}
					mu.Lock()
					spent[j.surface] += time.Since(t0)
					loads++
					combos += j.fields
					for _, p := range bad {
						problems = append(problems, j.surface+" "+trim(u, 160)+": "+p)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()

	execs := -base
	for _, tb := range tabs {
		execs += tb.executions()
	}
	for i, p := range problems {
		if i == 40 {
			t.Errorf("… and %d more", len(problems)-40)
			break
		}
		t.Error(p)
	}
	if execs != 0 {
		t.Errorf("%d payload executions or dialogs counted across the matrix", execs)
	}
	t.Logf("browser time by surface: %v", spent)
	t.Logf("XSS matrix: %d corpus entries, %d surface loads (with and without CSP), %d payload×field×surface combinations, %d executions, %d DOM problems, in %v",
		len(corpus), loads, combos, execs, len(problems), time.Since(start).Round(time.Second))
}

// cspSampleStride is how often an entry is also loaded with Roost's CSP:
// every entry always runs without it (the harder case: the same bytes with
// nothing to stop a script), every Nth with it too. ROOST_XSS_FULL=1 loads
// every entry both ways (about 3,200 loads).
func cspSampleStride() int {
	if os.Getenv("ROOST_XSS_FULL") != "" {
		return 1
	}
	return 4
}

// surfaceJobs lists the documents that show entry h as seeded in s.
func surfaceJobs(s seeded, h hostile, pubURL string) []xssJob {
	q := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	p := h.cut(2000).Text
	permalink := "/" + s.Handle + "/status/" + s.Post
	form := scanPolicy{AllowForm: true}
	pubPath := func(kind string) string {
		return pubURL + "/pub?" + q("kind", kind, "path", permalink)
	}
	jobs := []xssJob{
		{surface: "card", path: "/embed/post/" + s.Post + "?" + q("link_color", p, "border_color", p), fields: 8},
		{surface: "card (quote)", path: "/embed/post/" + s.Quote, fields: 8},
		{surface: "timeline", path: "/embed/timeline/" + s.Handle + "?" + q("link_color", p, "border_color", p, "show_replies", "1"), fields: 12},
		{surface: "list timeline", path: "/embed/list/" + s.List, fields: 8},
		{surface: "permalink", path: permalink, fields: 7},
		{surface: "profile", path: "/" + s.Handle, fields: 9},
		{surface: "share button", path: "/embed/button/share?" + q("text", p, "url", p, "hashtags", p, "via", p, "related", p), fields: 5},
		{surface: "follow button", path: "/embed/button/follow?" + q("screen_name", p, "show_count", "1"), fields: 1},
		{surface: "mention button", path: "/embed/button/mention?" + q("screen_name", p, "text", p), fields: 2},
		{surface: "hashtag button", path: "/embed/button/hashtag?" + q("button_hashtag", p, "text", p, "url", p), fields: 3},
		{surface: "share bar", path: "/embed/sharebar?" + q("url", p, "title", p, "networks", p), fields: 3, pol: form},
		{surface: "intent chooser", path: "/intent/post?" + q("text", p, "url", p, "hashtags", p, "via", p, "instance", p), fields: 5, pol: form},
		{surface: "intent follow", path: "/intent/follow?" + q("screen_name", p, "instance", p), fields: 2, pol: form},
		{surface: "configurator (hostile URL)", path: "/publish?" + q("url", p, "widget", "share", "text", p, "link_color", p), fields: 3, pol: form},
		{surface: "configurator (hostile options)", path: "/publish?" + q("url", "http://x"+permalink, "link_color", p, "border_color", p, "text", p, "via", p, "hashtags", p, "screen_name", p), fields: 6, pol: form},
		{surface: "oEmbed JSON on a publisher page", path: pubPath("json"), fields: 6, viaPub: true, pol: scanPolicy{SettleMS: 150}},
		{surface: "oEmbed XML on a publisher page", path: pubPath("xml"), fields: 6, viaPub: true, pol: scanPolicy{SettleMS: 150}},
	}
	if s.Rich != "" {
		jobs = append(jobs,
			xssJob{surface: "card (video, poll, link card)", path: "/embed/post/" + s.Rich, fields: 6},
			xssJob{surface: "permalink (video, poll, link card)", path: "/" + s.Handle + "/status/" + s.Rich, fields: 6})
	}
	return jobs
}

// cspStripper serves Roost's bytes without its Content-Security-Policy
// (and with its content type), as a careless reverse proxy would.
func cspStripper(roost string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get(roost + r.URL.RequestURI())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
}

// publisherPages serves, on its own loopback origin, a publisher's page
// with the html of Roost's oEmbed answer (JSON or XML) pasted in; via=nocsp
// points the snippet at the CSP-less proxy.
func publisherPages(roost, noCSP string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := r.URL.Query().Get("kind")
		target := roost + r.URL.Query().Get("path")
		resp, err := http.Get(roost + "/oembed?" + url.Values{"url": {target}, "format": {kind}}.Encode())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var doc struct {
			HTML string `json:"html" xml:"html"`
		}
		if kind == "xml" {
			err = xml.Unmarshal(raw, &doc)
		} else {
			err = json.Unmarshal(raw, &doc)
		}
		if err != nil || doc.HTML == "" {
			http.Error(w, fmt.Sprintf("oEmbed %d %s: %v", resp.StatusCode, raw, err), http.StatusBadGateway)
			return
		}
		if r.URL.Query().Get("via") == "nocsp" {
			doc.HTML = strings.ReplaceAll(doc.HTML, roost, noCSP)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><head><meta charset=utf-8><title>Publisher</title></head><body><h1>A blog post</h1>"+
			doc.HTML+"<p>After the embed.</p></body></html>")
	})
}

// cspCache fetches the CSP Roost sends for a path once.
type cspCache struct {
	base string
	mu   sync.Mutex
	m    map[string]map[string]bool
}

func (c *cspCache) get(t *testing.T, path string) map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.m[path]; ok {
		return h
	}
	resp, err := http.Get(c.base + path)
	for try := 1; err != nil && errors.Is(err, syscall.ECONNRESET) && try < 5; try++ {
		resp, err = http.Get(c.base + path) // an over-long URL's 431 raced the client's write
	}
	if err != nil && errors.Is(err, syscall.ECONNRESET) {
		// The server refused the request and reset before its answer was
		// read: no CSP, so no script is allowed on this path (stricter).
		c.m[path] = map[string]bool{}
		return c.m[path]
	}
	if err != nil {
		t.Errorf("fetching %s: %v", path, err)
		return nil
	}
	resp.Body.Close()
	h := cspHashes(resp.Header.Get("Content-Security-Policy"))
	c.m[path] = h
	return h
}

// union is the set of script hashes allowed by the CSPs of every path.
func (c *cspCache) union(t *testing.T, paths ...string) map[string]bool {
	all := map[string]bool{}
	for _, p := range paths {
		for h := range c.get(t, p) {
			all[h] = true
		}
	}
	return all
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
