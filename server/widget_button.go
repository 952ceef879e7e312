package server

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/widgets"
)

// unknownUserTTL bounds how long a follow button rendered for an account
// that does not exist yet is kept: a later create of that handle touches no
// id the entry depends on, so time is what lets the count appear.
const unknownUserTTL = 10 * time.Second

// embedButton serves GET /embed/button/{kind}: a tiny document with one
// link to a Roost intent, built on the server, no script. The key holds
// only the normalised options; an unknown kind is a cached 404 document
// whose key ignores every parameter but theme and language.
func (s *Server) embedButton(c *fiber.Ctx) error {
	opts, ok := widgets.ParseButtonOptions(c.Params("kind"), ownedQuery(c))
	key := "button/" + opts.Key()
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		if !ok {
			return s.renderButton(opts, widgets.NoCount, fiber.StatusNotFound, cache.Deps{}, 0)
		}
		if opts.Kind == widgets.ButtonFollow && opts.ShowCount && opts.ScreenName != "" {
			return s.renderFollowButton(ctx, opts)
		}
		return s.renderButton(opts, widgets.NoCount, fiber.StatusOK, cache.Deps{}, 0)
	})
}

// renderFollowButton reads the account's follower count: the entry
// depends on that user, so an update shows on the next request. A count is
// shown only for an account a logged-out visitor may see.
func (s *Server) renderFollowButton(ctx context.Context, opts widgets.ButtonOptions) (cache.Rendered, error) {
	u, err := s.st.UserByHandle(ctx, opts.ScreenName)
	if isNotFound(err) {
		return s.renderButton(opts, widgets.NoCount, fiber.StatusOK, cache.Deps{}, unknownUserTTL)
	} else if err != nil {
		return cache.Rendered{}, err
	}
	count := u.FollowersCount
	if u.Protected || u.Suspended {
		count = widgets.NoCount
	}
	return s.renderButton(opts, count, fiber.StatusOK, cache.Deps{Users: []int64{u.ID}}, 0)
}

// renderButton renders a button document into a cache entry.
func (s *Server) renderButton(opts widgets.ButtonOptions, count int64, status int, deps cache.Deps, ttl time.Duration) (cache.Rendered, error) {
	body, err := s.widgets.ButtonDocument(opts, count)
	if err != nil {
		return cache.Rendered{}, err
	}
	return cache.Rendered{Body: body, ContentType: htmlContentType, Status: status, Deps: deps, TTL: ttl}, nil
}

// embedSharebar serves GET /embed/sharebar: plain share links for many
// networks, nothing fetched from anyone, with its own CSP (its stylesheet
// and one script, by hash).
func (s *Server) embedSharebar(c *fiber.Ctx) error {
	opts := widgets.ParseSharebarOptions(ownedQuery(c))
	key := "sharebar?" + opts.Key()
	return s.serveWidget(c, key, func(context.Context) (cache.Rendered, error) {
		body, err := s.widgets.SharebarDocument(opts)
		if err != nil {
			return cache.Rendered{}, err
		}
		return cache.Rendered{Body: body, ContentType: htmlContentType, Status: fiber.StatusOK}, nil
	})
}

// ownedQuery reads query values as copies: the options of buttons keep
// free-form strings, and a render may outlive the handler (a fill that
// another request joined, or one still running after a timeout) while
// Fiber reuses the request's memory.
func ownedQuery(c *fiber.Ctx) func(string) string {
	return func(key string) string { return strings.Clone(c.Query(key)) }
}
