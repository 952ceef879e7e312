package widgets

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// maxTileText is how much of a post's text a grid tile without an image
// shows; CSS clamps it to a few lines as well.
const maxTileText = 140

// gridTile is one tile of a collection's grid layout (X's grid display):
// the post's first image filling the square, or its text when it has none
// (or hides its media behind a content warning), with the author's name.
// The tile links to the post's permalink.
type gridTile struct {
	Href  string
	Label string // the tile's accessible name: "Post by NAME"
	Image *imageView
	Text  string
	Name  string
}

// gridTiles builds the tiles of the visible items.
func (r *Renderer) gridTiles(b *builder, tv *TimelineView) []gridTile {
	var tiles []gridTile
	for _, v := range tv.Items {
		if !v.visible() {
			continue
		}
		c := b.base(v, false)
		t := gridTile{Href: c.Permalink, Label: c.Label, Name: c.Name}
		switch {
		case len(c.Media) > 0 && c.CW == "":
			t.Image = &c.Media[0]
		case c.CW != "":
			t.Text = c.CW
		default:
			t.Text = truncate(oneLine(v.Post.Text), maxTileText)
		}
		tiles = append(tiles, t)
	}
	return tiles
}

// noteHTML is a collection entry's note, shown above its card.
func noteHTML(note string) template.HTML {
	return template.HTML(`<p class="tln" dir="auto">` + html.EscapeString(note) + `</p>`)
}

// collectionHead shows the collection's name and description and, when the
// owner can be shown, "A collection by @owner" with the owner's avatar.
func (r *Renderer) collectionHead(h *timelineHead, b *builder, tv *TimelineView) {
	col := tv.Collection
	h.Title = strings.TrimSpace(col.Name)
	h.Home = r.links.base + "/i/collections/" + strconv.FormatInt(col.ID, 10)
	h.Bio = clip(strings.TrimSpace(col.Description), maxBio)
	h.Initial, h.InitialClass = "★", "c2"
	if u := tv.Owner; u != nil {
		c := &cardView{}
		b.author(c, u, tv.Avatar)
		h.Avatar, h.Initial, h.InitialClass = c.Avatar, c.Initial, c.InitialClass
		h.SubBefore, h.SubAfter, _ = strings.Cut(moreTimelineTexts(b.ui.Code).CollectionBy, "%s")
		h.SubHandle, h.SubURL = u.Handle, c.Profile
	}
}
