package server

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// States of a pasted URL in the configurator: what the message says and
// what tests check (data-state on the message).
const (
	pubNone        = ""
	pubOK          = "ok"
	pubMalformed   = "malformed"
	pubUnknown     = "unknown"
	pubDeleted     = "deleted"
	pubProtected   = "protected"
	pubSuspended   = "suspended"
	pubForeign     = "foreign"
	pubNotImported = "notimported"
)

// resolution is what the configurator learnt about a pasted URL: the
// target to build widgets from, a state, and the sentences shown.
type resolution struct {
	target  widgets.PublishTarget
	state   string
	message string
	summary string
}

// resolvePublishURL reads a pasted URL with the oEmbed endpoint's strict
// parser and looks it up in the store; nothing is ever fetched. Only
// store failures are errors: every other outcome is a state with a message.
func (s *Server) resolvePublishURL(ctx context.Context, raw string) (resolution, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return resolution{}, nil
	}
	p, err := newEmbedURLParser(s.cfg.PublicURL)
	if err != nil {
		return resolution{}, err
	}
	t, err := p.parse(raw)
	switch {
	case errors.Is(err, errBadEmbedURL):
		return s.unparsed(raw, p, pubMalformed), nil
	case err != nil:
		return s.unparsed(raw, p, pubUnknown), nil
	}
	switch t.kind {
	case targetPost:
		return s.resolvePost(ctx, p, t, raw)
	case targetProfile:
		return s.resolveProfile(ctx, t.user)
	case targetList:
		return s.resolveList(ctx, t.id)
	case targetCollection:
		return s.resolveCollection(ctx, t.id, t.grid)
	case targetSearch:
		ref := &widgets.TimelineRef{Kind: widgets.TimelineSearch, Query: t.query, Name: t.query}
		return resolution{state: pubOK, summary: "Search \u201c" + t.query + "\u201d: the newest public posts that match it.",
			target: widgets.PublishTarget{Timeline: ref,
				PageURL: s.widgets.PageURL(&widgets.TimelineView{Kind: widgets.TimelineSearch, Query: t.query})}}, nil
	}
	ref := &widgets.TimelineRef{Kind: widgets.TimelineHashtag, Tag: t.tag, Name: "#" + t.tag}
	return resolution{state: pubOK, summary: "Hashtag #" + t.tag + ": the newest public posts that use it.",
		target: widgets.PublishTarget{Timeline: ref, Hashtag: t.tag,
			PageURL: s.cfg.PublicURL + "/embed/hashtag/" + url.PathEscape(t.tag)}}, nil
}

// unparsed explains a URL the parser did not accept. A page on another
// site can still be shared with a share button or bar.
func (s *Server) unparsed(raw string, p embedURLParser, state string) resolution {
	host := ""
	if u, err := url.Parse(raw); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	share := widgets.ParseShareURL(raw)
	switch {
	case state == pubMalformed && share == "":
		return resolution{state: pubMalformed, message: "This is not a URL Roost can read. Paste a full https:// link to a post, profile, list, hashtag, search or collection, for example " + s.cfg.PublicURL + "/handle/status/123."}
	case host != "" && host == p.host:
		return resolution{state: pubUnknown, message: "Nothing on this server has that address: paste a post permalink (/handle/status/ID), a profile (/handle), a list (/i/lists/ID), a hashtag (/hashtag/tag), a search (/search?q=…) or a collection (/i/collections/ID)."}
	case isXHost(host):
		return resolution{state: pubNotImported, message: "Roost only embeds X posts that were imported into this server, and it never fetches anything from X.",
			target: widgets.PublishTarget{PageURL: share}}
	}
	return resolution{state: pubForeign, target: widgets.PublishTarget{PageURL: share},
		message: "This page is on " + host + ", not on this Roost server (" + p.host + "). Roost embeds only its own content and imported posts, and never fetches other sites; you can still make a share button or share bar for the page."}
}

// resolvePost looks a post URL up with the same rules as oEmbed: an X or
// Mastodon URL names only the imported post it came from.
func (s *Server) resolvePost(ctx context.Context, p embedURLParser, t embedTarget, raw string) (resolution, error) {
	post, err := s.st.PostByID(ctx, t.id)
	if isNotFound(err) {
		return s.missingPost(t, raw), nil
	} else if err != nil {
		return resolution{}, err
	}
	author, err := s.st.UserByID(ctx, post.AuthorID)
	if isNotFound(err) {
		return s.missingPost(t, raw), nil
	} else if err != nil {
		return resolution{}, err
	}
	if !claims(p, t, post, author) {
		return s.missingPost(t, raw), nil
	}
	if r, hidden := hiddenAccount(author); hidden {
		return r, nil
	}
	l := &viewLoader{st: s.st}
	v, err := l.post(ctx, t.id, 1)
	if err != nil {
		return resolution{}, err
	}
	if v.State != widgets.StateVisible {
		return s.missingPost(t, raw), nil
	}
	return resolution{state: pubOK, summary: "Post by " + displayName(author) + " (@" + author.Handle + "), " + post.CreatedAt.UTC().Format("2 January 2006") + ".",
		target: widgets.PublishTarget{Post: v, Timeline: profileRef(author), PageURL: s.permalink(author.Handle, post.ID),
			ScreenName: author.Handle, Hashtag: firstHashtag(post)}}, nil
}

