package widgets

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// timelinePageView is the template model of a hashtag, list, search or
// collection page.
type timelinePageView struct {
	Head          pageHead
	T             pageText
	Tomb          string
	UI            *uiLang
	Heading, Sub  string
	Bio           string
	Cards         []template.HTML
	Older, Newest string
	Embed         string
	IconRefs      bool // read by the tombstone; false: a page draws its icons inline
}

// TimelinePage renders the human page of a timeline that is not a
// profile: the same posts as its widget, as cards, with Open Graph and
// twitter:card meta and oEmbed discovery of the page's own URL, so that
// pasting it into a CMS gives the embed. before is the cursor the page was
// asked with. A timeline that cannot show renders a tombstone page.
func (r *Renderer) TimelinePage(tv *TimelineView, lang string, before int64) ([]byte, error) {
	o := DefaultPostOptions()
	o.Lang = supportedLang(lang)
	b := r.builder(o)
	d := &timelinePageView{T: b.ui.Page, UI: b.ui, Head: r.head(b.ui)}
	if s := tv.state(); s != StateVisible {
		d.Tomb = (&timelineDoc{T: b.ui.Timeline}).tombstone(b.ui, s)
		d.Head.Title, d.Head.NoIndex = d.Tomb, true
		return r.page("page_timeline", d)
	}
	tt, more := b.ui.Timeline, moreTimelineTexts(o.Lang)
	for i, v := range tv.Items {
		card, err := r.PostFragment(v, o)
		if err != nil {
			return nil, err
		}
		if i < len(tv.Notes) && tv.Notes[i] != "" {
			card = noteHTML(tv.Notes[i]) + card
		}
		d.Cards = append(d.Cards, card)
	}
	page := r.PageURL(tv)
	d.Heading = r.timelineTitle(tv, tt, o.Lang)
	switch tv.Kind {
	case TimelineHashtag:
		d.Heading = "#" + tv.Tag
		d.Bio = strings.Replace(tt.PostsTagged, "%s", d.Heading, 1)
	case TimelineSearch:
		d.Heading = tv.Query
		d.Bio = more.SearchHint
	case TimelineCollection:
		d.Bio = strings.TrimSpace(tv.Collection.Description)
		if tv.Owner != nil {
			d.Sub = strings.Replace(more.CollectionBy, "%s", "@"+tv.Owner.Handle, 1)
		}
	case TimelineList:
		d.Bio = strings.TrimSpace(tv.List.Description)
		if tv.Owner != nil {
			d.Sub = strings.Replace(tt.ListBy, "%s", "@"+tv.Owner.Handle, 1)
		}
	}
	sep := "?"
	if strings.Contains(page, "?") {
		sep = "&"
	}
	if tv.NextBefore != 0 && len(d.Cards) > 0 {
		d.Older = page + sep + "before=" + strconv.FormatInt(tv.NextBefore, 10)
	}
	if before != 0 {
		d.Newest = page
	}
	d.Embed = r.publishURL(page)
	h := &d.Head
	h.Canonical, h.OGType, h.OGTitle = page, "website", d.Heading
	h.Title = strings.Replace(d.T.OnRoost, "%s", d.Heading, 1)
	h.Description = truncate(oneLine(firstNonBlank(d.Bio, d.Sub, h.Title)), maxDescription)
	h.OEmbedJSON, h.OEmbedXML = r.OEmbedDiscovery(page)
	h.TwitterCard = "summary"
	if tv.Owner != nil {
		h.Image = r.avatarImage(tv.Avatar)
	}
	return r.page("page_timeline", d)
}

// PageURL is the human page of a timeline: /{handle}, /hashtag/{tag},
// /i/lists/{id}, /search?q=…
func (r *Renderer) PageURL(tv *TimelineView) string {
	l := r.links
	switch tv.Kind {
	case TimelineHashtag:
		return l.base + "/hashtag/" + url.PathEscape(tv.Tag)
	case TimelineList:
		return l.base + "/i/lists/" + strconv.FormatInt(tv.List.ID, 10)
	case TimelineSearch:
		return l.searchPage(tv.Query)
	case TimelineCollection:
		return l.base + "/i/collections/" + strconv.FormatInt(tv.Collection.ID, 10)
	}
	return l.profile(tv.Owner.Handle)
}

func firstNonBlank(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
