package widgets

import (
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// hostilePayloads are the XSS families a card must render as text: tag
// injection, attribute breakouts, entity tricks, script URLs with case and
// whitespace games, SVG, bidi and zero-width characters.
func hostilePayloads() []string {
	return []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(1)>`,
		`'><svg onload=alert(1)>`,
		`javascript:alert(1)`,
		`javascript&colon;alert(1)`,
		`&#106;avascript:alert(1)`,
		` JaVaScRiPt:alert(1)`,
		`data:text/html,<script>alert(1)</script>`,
		`</title><script>alert(1)</script>`,
		`</style><script>alert(1)</script>`,
		`<a href="javascript:alert(1)">x</a>`,
		`{{.}} {{template "card"}}`,
		"\u202eevil\u200b<b>bold</b>",
		`<!--<script>--><img src=x onerror=alert(1)>`,
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	}
}

// hostileView fills every user-controlled field of a card, its quoted post
// and its parent with payload.
func hostileView(payload string) *PostView {
	mk := func(id int64) *PostView {
		u := &storage.User{ID: id, Handle: payload, Name: payload, Bio: payload, URL: payload, Location: payload, Verified: true}
		p := &storage.Post{ID: id, Text: payload + "\n" + payload, Lang: payload, Summary: "", CreatedAt: fixedTime}
		av := &storage.Media{ID: id, Path: payload, Color: payload, Alt: payload, Width: 48, Height: 48}
		img := &storage.Media{ID: id + 1, Path: payload + "/../../x", Color: payload, Alt: payload, Width: 10, Height: 10}
		p.Poll = &storage.Poll{Options: []storage.PollOption{{Label: payload, Votes: 1}, {Label: payload, Votes: 2}}, Closed: true}
		p.Card = &storage.LinkCard{URL: "https://news.example/a", Title: payload, Description: payload, SiteName: payload, ImageMediaID: id + 5}
		vid := &storage.Media{ID: id + 2, Kind: storage.MediaVideo, Path: payload, ContentType: "video/mp4", Alt: payload, Width: 16, Height: 9, PosterMediaID: id + 3}
		v := visible(p, u, av, img, vid)
		v.Posters = map[int64]*storage.Media{id + 3: {ID: id + 3, Path: payload, Color: payload, Width: 16, Height: 9}}
		v.CardImage = &storage.Media{ID: id + 5, Path: payload, Color: payload, Alt: payload, Width: 10, Height: 10}
		return v
	}
	v := mk(1)
	v.Quoted, v.Parent = mk(2), mk(3)
	v.Post.Sensitive, v.Parent.Post.Summary = true, payload
	return v
}

// TestHostileContentRendersAsText renders every payload through every user
// field and checks that the document has exactly the structure of a benign
// render (no element or attribute added), only safe URLs and styles, and
// that the payload reaches the reader as text.
func TestHostileContentRendersAsText(t *testing.T) {
	r := newTestRenderer(t)
	benign, err := r.PostDocument(hostileView("plain text"), DefaultPostOptions()) // not a language tag, like the payloads
	if err != nil {
		t.Fatal(err)
	}
	want := structure(parseDoc(t, benign))
	for _, payload := range hostilePayloads() {
		t.Run(payload, func(t *testing.T) {
			for _, lang := range []string{"en", "ar"} {
				o := DefaultPostOptions()
				o.Lang = lang
				doc, err := r.PostDocument(hostileView(payload), o)
				if err != nil {
					t.Fatal(err)
				}
				p := checkSafe(t, r, doc)
				if lang == "en" && structure(p) != want {
					t.Errorf("structure changed by payload:\n got %s\nwant %s", structure(p), want)
				}
				if !strings.Contains(p.text, strings.TrimSpace(payload)) {
					t.Errorf("payload %q not shown as text in %q", payload, p.text)
				}
			}
		})
	}
}

// structure is the sequence of tags and attribute names of a document.
func structure(p parsedDoc) string {
	var b strings.Builder
	for _, e := range p.elems {
		b.WriteString("<" + e.tag)
		for _, a := range e.attrs {
			b.WriteString(" " + a[0])
		}
		b.WriteString(">")
	}
	return b.String()
}

// TestHostileEntities stores payloads as entity values (link targets,
// mention handles, tags) and checks that no unsafe URL or markup results.
func TestHostileEntities(t *testing.T) {
	r := newTestRenderer(t)
	for _, payload := range hostilePayloads() {
		t.Run(payload, func(t *testing.T) {
			text := "a https://x.test b @m c #h d $C e"
			ents := entities(t, text,
				span{storage.EntityURL, "https://x.test", payload},
				span{storage.EntityMention, "@m", payload},
				span{storage.EntityHashtag, "#h", payload},
				span{storage.EntityCashtag, "$C", payload})
			u, av := ada()
			v := visible(&storage.Post{ID: 7, Text: text, Entities: ents}, u, av)
			doc, err := r.PostDocument(v, DefaultPostOptions())
			if err != nil {
				t.Fatal(err)
			}
			checkSafe(t, r, doc)
		})
	}
}

// TestHostileOptions feeds payloads through every option and checks they
// are dropped before they reach a document or a key.
func TestHostileOptions(t *testing.T) {
	r := newTestRenderer(t)
	for _, payload := range hostilePayloads() {
		o := ParsePostOptions(func(string) string { return payload })
		if o.LinkColor != "" || o.BorderColor != "" || o.Align != "" || o.Theme != ThemeAuto || o.Lang != defaultLang {
			t.Errorf("payload %q survived option parsing: %+v", payload, o)
		}
		doc, err := r.PostDocument(typicalPost(t), o)
		if err != nil {
			t.Fatal(err)
		}
		checkSafe(t, r, doc)
	}
}
