package widgets

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// langWidget is one widget document of the language test page and the
// height of the frame it gets.
type langWidget struct {
	name   string
	height int
	doc    []byte
}

// langWidgets renders every widget kind, page and tombstone in one
// language and theme: the strings of every catalog key a reader can see.
func langWidgets(t *testing.T, r *Renderer, lang, theme string) []langWidget {
	t.Helper()
	must := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		return b
	}
	q := func(kv ...string) func(string) string {
		m := map[string]string{"lang": lang, "theme": theme}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return opts(m)
	}
	po := ParsePostOptions(q())
	button := func(kind string, count int64, kv ...string) []byte {
		o, _ := ParseButtonOptions(kind, q(kv...))
		return must(r.ButtonDocument(o, count))
	}
	intent := func(action string, v IntentView, kv ...string) []byte {
		o, _ := ParseIntentOptions(action, q(kv...))
		v.Options, v.State = o, StateVisible
		return must(r.IntentPage(v))
	}
	post := typicalPost(t)
	post.Post.ReplyCount, post.Post.LikeCount = 3, 1234
	tv, empty := profileTimeline(t), profileTimeline(t)
	fresh := replyPost(visibleParent())
	fresh.Post.CreatedAt = time.Now().Add(-3*time.Hour - time.Minute) // frametime.js: "3h"
	tv.Items = append([]*PostView{fresh}, tv.Items...)
	empty.Items, empty.NextBefore = nil, 0
	pv := &ProfileView{State: StateVisible, User: post.Author, Avatar: post.Avatar, Posts: []*PostView{post}, NextBefore: 5}
	return []langWidget{
		{"card", 760, must(r.PostDocument(post, po))},
		{"card-quote", 900, must(r.PostDocument(quotePost(t, visibleQuoted()), po))},
		{"card-reply", 700, must(r.PostDocument(replyPost(visibleParent()), withOpts(func(o *PostOptions) { *o = po })))},
		{"card-sensitive", 500, must(r.PostDocument(sensitivePost(false), po))},
		{"tomb-403", 140, must(r.PostDocument(&PostView{State: StateProtected}, po))},
		{"tomb-410", 140, must(r.PostDocument(&PostView{State: StateSuspended}, po))},
		{"tomb-404", 140, must(r.PostDocument(&PostView{State: StateDeleted}, po))},
		{"timeline", 2600, must(r.TimelineDocument(tv, ParseTimelineOptions(q("show_replies", "1"))))},
		{"timeline-empty", 360, must(r.TimelineDocument(empty, ParseTimelineOptions(q())))},
		{"timeline-tomb", 200, must(r.TimelineDocument(&TimelineView{Kind: TimelineProfile, State: StateProtected}, ParseTimelineOptions(q())))},
		{"button-share", 36, button(ButtonShare, NoCount, "size", SizeLarge)},
		{"button-follow", 36, button(ButtonFollow, 1234, "screen_name", "ada", "show_count", "true", "size", SizeLarge)},
		{"button-follow-name", 36, button(ButtonFollow, NoCount, "screen_name", "ada", "show_screen_name", "true")},
		{"button-mention", 36, button(ButtonMention, NoCount, "screen_name", "ada")},
		{"button-hashtag", 36, button(ButtonHashtag, NoCount, "button_hashtag", "golang")},
		{"button-message", 36, button(ButtonMessage, NoCount, "screen_name", "ada")},
		{"sharebar", 120, must(r.SharebarDocument(ParseSharebarOptions(q("url", "https://example.com/", "networks", "x,mastodon,bluesky,email,copy,native"))))},
		{"intent-post", 720, intent(IntentPost, IntentView{}, "text", "Hello", "url", "https://example.com/")},
		{"intent-post-bad", 760, intent(IntentPost, IntentView{}, "text", "Hello", "instance", "no/such")},
		{"intent-like", 900, intent(IntentLike, IntentView{Post: post, User: post.Author}, "post_id", "7")},
		{"intent-follow", 600, intent(IntentFollow, IntentView{User: post.Author}, "screen_name", "ada")},
		{"page-post", 1300, must(r.PostPage(post, lang))},
		{"page-profile", 1500, must(r.ProfilePage(pv, lang))},
		{"page-missing", 400, must(r.ProfilePage(&ProfileView{State: StateDeleted}, lang))},
	}
}