// missingPost explains a post URL that names nothing visible.
func (s *Server) missingPost(t embedTarget, raw string) resolution {
	if t.origin != originRoost {
		return resolution{state: pubNotImported, target: widgets.PublishTarget{PageURL: widgets.ParseShareURL(raw)},
			message: "This post has not been imported into this Roost server, so it cannot be embedded from here (Roost never fetches posts from other sites); you can still make a share button or share bar for it."}
	}
	return resolution{state: pubDeleted, message: "This post is unavailable: it was deleted, or never existed. An embed of it shows \u201cThis post is unavailable\u201d (HTTP 404)."}
}

// hiddenAccount explains an account whose content is never embedded.
func hiddenAccount(u *storage.User) (resolution, bool) {
	switch authorState(u) {
	case widgets.StateProtected:
		return resolution{state: pubProtected, message: "@" + u.Handle + "'s posts are protected: only approved followers may see them, so Roost does not embed them (an embed shows a tombstone, HTTP 403)."}, true
	case widgets.StateSuspended:
		return resolution{state: pubSuspended, message: "@" + u.Handle + " is suspended: its posts and timeline cannot be embedded (HTTP 410)."}, true
	}
	return resolution{}, false
}

// resolveProfile looks up a profile URL.
func (s *Server) resolveProfile(ctx context.Context, handle string) (resolution, error) {
	u, err := s.st.UserByHandle(ctx, handle)
	if isNotFound(err) {
		return resolution{state: pubUnknown, message: "There is no account @" + handle + " on this server."}, nil
	} else if err != nil {
		return resolution{}, err
	}
	if r, hidden := hiddenAccount(u); hidden {
		return r, nil
	}
	return resolution{state: pubOK, summary: "Profile of " + displayName(u) + " (@" + u.Handle + ").",
		target: widgets.PublishTarget{Timeline: profileRef(u), PageURL: s.cfg.PublicURL + "/" + u.Handle, ScreenName: u.Handle}}, nil
}

// resolveList looks up a list URL; a list follows its owner's state.
func (s *Server) resolveList(ctx context.Context, id int64) (resolution, error) {
	l, err := s.st.ListByID(ctx, id)
	if isNotFound(err) {
		return resolution{state: pubUnknown, message: "There is no list " + strconv.FormatInt(id, 10) + " on this server."}, nil
	} else if err != nil {
		return resolution{}, err
	}
	owner, err := s.st.UserByID(ctx, l.OwnerID)
	if isNotFound(err) {
		return resolution{state: pubUnknown, message: "This list has no owner any more, so it cannot be embedded."}, nil
	} else if err != nil {
		return resolution{}, err
	}
	if r, hidden := hiddenAccount(owner); hidden {
		return r, nil
	}
	ref := &widgets.TimelineRef{Kind: widgets.TimelineList, ListID: l.ID, Name: l.Name}
	return resolution{state: pubOK, summary: "List \u201c" + l.Name + "\u201d by " + displayName(owner) + " (@" + owner.Handle + ").",
		target: widgets.PublishTarget{Timeline: ref, ScreenName: owner.Handle,
			PageURL: s.cfg.PublicURL + "/embed/list/" + strconv.FormatInt(l.ID, 10)}}, nil
}

// resolveCollection looks up a collection URL; like a list, it follows
// its owner's state. grid keeps the layout the URL asked for.
func (s *Server) resolveCollection(ctx context.Context, id int64, grid bool) (resolution, error) {
	col, err := s.st.CollectionByID(ctx, id)
	if isNotFound(err) {
		return resolution{state: pubUnknown, message: "There is no collection " + strconv.FormatInt(id, 10) + " on this server."}, nil
	} else if err != nil {
		return resolution{}, err
	}
	owner, err := s.st.UserByID(ctx, col.OwnerID)
	if isNotFound(err) {
		return resolution{state: pubUnknown, message: "This collection has no owner any more, so it cannot be embedded."}, nil
	} else if err != nil {
		return resolution{}, err
	}
	if r, hidden := hiddenAccount(owner); hidden {
		return r, nil
	}
	ref := &widgets.TimelineRef{Kind: widgets.TimelineCollection, CollectionID: col.ID, Name: col.Name, Grid: grid}
	page := s.widgets.PageURL(&widgets.TimelineView{Kind: widgets.TimelineCollection, Collection: col})
	if grid {
		page += "?layout=grid" // the oEmbed code keeps the layout
	}
	return resolution{state: pubOK, summary: "Collection \u201c" + col.Name + "\u201d by " + displayName(owner) + " (@" + owner.Handle + ").",
		target: widgets.PublishTarget{Timeline: ref, ScreenName: owner.Handle, PageURL: page}}, nil
}

func profileRef(u *storage.User) *widgets.TimelineRef {
	return &widgets.TimelineRef{Kind: widgets.TimelineProfile, Handle: u.Handle, Name: displayName(u)}
}

// firstHashtag is the post's first #tag, the natural one for a hashtag button.
func firstHashtag(p *storage.Post) string {
	for _, e := range p.Entities {
		if e.Kind == storage.EntityHashtag {
			return e.Value
		}
	}
	return ""
}
