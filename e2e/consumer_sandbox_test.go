package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// linkPost creates a user and a post whose text links to the publisher's
// /landed/ page, and returns the post id and the link.
func linkPost(t *testing.T, in *instance, pub *publisher) (id, link string) {
	t.Helper()
	if st := in.api(t, "POST", "/api/v1/users", map[string]any{"handle": "linker", "name": "Link Poster"}, &struct{}{}); st != 201 {
		t.Fatalf("creating the user: %d", st)
	}
	// 127.0.0.1 (the entity finder links an IPv4 host, not "localhost"): a
	// host other than Roost's for the browser and wp-embed.js, by its port.
	link = strings.Replace(pub.URL, "localhost", "127.0.0.1", 1) + "/landed/bridge?from=roost&x=1"
	var p struct{ ID string }
	if st := in.api(t, "POST", "/api/v1/posts", map[string]any{"author": "linker",
		"text": "The full story: " + link}, &p); st != 201 {
		t.Fatalf("creating the post: %d", st)
	}
	return p.ID, link
}

// frameURL returns the URL of the first frame (not the top) whose URL
// starts with prefix, or "".
func frameURL(t *testing.T, b *loaderBrowser, prefix string) (cdp.FrameID, string) {
	t.Helper()
	tree, err := chromedp.Call(b.ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		t.Fatalf("frame tree: %v", err)
	}
	var walk func(ft *page.FrameTree) (cdp.FrameID, string)
	walk = func(ft *page.FrameTree) (cdp.FrameID, string) {
		for _, c := range ft.ChildFrames {
			if strings.HasPrefix(c.Frame.URL, prefix) {
				return c.Frame.ID, c.Frame.URL
			}
			if id, u := walk(c); u != "" {
				return id, u
			}
		}
		return "", ""
	}
	return walk(tree.FrameTree)
}

// inFrame evaluates expr inside a frame (an isolated world: it sees the
// frame's DOM, not its scripts) and returns the JSON of its value. The
// loader browser keeps cross-site frames in the page's process, so CDP
// reaches them; the page itself cannot.
func inFrame(t *testing.T, b *loaderBrowser, frame cdp.FrameID, expr string) string {
	t.Helper()
	world, err := chromedp.Call(b.ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame})
	if err != nil {
		t.Fatalf("isolated world: %v", err)
	}
	yes := true
	res, err := chromedp.Call(b.ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: expr,
		ContextID: world.ExecutionContextID, ReturnByValue: &yes})
	if err != nil || res.ExceptionDetails != nil {
		t.Fatalf("evaluating %s in the frame: %v %v", expr, err, res.ExceptionDetails)
	}
	return string(res.Result.Value)
}

// clickLinkInFrame clicks, with the mouse as a reader would, the first
// element matching sel inside the iframe matching frameSel.
func clickLinkInFrame(t *testing.T, b *loaderBrowser, frameSel, prefix, sel string) {
	t.Helper()
	id, _ := frameURL(t, b, prefix)
	if id == "" {
		t.Fatalf("no frame at %s", prefix)
	}
	var at [2]float64
	inner := inFrame(t, b, id, `(r => [r.x + r.width / 2, r.y + r.height / 2])(document.querySelector(`+js(sel)+`).getBoundingClientRect())`)
	if err := json.Unmarshal([]byte(inner), &at); err != nil {
		t.Fatalf("link position %s: %v", inner, err)
	}
	x := eval[float64](t, b.browser, `document.querySelector(`+js(frameSel)+`).getBoundingClientRect().x`) + at[0]
	y := eval[float64](t, b.browser, `document.querySelector(`+js(frameSel)+`).getBoundingClientRect().y`) + at[1]
	for _, typ := range []input.DispatchMouseEventType{input.DispatchMouseEventTypeMouseMoved, input.DispatchMouseEventTypeMousePressed, input.DispatchMouseEventTypeMouseReleased} {
		p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y}
		if typ != input.DispatchMouseEventTypeMouseMoved {
			p.Button, p.ClickCount = input.MouseButtonLeft, 1
		}
		if err := call(b.ctx, input.DispatchMouseEvent, p); err != nil {
			t.Fatalf("mouse %s: %v", typ, err)
		}
	}
}