// langPage is the test page of one language: every widget in a frame of
// the given width, labelled, one under the other.
func langPage(lang, theme string, width int, ws []langWidget) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><meta charset=utf-8><body style='margin:8px;background:%s;font:12px sans-serif'>", map[string]string{ThemeDark: "#222;color:#ddd", ThemeLight: "#eee"}[theme])
	for _, w := range ws {
		fmt.Fprintf(&b, "<div>%s %s</div><iframe data-name=%q src=%q style='border:0;width:%dpx;height:%dpx;display:block'></iframe>",
			html.EscapeString(lang), w.name, w.name, "/doc/"+lang+"/"+theme+"/"+w.name, width, w.height)
	}
	return b.String()
}

// checkScript inspects every frame once all have loaded, and returns its
// findings: a document wider than its frame, an element whose text is
// cut off (overflow hidden or an ellipsis; names and handles, which are
// the author's and ellipsize by design, aside), a character drawn as the
// missing-glyph box, a raw message key or placeholder, or the wrong
// direction.
const checkScript = `(() => {
  const out = [], chars = new Map(), c = document.createElement("canvas"), x = c.getContext("2d");
  c.width = c.height = 40;
  const draw = (font, ch) => { x.clearRect(0, 0, 40, 40); x.font = font; x.fillText(ch, 4, 30);
    const d = x.getImageData(0, 0, 40, 40).data; let h = 0; for (let i = 3; i < d.length; i += 4) h = (h * 31 + d[i]) | 0; return h; };
  const visible = /[\p{L}\p{N}\p{S}]/u, key = /\{\{|%s|\b(card|button|intent|page|timeline|account|language)\.[a-z]+[A-Z]/;
  for (const f of document.querySelectorAll("iframe")) {
    const d = f.contentDocument, w = f.contentWindow, name = f.dataset.name;
    if (!d || !d.body) { out.push(name + ": not loaded"); continue; }
    if (d.documentElement.scrollWidth > f.clientWidth + 1) {
      let wide = [...d.body.querySelectorAll("*")].filter(e => { const b = e.getBoundingClientRect(); return b.right > f.clientWidth + 1 || b.left < -1; }).pop();
      out.push(name + ": document " + d.documentElement.scrollWidth + " px wide in a " + f.clientWidth + " px frame, past its edge: <" +
        (wide ? wide.tagName.toLowerCase() + " class=" + wide.className + ">" + wide.textContent.trim().slice(0, 40) : "?"));
    }
    if (d.documentElement.dir !== EXPECTED_DIR) out.push(name + ": dir=" + d.documentElement.dir);
    for (const e of d.body.querySelectorAll("*")) {
      const cs = w.getComputedStyle(e);
      // Names and handles (bdi) are the author's, of any length, and give
      // way by design; everything else must fit.
      if (e.clientWidth <= 1 || !e.textContent.trim() || cs.display === "none" || e.closest("bdi")) continue;
      if ((cs.overflowX !== "visible" || cs.textOverflow === "ellipsis") && e.scrollWidth > e.clientWidth + 1)
        out.push(name + ": text cut off in <" + e.tagName.toLowerCase() + " class=" + e.className + ">: " + e.textContent.trim().slice(0, 60));
    }
    const text = d.body.innerText + " " + [...d.querySelectorAll("[aria-label],[title]")].map(e => (e.getAttribute("aria-label") || "") + " " + (e.title || "")).join(" ");
    if (key.test(text)) out.push(name + ": raw key or placeholder: " + text.match(key)[0]);
    const font = w.getComputedStyle(d.body).font;
    if (!chars.has(font)) chars.set(font, new Map());
    for (const ch of d.body.innerText) if (visible.test(ch)) chars.get(font).set(ch, name);
  }
  // Each distinct character once per font: drawn like the missing-glyph box?
  for (const [font, m] of chars) {
    const box = draw(font, "\u{10FFFD}");
    for (const [ch, name] of m) if (draw(font, ch) === box) out.push(name + ": no glyph for " + ch + " U+" + ch.codePointAt(0).toString(16));
  }
  return out;
})()`

