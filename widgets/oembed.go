package widgets

import (
	"errors"
	"html"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EmbedForm says which markup an oEmbed html holds and the size it reserves.
type EmbedForm struct {
	OmitScript bool // leave the loader <script> out (the page loads it once itself)
	IFrame     bool // a blockquote plus a ready iframe, for consumers that strip scripts
	Width      int
	Height     int
}

// TimelineRef names the timeline an oEmbed html embeds. Name is what the
// fallback link says: the author's display name, the list's name or the tag.
type TimelineRef struct {
	Kind   TimelineKind
	Handle string // the profile's handle
	ListID int64
	Tag    string // without '#'
	Query  string // a search's query
	Name   string

	CollectionID int64
	Grid         bool // a collection's grid layout
}

// errNotEmbeddable is returned for a post that has no visible content: the
// oEmbed route answers 404 or 401 before it asks for html.
var errNotEmbeddable = errors.New("widgets: only a visible post has oEmbed html")

// frameSandbox is what an oEmbed iframe may do: run its frame script, open
// links in a new tab that is not sandboxed. Same-origin is safe because the
// frame is always on Roost's origin, never the publisher's.
const frameSandbox = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-same-origin"

// PostEmbedHTML returns the html of a post's oEmbed answer: X's shape, a
// blockquote that reads well with no script (text with its links, author,
// date as the permalink) and then either the async loader, nothing
// (OmitScript) or an iframe of the card (IFrame). The blockquote of the
// iframe form has class roost-fallback, so a loader on the same page leaves
// it alone instead of making a second card of it; it holds the author, the
// date and the permalink but not the text: consumers (WordPress) store this
// html for a day or more whatever cache_age says, and the iframe, which
// follows deletions at once, carries the text (docs/EMBEDDING.md).
func (r *Renderer) PostEmbedHTML(v *PostView, o PostOptions, f EmbedForm) (string, error) {
	if !v.visible() {
		return "", errNotEmbeddable
	}
	c := r.builder(o).base(v, false)
	var b strings.Builder
	b.Grow(512 + len(c.Text))
	class := "roost-post"
	if f.IFrame {
		class = "roost-fallback"
	}
	b.WriteString(`<blockquote class="` + class + `"`)
	writeDataAttrs(&b, postParams(o), f)
	b.WriteString(">")
	if !f.IFrame {
		writePostText(&b, c)
	}
	b.WriteString("&mdash; " + html.EscapeString(c.Name) + " (@" + html.EscapeString(c.Handle) + ") ")
	b.WriteString(`<a href="` + html.EscapeString(c.Permalink) + `">` + html.EscapeString(c.Day) + "</a></blockquote>")
	src := r.links.base + "/embed/post/" + strconv.FormatInt(v.Post.ID, 10)
	r.writeTail(&b, f, src, postParams(o), c.Label)
	return b.String(), nil
}

// writePostText writes the post's text paragraph (its content warning
// instead when the text is behind one) for the blockquote.
func writePostText(b *strings.Builder, c *cardView) {
	b.WriteString(`<p`)
	if c.TextLang != "" {
		writeAttr(b, "lang", c.TextLang)
	}
	writeAttr(b, "dir", c.TextDir)
	b.WriteString(">")
	if c.CWText {
		b.WriteString(html.EscapeString(c.CW))
	} else {
		b.WriteString(string(c.Text))
	}
	b.WriteString("</p>")
}

// TimelineEmbedHTML returns the html of a timeline's oEmbed answer, X's
// shape: an anchor to the timeline (class roost-timeline, options as data-*)
// and the loader; or, in the iframe form, the anchor in a blockquote and
// the timeline's iframe.
func (r *Renderer) TimelineEmbedHTML(t TimelineRef, o TimelineOptions, f EmbedForm) (string, error) {
	href, src, label, err := r.timelineLinks(t, o.Lang)
	if err != nil {
		return "", err
	}
	params := timelineParams(o)
	var b strings.Builder
	b.Grow(512)
	if f.IFrame {
		b.WriteString(`<blockquote class="roost-fallback"><a`)
		writeAttr(&b, "href", href)
		b.WriteString(">" + html.EscapeString(label) + "</a></blockquote>")
	} else {
		b.WriteString(`<a class="roost-timeline"`)
		writeAttr(&b, "href", href)
		writeDataAttrs(&b, params, f)
		b.WriteString(">" + html.EscapeString(label) + "</a>")
	}
	r.writeTail(&b, f, src, params, label)
	return b.String(), nil
}

// timelineLinks returns the page a timeline's fallback links to, its
// iframe document and its label.
func (r *Renderer) timelineLinks(t TimelineRef, lang string) (href, src, label string, err error) {
	tt := r.lang(supportedLang(lang)).Timeline
	l := r.links
	switch t.Kind {
	case TimelineProfile:
		name := strings.TrimSpace(t.Name)
		if name == "" {
			name = t.Handle
		}
		return l.profile(t.Handle), l.base + "/embed/timeline/" + url.PathEscape(t.Handle),
			strings.Replace(tt.PostsBy, "%s", name, 1), nil
	case TimelineList:
		id := strconv.FormatInt(t.ListID, 10)
		return l.base + "/embed/list/" + id, l.base + "/embed/list/" + id, strings.TrimSpace(t.Name), nil
	case TimelineHashtag:
		return l.hashtag(t.Tag), l.hashtag(t.Tag), strings.Replace(tt.PostsTagged, "%s", "#"+t.Tag, 1), nil
	case TimelineCollection:
		src := l.base + "/embed/collection/" + strconv.FormatInt(t.CollectionID, 10)
		if t.Grid {
			src += "?layout=grid"
		}
		return src, src, strings.TrimSpace(t.Name), nil
	case TimelineSearch:
		// The embed URL, not the page, like a hashtag: the loader maps
		// only /embed/ links of searches (its byte budget).
		src := l.base + "/embed/search?q=" + url.QueryEscape(t.Query)
		return src, src,
			strings.Replace(moreTimelineTexts(supportedLang(lang)).PostsMatching, "%s", t.Query, 1), nil
	}
	return "", "", "", errors.New("widgets: unknown timeline kind " + strconv.Quote(string(t.Kind)))
}

// writeTail writes what follows the blockquote: the iframe of the document
// at src, or the async loader unless it is omitted.
func (r *Renderer) writeTail(b *strings.Builder, f EmbedForm, src string, params [][2]string, title string) {
	switch {
	case f.IFrame:
		if q := encodeParams(params); q != "" && strings.Contains(src, "?") {
			src += "&" + q
		} else if q != "" {
			src += "?" + q
		}
		b.WriteString("<iframe")
		writeAttr(b, "src", src)
		writeAttr(b, "width", strconv.Itoa(f.Width))
		writeAttr(b, "height", strconv.Itoa(f.Height))
		writeAttr(b, "title", title)
		b.WriteString(` frameborder="0" marginwidth="0" marginheight="0" scrolling="no" class="roost-frame"`)
		writeAttr(b, "sandbox", frameSandbox)
		b.WriteString(` style="border:0" loading="lazy"></iframe>`)
	case !f.OmitScript:
		b.WriteString(`<script async src="` + html.EscapeString(r.links.base) + `/widgets.js" charset="utf-8"></script>`)
	}
}

// writeDataAttrs writes the options as the loader's data-* attributes
// (option names with '_' as '-'), plus the reserved size.
func writeDataAttrs(b *strings.Builder, params [][2]string, f EmbedForm) {
	for _, p := range params {
		if p[0] == "width" || p[0] == "height" {
			continue
		}
		writeAttr(b, "data-"+strings.ReplaceAll(p[0], "_", "-"), p[1])
	}
	writeAttr(b, "data-width", strconv.Itoa(f.Width))
	writeAttr(b, "data-height", strconv.Itoa(f.Height))
}

// writeAttr writes one attribute; names are ours, values always escaped.
func writeAttr(b *strings.Builder, name, value string) {
	b.WriteString(" " + name + `="` + html.EscapeString(value) + `"`)
}

// encodeParams writes params as a query string in their fixed order.
func encodeParams(params [][2]string) string {
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p[0]) + "=" + url.QueryEscape(p[1]))
	}
	return b.String()
}

