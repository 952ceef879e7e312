package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// mediaPost is the part of the public JSON that names a post's media kinds.
type mediaPost struct {
	ID    string `json:"id"`
	Media []struct {
		Kind string `json:"kind"`
		URL  string `json:"url"`
	} `json:"media"`
}

// demoVideo finds the demo post showing a media of kind (video or gif).
func demoVideo(t *testing.T, in *instance, kind string) (post, file string) {
	t.Helper()
	for _, h := range []string{"roost", "ada"} {
		var page []mediaPost
		if st := in.api(t, "GET", "/api/v1/users/"+h+"/posts?limit=100", nil, &page); st != 200 {
			t.Fatalf("posts of %s: status %d", h, st)
		}
		for _, p := range page {
			if len(p.Media) == 1 && p.Media[0].Kind == kind {
				return p.ID, p.Media[0].URL
			}
		}
	}
	t.Fatalf("demo data has no %s post", kind)
	return "", ""
}

// TestBrowserVideoPlays loads the demo's video and GIF cards in chromium:
// neither plays by itself; started, each reaches currentTime > 0; the
// poster loading shifts nothing (no layout-shift entries, and the card is
// as tall with images off); every request stays on Roost's origin (the
// video itself by range requests).
func TestBrowserVideoPlays(t *testing.T) {
	in := startRoost(t)
	for _, kind := range []string{"video", "gif"} {
		t.Run(kind, func(t *testing.T) {
			id, file := demoVideo(t, in, kind)
			u := in.URL + "/embed/post/" + id
			b := newBrowser(t, 550, 900, chromedp.Flag("autoplay-policy", "no-user-gesture-required"))
			page := b.card(t, u)
			checkCard(t, kind, page)
			eval[bool](t, b, `window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__cls += e.value })
				.observe({type: 'layout-shift', buffered: true}); true`)
			time.Sleep(700 * time.Millisecond) // the poster loads
			if cls := eval[float64](t, b, `window.__cls`); cls != 0 {
				t.Errorf("%s card: layout shift %.4f while the poster loaded, want 0", kind, cls)
			}
			if eval[bool](t, b, `!document.querySelector('video').paused`) {
				t.Errorf("%s card: the video plays by itself", kind)
			}
			if kind == "gif" && !eval[bool](t, b, `document.querySelector('video').muted && document.querySelector('video').loop`) {
				t.Error("the GIF is not a muted loop")
			}
			b.screenshot(t, "video-"+kind+"-poster")
			eval[bool](t, b, `document.querySelector('video').play(), true`)
			var at float64
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				if at = eval[float64](t, b, `document.querySelector('video').currentTime`); at > 0 {
					break
				}
			}
			if at <= 0 {
				t.Fatalf("%s card: currentTime %v after play(): the video did not play (error %v)", kind, at,
					eval[any](t, b, `document.querySelector('video').error && document.querySelector('video').error.message`))
			}
			b.screenshot(t, "video-"+kind+"-playing")
			checkQuiet(t, b, in)
			_, _, _, reqs := b.seen()
			if !containsPrefix(reqs, file) {
				t.Errorf("the video file %s was never requested: %v", file, reqs)
			}
			off := newBrowser(t, 550, 900, chromedp.Flag("blink-settings", "imagesEnabled=false")).card(t, u)
			if page.Height == 0 || page.Height != off.Height {
				t.Errorf("%s card: height %.1f with the poster, %.1f without: the box must be reserved", kind, page.Height, off.Height)
			}
		})
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
