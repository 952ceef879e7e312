package server

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// embedSearch serves GET /embed/search?q=…: the newest visible posts
// matching the query, with every timeline option. The key holds the
// cleaned query (as typed, so the header shows what the publisher wrote);
// the rendering depends on every change that touches posts or users
// (cache.Deps.Search), since any of them can make a post match or stop
// matching. A blank query is the 404 of a timeline that does not exist.
func (s *Server) embedSearch(c *fiber.Ctx) error {
	opts := widgets.ParseTimelineOptions(queryGetter(c))
	q := cleanSearch(c.Query("q"))
	key := "search?" + opts.Key() + ";q=" + q
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		if q == "" {
			return s.renderTimeline(missingTimeline(widgets.TimelineSearch), opts, &timelineLoader{})
		}
		l := &timelineLoader{viewLoader: viewLoader{st: s.st}, opts: opts}
		tv, err := l.search(ctx, q)
		if err != nil {
			return cache.Rendered{}, err
		}
		return s.renderTimeline(tv, opts, l)
	})
}

// search loads the newest visible posts matching q.
func (l *timelineLoader) search(ctx context.Context, q string) (*widgets.TimelineView, error) {
	tv := &widgets.TimelineView{Kind: widgets.TimelineSearch, Query: q}
	l.deps.Search = true
	posts, err := l.st.Search(ctx, storage.ParseSearch(q), l.query())
	if err != nil {
		return nil, err
	}
	return tv, l.items(ctx, tv, posts)
}

// cleanSearch is the form of a query that keys caches and shows in
// headers: valid UTF-8, whitespace collapsed, at most
// storage.MaxSearchBytes (the parser reads no more). It returns a new
// string: it outlives the request in the cache key.
func cleanSearch(raw string) string {
	q := strings.Join(strings.Fields(strings.ToValidUTF8(raw, " ")), " ")
	if len(q) > storage.MaxSearchBytes {
		cut := storage.MaxSearchBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = strings.TrimSpace(q[:cut])
	}
	return strings.Clone(q)
}

// publicSearch serves GET /api/v1/search?q=…&limit&before&replies: one
// page of the posts a search timeline shows, as public JSON. A blank or
// operator-free query is an empty page, not an error.
func (s *Server) publicSearch(c *fiber.Ctx) error {
	tq, err := timelineQuery(c)
	if err != nil {
		return err
	}
	q := cleanSearch(c.Query("q"))
	key := "api/search?l=" + strconv.Itoa(tq.Limit) + "&b=" + strconv.FormatInt(tq.Before, 10) +
		"&r=" + strconv.FormatBool(tq.IncludeReplies) + "&q=" + q
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		posts, err := s.st.Search(ctx, storage.ParseSearch(q), tq)
		if err != nil {
			return cache.Rendered{}, err
		}
		deps := cache.Deps{Search: true}
		for _, p := range posts {
			deps.Posts = append(deps.Posts, p.ID, p.QuoteOf, p.ReplyTo)
			deps.Users = append(deps.Users, p.AuthorID)
		}
		views, err := s.postViews(ctx, posts)
		if err != nil {
			return cache.Rendered{}, err
		}
		page := timelinePage{Data: views}
		if len(posts) == tq.Limit {
			page.NextBefore = optionalID(posts[len(posts)-1].ID)
		}
		return publicJSON(page, deps)
	})
}