// postParams lists the options that differ from the defaults, under their
// query names, so equal options give equal iframe URLs.
func postParams(o PostOptions) [][2]string {
	d := DefaultPostOptions()
	var p [][2]string
	add := func(on bool, k, v string) {
		if on {
			p = append(p, [2]string{k, v})
		}
	}
	add(o.Theme != d.Theme, "theme", o.Theme)
	add(o.Lang != d.Lang, "lang", o.Lang)
	add(o.DNT, "dnt", "true")
	add(o.Width != d.Width, "width", strconv.Itoa(o.Width))
	add(o.Align != "", "align", o.Align)
	add(o.HideMedia, "hide_media", "true")
	add(o.HideThread, "hide_thread", "true")
	add(o.BorderColor != "", "border_color", o.BorderColor)
	add(o.LinkColor != "", "link_color", o.LinkColor)
	return p
}

// timelineParams lists the timeline options that differ from the defaults.
func timelineParams(o TimelineOptions) [][2]string {
	d := DefaultTimelineOptions()
	var p [][2]string
	add := func(on bool, k, v string) {
		if on {
			p = append(p, [2]string{k, v})
		}
	}
	add(o.Theme != d.Theme, "theme", o.Theme)
	add(o.Lang != d.Lang, "lang", o.Lang)
	add(o.DNT, "dnt", "true")
	add(o.Width != 0, "width", strconv.Itoa(o.Width))
	add(o.Height != 0, "height", strconv.Itoa(o.Height))
	add(o.Limit != d.Limit, "limit", strconv.Itoa(o.Limit))
	add(o.Chrome != 0, "chrome", o.Chrome.String())
	add(o.ShowReplies, "show_replies", "true")
	add(o.HideMedia, "hide_media", "true")
	add(o.BorderColor != "", "border_color", o.BorderColor)
	add(o.LinkColor != "", "link_color", o.LinkColor)
	add(o.AriaPolite != d.AriaPolite, "aria_polite", o.AriaPolite)
	return p
}

