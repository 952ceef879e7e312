package server

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/widgets"
)

// maxTagRunes is the longest hashtag the hashtag route accepts.
const maxTagRunes = 100

// embedTimeline serves GET /embed/timeline/{handle}: a profile timeline.
// The key holds the lower-cased handle (handles are case-insensitive) and
// the normalised options; every malformed handle shares one 404 entry.
func (s *Server) embedTimeline(c *fiber.Ctx) error {
	opts := widgets.ParseTimelineOptions(queryGetter(c))
	handle, ok := validHandle(c.Params("handle"))
	key := "timeline/" + handle + "?" + opts.Key()
	// Looked up before the render closure exists, so a hit does not
	// allocate it (the closure escapes into the cache's fill).
	if e, hit := s.cachedEntry(c, key); hit {
		return writeEntry(c, e)
	}
	return s.fillWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		if !ok {
			return s.renderTimeline(missingTimeline(widgets.TimelineProfile), opts, &timelineLoader{})
		}
		l := &timelineLoader{viewLoader: viewLoader{st: s.st}, opts: opts}
		tv, err := l.profile(ctx, handle)
		if err != nil {
			return cache.Rendered{}, err
		}
		return s.renderTimeline(tv, opts, l)
	})
}

// embedList serves GET /embed/list/{id}: the posts of a list's members.
func (s *Server) embedList(c *fiber.Ctx) error {
	opts := widgets.ParseTimelineOptions(queryGetter(c))
	id, ok := parseID(c.Params("id"))
	if !ok {
		id = 0
	}
	key := "list/" + strconv.FormatInt(id, 10) + "?" + opts.Key()
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		if id == 0 {
			return s.renderTimeline(missingTimeline(widgets.TimelineList), opts, &timelineLoader{})
		}
		l := &timelineLoader{viewLoader: viewLoader{st: s.st}, opts: opts}
		tv, err := l.list(ctx, id)
		if err != nil {
			return cache.Rendered{}, err
		}
		return s.renderTimeline(tv, opts, l)
	})
}

// embedHashtag serves GET /embed/hashtag/{tag}: the newest visible posts
// carrying #tag, any case, any script. The key holds the lower-cased tag.
func (s *Server) embedHashtag(c *fiber.Ctx) error {
	opts := widgets.ParseTimelineOptions(queryGetter(c))
	tag, ok := validTag(c.Params("tag"))
	key := "hashtag/" + tag + "?" + opts.Key()
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		if !ok {
			return s.renderTimeline(missingTimeline(widgets.TimelineHashtag), opts, &timelineLoader{})
		}
		l := &timelineLoader{viewLoader: viewLoader{st: s.st}, opts: opts}
		tv, err := l.hashtag(ctx, tag)
		if err != nil {
			return cache.Rendered{}, err
		}
		return s.renderTimeline(tv, opts, l)
	})
}

// renderTimeline renders the document and hands the cache what it was
// made from, with the status of the timeline's state.
func (s *Server) renderTimeline(tv *widgets.TimelineView, opts widgets.TimelineOptions, l *timelineLoader) (cache.Rendered, error) {
	body, err := s.widgets.TimelineDocument(tv, opts)
	if err != nil {
		return cache.Rendered{}, err
	}
	return cache.Rendered{Body: body, ContentType: htmlContentType, Status: tv.State.HTTPStatus(), Deps: l.deps, TTL: l.ttl}, nil
}

// missingTimeline is the 404 timeline of a malformed handle, id or tag.
// It depends on nothing: no write can make a malformed name valid.
func missingTimeline(kind widgets.TimelineKind) *widgets.TimelineView {
	return &widgets.TimelineView{Kind: kind, State: widgets.StateDeleted}
}

// validHandle returns the lower-cased handle when it has the shape of
// SURFACE.md's handles ([A-Za-z0-9_]{1,30}), else "" and false. The result
// is a new string: it outlives the request in the cache key.
func validHandle(raw string) (string, bool) {
	if raw == "" || len(raw) > 30 {
		return "", false
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return "", false
		}
	}
	return strings.Clone(strings.ToLower(raw)), true // ToLower returns its input when nothing changes
}

// validTag decodes a tag from the path ("%23Caf%C3%A9", "#café", "café"),
// drops one leading '#' and lower-cases it as the store indexes tags. It
// accepts letters, marks, numbers and connector punctuation (the runes a
// hashtag in post text may hold), up to maxTagRunes, else "" and false.
func validTag(raw string) (string, bool) {
	tag, err := url.PathUnescape(raw)
	if err != nil {
		return "", false
	}
	tag = strings.TrimPrefix(strings.TrimPrefix(tag, "#"), "＃")
	if tag == "" || !utf8.ValidString(tag) || utf8.RuneCountInString(tag) > maxTagRunes {
		return "", false
	}
	for _, r := range tag {
		if !tagRune(r) {
			return "", false
		}
	}
	return strings.Clone(strings.ToLower(tag)), true
}

// tagRune mirrors the entity finder's hashtag runes (package entity).
func tagRune(r rune) bool {
	switch r {
	case '\u200C', '\u200D', '\u00B7', '\u05F3', '\u05F4', '\u30FB':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || unicode.Is(unicode.Pc, r)
}
