package widgets

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// outputCase is one golden output of the page and oEmbed renderers.
type outputCase func(t *testing.T, r *Renderer) ([]byte, error)

// pageAndEmbedCases are the golden outputs of this file's renderers, by name.
func pageAndEmbedCases() map[string]outputCase {
	str := func(s string, err error) ([]byte, error) { return []byte(s), err }
	profile := func(t *testing.T) *ProfileView {
		u, av := ada()
		u.Bio, u.Location, u.URL, u.FollowersCount = "Counting engines.", "London", "https://ada.example/", 1234
		return &ProfileView{State: StateVisible, User: u, Avatar: av, Posts: []*PostView{typicalPost(t), plainPost()},
			Before: 99, NextBefore: 42}
	}
	ref := TimelineRef{Kind: TimelineProfile, Handle: "ada", Name: "Ada Lovelace"}
	return map[string]outputCase{
		"page_post":          func(t *testing.T, r *Renderer) ([]byte, error) { return r.PostPage(typicalPost(t), "en") },
		"page_post_plain_ar": func(t *testing.T, r *Renderer) ([]byte, error) { return r.PostPage(plainPost(), "ar") },
		"page_post_tomb_403": func(t *testing.T, r *Renderer) ([]byte, error) {
			return r.PostPage(&PostView{State: StateProtected}, "en")
		},
		"page_profile":      func(t *testing.T, r *Renderer) ([]byte, error) { return r.ProfilePage(profile(t), "en") },
		"page_profile_tomb": func(t *testing.T, r *Renderer) ([]byte, error) { return r.ProfilePage(&ProfileView{}, "fr") },
		"oembed_post": func(t *testing.T, r *Renderer) ([]byte, error) {
			return str(r.PostEmbedHTML(typicalPost(t), DefaultPostOptions(), EmbedForm{Width: 550, Height: 600}))
		},
		"oembed_post_iframe": func(t *testing.T, r *Renderer) ([]byte, error) {
			o := ParsePostOptions(query("theme=dark&maxwidth=400&hide_thread=true"))
			return str(r.PostEmbedHTML(typicalPost(t), o, EmbedForm{IFrame: true, Width: 400, Height: 500}))
		},
		"oembed_timeline": func(t *testing.T, r *Renderer) ([]byte, error) {
			return str(r.TimelineEmbedHTML(ref, ParseTimelineOptions(query("limit=5&chrome=noheader")), EmbedForm{Width: 550, Height: 600}))
		},
		"oembed_timeline_iframe": func(t *testing.T, r *Renderer) ([]byte, error) {
			return str(r.TimelineEmbedHTML(ref, DefaultTimelineOptions(), EmbedForm{IFrame: true, Width: 550, Height: 600}))
		},
	}
}

// TestPageAndEmbedGolden compares the final bytes of pages and oEmbed html
// with testdata/golden/<case>.html (-update rewrites them after review).
func TestPageAndEmbedGolden(t *testing.T) {
	r := newTestRenderer(t)
	cases := pageAndEmbedCases()
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got, err := cases[name](t, r)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".html")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden file (run with -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				i := firstDiff(got, want)
				t.Errorf("%s differs at byte %d\n got: …%s…\nwant: …%s…", name, i, excerpt(got, i), excerpt(want, i))
			}
		})
	}
}

// TestPagesHostile renders every payload through every field of a post
// page and a profile page: nothing may add an element, a script, a
// handler or an unsafe URL, and the payload must read as text.
func TestPagesHostile(t *testing.T) {
	r := newTestRenderer(t)
	for _, payload := range hostilePayloads() {
		t.Run(payload, func(t *testing.T) {
			v := hostileView(payload)
			post, err := r.PostPage(v, "en")
			if err != nil {
				t.Fatal(err)
			}
			u := v.Author
			profile, err := r.ProfilePage(&ProfileView{State: StateVisible, User: u, Avatar: v.Avatar, Posts: []*PostView{v}}, "en")
			if err != nil {
				t.Fatal(err)
			}
			for _, doc := range [][]byte{post, profile} {
				p := parseDoc(t, doc)
				checkPageElements(t, p)
				if !strings.Contains(p.text, strings.TrimSpace(payload)) {
					t.Errorf("payload %q not shown as text", payload)
				}
			}
			html, err := r.PostEmbedHTML(v, DefaultPostOptions(), EmbedForm{IFrame: true, Width: 550, Height: 600})
			if err != nil {
				t.Fatal(err)
			}
			checkPageElements(t, parseDoc(t, []byte(html)))
		})
	}
}

// checkPageElements fails on scripts (pages have none), elements no
// template writes, handlers, and URLs that are neither Roost's nor web URLs.
func checkPageElements(t *testing.T, p parsedDoc) {
	t.Helper()
	tags := allowedTags()
	for _, extra := range []string{"link", "main", "nav", "h1", "blockquote", "iframe"} {
		tags[extra] = true
	}
	attrs := allowedAttrs()
	for _, extra := range []string{"property", "type", "title", "frameborder", "marginwidth", "marginheight", "scrolling", "sandbox", "data-width", "data-height"} {
		attrs[extra] = true
	}
	// The one script a page may hold is its JSON-LD data block: valid JSON
	// with no raw '<' (json.Marshal escapes it), so no text closes it.
	for _, s := range p.scripts {
		if !json.Valid([]byte(s)) || strings.Contains(s, "<") {
			t.Errorf("a script that is not a safe JSON-LD block: %q", s)
		}
	}
	for _, e := range p.elems {
		if e.tag == "script" && len(e.attrs) == 1 && e.attrs[0] == [2]string{"type", "application/ld+json"} {
			continue
		}
		if !tags[e.tag] || e.tag == "script" {
			t.Errorf("element <%s> is not one the templates write", e.tag)
		}
		for _, a := range e.attrs {
			if a[0] == "style" && e.tag == "iframe" {
				continue // border:0, written by PostEmbedHTML
			}
			checkAttr(t, e.tag, a[0], a[1], attrs)
		}
	}
}

// TestEstimatePostHeight checks that the estimate grows with what the card
// holds and shrinks with width, so embeds reserve a plausible box.
func TestEstimatePostHeight(t *testing.T) {
	r := newTestRenderer(t)
	wide, narrow := DefaultPostOptions(), ParsePostOptions(query("width=250"))
	plain, images := plainPost(), imagesPost(1)
	tall := plainPost()
	tall.Post.Text = strings.Repeat("many words here ", 60)
	for _, c := range []struct {
		name       string
		small, big int
	}{
		{"image adds height", r.EstimatePostHeight(plain, wide), r.EstimatePostHeight(images, wide)},
		{"long text adds height", r.EstimatePostHeight(plain, wide), r.EstimatePostHeight(tall, wide)},
		{"narrow wraps more", r.EstimatePostHeight(tall, wide), r.EstimatePostHeight(tall, narrow)},
		{"quote adds height", r.EstimatePostHeight(plain, wide), r.EstimatePostHeight(quotePost(t, visibleQuoted()), wide)},
	} {
		if c.small <= 0 || c.big <= c.small {
			t.Errorf("%s: %d then %d", c.name, c.small, c.big)
		}
	}
	if _, err := r.PostEmbedHTML(&PostView{State: StateDeleted}, wide, EmbedForm{}); err == nil {
		t.Error("a tombstone got oEmbed html")
	}
}
