package e2e

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// loadPayloads reads the hostile corpus: well-known XSS vector families,
// each of which calls window.__xss() or a dialog if it ever executes.
func loadPayloads(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/xss-payloads.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "# ") {
			out = append(out, l)
		}
	}
	return out
}

// armHooks makes every new document of the tab count executions of the
// payload hook and of dialogs, before any of its own scripts run.
func (b *browser) armHooks(t *testing.T) {
	t.Helper()
	_, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: hookPayloads})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowserHostileContentNeverRuns puts every payload in every
// user-controlled field a card shows (post text, display name, bio,
// location, URL, alt text, a quoted post, a reply parent) and loads the
// real rendered, minified card in chromium, with Roost's CSP and with the
// same bytes served without it. Nothing may execute, and the DOM may hold
// no event handler, script-capable URL or extra script.
func TestBrowserHostileContentNeverRuns(t *testing.T) {
	in := startRoost(t, "--demo=false")
	payloads := loadPayloads(t)
	noCSP := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/control" { // proves the hooks see a payload that does run
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<body><img src=x onerror=__xss()><script>alert(1)</script>")
			return
		}
		resp, err := http.Get(in.URL + r.URL.RequestURI()) // the real bytes, minus Roost's headers
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.Copy(w, resp.Body)
	}))
	defer noCSP.Close()

	b := newBrowser(t, 550, 900)
	b.armHooks(t)
	if got := b.card(t, noCSP.URL+"/control"); got.Fired < 2 {
		t.Fatalf("control page: %d executions counted, want 2: the hooks are not armed", got.Fired)
	}
	tried := 0
	for i, p := range payloads {
		ids := hostilePosts(t, in, i, p)
		for _, id := range ids {
			for _, base := range []string{in.URL, noCSP.URL} {
				got := b.card(t, base+"/embed/post/"+id)
				tried++
				if got.Fired != 0 || got.Handlers != 0 || got.BadURLs != 0 || got.Scripts > 1 {
					t.Errorf("payload %q (post %s via %s): %d executions, %d handlers, %d bad URLs, %d scripts",
						p, id, base, got.Fired, got.Handlers, got.BadURLs, got.Scripts)
				}
			}
		}
	}
	_, _, dialogs, _ := b.seen()
	if len(dialogs) > 0 {
		t.Errorf("dialogs opened: %v", dialogs)
	}
	t.Logf("%d payloads × card surfaces (own, quoted, reply) × with/without CSP: %d loads, 0 executions", len(payloads), tried)
}

// hostilePosts creates a user whose every field carries the payload, a
// post by them with it in the text and as alt text, a quote of that post
// and a reply to it, and returns the ids of the three posts.
func hostilePosts(t *testing.T, in *instance, i int, p string) []string {
	t.Helper()
	handle := "hostile" + strconv.Itoa(i)
	user := map[string]any{"handle": handle, "name": p, "bio": p, "location": p, "url": "https://example.com/" + p}
	if st := in.api(t, "POST", "/api/v1/users", user, nil); st != 201 {
		user["url"] = "" // an invalid URL is refused with 422: keep the rest hostile
		if st := in.api(t, "POST", "/api/v1/users", user, nil); st != 201 {
			t.Fatalf("creating hostile user: %d", st)
		}
	}
	var post, quote, reply struct{ ID string }
	mustPost(t, in, map[string]any{"author": handle, "text": p + " " + p}, &post)
	mustPost(t, in, map[string]any{"author": handle, "text": p, "quote_of": post.ID}, &quote)
	mustPost(t, in, map[string]any{"author": handle, "text": p, "reply_to": post.ID}, &reply)
	return []string{post.ID, quote.ID, reply.ID}
}

func mustPost(t *testing.T, in *instance, body map[string]any, out any) {
	t.Helper()
	if st := in.api(t, "POST", "/api/v1/posts", body, out); st != 201 {
		t.Fatalf("creating post %v: status %d", body, st)
	}
}
