package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// firedMarker is what the hooks log when a payload runs, so executions in
// frames (whose window.__fired the top document cannot read) count too.
const firedMarker = "__XSS_FIRED__"

// hookAllFrames counts and logs every call of the payload hook and of the
// dialog functions, in every frame of the tab, before any page script.
const hookAllFrames = `(() => {
  window.__fired = 0;
  const hit = () => { window.__fired++; console.error('` + firedMarker + `'); };
  for (const f of ['alert','confirm','prompt','print']) window[f] = hit;
  window.__xss = hit;
})();`

// tab is one headless chromium tab with the hooks armed; it counts the
// marker logs and the dialogs that reached the browser.
type tab struct {
	ctx     context.Context
	mu      sync.Mutex
	fired   int
	dialogs []string
}

// newTabs opens n tabs in the browser of b, each with the hooks armed.
func newTabs(t *testing.T, b *browser, n int) []*tab {
	t.Helper()
	tabs := make([]*tab, n)
	for i := range tabs {
		ctx, cancel := chromedp.NewContext(b.ctx)
		t.Cleanup(cancel)
		tb := &tab{ctx: ctx}
		if err := chromedp.Listen(ctx, tb.record); err != nil {
			t.Fatalf("opening tab: %v", err)
		}
		if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
			t.Fatalf("enabling runtime events: %v", err)
		}
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: hookAllFrames})
		if err != nil {
			t.Fatal(err)
		}
		tabs[i] = tb
	}
	return tabs
}

func (tb *tab) record(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		for _, a := range e.Args {
			if bytes.Contains(a.Value, []byte(firedMarker)) {
				tb.fired++
			}
		}
	case *page.EventJavascriptDialogOpening:
		tb.dialogs = append(tb.dialogs, e.Message)
		go chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
	}
}

// executions returns the hook calls and dialogs counted so far.
func (tb *tab) executions() int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.fired + len(tb.dialogs)
}

// domScan is what scanDOM reports about one loaded document.
type domScan struct {
	Fired    int      `json:"fired"`
	Problems []string `json:"problems"` // handlers, script-capable URLs, foreign elements
	Inline   []string `json:"inline"`   // texts of inline scripts, checked against the CSP hashes
	Elements int      `json:"elements"`
}

// scanPolicy says what a surface may legitimately contain.
type scanPolicy struct {
	Origins   []string `json:"origins"`   // Roost's origins (direct and CSP-less proxy)
	AllowForm bool     `json:"allowForm"` // configurator, intent and share bar
	SettleMS  int      `json:"settleMS"`  // wait for frames and async handlers
}

// scanDOM is evaluated after load. It walks the document and every frame
// it can reach and reports anything the templates never emit.
const scanDOM = `(async (pol) => {
  if (pol.settleMS) await new Promise(r => setTimeout(r, pol.settleMS));
  const problems = [], inline = [];
  let elements = 0;
  const own = u => pol.origins.some(o => u.startsWith(o + '/'));
  const squash = v => v.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, '').toLowerCase();
  const badURL = v => { const s = squash(v); return s.startsWith('javascript:') || s.startsWith('vbscript:') ||
    (s.startsWith('data:') && !/^data:image\/(png|jpe?g|gif|webp|avif)[;,]/.test(s)); };
  const urlAttrs = ['href','src','action','formaction','xlink:href','poster','data','background','cite','srcset','ping','codebase','dynsrc','lowsrc'];
  const walk = (doc, where) => {
    for (const e of doc.querySelectorAll('*')) {
      elements++;
      const tag = e.localName, d = where + ' <' + tag + '>';
      for (const a of e.attributes) {
        if (/^on/i.test(a.name)) problems.push(d + ' handler ' + a.name + '=' + a.value.slice(0, 60));
        if (urlAttrs.includes(a.name.toLowerCase()) && badURL(a.value)) problems.push(d + ' URL ' + a.name + '=' + a.value.slice(0, 60));
        if (a.name === 'style' && /javascript:|expression\(|url\(/i.test(squash(a.value))) problems.push(d + ' style ' + a.value.slice(0, 60));
      }
      switch (tag) {
      case 'script':
        if (e.hasAttribute('src')) { if (!(own(e.src) && new URL(e.src).pathname === '/widgets.js')) problems.push(d + ' foreign script ' + e.src); }
        else if (!/^application\/(ld\+)?json$/.test(e.type)) inline.push(e.textContent);
        break;
      case 'iframe':
        if (!own(e.src) || !/^\/(embed|intent)\//.test(new URL(e.src).pathname) || e.hasAttribute('srcdoc')) problems.push(d + ' iframe ' + e.src);
        break;
      case 'object': case 'embed': case 'applet': case 'frame': case 'frameset': case 'portal': case 'isindex':
        problems.push(d + ' element');
        break;
      case 'base':
        if (e.hasAttribute('href') || e.getAttribute('target') !== '_blank') problems.push(d + ' ' + e.outerHTML.slice(0, 80));
        break;
      case 'form':
        if (!pol.allowForm || (e.getAttribute('action') && !own(e.action))) problems.push(d + ' form action=' + e.getAttribute('action'));
        break;
      case 'meta':
        if (/refresh|set-cookie/i.test(e.httpEquiv)) problems.push(d + ' http-equiv=' + e.httpEquiv);
        break;
      case 'style':
        if (/javascript:|expression\(|@import/i.test(squash(e.textContent))) problems.push(d + ' style sheet ' + e.textContent.slice(0, 60));
        break;
      }
      if (e.shadowRoot) walk(e.shadowRoot, d + ' shadow');
    }
    for (const f of doc.querySelectorAll('iframe')) {
      try { if (f.contentDocument) walk(f.contentDocument, where + ' frame'); } catch (_) { /* another origin: scanned on its own */ }
    }
  };
  walk(document, location.pathname);
  return {fired: window.__fired || 0, problems, inline, elements};
})`

// load navigates the tab to u and scans the document under pol.
func (tb *tab) load(u string, pol scanPolicy) (domScan, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady("body")); err != nil {
		return domScan{}, fmt.Errorf("loading %s: %w", u, err)
	}
	if pol.Origins == nil {
		pol.Origins = []string{}
	}
	arg, _ := json.Marshal(pol)
	return chromedp.Run(ctx, chromedp.Evaluate[domScan](scanDOM+"("+string(arg)+")", chromedp.EvalAwaitPromise))
}

// cspHashes returns the 'sha256-…' sources of a Content-Security-Policy.
func cspHashes(csp string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.Fields(csp) {
		f = strings.Trim(f, "';")
		if strings.HasPrefix(f, "sha256-") {
			out[f] = true
		}
	}
	return out
}

// scriptHash is the CSP source of an inline script's text.
func scriptHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
