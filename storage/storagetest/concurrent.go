package storagetest

import (
	"sync"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// testConcurrentWriters runs 50 writers at once: every write must succeed
// (SQLite's single writer queues them; PostgreSQL retries deadlocks and
// serialization failures), and the change log must hold one entry per
// write with seqs that have no gaps, since a follower reading "seq > last"
// must never skip a late commit.
func testConcurrentWriters(t *testing.T, s storage.Store) {
	ctx := t.Context()
	u := &storage.User{Handle: "busy"}
	c0, err := s.CreateUser(ctx, u)
	ok(t, "CreateUser", err)
	l := &storage.List{OwnerID: u.ID, Name: "l"}
	_, err = s.CreateList(ctx, l)
	ok(t, "CreateList", err)
	const writers, each = 50, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*3)
	for range writers {
		wg.Go(func() {
			for range each {
				_, err := s.CreatePost(ctx, &storage.Post{AuthorID: u.ID, Text: "concurrent #load",
					Entities: []storage.Entity{{Kind: storage.EntityHashtag, Start: 11, End: 16, Value: "load"}}})
				errs <- err
				_, err = s.SetListMembers(ctx, l.ID, []int64{u.ID})
				errs <- err
				if _, err := s.UserTimeline(ctx, u.ID, storage.TimelineQuery{Limit: 5}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		ok(t, "concurrent write", err)
	}
	posts, err := s.UserTimeline(ctx, u.ID, storage.TimelineQuery{Limit: 200})
	ok(t, "UserTimeline", err)
	if len(posts) != writers*each {
		t.Errorf("%d posts stored, want %d", len(posts), writers*each)
	}
	changes, err := s.ChangesSince(ctx, c0.Seq, 1000)
	ok(t, "ChangesSince", err)
	if want := 1 + 2*writers*each; len(changes) != want {
		t.Fatalf("%d changes logged, want %d", len(changes), want)
	}
	for i, c := range changes {
		if c.Seq != c0.Seq+1+int64(i) {
			t.Fatalf("change %d has seq %d, want %d: seqs must have no gaps", i, c.Seq, c0.Seq+1+int64(i))
		}
	}
}
