package widgets

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// ProfileView is what a profile page shows: the account, one page of its
// visible posts (newest first) and the paging cursors. A State other than
// visible renders a tombstone page.
type ProfileView struct {
	State      State
	User       *storage.User
	Avatar     *storage.Media
	Posts      []*PostView
	Before     int64 // the cursor this page was asked with, 0 for the newest
	NextBefore int64 // the cursor of the next (older) page, 0 when none
}

// pageHead is the top of a page's <head>: everything a link unfurler reads
// (title, description, canonical, Open Graph, twitter:card, oEmbed
// discovery), written before the stylesheet so it sits in the first bytes.
type pageHead struct {
	Lang, Dir             string
	Title, Description    string
	Canonical             string
	OGType, OGTitle       string
	Image                 *imageView
	TwitterCard           string
	OEmbedJSON, OEmbedXML string
	NoIndex               bool
	CSS                   template.CSS
	// Link-card meta (page_meta.go): visible posts and profiles only.
	Author, AuthorURL string
	Published         string // RFC 3339
	Locale            string // og:locale: the post's own language, else the page's
	TwitterCreator    string // @handle on X, for accounts imported from X
	JSONLD            template.JS
}

// postPageView is the template model of a permalink page.
type postPageView struct {
	Head  pageHead
	T     pageText
	Card  template.HTML
	Embed string // the configurator for this post; "" on a tombstone
}

// profilePageView is the template model of a profile page.
type profilePageView struct {
	Head                 pageHead
	T                    pageText
	Tomb                 string
	UI                   *uiLang
	Name, Handle         string
	Verified             bool
	Avatar               *imageView
	Initial              string
	InitialClass         string
	Bio, Location        string
	URL, URLText         string
	Followers, Following string
	Cards                []template.HTML
	Older, Newest        string
	Embed                string
	IconRefs             bool // read by the badge and tombstone; false: a page draws its icons inline
}

// maxDescription is the length of a page description, in characters.
const maxDescription = 200

// OEmbedDiscovery returns the oEmbed endpoint URLs a page about pageURL
// advertises, in JSON and XML, with iframe=true so that consumers which
// strip scripts (WordPress) still get an embed that sizes itself. The server
// sends the same URLs in its Link header.
func (r *Renderer) OEmbedDiscovery(pageURL string) (jsonHref, xmlHref string) {
	base := r.links.base + "/oembed?url=" + url.QueryEscape(pageURL)
	return base + "&format=json&iframe=true", base + "&format=xml&iframe=true"
}

// PostPage renders the permalink page of a post: the card for people, the
// meta tags for machines, an Embed action. A hidden post gets a tombstone
// page without any of the post's data; the server answers v.State.HTTPStatus().
func (r *Renderer) PostPage(v *PostView, lang string) ([]byte, error) {
	o := DefaultPostOptions()
	o.Lang = supportedLang(lang)
	b := r.builder(o)
	card, err := r.PostFragment(v, o)
	if err != nil {
		return nil, err
	}
	d := &postPageView{T: r.lang(o.Lang).Page, Card: card}
	d.Head = r.head(b.ui)
	d.Head.CSS = r.cssFor(hasRich(v))
	if !v.visible() {
		d.Head.Title, d.Head.NoIndex = b.tombstone(v.state()), true
		return r.page("page_post", d)
	}
	c := b.base(v, false)
	h := &d.Head
	h.Canonical = c.Permalink
	h.OGType, h.OGTitle = "article", strings.Replace(d.T.OnRoost, "%s", c.Name, 1)
	h.Description = describe(v.Post)
	h.Title = h.OGTitle + ": “" + h.Description + "”"
	h.OEmbedJSON, h.OEmbedXML = r.OEmbedDiscovery(h.Canonical)
	h.TwitterCard, h.Image = "summary", r.avatarImage(v.Avatar)
	if len(c.Media) > 0 && c.CW == "" && c.Media[0].Src != "" { // a video's Src is its poster
		h.TwitterCard, h.Image = "summary_large_image", &c.Media[0]
	}
	r.postMeta(h, v, c, b.ui.Code)
	d.Embed = r.publishURL(h.Canonical)
	return r.page("page_post", d)
}

