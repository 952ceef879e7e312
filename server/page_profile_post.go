package server

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// profilePageSize is how many posts a profile page lists.
const profilePageSize = 10

// pageHeaders is the profile of Roost's own pages for people: no script at
// all, styles inline, images from Roost only, never framed (the widget
// routes are the frameable form), cacheable like widgets so a delete
// reaches a CDN within the edge TTL.
func (s *Server) pageHeaders(c *fiber.Ctx) {
	origin := s.cfg.PublicURL
	if u, err := url.Parse(s.cfg.PublicURL); err == nil {
		origin = u.Scheme + "://" + u.Host
	}
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; img-src "+origin+
		" data:; media-src "+origin+"; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
	c.Set(fiber.HeaderCacheControl, s.widgetCC)
}

// permalinkPage serves GET /{handle}/status/{id}: the post's page, cached
// like a widget. A visible post asked for under another handle (or another
// case of it) is redirected to its canonical URL; a hidden one gets a
// tombstone page with the post-state status and nothing of the post.
func (s *Server) permalinkPage(c *fiber.Ctx) error {
	s.pageHeaders(c)
	lang := widgets.ParsePostOptions(queryGetter(c)).Lang
	handle := c.Params("handle")
	id, ok := strictID(c.Params("id"))
	if !ok || !isHandle(handle) {
		id = 0 // every malformed permalink shares the one tombstone entry
	}
	if id != 0 {
		canon := s.canonicalHandle(c, id)
		if canon != "" && canon != handle {
			return c.Redirect(s.permalink(canon, id)+langQuery(lang), fiber.StatusMovedPermanently)
		}
		if canon != "" {
			c.Set(fiber.HeaderLink, s.discoveryLink(s.permalink(canon, id)))
		}
	}
	key := "page/post/" + strconv.FormatInt(id, 10) + "?l=" + lang
	return s.servePage(c, key, func(ctx context.Context) (cache.Rendered, error) {
		l := &viewLoader{st: s.st}
		v := &widgets.PostView{State: widgets.StateDeleted}
		if id != 0 {
			var err error
			if v, err = l.post(ctx, id, 1); err != nil {
				return cache.Rendered{}, err
			}
		}
		body, err := s.widgets.PostPage(v, lang)
		if err != nil {
			return cache.Rendered{}, err
		}
		return cache.Rendered{Body: body, ContentType: htmlContentType, Status: v.State.HTTPStatus(), Deps: l.deps, TTL: l.ttl}, nil
	})
}

// langQuery keeps a non-default UI language across a redirect.
func langQuery(lang string) string {
	if lang == widgets.DefaultPostOptions().Lang {
		return ""
	}
	return "?lang=" + lang
}

// discoveryLink is the HTTP Link header form of a page's oEmbed discovery.
func (s *Server) discoveryLink(pageURL string) string {
	j, x := s.widgets.OEmbedDiscovery(pageURL)
	return "<" + j + `>; rel="alternate"; type="application/json+oembed", <` +
		x + `>; rel="alternate"; type="text/xml+oembed"`
}

// canonicalHandle returns the handle of a visible post's author, "" when
// the post cannot be shown (so a redirect never reveals a hidden author).
func (s *Server) canonicalHandle(c *fiber.Ctx, id int64) string {
	return s.cachedName(c, "handle-of/"+strconv.FormatInt(id, 10), func(ctx context.Context, l *viewLoader) (string, error) {
		v, err := l.post(ctx, id, 0)
		if err != nil || v.State != widgets.StateVisible {
			return "", err
		}
		return v.Author.Handle, nil
	})
}

// visibleHandle returns the stored spelling of a visible account's handle,
// "" when the account is unknown or hidden.
func (s *Server) visibleHandle(c *fiber.Ctx, handle string) string {
	return s.cachedName(c, "user-of/"+lowerASCII(handle), func(ctx context.Context, l *viewLoader) (string, error) {
		u, err := s.st.UserByHandle(ctx, handle)
		if isNotFound(err) {
			return "", nil
		} else if err != nil {
			return "", err
		}
		l.deps.Users = append(l.deps.Users, u.ID)
		if authorState(u) != widgets.StateVisible {
			return "", nil
		}
		return u.Handle, nil
	})
}