// TestLanguagesInBrowser renders every widget in every UI language at
// 320 px in headless chromium, one page load per language, and fails on
// overflow, cut-off text, missing glyphs, raw keys or a wrong direction.
// With ROOST_SCREENSHOTS it also writes pages of some languages at 320 and
// 600 px, light and dark.
func TestLanguagesInBrowser(t *testing.T) {
	if raceEnabled {
		t.Skip("runs once, in scripts/test's non-race pass (80 s of chromium; the race detector adds nothing to it)")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; scripts/test installs it")
		}
		t.Skipf("chromium not installed: %v", err)
	}
	var mu sync.Mutex
	docs := map[string][]byte{}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r, err := NewRenderer(Config{PublicURL: srv.URL, Templates: os.DirFS("../templates"), Assets: os.DirFS("../assets"), Locales: os.DirFS("../locales")})
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("/doc/", func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		b, ok := docs[req.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(b)
	})
	mux.HandleFunc("/", cachedPictures())
	page := func(lang, theme string, width int) string {
		ws := langWidgets(t, r, lang, theme)
		mu.Lock()
		for _, w := range ws {
			docs["/doc/"+lang+"/"+theme+"/"+w.name] = w.doc
		}
		docs["/doc/"+lang+"/"+theme+"/page"+fmt.Sprint(width)] = []byte(langPage(lang, theme, width, ws))
		mu.Unlock()
		return srv.URL + "/doc/" + lang + "/" + theme + "/page" + fmt.Sprint(width)
	}

	ctx := newChromium(t, 700, 900)
	// The reader is in Tokyo: cards, written in UTC, must show Tokyo time.
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	langs := supportedLangs
	if v := os.Getenv("ROOST_TEST_LANGS"); v != "" {
		langs = strings.Split(v, ",") // e.g. ROOST_TEST_LANGS=pl,cy while fixing those catalogs
	}
	for _, lang := range langs {
		dir := "ltr"
		if r.lang(lang).RTL {
			dir = "rtl"
		}
		script := strings.Replace(checkScript, "EXPECTED_DIR", `"`+dir+`"`, 1)
		if err := chromedp.Do(ctx, chromedp.Navigate(page(lang, ThemeLight, 320))); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](script))
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", lang, p)
		}
		if lang == "en" {
			checkReaderTimes(t, ctx)
		}
	}
	t.Logf("%d languages × %d widgets checked in %v", len(langs), len(langWidgets(t, r, "en", ThemeLight)), time.Since(start).Round(time.Millisecond))

	if out := os.Getenv("ROOST_SCREENSHOTS"); out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"ar", "ja", "he", "de", "ru", "hi", "zh-Hant", "th"} {
			for _, theme := range []string{ThemeLight, ThemeDark} {
				for _, width := range []int{320, 600} {
					if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width+40), 900), chromedp.Navigate(page(lang, theme, width))); err != nil {
						t.Fatal(err)
					}
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					name := filepath.Join(out, fmt.Sprintf("lang-%s-%s-%d.png", lang, theme, width))
					if err := os.WriteFile(name, png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// checkReaderTimes reads the times of the English page (the reader in
// Tokyo): the card's 09:41 UTC post reads 6:41 PM Tokyo time, and the
// timeline's post of 3 hours ago reads "3h", as X shows it.
func checkReaderTimes(t *testing.T, ctx context.Context) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
	  document.querySelector("iframe[data-name=card]").contentDocument.querySelector(".dt time").textContent,
	  document.querySelector("iframe[data-name=timeline]").contentDocument.querySelector(".dt time").textContent
	].map(s => s.replace(/\u202f/g, " "))`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"6:41 PM · Nov 3, 2026", "3h"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("times the reader sees: %q, want %q", got, want)
	}
}

// cachedPictures answers like servePicture, drawing each picture once:
// every language's page shows the same ones.
func cachedPictures() http.HandlerFunc {
	var mu sync.Mutex
	cache := map[string]*httptest.ResponseRecorder{}
	return func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		rec, ok := cache[req.URL.Path]
		if !ok {
			rec = httptest.NewRecorder()
			servePicture(rec, req)
			cache[req.URL.Path] = rec
		}
		mu.Unlock()
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		w.Header().Set("Cache-Control", "max-age=3600")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}
}

// newChromium starts headless chromium for one test with a fresh profile.
func newChromium(t *testing.T, width, height int) context.Context {
	t.Helper()
	o := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, height))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), o...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}
