package widgets

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxBio is the most runes of a bio the header shows; CSS clamps it to two
// lines as well, so a long bio never pushes the posts out of view.
const maxBio = 280

// timelineHead builds the header of a visible timeline: the profile with
// its follow link, the list with its owner, or the tag.
func (r *Renderer) timelineHead(b *builder, tv *TimelineView, t timelineText) *timelineHead {
	h := &timelineHead{UI: b.ui}
	switch tv.Kind {
	case TimelineList:
		r.listHead(h, b, tv, t)
	case TimelineHashtag:
		h.Title = "#" + tv.Tag
		h.Home = r.links.hashtag(tv.Tag)
		h.Initial, h.InitialClass = "#", "c5"
	case TimelineCollection:
		r.collectionHead(h, b, tv)
	case TimelineSearch:
		h.Title = tv.Query
		h.Home = r.links.searchPage(tv.Query)
		h.Initial, h.InitialClass = "?", "c3"
		h.Bio = moreTimelineTexts(b.ui.Code).SearchHint
	default:
		r.profileHead(h, b, tv, t)
	}
	return h
}

// profileHead shows the account: avatar, name, badge, @handle, bio and a
// follow link to the intent page, which knows where the account lives.
func (r *Renderer) profileHead(h *timelineHead, b *builder, tv *TimelineView, t timelineText) {
	u := tv.Owner
	c := &cardView{}
	b.author(c, u, tv.Avatar)
	h.Title, h.Home, h.Verified = c.Name, c.Profile, u.Verified
	h.Avatar, h.Initial, h.InitialClass = c.Avatar, c.Initial, c.InitialClass
	h.SubHandle, h.SubURL = u.Handle, c.Profile
	h.Bio = clip(strings.TrimSpace(u.Bio), maxBio)
	h.Follow = r.links.base + "/intent/follow?screen_name=" + url.QueryEscape(u.Handle)
	h.FollowText = t.Follow
	h.FollowLabel = strings.Replace(t.FollowLabel, "%s", "@"+u.Handle, 1)
}

// listHead shows the list's name and description and, when the owner can
// be shown, "A list by @owner" with the owner's avatar.
func (r *Renderer) listHead(h *timelineHead, b *builder, tv *TimelineView, t timelineText) {
	l := tv.List
	h.Title = strings.TrimSpace(l.Name)
	h.Home = r.links.base + "/embed/list/" + strconv.FormatInt(l.ID, 10)
	h.Bio = clip(strings.TrimSpace(l.Description), maxBio)
	if u := tv.Owner; u != nil {
		c := &cardView{}
		b.author(c, u, tv.Avatar)
		h.Avatar, h.Initial, h.InitialClass = c.Avatar, c.Initial, c.InitialClass
		h.SubBefore, h.SubAfter, _ = strings.Cut(t.ListBy, "%s")
		h.SubHandle, h.SubURL = u.Handle, c.Profile
		return
	}
	r0, _ := utf8.DecodeRuneInString(h.Title)
	if r0 != utf8.RuneError {
		h.Initial = string(unicode.ToUpper(r0))
	}
	h.InitialClass = "c" + strconv.FormatInt((l.ID%avatarColours+avatarColours)%avatarColours, 10)
}

// clip cuts s to at most n runes, ending with an ellipsis when cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return strings.TrimSpace(s[:j]) + "…"
		}
		i++
	}
	return s
}
