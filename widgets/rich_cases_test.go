package widgets

import (
	"strings"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// testNow is the render time of the test renderers: two hours after the
// test posts were written, so an open poll's time left is stable.
var testNow = fixedTime.Add(2 * time.Hour)

// richCases are the golden cases of polls and link cards.
func richCases(tb testing.TB) map[string]renderCase {
	def := DefaultPostOptions()
	ar := withOpts(func(o *PostOptions) { o.Lang = "ar" })
	return map[string]renderCase{
		"poll_open":        {pollPost(false), def},
		"poll_closed":      {pollPost(true), def},
		"poll_ar":          {pollPost(false), ar},
		"card_large":       {linkCardPost(tb, 1200, 628), def},
		"card_small":       {linkCardPost(tb, 400, 400), def},
		"card_text":        {linkCardPost(tb, 0, 0), def},
		"card_hidden":      {linkCardPost(tb, 1200, 628), withOpts(func(o *PostOptions) { o.HideMedia = true })},
		"card_ar":          {linkCardPost(tb, 400, 400), ar},
		"quote_with_poll":  {quotePost(tb, pollPost(true)), def},
		"video":            {videoPost(storage.MediaVideo, true), def},
		"video_no_poster":  {videoPost(storage.MediaVideo, false), def},
		"gif":              {videoPost(storage.MediaGIF, true), def},
		"video_hidden":     {videoPost(storage.MediaVideo, true), withOpts(func(o *PostOptions) { o.HideMedia = true })},
		"video_ar":         {videoPost(storage.MediaVideo, true), ar},
		"quote_with_video": {quotePost(tb, videoPost(storage.MediaVideo, true)), def},
	}
}

// videoPost is a post with one 16:9 video (or GIF) of 1 min 05 s, with or
// without a poster image.
func videoPost(kind string, withPoster bool) *PostView {
	u, av := ada()
	p := &storage.Post{ID: 1854000000000000500, Text: "The engine turning, filmed this morning.", Lang: "en"}
	if kind == storage.MediaGIF {
		p.ID, p.Text = p.ID+1, "When the build goes green"
	}
	m := &storage.Media{ID: 9601, Path: "ef/clip9601.mp4", ContentType: "video/mp4", Kind: kind, Width: 1280, Height: 720,
		DurationMS: 65_000, Alt: "A brass engine turning slowly", PosterMediaID: 9602}
	p.MediaIDs = []int64{m.ID}
	v := visible(p, u, av, m)
	if withPoster {
		v.Posters = map[int64]*storage.Media{9602: testImage(9602, 1280, 720, "", "#3a3f44")}
	}
	return v
}

// pollPost is a post with a four-option poll: open, ending a day after
// testNow, or closed.
func pollPost(closed bool) *PostView {
	u, av := ada()
	p := &storage.Post{ID: 1854000000000000300, Text: "Which engine should we document next?", Lang: "en",
		Poll: &storage.Poll{Options: []storage.PollOption{
			{Label: "Difference engine", Votes: 1234}, {Label: "Analytical engine", Votes: 2890},
			{Label: "Jacquard loom", Votes: 310}, {Label: "محرك الفروق", Votes: 0},
		}, EndsAt: fixedTime.Add(26 * time.Hour), Closed: closed}}
	if closed {
		p.ID++
	}
	return visible(p, u, av)
}

// linkCardPost is a post with a link card whose image is w×h (none when 0).
func linkCardPost(tb testing.TB, w, h int) *PostView {
	u, av := ada()
	link := "https://www.engines.example/notes/analytical"
	text := "Notes on the analytical engine: " + link
	p := &storage.Post{ID: 1854000000000000400 + int64(w), Text: text, Lang: "en",
		Entities: entities(tb, text, span{storage.EntityURL, link, link}),
		Card: &storage.LinkCard{URL: link, Title: "Sketch of the Analytical Engine invented by Charles Babbage",
			Description: "With notes upon the memoir by the translator, Ada Augusta, Countess of Lovelace.", SiteName: "Engines"}}
	v := visible(p, u, av)
	if w > 0 {
		v.CardImage = testImage(9500+int64(w), w, h, "ignored: the title names the link", "#5a6b7c")
		p.Card.ImageMediaID = v.CardImage.ID
	}
	return v
}

func TestPollMarkup(t *testing.T) {
	r := newTestRenderer(t)
	for _, tc := range []struct {
		name string
		v    *PostView
		o    PostOptions
		want []string
	}{
		{"open", pollPost(false), DefaultPostOptions(), []string{"28%", "65%", "7%", "0%", "4,434 votes", "1 day left", `class=ld`}},
		{"closed", pollPost(true), DefaultPostOptions(), []string{"Final results", "4,434 votes"}},
		{"arabic", pollPost(false), withOpts(func(o *PostOptions) { o.Lang = "ar" }), []string{"الأصوات: 4,434", "متبقٍ: 1 يوم"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := r.PostDocument(tc.v, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(doc), w) {
					t.Errorf("poll lacks %q", w)
				}
			}
		})
	}
}

