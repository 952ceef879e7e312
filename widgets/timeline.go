package widgets

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// TimelineKind says what a timeline lists, which decides its header and
// the route its paging links point to.
type TimelineKind string

// The timeline kinds of SURFACE.md's /embed/timeline, /embed/list and
// /embed/hashtag routes.
const (
	TimelineProfile    TimelineKind = "profile"
	TimelineList       TimelineKind = "list"
	TimelineHashtag    TimelineKind = "hashtag"
	TimelineSearch     TimelineKind = "search"
	TimelineCollection TimelineKind = "collection"
)

// TimelineView is everything a timeline document shows, read by the server.
// Owner is the profile's user or the list's owner (nil for a hashtag, or
// for a list whose owner cannot be shown); Avatar is Owner's avatar. Items
// hold visible posts only, newest first; NextBefore is the cursor of the
// next page, 0 when there is none. A State other than visible renders the
// matching tombstone and the route answers State.HTTPStatus().
type TimelineView struct {
	Kind       TimelineKind
	State      State
	Owner      *storage.User
	Avatar     *storage.Media
	List       *storage.List
	Tag        string
	Query      string // a search's query, as typed (whitespace collapsed)
	Collection *storage.Collection
	Notes      []string // a collection's notes, one per item ("" for none)
	Grid       bool     // a collection as media-first tiles (layout=grid)
	Items      []*PostView
	NextBefore int64
}

// timelineDoc is the template model of a timeline document.
type timelineDoc struct {
	Lang, Dir, Class, Scheme string
	Vars                     template.CSS
	Title                    string
	NoReferrer               bool
	CSS                      template.CSS
	Script                   template.JS
	UI                       *uiLang
	T                        timelineText
	Tomb                     string
	Head                     *timelineHead
	Items                    []template.HTML
	Tiles                    []gridTile // a collection's grid, instead of Items
	IconRefs                 bool       // the cards draw icons by reference…
	Icons                    iconSet    // …to these symbols, defined at the top
	Live                     string
	Footer                   bool
	More, Newest, Home       string
	OEmbedJSON               string // JSON discovery of the timeline's page (empty on a tombstone)
}

// timelineHead is the header: who or what the timeline is about. Its
// Avatar, Initial and InitialClass fields feed the card's "avatar" template.
type timelineHead struct {
	UI                    *uiLang
	Title, Home           string
	Verified              bool
	IconRefs              bool // the badge by reference, as the cards draw it
	Avatar                *imageView
	Initial, InitialClass string
	SubBefore, SubAfter   string // text around the @handle of Sub
	SubHandle, SubURL     string
	Bio                   string
	Follow, FollowLabel   string
	FollowText            string
}

