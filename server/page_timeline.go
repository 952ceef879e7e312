package server

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// The human pages of the timelines that are not profiles: each shows the
// widget's posts as cards without script, with Open Graph and twitter:card
// meta, oEmbed discovery <link>s early in <head> and the same discovery in
// an HTTP Link header, so pasting the page's URL into a CMS gives an embed.
// They are cached like the widgets, with the loaders' dependencies.

// hashtagPage serves GET /hashtag/{tag}.
func (s *Server) hashtagPage(c *fiber.Ctx) error {
	tag, ok := validTag(c.Params("tag"))
	ref := &widgets.TimelineView{Kind: widgets.TimelineHashtag, Tag: tag}
	return s.timelinePage(c, "hashtag/"+tag, ok, ref, func(ctx context.Context, l *timelineLoader) (*widgets.TimelineView, error) {
		return l.hashtag(ctx, tag)
	})
}

// listPage serves GET /i/lists/{id}.
func (s *Server) listPage(c *fiber.Ctx) error {
	id, ok := strictID(c.Params("id"))
	ref := &widgets.TimelineView{Kind: widgets.TimelineList, List: &storage.List{ID: id}}
	return s.timelinePage(c, "list/"+strconv.FormatInt(id, 10), ok, ref, func(ctx context.Context, l *timelineLoader) (*widgets.TimelineView, error) {
		return l.list(ctx, id)
	})
}

// collectionPage serves GET /i/collections/{id}.
func (s *Server) collectionPage(c *fiber.Ctx) error {
	id, ok := strictID(c.Params("id"))
	ref := &widgets.TimelineView{Kind: widgets.TimelineCollection, Collection: &storage.Collection{ID: id}}
	return s.timelinePage(c, "collection/"+strconv.FormatInt(id, 10), ok, ref, func(ctx context.Context, l *timelineLoader) (*widgets.TimelineView, error) {
		return l.collection(ctx, id, false)
	})
}

// searchPage serves GET /search?q=…; a blank query is the 404 page.
func (s *Server) searchPage(c *fiber.Ctx) error {
	q := cleanSearch(c.Query("q"))
	ref := &widgets.TimelineView{Kind: widgets.TimelineSearch, Query: q}
	return s.timelinePage(c, "search?q="+q, q != "", ref, func(ctx context.Context, l *timelineLoader) (*widgets.TimelineView, error) {
		return l.search(ctx, q)
	})
}

// timelinePage serves one of these pages: name keys the cache (with the
// cursor and language), ok says the URL is well-formed (else the one
// tombstone, without discovery), ref names the timeline for its canonical
// URL, load reads it.
func (s *Server) timelinePage(c *fiber.Ctx, name string, ok bool, ref *widgets.TimelineView,
	load func(context.Context, *timelineLoader) (*widgets.TimelineView, error)) error {
	s.pageHeaders(c)
	opts := widgets.ParseTimelineOptions(func(key string) string {
		if key == "before" || key == "lang" {
			return c.Query(key)
		}
		return "" // a page takes only the cursor and the UI language
	})
	opts.Limit = profilePageSize
	if !ok {
		name = "missing"
	} else {
		c.Set(fiber.HeaderLink, s.discoveryLink(s.widgets.PageURL(ref)))
	}
	key := "page/" + name + "&b=" + strconv.FormatInt(opts.Before, 10) + ";l=" + opts.Lang
	return s.servePage(c, key, func(ctx context.Context) (cache.Rendered, error) {
		l := &timelineLoader{viewLoader: viewLoader{st: s.st}, opts: opts}
		tv := &widgets.TimelineView{State: widgets.StateDeleted}
		if ok {
			var err error
			if tv, err = load(ctx, l); err != nil {
				return cache.Rendered{}, err
			}
		}
		body, err := s.widgets.TimelinePage(tv, opts.Lang, opts.Before)
		if err != nil {
			return cache.Rendered{}, err
		}
		return cache.Rendered{Body: body, ContentType: htmlContentType, Status: tv.State.HTTPStatus(), Deps: l.deps}, nil
	})
}