func TestPollTimeLeftAndTTL(t *testing.T) {
	end := testNow.Add(90 * time.Minute)
	p := &storage.Poll{Options: []storage.PollOption{{Label: "a"}, {Label: "b"}}, EndsAt: end}
	r := newTestRenderer(t)
	b := r.builder(DefaultPostOptions())
	if got := b.pollStatus(p); got != "1 hour left" {
		t.Errorf("90 minutes before the end: %q", got)
	}
	r.now = func() time.Time { return end.Add(-30 * time.Second) }
	if got := b.pollStatus(p); got != "1 minute left" {
		t.Errorf("30 s before the end: %q", got)
	}
	if ttl := PollTTL(p, end.Add(-30*time.Second)); ttl != 30*time.Second {
		t.Errorf("TTL 30 s before the end = %v", ttl)
	}
	if ttl := PollTTL(p, testNow); ttl != time.Minute {
		t.Errorf("TTL of a running poll = %v, want 1m", ttl)
	}
	r.now = func() time.Time { return end }
	if got := b.pollStatus(p); got != "Final results" {
		t.Errorf("at the end: %q", got)
	}
	if ttl := PollTTL(p, end); ttl != 0 {
		t.Errorf("TTL of a final poll = %v, want 0 (the cache's own)", ttl)
	}
}

func TestLinkCardMarkup(t *testing.T) {
	r := newTestRenderer(t)
	doc := func(v *PostView, o PostOptions) string {
		b, err := r.PostDocument(v, o)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	large := doc(linkCardPost(t, 1200, 628), DefaultPostOptions())
	for _, w := range []string{`class="lc lg"`, `rel="noopener nofollow ugc"`, ">engines.example<", "?w=600", ".lc{"} {
		if !strings.Contains(large, w) {
			t.Errorf("large card lacks %q", w)
		}
	}
	if small := doc(linkCardPost(t, 400, 400), DefaultPostOptions()); !strings.Contains(small, "class=lc ") || strings.Contains(small, "lc lg") {
		t.Errorf("a square image should make a small card")
	}
	hidden := doc(linkCardPost(t, 1200, 628), withOpts(func(o *PostOptions) { o.HideMedia = true }))
	if strings.Contains(hidden, "class=lc") || strings.Contains(hidden, "img95") {
		t.Errorf("cards=hidden still shows the card")
	}
	plain := doc(plainPost(), DefaultPostOptions())
	if strings.Contains(plain, ".lc{") || strings.Contains(plain, ".poll{") {
		t.Errorf("a plain card carries the rich styles")
	}
	bad := linkCardPost(t, 0, 0)
	bad.Post.Card.URL = "javascript:alert(1)"
	if d := doc(bad, DefaultPostOptions()); strings.Contains(d, "javascript") || strings.Contains(d, "class=lc") {
		t.Errorf("a card with a script URL was linked")
	}
}

func TestVideoMarkup(t *testing.T) {
	r := newTestRenderer(t)
	doc := func(v *PostView, o PostOptions) string {
		b, err := r.PostDocument(v, o)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	video := doc(videoPost(storage.MediaVideo, true), DefaultPostOptions())
	for _, w := range []string{"<video controls preload=none playsinline poster=", "img9602.jpg?w=600", `aspect-ratio:1280/720`,
		`<source src=https://roost.example/media/ef/clip9601.mp4 type=video/mp4>`, ">1:05<", `aria-label="A brass engine turning slowly"`, `aria-label="Play video"`} {
		if !strings.Contains(video, w) {
			t.Errorf("video card lacks %q", w)
		}
	}
	if strings.Contains(video, "autoplay") || strings.Contains(video, "muted") {
		t.Error("a video must neither autoplay nor start muted")
	}
	gif := doc(videoPost(storage.MediaGIF, true), DefaultPostOptions())
	for _, w := range []string{"muted loop", ">GIF<", `aria-label="Play GIF"`} {
		if !strings.Contains(gif, w) {
			t.Errorf("GIF card lacks %q", w)
		}
	}
	if strings.Contains(gif, "autoplay") {
		t.Error("a GIF must not autoplay")
	}
	hidden := doc(videoPost(storage.MediaVideo, true), withOpts(func(o *PostOptions) { o.HideMedia = true }))
	if strings.Contains(hidden, "<video") || !strings.Contains(hidden, "<p class=vph>Video</p>") {
		t.Error("hide_media must replace the video with a Video line")
	}
	quote := doc(quotePost(t, videoPost(storage.MediaVideo, true)), DefaultPostOptions())
	if strings.Contains(quote, "<video") || !strings.Contains(quote, "img9602.jpg?w=600") {
		t.Error("a quoted video shows its poster only")
	}
	if !strings.Contains(r.CSP(), "media-src https://roost.example") {
		t.Errorf("CSP %q allows no media from Roost", r.CSP())
	}
	if got := clock(3_725_000); got != "1:02:05" {
		t.Errorf("clock = %q", got)
	}
}

func TestRichTextsEveryLanguage(t *testing.T) {
	r := newTestRenderer(t)
	for code, l := range r.langs {
		if l.rich == nil || l.rich.Poll == "" || l.rich.FinalResults == "" || l.rich.Video == "" {
			t.Errorf("%s: missing rich texts", code)
		}
	}
	for code := range richLangs {
		if _, ok := r.langs[code]; !ok {
			t.Errorf("rich texts for %s, which is no UI language", code)
		}
	}
}
