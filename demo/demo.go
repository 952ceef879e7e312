// Package demo seeds a small, good-looking data set into an empty store,
// so that a fresh `roost serve` has something to show on every widget. The
// set is deterministic (fixed ids and times) so golden tests and the docs
// can name what it holds.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// ErrNotEmpty is returned by Seed for a store that already holds users:
// demo content is never mixed into real content.
var ErrNotEmpty = errors.New("demo: store is not empty")

// Base is the fixed moment the demo week starts, 2026-11-01 09:00 UTC.
// Every demo time is an offset from it.
func Base() time.Time { return time.Date(2026, time.November, 1, 9, 0, 0, 0, time.UTC) }

// Summary tells what Seed created, for the start-up message and for tests.
type Summary struct {
	Users, Posts, Media, Lists int
	Handles                    []string // in creation order
	ListID                     int64    // the "Newsroom" list
	// SamplePostIDs names posts of each kind: "plain", "images1",
	// "images2", "images3", "images4", "reply", "quote", "replytoquote",
	// "arabic", "japanese", "emoji", "markdown", "sensitive", "counts",
	// "protected", "suspended" and a few more.
	SamplePostIDs map[string]int64
}

// Seed inserts the demo set through the Store interface, so it works on
// every backend, and saves its generated images in lib. It refuses a store
// that is not empty with ErrNotEmpty. A failure part-way leaves what was
// written so far; the store is then no longer empty, and the error says so.
func Seed(ctx context.Context, st storage.Store, lib *media.Library) (Summary, error) {
	empty, err := st.Empty(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: check store: %w", err)
	}
	if !empty {
		return Summary{}, ErrNotEmpty
	}
	s := &seeder{st: st, lib: lib, users: map[string]int64{}}
	s.sum.SamplePostIDs = map[string]int64{}
	if err := s.run(ctx); err != nil {
		return s.sum, fmt.Errorf("demo: seeding stopped part-way (%d users, %d posts written): %w", s.sum.Users, s.sum.Posts, err)
	}
	return s.sum, nil
}

// run creates users, posts and the list, in that order.
func (s *seeder) run(ctx context.Context) error {
	for _, u := range users() {
		if err := s.createUser(ctx, u); err != nil {
			return err
		}
	}
	for _, p := range posts() {
		if err := s.createPost(ctx, p); err != nil {
			return err
		}
	}
	return s.createList(ctx)
}
