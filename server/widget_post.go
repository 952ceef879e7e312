package server

import (
	"context"
	"strconv"
	"unsafe"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/widgets"
)

// htmlContentType is the content type of every widget document.
const htmlContentType = "text/html; charset=utf-8"

// embedPost serves GET /embed/post/{id}: one post as a complete HTML
// document for an iframe, from the render cache. The key holds only the id
// and the normalised options, so unknown parameters and odd values can
// neither grow the cache nor poison it.
func (s *Server) embedPost(c *fiber.Ctx) error {
	opts := widgets.ParsePostOptions(queryGetter(c))
	id, ok := parseID(c.Params("id"))
	if !ok {
		id = 0 // every malformed id shares the one tombstone entry
	}
	kb := s.keyBufs.Get().(*[]byte)
	defer s.keyBufs.Put(kb)
	k := append((*kb)[:0], "post/"...)
	k = strconv.AppendInt(k, id, 10)
	k = append(k, '?')
	k = opts.AppendKey(k)
	*kb = k
	key := unsafe.String(unsafe.SliceData(k), len(k)) // only read during this call; Fill copies it
	if e, hit := s.cachedEntry(c, key); hit {
		return writeEntry(c, e)
	}
	return s.fillWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		return s.renderPostDocument(ctx, id, opts)
	})
}

// newKeyBuffer is the keyBufs pool's constructor.
func newKeyBuffer() any {
	b := make([]byte, 0, 128)
	return &b
}

// renderPostDocument loads a post with its quoted post and reply parent
// and renders the card document (a tombstone for a post that cannot be
// shown, with the matching status).
func (s *Server) renderPostDocument(ctx context.Context, id int64, opts widgets.PostOptions) (cache.Rendered, error) {
	l := &viewLoader{st: s.st}
	v := &widgets.PostView{State: widgets.StateDeleted}
	if id != 0 {
		var err error
		if v, err = l.post(ctx, id, 1); err != nil {
			return cache.Rendered{}, err
		}
	}
	body, err := s.widgets.PostDocument(v, opts)
	if err != nil {
		return cache.Rendered{}, err
	}
	return cache.Rendered{Body: body, ContentType: htmlContentType,
		Status: v.State.HTTPStatus(), Deps: l.deps, TTL: l.ttl}, nil
}

// queryGetter adapts a request's query to the option parsers, which read
// only the names they know. Values are copied by the parsers where kept.
func queryGetter(c *fiber.Ctx) func(string) string {
	return func(key string) string { return c.Query(key) }
}