// TestSandboxedLinksLeadOut clicks the external link of an embedded post in
// WordPress's markup (sandbox="allow-scripts", the real wp-embed.js) and in a
// plain sandbox="allow-scripts" frame: both reach the link's page. Before
// /embed/link the WordPress click did nothing (wp-embed.js follows a
// frame's link only on the frame's own host) and the plain frame's link
// could not open its new tab.
func TestSandboxedLinksLeadOut(t *testing.T) {
	wordpressInstalled(t)
	in := startRoostAt(t)
	pub := newPublisher(t)
	id, link := linkPost(t, in, pub)
	prefix := in.URL + "/embed/post/" + id
	link_ := `.text a[href^="http"]`

	t.Run("wordpress", func(t *testing.T) {
		b := newLoaderBrowser(t, 800, 1200)
		b.goTo(t, pub.page("wp-link", "wordpress.html", map[string]string{"Roost": in.URL, "ID": id}, ""))
		frame := `document.querySelector("iframe.wp-embedded-content")`
		waitTrue(t, b, frame+`.height != "300"`, frame+".height", 10*time.Second)
		clickLinkInFrame(t, b, "iframe.wp-embedded-content", prefix, link_)
		waitTrue(t, b, `location.href == `+js(link), "location.href", 10*time.Second)
		if _, _, _, reqs := b.seen(); !hasPrefix(reqs, in.URL+"/embed/link/"+id+"?url=") {
			t.Errorf("the top window did not go through Roost's /embed/link: %q", reqs)
		}
	})
	t.Run("plain sandbox", func(t *testing.T) {
		b := newLoaderBrowser(t, 800, 1200)
		b.goTo(t, pub.page("sandbox-link", "sandbox.html", map[string]string{"Roost": in.URL, "ID": id}, ""))
		waitTrue(t, b, `document.readyState == "complete"`, "document.readyState", 10*time.Second)
		time.Sleep(300 * time.Millisecond)
		clickLinkInFrame(t, b, "#f", prefix, link_)
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, u := frameURL(t, b, link); u == link {
				break
			}
			if time.Now().After(deadline) {
				_, u := frameURL(t, b, "")
				t.Fatalf("the sandboxed frame did not follow its link: frame at %q", u)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

func hasPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// TestFrameHeightWaitsForItsWidth: a frame that starts 0 px wide (as
// out-of-process frames do, and WordPress's clipped one can) posts no
// height until it has a width its content fits; then one right height.
// On main it posted the height of the card squeezed to 0 px (thousands of
// pixels), which the embedding page applied and then undid.
func TestFrameHeightWaitsForItsWidth(t *testing.T) {
	in := startRoostAt(t)
	pub := newPublisher(t)
	id := adaPostIDs(t, in, 1)[0]
	b := newLoaderBrowser(t, 800, 1200)
	b.goTo(t, pub.page("zero", "zerowidth.html", map[string]string{"Roost": in.URL, "ID": id}, ""))
	waitTrue(t, b, `document.readyState == "complete"`, "document.readyState", 10*time.Second)
	time.Sleep(time.Second)
	if got := eval[string](t, b.browser, `JSON.stringify(heights)`); got != "[]" {
		t.Errorf("heights posted at 0 px wide: %s, want none", got)
	}
	eval[bool](t, b.browser, `(f => (f.width = 550, f.height = 600, true))(document.getElementById("f"))`)
	waitTrue(t, b, `heights.length > 0`, "heights", 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	fid, _ := frameURL(t, b, in.URL+"/embed/post/"+id)
	want := inFrame(t, b, fid, `Math.ceil(document.body.getBoundingClientRect().height)`)
	if got := eval[string](t, b.browser, `JSON.stringify(heights)`); got != `[{"height":`+want+`,"width":550}]` {
		t.Errorf("heights after the frame got 550 px: %s, want one of %s at 550", got, want)
	}
}

// TestTimelineDocumentStaysInItsScroller: in a fixed-height timeline the
// items scroll inside .tli, and nothing of theirs (the visually hidden
// h2.vh of each card) may stick out below: the document is exactly the
// frame's height, so find-in-page or a screen reader cannot scroll the
// frame's document away from the widget. On main it was ~3.5× the frame.
func TestTimelineDocumentStaysInItsScroller(t *testing.T) {
	in := startRoostAt(t)
	b := newLoaderBrowser(t, 550, 750)
	b.goTo(t, in.URL+"/embed/timeline/ada?height=600&limit=20")
	waitTrue(t, b, `document.readyState == "complete"`, "document.readyState", 10*time.Second)
	doc := eval[int](t, b.browser, `document.documentElement.scrollHeight`)
	view := eval[int](t, b.browser, `innerHeight`)
	items := eval[int](t, b.browser, `document.querySelector(".tli").scrollHeight`)
	if items <= 600 {
		t.Fatalf("the timeline's items are %d px tall: too few to scroll, the test proves nothing", items)
	}
	if doc > view {
		t.Errorf("the timeline document is %d px tall in a %d px frame: something escapes its scroller", doc, view)
	}
	if n := eval[int](t, b.browser, `[...document.querySelectorAll(".tli .vh")].filter(e => !e.closest(".card") || e.offsetParent != e.closest(".card") && !e.closest(".card").contains(e.offsetParent)).length`); n != 0 {
		t.Errorf("%d hidden elements positioned outside their card", n)
	}
}
