package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// demoPost is the part of the public JSON the browser tests pick posts by.
type demoPost struct {
	ID        string `json:"id"`
	Author    string `json:"author"`
	Lang      string `json:"lang"`
	QuoteOf   string `json:"quote_of"`
	ReplyTo   string `json:"reply_to"`
	Sensitive bool   `json:"sensitive"`
	Media     []struct {
		Width int `json:"width"`
	} `json:"media"`
}

// demoPosts lists the visible demo posts of the named users.
func demoPosts(t *testing.T, in *instance, handles ...string) []demoPost {
	t.Helper()
	var all []demoPost
	for _, h := range handles {
		var page []demoPost
		if st := in.api(t, "GET", "/api/v1/users/"+h+"/posts?limit=100&replies=true", nil, &page); st != 200 {
			t.Fatalf("posts of %s: status %d", h, st)
		}
		all = append(all, page...)
	}
	return all
}

// pick returns the first post matching ok, failing the test if none does.
func pick(t *testing.T, posts []demoPost, what string, ok func(demoPost) bool) demoPost {
	t.Helper()
	for _, p := range posts {
		if ok(p) {
			return p
		}
	}
	t.Fatalf("demo data has no %s post", what)
	return demoPost{}
}

// cardPage describes what the browser saw of one card document.
type cardPage struct {
	Overflow   bool    `json:"overflow"`   // wider than the viewport
	Dir        string  `json:"dir"`        // <html dir>
	Luminance  float64 `json:"luminance"`  // of the page background, 0 dark … 1 light
	Articles   int     `json:"articles"`   // <article> elements
	Times      int     `json:"times"`      // <time datetime> elements
	ImgNoAlt   int     `json:"imgNoAlt"`   // images without an alt attribute
	ImgNoSize  int     `json:"imgNoSize"`  // images without width and height
	Height     float64 `json:"height"`     // of the card
	Handlers   int     `json:"handlers"`   // elements with on* attributes
	Scripts    int     `json:"scripts"`    // <script> elements
	BadURLs    int     `json:"badURLs"`    // href/src not http(s), mailto or relative to Roost
	Fired      int     `json:"fired"`      // payload hooks and dialogs that ran
	TextLength int     `json:"textLength"` // visible text characters
}

// inspectCard reads a cardPage from the document the tab shows.
const inspectCard = `(() => {
  const bg = getComputedStyle(document.documentElement).backgroundColor.match(/\d+(\.\d+)?/g).map(Number);
  const lum = (0.2126*bg[0] + 0.7152*bg[1] + 0.0722*bg[2]) / 255;
  const all = [...document.querySelectorAll('*')];
  const urlOK = v => /^(https?:|mailto:|#|$)/i.test(v.trim());
  const card = document.querySelector('article');
  return {
    overflow: document.documentElement.scrollWidth > innerWidth + 1,
    dir: document.documentElement.dir,
    luminance: lum,
    articles: document.querySelectorAll('article').length,
    times: document.querySelectorAll('time[datetime]').length,
    imgNoAlt: [...document.images].filter(i => !i.hasAttribute('alt')).length,
    imgNoSize: [...document.images].filter(i => !(i.getAttribute('width') && i.getAttribute('height'))).length,
    height: card ? card.getBoundingClientRect().height : 0,
    handlers: all.filter(e => [...e.attributes].some(x => /^on/i.test(x.name))).length,
    scripts: document.scripts.length,
    badURLs: all.flatMap(e => ['href','src','action','formaction','xlink:href'].map(n => e.getAttribute(n)).filter(v => v !== null && !urlOK(v))).length,
    fired: window.__fired || 0,
    textLength: document.body.innerText.trim().length,
  };
})()`

// hookPayloads counts anything a payload could run: dialogs and a global
// hook the hostile corpus calls.
const hookPayloads = `window.__fired = 0;
for (const f of ['alert','confirm','prompt','print']) window[f] = () => { window.__fired++; };
window.__xss = () => { window.__fired++; };`

// focusRing presses Tab like a keyboard user and reports whether the
// focused element draws a visible outline.
func (b *browser) focusRing(t *testing.T) bool {
	t.Helper()
	b.do(t, chromedp.KeyEvent(kb.Tab))
	return eval[bool](t, b, `(() => { const a = document.activeElement; if (!a || a === document.body) return false;
	  const s = getComputedStyle(a); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; })()`)
}

func (b *browser) card(t *testing.T, u string) cardPage {
	t.Helper()
	b.do(t, chromedp.Navigate(u), chromedp.WaitReady("body"))
	return eval[cardPage](t, b, inspectCard)
}

