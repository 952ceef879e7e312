package server

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

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

// publicPost serves GET /api/v1/posts/{id}.
func (s *Server) publicPost(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	p, err := s.postByParam(ctx, c)
	if err != nil {
		return err
	}
	author, err := s.st.UserByID(ctx, p.AuthorID)
	if err != nil {
		return err
	}
	if err := visible(author); err != nil {
		return err
	}
	return s.sendPost(ctx, c, fiber.StatusOK, p)
}

// publicUser serves GET /api/v1/users/{handle}.
func (s *Server) publicUser(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	u, err := s.st.UserByHandle(ctx, c.Params("handle"))
	if err != nil {
		return err
	}
	if err := visible(u); err != nil {
		return err
	}
	return s.sendUser(ctx, c, fiber.StatusOK, u)
}

// timelinePage is the answer of GET /api/v1/users/{handle}/posts. NextBefore
// is the "before" of the next page, absent on the last one.
type timelinePage struct {
	Data       []postJSON `json:"data"`
	NextBefore *ID        `json:"next_before,omitempty"`
}

// publicUserPosts serves GET /api/v1/users/{handle}/posts?limit&before&replies.
func (s *Server) publicUserPosts(c *fiber.Ctx) error {
	q, err := timelineQuery(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	u, err := s.st.UserByHandle(ctx, c.Params("handle"))
	if err != nil {
		return err
	}
	if err := visible(u); err != nil {
		return err
	}
	posts, err := s.st.UserTimeline(ctx, u.ID, q)
	if err != nil {
		return err
	}
	views, err := s.postViews(ctx, posts)
	if err != nil {
		return err
	}
	page := timelinePage{Data: views}
	if len(posts) == q.Limit {
		page.NextBefore = optionalID(posts[len(posts)-1].ID)
	}
	return sendJSON(c, fiber.StatusOK, page)
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
