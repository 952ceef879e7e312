package server

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// readCounter counts the store reads a render makes.
type readCounter struct {
	storage.Store
	n atomic.Int64
}

func (c *readCounter) PostByID(ctx context.Context, id int64) (*storage.Post, error) {
	c.n.Add(1)
	return c.Store.PostByID(ctx, id)
}
func (c *readCounter) PostsByIDs(ctx context.Context, ids []int64) (map[int64]*storage.Post, error) {
	c.n.Add(1)
	return c.Store.PostsByIDs(ctx, ids)
}
func (c *readCounter) UserByID(ctx context.Context, id int64) (*storage.User, error) {
	c.n.Add(1)
	return c.Store.UserByID(ctx, id)
}
func (c *readCounter) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*storage.User, error) {
	c.n.Add(1)
	return c.Store.UsersByIDs(ctx, ids)
}
func (c *readCounter) MediaByID(ctx context.Context, id int64) (*storage.Media, error) {
	c.n.Add(1)
	return c.Store.MediaByID(ctx, id)
}
func (c *readCounter) MediaByIDs(ctx context.Context, ids []int64) (map[int64]*storage.Media, error) {
	c.n.Add(1)
	return c.Store.MediaByIDs(ctx, ids)
}

// TestTimelineReadsBatched: a cold timeline reads its page's posts,
// quoted posts, parents, authors and media in a fixed number of queries:
// 20 posts (each quoting, with an image) cost what 2 cost.
func TestTimelineReadsBatched(t *testing.T) {
	counter := &readCounter{}
	f := newFixture(t, Config{}, fixtureOptions{wrap: func(s storage.Store) storage.Store {
		counter.Store = s
		return counter
	}})
	f.mustCreate(t, "/api/v1/users", `{"handle":"ada","name":"Ada"}`)
	f.mustCreate(t, "/api/v1/users", `{"handle":"bo","name":"Bo"}`)
	media := uploadImage(t, f)
	quoted := f.mustCreate(t, "/api/v1/posts", `{"author":"bo","text":"quoted","media_ids":["`+media+`"]}`)
	for i := range 20 {
		f.mustCreate(t, "/api/v1/posts", fmt.Sprintf(`{"author":"ada","text":"post %d #batch","quote_of":"%s","media_ids":["%s"]}`, i, quoted, media))
	}
	reads := func(url string) int64 {
		counter.n.Store(0)
		if r := f.get(t, url); r.status != 200 {
			t.Fatalf("GET %s: %d", url, r.status)
		}
		return counter.n.Load()
	}
	for _, route := range []string{"/embed/timeline/ada?limit=", "/embed/hashtag/batch?limit=", "/embed/search?q=post&limit="} {
		two, twenty := reads(route+"2"), reads(route+"20")
		if twenty != two || twenty > 6 {
			t.Errorf("%s: %d reads for 2 posts, %d for 20; want the same few", route, two, twenty)
		}
	}
}