func TestBrowserCardThemesWidthsLanguages(t *testing.T) {
	in := startRoost(t)
	posts := demoPosts(t, in, "roost", "ada", "layla")
	cases := map[string]demoPost{
		"four-images": pick(t, posts, "4-image", func(p demoPost) bool { return len(p.Media) == 4 }),
		"quote":       pick(t, posts, "quote", func(p demoPost) bool { return p.QuoteOf != "" }),
		"reply":       pick(t, posts, "reply", func(p demoPost) bool { return p.ReplyTo != "" }),
		"arabic":      pick(t, posts, "Arabic", func(p demoPost) bool { return p.Lang == "ar" }),
		"sensitive":   pick(t, posts, "sensitive", func(p demoPost) bool { return p.Sensitive }),
	}
	for _, width := range []int{550, 320} {
		b := newBrowser(t, width, 900)
		for name, p := range cases {
			for _, theme := range []string{"light", "dark"} {
				q := url.Values{"theme": {theme}}
				if name == "arabic" {
					q.Set("lang", "ar")
				}
				page := b.card(t, in.URL+"/embed/post/"+p.ID+"?"+q.Encode())
				where := fmt.Sprintf("%s at %dpx, %s", name, width, theme)
				checkCard(t, where, page)
				if theme == "dark" && page.Luminance > 0.3 || theme == "light" && page.Luminance < 0.7 {
					t.Errorf("%s: background luminance %.2f does not match the theme", where, page.Luminance)
				}
				if !b.focusRing(t) {
					t.Errorf("%s: the first Tab stop shows no focus ring", where)
				}
				if name == "arabic" && page.Dir != "rtl" {
					t.Errorf("%s: <html dir=%q>, want rtl", where, page.Dir)
				}
				b.screenshot(t, fmt.Sprintf("card-%s-%d-%s", name, width, theme))
			}
		}
		checkQuiet(t, b, in)
	}
}

// checkCard asserts what every visible card must have.
func checkCard(t *testing.T, where string, p cardPage) {
	t.Helper()
	switch {
	case p.Overflow:
		t.Errorf("%s: the card is wider than the viewport", where)
	case p.Articles < 1 || p.Times < 1:
		t.Errorf("%s: %d articles and %d <time> elements, want the card's", where, p.Articles, p.Times)
	case p.ImgNoAlt > 0 || p.ImgNoSize > 0:
		t.Errorf("%s: %d images without alt, %d without intrinsic size", where, p.ImgNoAlt, p.ImgNoSize)
	case p.Handlers > 0 || p.BadURLs > 0 || p.Scripts > 1:
		t.Errorf("%s: %d event handlers, %d script-capable URLs, %d scripts", where, p.Handlers, p.BadURLs, p.Scripts)
	}
}

// checkQuiet asserts the tab logged no errors and asked no host but Roost.
func checkQuiet(t *testing.T, b *browser, in *instance) {
	t.Helper()
	consoleErr, exceptions, dialogs, requests := b.seen()
	if len(consoleErr)+len(exceptions)+len(dialogs) > 0 {
		t.Errorf("console errors %v, exceptions %v, dialogs %v", consoleErr, exceptions, dialogs)
	}
	for _, r := range requests {
		if !strings.HasPrefix(r, in.URL+"/") && !strings.HasPrefix(r, "data:") {
			t.Errorf("the card requested %s: only Roost's own origin is allowed", r)
		}
	}
}

func TestBrowserCardAutoThemeFollowsTheVisitorLive(t *testing.T) {
	in := startRoost(t)
	p := demoPosts(t, in, "roost")[0]
	b := newBrowser(t, 550, 700)
	b.colorScheme(t, "light")
	light := b.card(t, in.URL+"/embed/post/"+p.ID).Luminance
	b.colorScheme(t, "dark") // no reload: the card must restyle itself
	dark := eval[cardPage](t, b, inspectCard).Luminance
	if !(light > 0.7 && dark < 0.3) {
		t.Errorf("theme=auto: luminance %.2f in light and %.2f in dark, want light then dark without reload", light, dark)
	}
}

func TestBrowserCardKeepsItsSizeWithImagesOff(t *testing.T) {
	in := startRoost(t)
	p := pick(t, demoPosts(t, in, "roost", "ada", "layla"), "image", func(p demoPost) bool { return len(p.Media) > 0 && !p.Sensitive })
	u := in.URL + "/embed/post/" + p.ID
	on := newBrowser(t, 550, 900).card(t, u)
	off := newBrowser(t, 550, 900, chromedp.Flag("blink-settings", "imagesEnabled=false")).card(t, u)
	if on.Height == 0 || on.Height != off.Height {
		t.Errorf("card height %.1f with images and %.1f without: intrinsic sizes must reserve the space", on.Height, off.Height)
	}
	if off.TextLength < 20 {
		t.Errorf("with images off the card shows only %d characters", off.TextLength)
	}
}