// Height estimate of a card, in CSS pixels, from card.css: the fixed parts
// (border, padding, header, footer), the text at its font size, the media
// grid and the nested cards. The loader and frame script correct it once
// the card has rendered; the estimate only has to avoid a large jump.
const (
	cardChrome      = 150 // border, padding, header, date and action rows
	cardPadX        = 34  // horizontal padding and border
	textLine        = 25  // 17px × 1.45
	textCharWidth   = 9   // average advance of a 17px system font
	miniChrome      = 72  // a quoted card's border, padding and header row
	miniLine        = 21  // 15px × 1.4
	parentSummary   = 30  // the collapsed "Replying to" row
	readRepliesRow  = 48  // the "Read N replies" button
	singleImageMaxH = 510 // .m1 img max-height
)

// EstimatePostHeight returns the height a post card will most likely take
// at o.Width, so an embed reserves it before the card loads.
func (r *Renderer) EstimatePostHeight(v *PostView, o PostOptions) int {
	if !v.visible() {
		return 120
	}
	inner := max(o.Width-cardPadX, 100)
	h := cardChrome + 12 + textLines(v.Post.Text, inner/textCharWidth)*textLine
	if !o.HideMedia {
		h += mediaHeight(v, inner)
	}
	if q := v.Quoted; q != nil {
		h += miniChrome
		if q.visible() {
			h += textLines(q.Post.Text, (inner-24)/8) * miniLine
		}
	}
	if v.Parent != nil && !o.HideThread {
		h += parentSummary
	}
	if v.Post.ReplyCount > 0 {
		h += readRepliesRow
	}
	return h
}

// mediaHeight is the image grid's height: one image keeps its ratio up to
// the cap, several share a 16:9 box.
func mediaHeight(v *PostView, inner int) int {
	switch n := len(v.Media); {
	case n == 0:
		return 0
	case n == 1 && v.Media[0].Width > 0 && v.Media[0].Height > 0:
		return 12 + min(inner*v.Media[0].Height/v.Media[0].Width, singleImageMaxH)
	default:
		return 12 + inner*9/16
	}
}

// textLines counts the lines text wraps to at perLine characters.
func textLines(text string, perLine int) int {
	perLine = max(perLine, 10)
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max(1, (utf8.RuneCountInString(line)+perLine-1)/perLine)
	}
	return n
}
