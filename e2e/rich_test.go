package e2e

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// richPost is the part of the public JSON that names a post's poll and card.
type richPost struct {
	demoPost
	Poll *struct {
		Closed bool `json:"closed"`
	} `json:"poll"`
	Card *struct {
		URL string `json:"url"`
	} `json:"card"`
}

// richDemoPosts finds the demo's link-card post and its open and closed polls.
func richDemoPosts(t *testing.T, in *instance) map[string]string {
	t.Helper()
	found := map[string]string{}
	for _, h := range []string{"roost", "ada", "layla"} {
		var page []richPost
		if st := in.api(t, "GET", "/api/v1/users/"+h+"/posts?limit=100", nil, &page); st != 200 {
			t.Fatalf("posts of %s: status %d", h, st)
		}
		for _, p := range page {
			switch {
			case p.Card != nil:
				found["card"] = p.ID
			case p.Poll != nil && p.Poll.Closed:
				found["poll-closed"] = p.ID
			case p.Poll != nil:
				found["poll-open"] = p.ID
			}
		}
	}
	if len(found) != 3 {
		t.Fatalf("demo data has %v, want a link card, an open and a closed poll", found)
	}
	return found
}

// TestBrowserRichCards loads the demo's poll and link-card posts in light and
// dark at 550 and 320 px (and in Arabic): every card check holds, the link
// card's image reserves its box (same height with images off), and nothing
// is asked of any origin but Roost's.
func TestBrowserRichCards(t *testing.T) {
	in := startRoost(t)
	posts := richDemoPosts(t, in)
	for _, width := range []int{550, 320} {
		b := newBrowser(t, width, 900)
		for name, id := range posts {
			for _, q := range []url.Values{{"theme": {"light"}}, {"theme": {"dark"}}, {"theme": {"light"}, "lang": {"ar"}}} {
				page := b.card(t, in.URL+"/embed/post/"+id+"?"+q.Encode())
				where := fmt.Sprintf("%s at %dpx, %s", name, width, q.Encode())
				checkCard(t, where, page)
				b.screenshot(t, fmt.Sprintf("rich-%s-%d-%s%s", name, width, q.Get("theme"), q.Get("lang")))
			}
		}
		checkQuiet(t, b, in)
	}
	u := in.URL + "/embed/post/" + posts["card"]
	on := newBrowser(t, 550, 900).card(t, u)
	off := newBrowser(t, 550, 900, chromedp.Flag("blink-settings", "imagesEnabled=false")).card(t, u)
	if on.Height == 0 || on.Height != off.Height {
		t.Errorf("link card height %.1f with images and %.1f without: the image box must be reserved", on.Height, off.Height)
	}
}
