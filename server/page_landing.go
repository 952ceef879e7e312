package server

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// demoWriters are the demo accounts whose posts the landing page shows
// (package demo); the protected and suspended ones never appear.
func demoWriters() []string { return []string{"roost", "ada", "layla"} }

// demoListOffset is when the demo seeds its list: a day before demo.Base,
// which demoListID rebuilds the list's snowflake id from.
const demoListOffset = -24 * time.Hour

// samples is what the landing page found in the store: the demo writers
// and their visible posts, newest first, and the demo list.
type samples struct {
	users  []*storage.User
	posts  []*storage.Post
	list   *storage.List
	videos map[int64]bool // the posts showing a video or GIF
}

// landingPage serves GET /: every widget live on the store's content,
// each with a link that opens the configurator in the same state. Posts
// are found at request time from the demo writers' timelines; with no such
// content the page says how to add some.
func (s *Server) landingPage(c *fiber.Ctx) error {
	s.publishHeaders(c, s.widgets.LandingCSP())
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	sm, err := s.findSamples(ctx)
	if err != nil {
		return err
	}
	page := &widgets.LandingPage{Empty: len(sm.posts) == 0}
	if !page.Empty {
		if page.Sections, err = s.showcase(ctx, sm); err != nil {
			return err
		}
	}
	body, err := s.widgets.LandingPageHTML(page)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, htmlContentType)
	return c.Send(body)
}

// findSamples reads the demo writers, their posts and the demo list.
func (s *Server) findSamples(ctx context.Context) (*samples, error) {
	sm := &samples{}
	for _, h := range demoWriters() {
		u, err := s.st.UserByHandle(ctx, h)
		if isNotFound(err) {
			continue
		} else if err != nil {
			return nil, err
		}
		if authorState(u) != widgets.StateVisible {
			continue
		}
		posts, err := s.st.UserTimeline(ctx, u.ID, storage.TimelineQuery{Limit: 100, IncludeReplies: true})
		if err != nil {
			return nil, err
		}
		sm.users = append(sm.users, u)
		sm.posts = append(sm.posts, posts...)
	}
	if err := s.findVideos(ctx, sm); err != nil {
		return nil, err
	}
	if len(sm.users) > 0 {
		l, err := s.demoList(ctx, sm.users[0])
		if err != nil {
			return nil, err
		}
		sm.list = l
	}
	return sm, nil
}

// demoList finds the demo's list. Lists cannot be listed through the
// store, but demo ids are fixed: the list's id is the snowflake of its
// creation time with, in the low bits, the count of ids made before it (every
// user, media file and post of the demo set).
func (s *Server) demoList(ctx context.Context, owner *storage.User) (*storage.List, error) {
	id, err := s.demoListID(ctx)
	if err != nil || id == 0 {
		return nil, err
	}
	l, err := s.st.ListByID(ctx, id)
	if isNotFound(err) || err == nil && l.OwnerID != owner.ID {
		return nil, nil
	}
	return l, err
}

// demoListID counts the demo set's ids (users, their media, their posts).
func (s *Server) demoListID(ctx context.Context) (int64, error) {
	var n int64
	for _, h := range []string{"roost", "ada", "layla", "secret", "bulkdeals"} {
		u, err := s.st.UserByHandle(ctx, h)
		if isNotFound(err) {
			return 0, nil
		} else if err != nil {
			return 0, err
		}
		posts, err := s.st.UserTimeline(ctx, u.ID, storage.TimelineQuery{Limit: 200, IncludeReplies: true})
		if err != nil {
			return 0, err
		}
		n += 1 + int64(len(posts))
		if u.AvatarMediaID != 0 {
			n++
		}
		posters, err := s.posterCount(ctx, posts)
		if err != nil {
			return 0, err
		}
		n += posters
		for _, p := range posts {
			n += int64(len(p.MediaIDs)) + int64(len(richMediaIDs(p)))
		}
	}
	at := time.Date(2026, time.November, 1, 9, 0, 0, 0, time.UTC).Add(demoListOffset)
	return (at.UnixMilli()-snowflakeEpoch)<<22 | (n+1)&0xfff, nil
}

// findVideos marks the sample posts that show a video or GIF.
func (s *Server) findVideos(ctx context.Context, sm *samples) error {
	var ids []int64
	for _, p := range sm.posts {
		ids = append(ids, p.MediaIDs...)
	}
	ms, err := s.st.MediaByIDs(ctx, ids)
	sm.videos = map[int64]bool{}
	for _, p := range sm.posts {
		for _, id := range p.MediaIDs {
			if m := ms[id]; m != nil && m.Playable() {
				sm.videos[p.ID] = true
			}
		}
	}
	return err
}

// posterCount counts the poster rows of the posts' videos, which are media
// rows of their own that no post names.
func (s *Server) posterCount(ctx context.Context, posts []*storage.Post) (int64, error) {
	var ids []int64
	for _, p := range posts {
		ids = append(ids, p.MediaIDs...)
	}
	ms, err := s.st.MediaByIDs(ctx, ids)
	var n int64
	for _, m := range ms {
		if m.PosterMediaID != 0 {
			n++
		}
	}
	return n, err
}

// snowflakeEpoch is storage's id epoch (X's), which demo ids also use.
const snowflakeEpoch = 1288834974657

// pick returns the first post ok accepts that was not picked before.
func pick(posts []*storage.Post, used map[int64]bool, ok func(*storage.Post) bool) *storage.Post {
	for _, p := range posts {
		if !used[p.ID] && ok(p) {
			used[p.ID] = true
			return p
		}
	}
	return nil
}

// topHashtag is the tag most posts use (the first seen on a tie).
func topHashtag(posts []*storage.Post) string {
	count := map[string]int{}
	best := ""
	for _, p := range posts {
		for _, e := range p.Entities {
			if e.Kind != storage.EntityHashtag {
				continue
			}
			tag := strings.ToLower(e.Value)
			count[tag]++
			if count[tag] > count[best] {
				best = tag
			}
		}
	}
	return best
}
