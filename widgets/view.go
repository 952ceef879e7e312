package widgets

import (
	"html/template"

	"github.com/roost-embed/roost/storage"
)

// PostView is everything the card shows of one post, read by the server
// from the store. Quoted and Parent are nil when the post quotes or answers
// nothing; a non-visible state renders a tombstone whatever else is set.
type PostView struct {
	State  State
	Post   *storage.Post
	Author *storage.User
	Avatar *storage.Media   // the author's avatar, nil when none
	Media  []*storage.Media // the post's images in display order
	// CardImage is the image of the post's link card, nil when none;
	// Posters are the poster images of its videos and GIFs, by media id.
	CardImage *storage.Media
	Posters   map[int64]*storage.Media
	Quoted    *PostView
	Parent    *PostView
}

// visible reports whether the view can render as a post: a visible state
// with the post and its author present.
func (v *PostView) visible() bool {
	return v != nil && v.State == StateVisible && v.Post != nil && v.Author != nil
}

// state returns the state the card renders, a missing post or author
// counting as deleted.
func (v *PostView) state() State {
	if v == nil || v.State == StateVisible && !v.visible() {
		return StateDeleted
	}
	return v.State
}

// cardView is the template model of one card: every string computed in Go,
// so the templates only place values and html/template escapes them all.
type cardView struct {
	UI    *uiLang
	Label string // "Post by NAME"; the message for a tombstone
	Tomb  string // non-empty: render this tombstone instead of a post

	Name, Handle       string
	Profile, Permalink string
	Verified           bool
	Avatar             *imageView
	Initial            string
	InitialClass       string

	Text     template.HTML
	TextLang string
	TextDir  string
	Media    []imageView
	// MediaNote replaces hidden videos (hide_media): "Video", "GIF".
	MediaNote string
	CW        string // non-empty: what is hidden sits behind a <details> with this summary
	CWText    bool   // the text is hidden too (a content warning), not only media

	Poll *pollView
	Link *linkView

	Quote   *cardView
	Parent  *cardView
	Compact bool

	Time, Day, TimeISO string
	Edited             bool

	Reply, Repost, Like action
	ReadReplies         string

	// IconRefs draws the icons as <use> references to the symbols the
	// document defines once (timelines), instead of inline.
	IconRefs bool
}

// imageView is one <img>: Style carries the aspect ratio and placeholder
// colour, built only from numbers and a validated colour.
type imageView struct {
	Src           string
	Alt           string
	Width, Height int
	Style         template.CSS
	// Video is the URL of a video or GIF shown with Src as its poster; ""
	// for an image. Type is its content type, Duration its running time
	// ("0:42", empty for a GIF), Badge "GIF" for a GIF, Play the label of
	// the play affordance.
	Video, Type, Duration, Badge, Play string
	GIF                                bool
}

// action is one counted link of the footer (reply, repost, like).
type action struct {
	URL, Label, Count string
}

// docView is the template model of a complete card document.
type docView struct {
	Lang, Dir  string
	Class      string // theme and alignment classes on <html>
	Scheme     string // the color-scheme meta value
	Vars       template.CSS
	Title      string
	NoReferrer bool
	CSS        template.CSS
	Script     template.JS
	Card       *cardView
	// OEmbedJSON is the JSON discovery link of the post's permalink, so
	// that pasting the embed URL itself works too; empty on a tombstone.
	// (The XML twin is on the pages only: ~80 B brotli in every card.)
	OEmbedJSON string
}