// TimelineDocument renders the complete, minified iframe document of a
// timeline: header, the cards (the same fragment as /embed/post), footer
// with a no-JS "Load more" link, or a tombstone when tv is not visible.
func (r *Renderer) TimelineDocument(tv *TimelineView, o TimelineOptions) ([]byte, error) {
	d, err := r.timelineDoc(tv, o)
	if err != nil {
		return nil, err
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.tmpl.ExecuteTemplate(buf, "timeline", d); err != nil {
		return nil, fmt.Errorf("widgets: rendering timeline document: %w", err)
	}
	return r.min.html(buf.Bytes())
}

// timelineDoc builds the template model: the frame first, then either the
// tombstone or the header, cards and footer.
func (r *Renderer) timelineDoc(tv *TimelineView, o TimelineOptions) (*timelineDoc, error) {
	b := r.builder(o.postOptions())
	d := &timelineDoc{
		Lang: b.ui.Code, Dir: "ltr", Class: timelineClass(o), Scheme: colorScheme(o.Theme), Vars: timelineVars(o),
		NoReferrer: o.DNT, CSS: r.cssFor(hasRich(tv.Items...)), Script: r.script, UI: b.ui, T: b.ui.Timeline, Live: o.AriaPolite,
	}
	if b.ui.RTL {
		d.Dir = "rtl"
	}
	if s := tv.state(); s != StateVisible {
		d.Tomb = d.tombstone(b.ui, s)
		d.Title = d.Tomb
		return d, nil
	}
	d.Title = r.timelineTitle(tv, d.T, b.ui.Code)
	d.OEmbedJSON, _ = r.OEmbedDiscovery(r.PageURL(tv))
	if !o.Chrome.Has(ChromeNoHeader) {
		d.Head = r.timelineHead(b, tv, d.T)
	}
	if err := r.timelineItems(d, tv, o); err != nil {
		return nil, err
	}
	d.shareIcons()
	d.Footer = !o.Chrome.Has(ChromeNoFooter)
	r.timelineFooter(d, tv, o)
	return d, nil
}

// state is the state the timeline renders; a profile without an owner, a
// list without its row or a hashtag without a tag counts as missing.
func (tv *TimelineView) state() State {
	if tv == nil {
		return StateDeleted
	}
	if tv.State != StateVisible {
		return tv.State
	}
	switch {
	case tv.Kind == TimelineProfile && tv.Owner != nil,
		tv.Kind == TimelineList && tv.List != nil,
		tv.Kind == TimelineHashtag && tv.Tag != "",
		tv.Kind == TimelineSearch && tv.Query != "",
		tv.Kind == TimelineCollection && tv.Collection != nil:
		return StateVisible
	}
	return StateDeleted
}

func (d *timelineDoc) tombstone(ui *uiLang, s State) string {
	switch s {
	case StateProtected:
		return d.T.Protected
	case StateSuspended:
		return ui.Suspended
	}
	return d.T.Missing
}

// timelineTitle is the document title and the feed's accessible name.
func (r *Renderer) timelineTitle(tv *TimelineView, t timelineText, code string) string {
	switch tv.Kind {
	case TimelineList:
		return strings.TrimSpace(tv.List.Name)
	case TimelineHashtag:
		return strings.Replace(t.PostsTagged, "%s", "#"+tv.Tag, 1)
	case TimelineSearch:
		return strings.Replace(t.PostsMatching, "%s", tv.Query, 1)
	case TimelineCollection:
		return strings.TrimSpace(tv.Collection.Name)
	}
	return strings.Replace(t.PostsBy, "%s", displayName(tv.Owner), 1)
}

// displayName is the name a header shows: the name, or the handle when the
// name is blank.
func displayName(u *storage.User) string {
	if n := strings.TrimSpace(u.Name); n != "" {
		return n
	}
	return u.Handle
}

// timelineItems renders every visible item with the card template, so a
// timeline shows exactly the markup of /embed/post, except that the cards
// draw their icons by reference: ten cards would repeat each icon ten times.
func (r *Renderer) timelineItems(d *timelineDoc, tv *TimelineView, o TimelineOptions) error {
	b := r.builder(o.postOptions())
	b.iconRefs = true
	if tv.Grid {
		d.Tiles = r.gridTiles(b, tv)
		return nil
	}
	for i, v := range tv.Items {
		if !v.visible() {
			continue // a post that cannot be shown vanishes from a timeline
		}
		c := b.card(v)
		frag, err := r.cardFragment(c)
		if err != nil {
			return err
		}
		if i < len(tv.Notes) && tv.Notes[i] != "" {
			frag = noteHTML(tv.Notes[i]) + frag
		}
		d.Items = append(d.Items, frag)
		d.Icons.add(c)
	}
	d.IconRefs = len(d.Items) > 0
	return nil
}

// shareIcons lets the header's badge use the cards' symbols when there
// are cards, so the document defines each icon once.
func (d *timelineDoc) shareIcons() {
	if d.Head == nil || !d.IconRefs {
		return
	}
	d.Head.IconRefs = true
	d.Icons.Badge = d.Icons.Badge || d.Head.Verified
}

// iconSet names the optional symbols of a document whose icons are drawn
// by reference ("icondefs"); a full card's four icons are always defined.
type iconSet struct {
	Badge bool // a verified author somewhere
	Info  bool // a tombstone inside a card (quoted or parent post)
}

// add records the icons a built card and its nested cards show.
func (s *iconSet) add(c *cardView) {
	for _, x := range []*cardView{c, c.Quote, c.Parent} {
		if x != nil {
			s.Badge = s.Badge || x.Verified
			s.Info = s.Info || x.Tomb != ""
		}
	}
}

// timelineFooter fills the paging links. They are absolute URLs of the
// same route built from the normalised options, so they carry nothing a
// visitor or the page typed; they navigate the frame itself (no JS needed).
func (r *Renderer) timelineFooter(d *timelineDoc, tv *TimelineView, o TimelineOptions) {
	self, extra := r.timelineURL(tv), tv.routeQuery()
	if tv.NextBefore > 0 && len(d.Items) > 0 {
		d.More = self + o.query(tv.NextBefore, extra...)
	}
	if o.Before != 0 {
		d.Newest = self + o.query(0, extra...)
	}
	if tv.Kind == TimelineProfile {
		d.Home = r.links.profile(tv.Owner.Handle)
	}
}

// timelineURL is the widget route of the timeline, without a query.
func (r *Renderer) timelineURL(tv *TimelineView) string {
	switch tv.Kind {
	case TimelineList:
		return r.links.base + "/embed/list/" + strconv.FormatInt(tv.List.ID, 10)
	case TimelineHashtag:
		return r.links.hashtag(tv.Tag)
	case TimelineSearch:
		return r.links.base + "/embed/search"
	case TimelineCollection:
		return r.links.base + "/embed/collection/" + strconv.FormatInt(tv.Collection.ID, 10)
	}
	return r.links.base + "/embed/timeline/" + url.PathEscape(tv.Owner.Handle)
}

// routeQuery is what the route itself takes in its query string, as
// key-value pairs for query (a search's q).
func (tv *TimelineView) routeQuery() []string {
	switch {
	case tv.Kind == TimelineSearch:
		return []string{"q", tv.Query}
	case tv.Grid:
		return []string{"layout", "grid"}
	}
	return nil
}

// query writes the options that differ from the defaults, the cursor and
// the route's own parameters (key-value pairs) as a query string ("" when
// there is nothing to write).
func (o TimelineOptions) query(before int64, route ...string) string {
	def := DefaultTimelineOptions()
	q := url.Values{}
	for i := 0; i+1 < len(route); i += 2 {
		q.Set(route[i], route[i+1])
	}
	set := func(key, val string, differs bool) {
		if differs {
			q.Set(key, val)
		}
	}
	set("theme", o.Theme, o.Theme != def.Theme)
	set("lang", o.Lang, o.Lang != def.Lang)
	set("dnt", "true", o.DNT)
	set("width", strconv.Itoa(o.Width), o.Width != 0)
	set("height", strconv.Itoa(o.Height), o.Height != 0)
	set("limit", strconv.Itoa(o.Limit), o.Limit != def.Limit)
	set("chrome", o.Chrome.String(), o.Chrome != 0)
	set("show_replies", "true", o.ShowReplies)
	set("hide_media", "true", o.HideMedia)
	set("border_color", o.BorderColor, o.BorderColor != "")
	set("link_color", o.LinkColor, o.LinkColor != "")
	set("aria_polite", o.AriaPolite, o.AriaPolite != def.AriaPolite)
	set("before", strconv.FormatInt(before, 10), before > 0)
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// timelineClass returns the classes on <html>: the theme and the chrome
// and height switches of the timeline rules in card.css.
func timelineClass(o TimelineOptions) string {
	class := o.Theme
	for _, c := range [...]struct {
		on   bool
		name string
	}{
		{o.Height > 0, " fx"}, {o.Chrome.Has(ChromeNoBorders), " nb"},
		{o.Chrome.Has(ChromeNoScrollbar), " ns"}, {o.Chrome.Has(ChromeTransparent), " tr"},
	} {
		if c.on {
			class += c.name
		}
	}
	return class
}

// timelineVars returns the custom properties the options set: width,
// height and colours, all numbers or validated colours.
func timelineVars(o TimelineOptions) template.CSS {
	var decls []string
	if o.Width > 0 {
		decls = append(decls, "--tw:"+strconv.Itoa(o.Width)+"px")
	}
	if o.Height > 0 {
		decls = append(decls, "--th:"+strconv.Itoa(o.Height)+"px")
	}
	if o.LinkColor != "" {
		decls = append(decls, "--ln:"+o.LinkColor)
	}
	if o.BorderColor != "" {
		decls = append(decls, "--bd:"+o.BorderColor)
	}
	return cssValue(strings.Join(decls, ";"))
}
