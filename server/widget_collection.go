package server

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// embedCollection serves GET /embed/collection/{id}?layout=list|grid: the
// collection's visible posts in their curated order, as a timeline or as
// media-first tiles. It depends on the collection (its entries, order and
// details: Change.Collections), on every post shown and their authors; a
// deleted post, or a change of an entry author's state, names the
// collection too, so nothing hidden ever leaves a gap or a leak.
func (s *Server) embedCollection(c *fiber.Ctx) error {
	opts := widgets.ParseTimelineOptions(queryGetter(c))
	grid := strings.EqualFold(strings.TrimSpace(c.Query("layout")), "grid")
	id, ok := parseID(c.Params("id"))
	if !ok {
		id = 0
	}
	key := "collection/" + strconv.FormatInt(id, 10) + "?" + opts.Key() + ";g=" + strconv.FormatBool(grid)
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		if id == 0 {
			return s.renderTimeline(missingTimeline(widgets.TimelineCollection), opts, &timelineLoader{})
		}
		l := &timelineLoader{viewLoader: viewLoader{st: s.st}, opts: opts}
		tv, err := l.collection(ctx, id, grid)
		if err != nil {
			return cache.Rendered{}, err
		}
		return s.renderTimeline(tv, opts, l)
	})
}

// collection loads one page of a collection. The paging cursor (before)
// is a position in the collection, not a post id: the order is curated.
func (l *timelineLoader) collection(ctx context.Context, id int64, grid bool) (*widgets.TimelineView, error) {
	tv := &widgets.TimelineView{Kind: widgets.TimelineCollection, Grid: grid}
	l.deps.Collections = append(l.deps.Collections, id)
	col, err := l.st.CollectionByID(ctx, id)
	if isNotFound(err) {
		tv.State = widgets.StateDeleted
		return tv, nil
	} else if err != nil {
		return nil, err
	}
	tv.Collection = col
	if err := l.owner(ctx, tv, col.OwnerID); err != nil {
		return nil, err
	}
	after := -1
	if l.opts.Before > 0 {
		after = int(min(l.opts.Before, int64(storage.MaxCollectionEntries))) - 1
	}
	items, err := l.st.CollectionItems(ctx, id, after, l.opts.Limit+1)
	if err != nil {
		return nil, err
	}
	if len(items) > l.opts.Limit {
		items = items[:l.opts.Limit]
		// The cursor is the last shown position plus one, so that 0 stays
		// "from the start".
		tv.NextBefore = int64(items[len(items)-1].Position) + 1
	}
	for _, it := range items {
		author, err := l.user(ctx, it.Post.AuthorID)
		if err != nil && !isNotFound(err) {
			return nil, err
		}
		l.deps.Users = append(l.deps.Users, it.Post.AuthorID)
		if author == nil || authorState(author) != widgets.StateVisible {
			continue
		}
		v, err := l.known(ctx, it.Post, author)
		if err != nil {
			return nil, err
		}
		tv.Items = append(tv.Items, v)
		tv.Notes = append(tv.Notes, it.Note)
	}
	return tv, nil
}