// ProfilePage renders a profile page: the account's header, a page of its
// posts as cards, paging links that work without script, an Embed action.
func (r *Renderer) ProfilePage(pv *ProfileView, lang string) ([]byte, error) {
	o := DefaultPostOptions()
	o.Lang = supportedLang(lang)
	b := r.builder(o)
	d := &profilePageView{T: b.ui.Page, UI: b.ui}
	d.Head = r.head(b.ui)
	d.Head.CSS = r.cssFor(hasRich(pv.Posts...))
	if pv.State != StateVisible || pv.User == nil {
		d.Tomb = d.T.Missing
		switch pv.State {
		case StateProtected:
			d.Tomb = b.ui.Protected
		case StateSuspended:
			d.Tomb = b.ui.Suspended
		}
		d.Head.Title, d.Head.NoIndex = d.Tomb, true
		return r.page("page_profile", d)
	}
	if err := r.fillProfile(d, b, pv); err != nil {
		return nil, err
	}
	return r.page("page_profile", d)
}

// fillProfile fills the header, cards, paging and meta of a visible profile.
func (r *Renderer) fillProfile(d *profilePageView, b *builder, pv *ProfileView) error {
	u := pv.User
	c := &cardView{}
	b.author(c, u, pv.Avatar)
	d.Name, d.Handle, d.Verified = c.Name, c.Handle, c.Verified
	d.Avatar, d.Initial, d.InitialClass = c.Avatar, c.Initial, c.InitialClass
	d.Bio, d.Location = strings.TrimSpace(u.Bio), strings.TrimSpace(u.Location)
	if isWebURL(u.URL) {
		d.URL, d.URLText = u.URL, displayURL(u.URL)
	}
	d.Followers = b.ui.count(d.T.Followers, u.FollowersCount, b.ui.numbers.grouped(max(u.FollowersCount, 0)))
	d.Following = b.ui.count(d.T.Following, u.FollowingCount, b.ui.numbers.grouped(max(u.FollowingCount, 0)))
	for _, v := range pv.Posts {
		card, err := r.PostFragment(v, b.o)
		if err != nil {
			return err
		}
		d.Cards = append(d.Cards, card)
	}
	profile := r.links.profile(u.Handle)
	if pv.NextBefore != 0 {
		d.Older = profile + "?before=" + strconv.FormatInt(pv.NextBefore, 10)
	}
	if pv.Before != 0 {
		d.Newest = profile
	}
	d.Embed = r.publishURL(profile)
	h := &d.Head
	h.Canonical, h.OGType = profile, "profile"
	h.OGTitle = d.Name + " (@" + d.Handle + ")"
	h.Title = strings.Replace(d.T.OnRoost, "%s", h.OGTitle, 1)
	h.Description = truncate(oneLine(d.Bio), maxDescription)
	if h.Description == "" {
		h.Description = strings.Replace(d.T.PostsBy, "%s", d.Name, 1)
	}
	h.OEmbedJSON, h.OEmbedXML = r.OEmbedDiscovery(profile)
	h.TwitterCard, h.Image = "summary", r.avatarImage(pv.Avatar)
	r.profileMeta(h, u, h.Image, b.ui.Code)
	return nil
}

// head starts a page's head with what every page has.
func (r *Renderer) head(ui *uiLang) pageHead {
	h := pageHead{Lang: ui.Code, Dir: "ltr", CSS: r.css}
	if ui.RTL {
		h.Dir = "rtl"
	}
	return h
}

// avatarImage is the og:image of a page without a post image.
func (r *Renderer) avatarImage(m *storage.Media) *imageView {
	if m == nil || m.Path == "" || m.Width <= 0 || m.Height <= 0 {
		return nil
	}
	return &imageView{Src: r.links.media(m.Path), Width: m.Width, Height: m.Height}
}

// publishURL opens the configurator with a URL filled in.
func (r *Renderer) publishURL(target string) string {
	return r.links.base + "/publish?url=" + url.QueryEscape(target)
}

// page executes a page template and minifies the result.
func (r *Renderer) page(name string, data any) ([]byte, error) {
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.tmpl.ExecuteTemplate(buf, name, data); err != nil {
		return nil, fmt.Errorf("widgets: rendering %s: %w", name, err)
	}
	return r.min.html(buf.Bytes())
}

// describe is a post's description for unfurlers: its text on one line, or
// only its content warning when it has one.
func describe(p *storage.Post) string {
	if s := strings.TrimSpace(p.Summary); s != "" {
		return truncate(oneLine(s), maxDescription)
	}
	return truncate(oneLine(p.Text), maxDescription)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate shortens s to at most n characters, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimSpace(string(runes[:n-1])) + "…"
}

// isWebURL accepts the absolute http(s) URLs a profile may link to.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// displayURL is a profile link as people read it: no scheme, no trailing slash.
func displayURL(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	return truncate(strings.TrimSuffix(s, "/"), 40)
}