// cachedName answers a small lookup that decides a page's headers (a
// redirect, a Link header) from the render cache, with the ids it read as
// dependencies, so the page route stays a cache hit. On a store failure it
// returns "" and the page route itself decides what to answer.
func (s *Server) cachedName(c *fiber.Ctx, key string, lookup func(context.Context, *viewLoader) (string, error)) string {
	if e, look := s.cache.Get(key); look == cache.Hit {
		return string(e.Identity)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), renderTimeout)
	defer cancel()
	e, err := s.cache.Fill(ctx, key, func(ctx context.Context) (cache.Rendered, error) {
		l := &viewLoader{st: s.st}
		name, err := lookup(ctx, l)
		if err != nil {
			return cache.Rendered{}, err
		}
		r := cache.Rendered{Body: []byte(name), ContentType: plainContentType, Deps: l.deps}
		if len(l.deps.Users)+len(l.deps.Posts) == 0 {
			r.TTL = unknownNameTTL
		}
		return r, nil
	})
	if err != nil || e == nil {
		return ""
	}
	return string(e.Identity)
}

// profilePage serves GET /{handle}: the account's header and a page of its
// posts (?before= pages back), cached like a widget with the account and
// every shown post as dependencies. A new post by the author changes the
// author's version, so the first page is fresh at once.
func (s *Server) profilePage(c *fiber.Ctx) error {
	s.pageHeaders(c)
	lang := widgets.ParsePostOptions(queryGetter(c)).Lang
	handle := c.Params("handle")
	if !isHandle(handle) {
		handle = "" // reserved words and malformed names: the one 404 entry
	}
	before, _ := strictID(c.Query("before"))
	key := "page/profile/" + lowerASCII(handle) + "?b=" + strconv.FormatInt(before, 10) + ";l=" + lang
	if handle != "" {
		if canon := s.visibleHandle(c, handle); canon != "" {
			c.Set(fiber.HeaderLink, s.discoveryLink(s.cfg.PublicURL+"/"+canon))
		}
	}
	return s.servePage(c, key, func(ctx context.Context) (cache.Rendered, error) {
		pv, deps, err := s.loadProfile(ctx, handle, before)
		if err != nil {
			return cache.Rendered{}, err
		}
		body, err := s.widgets.ProfilePage(pv, lang)
		if err != nil {
			return cache.Rendered{}, err
		}
		r := cache.Rendered{Body: body, ContentType: htmlContentType, Status: pv.State.HTTPStatus(), Deps: deps}
		if pv.User == nil && len(deps.Users) == 0 {
			r.TTL = unknownNameTTL // no id to depend on: a user created later must show at once
		}
		return r, nil
	})
}

// unknownNameTTL is how long an answer about a handle that names nobody is
// kept: it has no id the version fence could watch for the user's creation.
const unknownNameTTL = time.Millisecond

// loadProfile reads the account and one page of its top-level posts.
func (s *Server) loadProfile(ctx context.Context, handle string, before int64) (*widgets.ProfileView, cache.Deps, error) {
	l := &viewLoader{st: s.st}
	pv := &widgets.ProfileView{State: widgets.StateDeleted, Before: before}
	if handle == "" {
		return pv, l.deps, nil
	}
	u, err := s.st.UserByHandle(ctx, handle)
	if isNotFound(err) {
		return pv, l.deps, nil
	} else if err != nil {
		return nil, l.deps, err
	}
	l.deps.Users = append(l.deps.Users, u.ID)
	if pv.State = authorState(u); pv.State != widgets.StateVisible {
		return pv, l.deps, nil
	}
	pv.User = u
	posts, err := s.st.UserTimeline(ctx, u.ID, storage.TimelineQuery{Before: before, Limit: profilePageSize + 1})
	if err != nil {
		return nil, l.deps, err
	}
	if len(posts) > profilePageSize {
		posts = posts[:profilePageSize]
		pv.NextBefore = posts[len(posts)-1].ID
	}
	for _, p := range posts {
		v, err := l.known(ctx, p, u)
		if err != nil {
			return nil, l.deps, err
		}
		pv.Posts = append(pv.Posts, v)
	}
	if u.AvatarMediaID != 0 {
		if pv.Avatar, err = s.st.MediaByID(ctx, u.AvatarMediaID); err != nil && !isNotFound(err) {
			return nil, l.deps, err
		}
	}
	return pv, l.deps, nil
}

// known builds the view of a post already read (a timeline row) by its
// visible author, loading its media and one level of quoted and parent posts.
func (l *viewLoader) known(ctx context.Context, p *storage.Post, author *storage.User) (*widgets.PostView, error) {
	l.deps.Posts = append(l.deps.Posts, p.ID)
	v := &widgets.PostView{State: widgets.StateVisible, Post: p, Author: author}
	if err := l.media(ctx, v); err != nil {
		return nil, err
	}
	return v, l.related(ctx, v, 1)
}

// lowerASCII lower-cases a handle for a cache key (handles are ASCII).
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
