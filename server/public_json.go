package server

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/storage"
)

// Timeline page sizes of the public JSON.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// visible returns the error a logged-out visitor gets for u's content:
// nil, 403 for a protected author, 410 for a suspended one.
func visible(u *storage.User) error {
	switch {
	case u.Suspended:
		return errorf(410, "", "this account is suspended")
	case u.Protected:
		return errorf(403, "", "this account's posts are protected")
	}
	return nil
}

// publicPost serves GET /api/v1/posts/{id} from the render cache: the
// answer depends on the post and its author, so an edit, a delete or a
// change of the author's state shows on the next request.
func (s *Server) publicPost(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return errorf(404, "", "no post has the id %q", c.Params("id"))
	}
	return s.serveWidget(c, "api/post/"+strconv.FormatInt(id, 10), func(ctx context.Context) (cache.Rendered, error) {
		deps := cache.Deps{Posts: []int64{id}}
		p, err := s.st.PostByID(ctx, id)
		if err != nil {
			return publicError(err, deps)
		}
		deps.Users = []int64{p.AuthorID}
		author, err := s.st.UserByID(ctx, p.AuthorID)
		if err == nil {
			err = visible(author)
		}
		if err != nil {
			return publicError(err, deps)
		}
		views, err := s.postViews(ctx, []*storage.Post{p})
		if err != nil {
			return cache.Rendered{}, err
		}
		return publicJSON(dataBody{views[0]}, deps)
	})
}

// publicUser serves GET /api/v1/users/{handle} from the render cache.
func (s *Server) publicUser(c *fiber.Ctx) error {
	handle := strings.ToLower(c.Params("handle"))
	return s.serveWidget(c, "api/user/"+handle, func(ctx context.Context) (cache.Rendered, error) {
		u, err := s.st.UserByHandle(ctx, handle)
		if err != nil {
			// An unknown handle may be created by any write: depend on all.
			return publicError(err, cache.Deps{All: true})
		}
		deps := cache.Deps{Users: []int64{u.ID}}
		if err := visible(u); err != nil {
			return publicError(err, deps)
		}
		v, err := s.userWithAvatar(ctx, u)
		if err != nil {
			return cache.Rendered{}, err
		}
		return publicJSON(dataBody{v}, deps)
	})
}

// publicJSON is a cacheable 200 answer.
func publicJSON(v any, deps cache.Deps) (cache.Rendered, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return cache.Rendered{}, err
	}
	return cache.Rendered{Body: b, ContentType: fiber.MIMEApplicationJSONCharsetUTF8, Status: fiber.StatusOK, Deps: deps}, nil
}

// publicError turns what a visitor may be told (404, 403, 410) into a
// cacheable answer with the same dependencies as the content it stands
// for; a store failure stays an error, for stale-if-error or a 503.
func publicError(err error, deps cache.Deps) (cache.Rendered, error) {
	ae := classify(err)
	if ae.Status >= 500 {
		return cache.Rendered{}, err
	}
	return publicJSONStatus(errorBody{Error: errorDetail{Code: ae.Code, Message: ae.Message, Field: ae.Field}}, ae.Status, deps)
}

func publicJSONStatus(v any, status int, deps cache.Deps) (cache.Rendered, error) {
	r, err := publicJSON(v, deps)
	r.Status = status
	return r, err
}

// timelinePage is the answer of GET /api/v1/users/{handle}/posts. NextBefore
// is the "before" of the next page, absent on the last one.
type timelinePage struct {
	Data       []postJSON `json:"data"`
	NextBefore *ID        `json:"next_before,omitempty"`
}

// publicUserPosts serves GET /api/v1/users/{handle}/posts?limit&before&replies
// from the render cache; the key holds the normalised query only.
func (s *Server) publicUserPosts(c *fiber.Ctx) error {
	q, err := timelineQuery(c)
	if err != nil {
		return err
	}
	handle := strings.ToLower(c.Params("handle"))
	key := "api/userposts/" + handle + "?l=" + strconv.Itoa(q.Limit) + "&b=" +
		strconv.FormatInt(q.Before, 10) + "&r=" + strconv.FormatBool(q.IncludeReplies)
	return s.serveWidget(c, key, func(ctx context.Context) (cache.Rendered, error) {
		return s.renderUserPosts(ctx, handle, q)
	})
}

// renderUserPosts reads one page of a user's posts. It depends on the user
// (a new post's change names its author) and on every post listed.
func (s *Server) renderUserPosts(ctx context.Context, handle string, q storage.TimelineQuery) (cache.Rendered, error) {
	u, err := s.st.UserByHandle(ctx, handle)
	if err != nil {
		return publicError(err, cache.Deps{All: true})
	}
	deps := cache.Deps{Users: []int64{u.ID}}
	if err := visible(u); err != nil {
		return publicError(err, deps)
	}
	posts, err := s.st.UserTimeline(ctx, u.ID, q)
	if err != nil {
		return cache.Rendered{}, err
	}
	for _, p := range posts {
		deps.Posts = append(deps.Posts, p.ID)
	}
	views, err := s.postViews(ctx, posts)
	if err != nil {
		return cache.Rendered{}, err
	}
	page := timelinePage{Data: views}
	if len(posts) == q.Limit {
		page.NextBefore = optionalID(posts[len(posts)-1].ID)
	}
	return publicJSON(page, deps)
}

// timelineQuery reads limit (clamped to 1–100), before and replies.
func timelineQuery(c *fiber.Ctx) (storage.TimelineQuery, error) {
	q := storage.TimelineQuery{Limit: defaultPageSize, IncludeReplies: c.Query("replies") == "true"}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return q, errorf(400, "limit", "limit must be a whole number")
		}
		q.Limit = max(1, min(n, maxPageSize))
	}
	if v := c.Query("before"); v != "" {
		id, ok := parseID(v)
		if !ok {
			return q, errorf(400, "before", "before must be a post id")
		}
		q.Before = id
	}
	return q, nil
}
