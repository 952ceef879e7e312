package e2e

import (
	"bytes"
	"fmt"
	"html/template"
	"image/png"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Counting expressions evaluated on the publisher page.
const (
	postFrames    = `[...document.querySelectorAll('iframe[src*="/embed/post/"]')]`
	fallbacksLeft = `document.querySelectorAll("blockquote.roost-post").length`
	sandboxWant   = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
)

// TestLoaderPublisherPage embeds posts, a timeline, every button and a
// share bar on a page of another site, with and without a strict page CSP,
// and checks that each rendered at its content's size, with nothing logged
// as an error and nothing requested from any third host.
func TestLoaderPublisherPage(t *testing.T) {
	in := startRoostAt(t)
	ids := adaPostIDs(t, in, 3)
	pub := newPublisher(t)
	roostHost := hostOf(t, in.URL)
	for name, csp := range map[string]string{
		"plain":      "",
		"strict CSP": "default-src 'none'; script-src " + in.URL + "; frame-src " + in.URL + "; style-src 'self'",
	} {
		t.Run(name, func(t *testing.T) {
			data := pageData{Roost: in.URL, Widgets: true, Probe: csp == ""}
			for _, id := range ids {
				data.Posts = append(data.Posts, pagePost{ID: id, Text: "Fallback text of post " + id})
			}
			if csp != "" {
				data.Probe = false
			}
			b := newLoaderBrowser(t, 800, 3000)
			b.goTo(t, pub.page(strings.ReplaceAll(name, " ", "-"), "publisher.html", data, csp))
			waitTrue(t, b, fallbacksLeft+" == 0", fallbacksLeft, 15*time.Second)
			checkPostFrames(t, b, len(ids))
			checkOtherWidgets(t, b)
			if data.Probe {
				checkReportedHeights(t, b)
			}
			if got := eval[int](t, b.browser, `document.querySelectorAll("blockquote.twitter-tweet").length`); got != 1 {
				t.Errorf("without data-compat the X blockquote was touched: %d left", got)
			}
			consoleErr, exceptions, dialogs, requests := b.seen()
			if len(consoleErr)+len(exceptions)+len(dialogs)+len(b.logErrs) > 0 {
				t.Errorf("console errors %v, exceptions %v, dialogs %v, log errors %v", consoleErr, exceptions, dialogs, b.logErrs)
			}
			if odd := hostsOtherThan(requests, roostHost, hostOf(t, pub.URL)); len(odd) > 0 {
				t.Errorf("requests to other hosts: %v", odd)
			}
			b.screenshot(t, "loader-"+strings.ReplaceAll(name, " ", "-"))
		})
	}
}

// checkPostFrames checks every post iframe's attributes and that it is
// visible at a sane height.
func checkPostFrames(t *testing.T, b *loaderBrowser, n int) {
	t.Helper()
	type frame struct {
		Title, Loading, Referrer, Sandbox, Allow, Src string
		Height, Width                                 float64
		HasAllow                                      bool
	}
	got := eval[[]frame](t, b.browser, postFrames+`.map(f => ({Title: f.title, Loading: f.loading,
		Referrer: f.referrerPolicy, Sandbox: f.getAttribute("sandbox"), HasAllow: f.hasAttribute("allow"), Src: f.src,
		Height: f.getBoundingClientRect().height, Width: f.getBoundingClientRect().width}))`)
	if len(got) != n {
		t.Fatalf("%d post iframes, want %d", len(got), n)
	}
	for _, f := range got {
		if !strings.Contains(f.Title, "Ada Reporter (@ada)") || !strings.Contains(f.Title, "Fallback text") {
			t.Errorf("title %q lacks the author and the excerpt", f.Title)
		}
		if f.Loading != "lazy" || f.Referrer != "strict-origin" || f.Sandbox != sandboxWant || f.HasAllow {
			t.Errorf("iframe attributes: %+v", f)
		}
		if f.Height < 100 || f.Height > 1500 || f.Width < 300 || f.Width > 550 {
			t.Errorf("iframe %s is %.0f×%.0f", f.Src, f.Width, f.Height)
		}
		if !strings.Contains(f.Src, "#id=") {
			t.Errorf("iframe src %q has no id fragment", f.Src)
		}
	}
}

// checkOtherWidgets checks the timeline, every button kind and the share
// bar: each replaced its fallback with a visible iframe, buttons at a
// button's size (20 px medium, within a sane width), the bar and the
// timeline at a block's.
func checkOtherWidgets(t *testing.T, b *loaderBrowser) {
	t.Helper()
	checks := []struct {
		fallback, frame string
		minH, maxH      float64
		minW, maxW      float64
	}{
		{"a.roost-timeline", `iframe[src*="/embed/timeline/ada"]`, 150, 1500, 300, 800},
		{"a.roost-share-button", `iframe[src*="/embed/button/share"]`, 20, 20, 40, 300},
		{"a.roost-follow-button", `iframe[src*="/embed/button/follow"]`, 20, 20, 40, 300},
		{"a.roost-mention-button", `iframe[src*="/embed/button/mention"]`, 20, 20, 40, 300},
		{"a.roost-hashtag-button", `iframe[src*="/embed/button/hashtag"]`, 20, 20, 40, 300},
		{"a.roost-message-button", `iframe[src*="/embed/button/message"]`, 20, 20, 40, 300},
		{"div.roost-sharebar", `iframe[src*="/embed/sharebar"]`, 30, 120, 300, 800},
	}
	for _, c := range checks {
		sel := js(c.frame)
		waitTrue(t, b, fmt.Sprintf(`document.querySelectorAll(%s).length == 0 && [...document.querySelectorAll(%s)].filter(f => f.offsetHeight > 0).length == 1`, js(c.fallback), sel),
			fmt.Sprintf(`[document.querySelectorAll(%s).length, [...document.querySelectorAll(%s)].map(f => f.offsetHeight)]`, js(c.fallback), sel), 10*time.Second)
		r := eval[[]float64](t, b.browser, fmt.Sprintf(`(r => [r.width, r.height])(document.querySelector(%s).getBoundingClientRect())`, sel))
		if r[1] < c.minH || r[1] > c.maxH || r[0] < c.minW || r[0] > c.maxW {
			t.Errorf("%s is %.0f×%.0f, want width %.0f–%.0f and height %.0f–%.0f", c.frame, r[0], r[1], c.minW, c.maxW, c.minH, c.maxH)
		}
	}
}

// checkReportedHeights compares each iframe's size with the last size its
// own document reported: equal height means no inner scrollbar and no blank
// space; a button's width must equal its reported width too.
func checkReportedHeights(t *testing.T, b *loaderBrowser) {
	t.Helper()
	mismatch := eval[[]string](t, b.browser, `[...document.querySelectorAll("iframe")].flatMap((f, i) => {
		const own = probe.messages.filter(m => m.frame == i && m.data && m.data.type == "roost:height");
		if (!own.length) return [f.src + ": never reported"];
		const m = own[own.length - 1].data, r = f.getBoundingClientRect();
		const bad = Math.abs(r.height - m.height) > 1 || (/embed\/button/.test(f.src) && Math.abs(r.width - m.width) > 1);
		return bad ? [f.src + ": frame " + r.width + "×" + r.height + " vs document " + m.width + "×" + m.height] : [];
	})`)
	if len(mismatch) > 0 {
		t.Errorf("iframes not sized to their documents: %v", mismatch)
	}
	if n := eval[int](t, b.browser, `probe.events.filter(e => e.name == "rendered").length`); n != 10 {
		t.Errorf("%d roost:rendered events, want 10 (3 posts, a timeline, 5 buttons, a share bar)", n)
	}
}

// TestLoaderThemeSwitchesLive embeds an auto-theme post and flips the
// emulated color scheme: the card repaints without a reload.
func TestLoaderThemeSwitchesLive(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	id := adaPostIDs(t, in, 1)[0]
	b := newLoaderBrowser(t, 800, 1200)
	b.colorScheme(t, "light")
	b.goTo(t, pub.page("theme", "publisher.html", pageData{Roost: in.URL, Posts: []pagePost{{ID: id, Text: "Theme"}}}, ""))
	waitTrue(t, b, fallbacksLeft+" == 0", fallbacksLeft, 15*time.Second)
	time.Sleep(300 * time.Millisecond)
	for _, c := range []struct {
		scheme string
		dark   bool
	}{{"light", false}, {"dark", true}, {"light", false}} {
		b.colorScheme(t, c.scheme)
		time.Sleep(300 * time.Millisecond)
		lum := cardBackground(t, b)
		if c.dark != (lum < 80) {
			t.Errorf("scheme %s: card background luminance %d", c.scheme, lum)
		}
	}
	if n := eval[int](t, b.browser, "performance.getEntriesByType('navigation').length"); n != 1 {
		t.Errorf("page navigated %d times", n)
	}
}

// cardBackground samples the card's padding area in a screenshot and
// returns its luminance (0–255).
func cardBackground(t *testing.T, b *loaderBrowser) int {
	t.Helper()
	r := eval[[]float64](t, b.browser, postFrames+`.map(f => f.getBoundingClientRect()).map(r => [r.left, r.top])[0]`)
	shot, err := chromedp.Call(b.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Clip: &page.Viewport{X: r[0] + 150, Y: r[1] + 5, Width: 4, Height: 4, Scale: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot.Data))
	if err != nil {
		t.Fatal(err)
	}
	cr, cg, cb, _ := img.At(1, 1).RGBA()
	return int((299*cr + 587*cg + 114*cb) / 1000 >> 8)
}

// TestLoaderNoLayoutShift loads a page whose fallbacks reserve the measured
// heights (as the oEmbed html does with its estimate): the cumulative layout
// shift of the page must be 0.
func TestLoaderNoLayoutShift(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	ids := adaPostIDs(t, in, 4)
	data := pageData{Roost: in.URL}
	for _, id := range ids {
		data.Posts = append(data.Posts, pagePost{ID: id, Text: "Post " + id})
	}
	b := newLoaderBrowser(t, 800, 3000)
	b.goTo(t, pub.page("measure", "publisher.html", data, ""))
	waitTrue(t, b, fallbacksLeft+" == 0", fallbacksLeft, 15*time.Second)
	heights := eval[[]int](t, b.browser, postFrames+`.map(f => Math.round(f.getBoundingClientRect().height))`)
	for i := range data.Posts {
		data.Posts[i].Height = heights[i]
	}
	b = newLoaderBrowser(t, 800, 3000) // a fresh profile: nothing remembered
	b.goTo(t, pub.page("reserved", "publisher.html", data, ""))
	waitTrue(t, b, fallbacksLeft+" == 0", fallbacksLeft, 15*time.Second)
	cls := evalAwait[float64](t, b, `new Promise(done => { let cls = 0;
		new PerformanceObserver(l => l.getEntries().forEach(e => cls += e.value)).observe({type: "layout-shift", buffered: true});
		setTimeout(() => done(cls), 500) })`)
	if cls != 0 {
		t.Errorf("cumulative layout shift %.4f with reserved heights %v, want 0", cls, heights)
	}
	remembered := eval[int](t, b.browser, `(() => { try { return Object.keys(localStorage).filter(k => k.startsWith("roost:")).length } catch (e) { return -1 } })()`)
	if remembered != len(ids) {
		t.Errorf("%d heights remembered, want %d", remembered, len(ids))
	}
}

// TestLoaderHostilePage forges messages from the page, from a frame of the
// publisher's origin and from a real Roost frame that claims another
// frame's id; none may change a frame. Blockquotes pointing elsewhere make
// no iframe.
func TestLoaderHostilePage(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	ids := adaPostIDs(t, in, 2)
	other := strings.Replace(in.URL, "127.0.0.1", "localhost", 1)
	hostile := []template.HTML{
		template.HTML(`<blockquote class="roost-post"><p>Off-site</p><a href="` + pub.URL + `/ada/status/` + ids[0] + `">x</a></blockquote>`),
		template.HTML(`<blockquote class="roost-post"><p>Look-alike</p><a href="` + other + `/ada/status/` + ids[0] + `">x</a></blockquote>`),
		template.HTML(`<blockquote class="roost-post"><p>Userinfo</p><a href="http://` + hostOf(t, in.URL) + `@localhost:1/ada/status/` + ids[0] + `">x</a></blockquote>`),
		template.HTML(`<blockquote class="roost-post"><p>Path games</p><a href="` + in.URL + `/ada/status/1/../../embed/sharebar">x</a><a href="` + in.URL + `/a/b/status/12">y</a></blockquote>`),
		template.HTML(`<blockquote class="roost-post"><p>Script URL</p><a href="javascript:alert(1)//` + in.URL + `/ada/status/1">x</a></blockquote>`),
		template.HTML(`<a class="roost-timeline" href="` + pub.URL + `/ada">Off-site timeline</a>`),
	}
	b := newLoaderBrowser(t, 800, 3000)
	data := pageData{Roost: in.URL, Probe: true, Extra: hostile,
		Posts: []pagePost{{ID: ids[0], Text: "Victim"}, {ID: ids[1], Text: "Other"}}}
	b.goTo(t, pub.page("hostile", "publisher.html", data, ""))
	waitTrue(t, b, postFrames+".filter(f => f.offsetHeight > 0).length == 2", postFrames+".length", 15*time.Second)
	if n := eval[int](t, b.browser, `document.querySelectorAll("iframe").length`); n != 2 {
		t.Errorf("%d iframes on the page, want the 2 legitimate ones", n)
	}
	before := eval[[]float64](t, b.browser, postFrames+`.map(f => f.getBoundingClientRect().height)`)
	frameIDs := eval[[]string](t, b.browser, postFrames+`.map(f => f.src.split("#id=")[1])`)
	clicks := eval[int](t, b.browser, `probe.events.filter(e => e.name == "click").length`)
	// From the page itself, with the right ids.
	eval[bool](t, b.browser, `(() => { for (const id of `+jsonString(t, frameIDs)+`.map(Number)) {
		postMessage({type: "roost:height", id, height: 2000, status: 200}, "*");
		window.dispatchEvent(new MessageEvent("message", {data: {type: "roost:height", id, height: 2000}, origin: `+js(in.URL)+`}));
	} return true })()`)
	// From a frame of the publisher's origin, and from a real Roost frame
	// that claims the victim's id.
	eval[bool](t, b.browser, `(() => { const f = document.createElement("iframe"); f.src = "/forger.html#`+strings.Join(frameIDs, ",")+`";
		document.body.append(f);
		const g = document.createElement("iframe"); g.src = `+js(in.URL+"/embed/post/"+ids[1]+"#id="+frameIDs[0])+`; g.style.height = "900px";
		document.body.append(g); return true })()`)
	waitTrue(t, b, `[...document.querySelectorAll("iframe")].some(f => f.src.includes("forger") && f.contentDocument && f.contentDocument.title == "forged")`, "1", 10*time.Second)
	waitTrue(t, b, `probe.messages.some(m => m.frame == 3 && m.data.type == "roost:height")`, `probe.messages.length`, 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	after := eval[[]float64](t, b.browser, postFrames+`.slice(0, 2).map(f => f.getBoundingClientRect().height)`)
	if !slices.Equal(before, after) {
		t.Errorf("forged messages changed frame heights: %v → %v", before, after)
	}
	if got := eval[int](t, b.browser, `probe.events.filter(e => e.name == "click").length`); got != clicks {
		t.Errorf("forged clicks fired %d roost:click events", got-clicks)
	}
	if n := eval[int](t, b.browser, `[...document.querySelectorAll("blockquote.roost-post")].filter(e => e.offsetHeight > 0).length`); n != 5 {
		t.Errorf("%d hostile blockquotes still readable, want 5", n)
	}
	_, _, dialogs, _ := b.seen()
	if len(dialogs) > 0 {
		t.Errorf("dialogs opened: %v", dialogs)
	}
}

// TestLoaderKeepsFallbacks checks that a page stays readable when Roost's
// frames are blocked (a tracker blocker) and when Roost is down entirely.
func TestLoaderKeepsFallbacks(t *testing.T) {
	in, stop := startRoostStoppable(t)
	pub := newPublisher(t)
	ids := adaPostIDs(t, in, 3)
	data := pageData{Roost: in.URL, Widgets: true}
	for _, id := range ids {
		data.Posts = append(data.Posts, pagePost{ID: id, Text: "Readable fallback " + id})
	}
	u := pub.page("fallbacks", "publisher.html", data, "")
	readable := `[...document.querySelectorAll("blockquote.roost-post, a.roost-timeline, div.roost-sharebar")]
		.filter(e => e.offsetHeight > 0 && e.innerText.trim().length > 5).length`
	visibleFrames := `[...document.querySelectorAll("iframe")].filter(f => f.offsetHeight > 0).length`

	b := newLoaderBrowser(t, 800, 3000)
	b.block(t, in.URL+"/embed/*")
	b.goTo(t, u)
	time.Sleep(2 * time.Second)
	if n := eval[int](t, b.browser, readable); n != 5 {
		t.Errorf("frames blocked: %d readable fallbacks, want 5", n)
	}
	if n := eval[int](t, b.browser, visibleFrames); n != 0 {
		t.Errorf("frames blocked: %d blank frames take room", n)
	}
	if n := eval[int](t, b.browser, `document.querySelectorAll("iframe").length`); n == 0 {
		t.Errorf("frames blocked: the loader did not even try (did widgets.js run?)")
	}

	st, _, _ := in.get(t, "/livez")
	if st != 200 {
		t.Fatalf("roost not live before stopping: %d", st)
	}
	stopRoost(t, in, stop)
	b = newLoaderBrowser(t, 800, 3000)
	b.goTo(t, u)
	time.Sleep(time.Second)
	if n := eval[int](t, b.browser, readable); n != 5 {
		t.Errorf("roost stopped: %d readable fallbacks, want 5", n)
	}
	b.screenshot(t, "loader-roost-down")
}

// TestLoaderWordPress embeds a Roost card the way WordPress does for a
// discovered provider, with the real wp-embed.js: the frame script's
// wp-embed protocol sizes it.
func TestLoaderWordPress(t *testing.T) {
	wordpressInstalled(t)
	in := startRoostAt(t)
	pub := newPublisher(t)
	id := adaPostIDs(t, in, 1)[0]
	b := newLoaderBrowser(t, 800, 1500)
	b.goTo(t, pub.page("wp", "wordpress.html", map[string]string{"Roost": in.URL, "ID": id}, ""))
	frame := `document.querySelector("iframe.wp-embedded-content")`
	waitTrue(t, b, frame+`.height != "300"`, frame+".height", 10*time.Second)
	h := eval[int](t, b.browser, "+"+frame+".height")
	if h < 200 || h > 1000 {
		t.Errorf("WordPress sized the frame to %d, outside its 200–1000 clamp", h)
	}
	if style := eval[string](t, b.browser, frame+`.getAttribute("style") || ""`); style != "" {
		t.Errorf("WordPress did not reveal the frame: style %q", style)
	}
	if d := eval[string](t, b.browser, `document.querySelector("blockquote.wp-embedded-content").style.display`); d != "none" {
		t.Errorf("WordPress kept its blockquote visible: display %q", d)
	}
	// The size is the card's: the same card through the loader at this width.
	want := eval[float64](t, b.browser, frame+".getBoundingClientRect().width")
	t.Logf("WordPress sized the Roost frame to %d px at %.0f px wide", h, want)
}

// TestLoaderXCompat imports an X post into Roost and shows that a page's
// existing twitter-tweet blockquote is upgraded with data-compat="x",
// while one for a post Roost does not hold keeps its blockquote.
func TestLoaderXCompat(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	const xid = "1234567890123456789"
	if st := in.api(t, "POST", "/api/v1/users", map[string]any{"handle": "xuser", "name": "X User",
		"platform": "x", "profile_url": "https://x.com/xuser"}, &struct{}{}); st != 201 {
		t.Fatalf("creating the X user: %d", st)
	}
	if st := in.api(t, "POST", "/api/v1/posts", map[string]any{"id": xid, "author": "xuser",
		"text": "Imported from X and still here."}, &struct{}{}); st != 201 {
		t.Fatalf("creating the X post: %d", st)
	}
	tweet := func(id, text string) template.HTML {
		return template.HTML(`<blockquote class="twitter-tweet"><p lang="en" dir="ltr">` + text +
			`</p>&mdash; X User (@xuser) <a href="https://twitter.com/xuser/status/` + id + `?ref_src=twsrc%5Etfw">May 1, 2020</a></blockquote>`)
	}
	data := pageData{Roost: in.URL, Compat: true, Probe: true, Extra: []template.HTML{
		tweet(xid, "Imported from X and still here."),
		tweet("999999999999999999", "A post Roost never held."),
		template.HTML(`<blockquote class="twitter-tweet"><p>Elsewhere</p><a href="https://evil.example/xuser/status/` + xid + `">x</a></blockquote>`),
	}}
	b := newLoaderBrowser(t, 800, 2000)
	b.goTo(t, pub.page("compat", "publisher.html", data, ""))
	waitTrue(t, b, postFrames+".filter(f => f.offsetHeight > 0).length == 1", postFrames+".length", 15*time.Second)
	waitTrue(t, b, `probe.messages.filter(m => m.data && m.data.status == 404).length == 1`, "probe.messages", 10*time.Second)
	time.Sleep(200 * time.Millisecond)
	left := eval[[]string](t, b.browser, `[...document.querySelectorAll("blockquote.twitter-tweet")].map(e => e.textContent.replace(/\s+/g, " ").trim())`)
	sort.Strings(left)
	if want := []string{"A post Roost never held.— X User (@xuser) May 1, 2020", "Elsewherex"}; !slices.Equal(left, want) {
		t.Errorf("blockquotes left %q, want %q", left, want)
	}
	if src := eval[string](t, b.browser, postFrames+"[0].src"); !strings.HasPrefix(src, in.URL+"/embed/post/"+xid) {
		t.Errorf("compat frame src %q", src)
	}
	if n := eval[int](t, b.browser, `document.querySelectorAll("iframe").length`); n != 1 {
		t.Errorf("%d iframes, want 1 (the unknown post's frame is removed)", n)
	}
}

// TestLoaderAPI uses window.roost from a single-page app: the ready queue
// set up before the script, each create* call, a rejected id, and the
// script included twice.
func TestLoaderAPI(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	ids := adaPostIDs(t, in, 2)
	data := pageData{Roost: in.URL, Posts: []pagePost{{ID: ids[1], Text: "Scanned"}}, Extra: []template.HTML{
		template.HTML(`<div id="api-post" data-id="` + ids[0] + `"></div><div id="api-timeline"></div><div id="api-share"></div><div id="api-follow"></div><div id="api-bad"></div>`),
		template.HTML(`<script src="/api.js"></script><script async src="` + in.URL + `/widgets.js"></script>`),
	}}
	b := newLoaderBrowser(t, 800, 3000)
	b.goTo(t, pub.page("api", "publisher.html", data, ""))
	defer func() {
		if _, exceptions, _, _ := b.seen(); len(exceptions) > 0 {
			t.Errorf("exceptions: %v", exceptions)
		}
	}()
	waitTrue(t, b, "window.apiResult", "window.apiResult", 15*time.Second)
	res := eval[[]*string](t, b.browser, "window.apiResult")
	wantAPI := []string{"IFRAME " + in.URL + "/embed/post/" + ids[0] + "?theme=dark", "IFRAME " + in.URL + "/embed/timeline/ada?limit=1",
		"IFRAME " + in.URL + "/embed/button/share?url=https%3A%2F%2Fgazette.example%2Fa%2F2", "IFRAME " + in.URL + "/embed/button/follow?screen_name=%40ada"}
	if len(res) != 5 || res[4] != nil {
		t.Fatalf("api results %v, want 4 iframes and a null", res)
	}
	for i, want := range wantAPI {
		if got := res[i]; got == nil || *got != want {
			t.Errorf("api result %d = %s, want %q", i, jsonString(t, got), want)
		}
	}
	if n := eval[int](t, b.browser, `[...document.querySelectorAll("#api-share iframe, #api-follow iframe")].filter(f => f.offsetHeight == 20 && f.offsetWidth > 40).length`); n != 2 {
		t.Errorf("%d API buttons sized to a button, want 2", n)
	}
	waitTrue(t, b, fallbacksLeft+" == 0", fallbacksLeft, 15*time.Second)
	if src := eval[string](t, b.browser, `document.querySelector("#api-post iframe").src`); !strings.Contains(src, "/embed/post/"+ids[0]+"?theme=dark") {
		t.Errorf("createPost frame src %q", src)
	}
	if n := eval[int](t, b.browser, `document.querySelectorAll("#api-bad iframe").length`); n != 0 {
		t.Errorf("createPost with a bad id made %d iframes", n)
	}
	if n := eval[int](t, b.browser, postFrames+".length"); n != 2 {
		t.Errorf("%d post frames with the script included twice, want 2", n)
	}
	if n := eval[int](t, b.browser, `document.querySelectorAll("#api-timeline iframe").length`); n != 1 {
		t.Errorf("createTimeline made %d frames", n)
	}
}

// TestLoaderFigures measures, for docs/BENCHMARKS.md, the time from
// navigation to every embed rendered (median of 5 fresh-profile runs) and
// the bytes transferred per embedded post.
func TestLoaderFigures(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	ids := adaPostIDs(t, in, 5)
	data := pageData{Roost: in.URL, Probe: true}
	for _, id := range ids {
		data.Posts = append(data.Posts, pagePost{ID: id, Text: "Post " + id})
	}
	u := pub.page("figures", "publisher.html", data, "")
	var times []float64
	var loaderBytes, postBytes, mediaBytes float64
	for range 5 {
		b := newLoaderBrowser(t, 800, 4000)
		b.goTo(t, u)
		waitTrue(t, b, "probe.rendered == 5", "probe.rendered", 15*time.Second)
		times = append(times, eval[float64](t, b.browser, "probe.lastRendered"))
		time.Sleep(500 * time.Millisecond) // late images
		loaderBytes, _ = b.transferred("/widgets.js")
		postBytes, _ = b.transferred("/embed/post/")
		mediaBytes, _ = b.transferred("/media/")
	}
	sort.Float64s(times)
	t.Logf("FIGURE: navigation → %d posts rendered: median %.0f ms (runs %v)", len(ids), times[2], times)
	t.Logf("FIGURE: bytes on the wire: widgets.js %.0f once; card documents %.0f (%.0f per post); media %.0f (%.0f per post); total per post %.0f",
		loaderBytes, postBytes, postBytes/5, mediaBytes, mediaBytes/5, (loaderBytes+postBytes+mediaBytes)/5)
	if times[2] <= 0 {
		t.Errorf("no render time measured")
	}
}

// stopRoost stops a roost started by startRoostStoppable and waits until
// its port no longer answers.
func stopRoost(t *testing.T, in *instance, stop func()) {
	t.Helper()
	stop()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(in.URL + "/livez")
		if err != nil {
			return
		}
		resp.Body.Close()
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("roost at %s still answers after stop", in.URL)
}
