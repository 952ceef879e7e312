package storagetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// BenchAuthor is the user whose history timeline fixtures hold.
const BenchAuthor = 1

// BenchUserTimelines runs BenchUserTimeline on fixtures of 1k and 1M posts
// (1M skipped in -short mode) from open, which returns a store whose
// BenchAuthor has n posts. The index makes the cost independent of n, so
// the two should be close.
func BenchUserTimelines(b *testing.B, open func(b *testing.B, n int) storage.Store) {
	for _, n := range []int{1_000, 1_000_000} {
		name := fmt.Sprintf("%dk", n/1000)
		if n >= 1_000_000 {
			name = fmt.Sprintf("%dM", n/1_000_000)
		}
		b.Run(name, func(b *testing.B) {
			if testing.Short() && n >= 1_000_000 {
				b.Skip("1M-post fixture skipped in -short mode")
			}
			s := open(b, n)
			defer s.Close()
			BenchUserTimeline(b, s, BenchAuthor)
		})
	}
}

// BenchUserTimeline reads the newest 20-post page of author's profile.
func BenchUserTimeline(b *testing.B, s storage.Store, author int64) {
	ctx := context.Background()
	q := storage.TimelineQuery{Limit: 20}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		posts, err := s.UserTimeline(ctx, author, q)
		if err != nil || len(posts) != 20 {
			b.Fatalf("UserTimeline: %d posts, %v", len(posts), err)
		}
	}
}

// BenchCreatePost creates one tagged post per iteration, each its own
// transaction with its change-log entry.
func BenchCreatePost(b *testing.B, s storage.Store) {
	ctx := context.Background()
	u := &storage.User{Handle: "writer"}
	if _, err := s.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p := &storage.Post{AuthorID: u.ID, Text: "hello #bench", Entities: []storage.Entity{
			{Kind: storage.EntityHashtag, Start: 6, End: 12, Value: "bench"}}}
		if _, err := s.CreatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}

// MigratingStore is a store that applies its migrations on demand.
type MigratingStore interface {
	storage.Store
	Migrate(ctx context.Context) error
}

// TestReopen checks that reopening a database and migrating it again
// keeps its data; open opens the same database each time.
func TestReopen(t *testing.T, open func() (MigratingStore, error)) {
	ctx := t.Context()
	s, err := open()
	ok(t, "open", err)
	_, err = s.CreateUser(ctx, &storage.User{Handle: "kept"})
	ok(t, "CreateUser", err)
	ok(t, "Close", s.Close())
	s, err = open()
	ok(t, "reopen", err)
	defer s.Close()
	ok(t, "Migrate again", s.Migrate(ctx))
	if _, err := s.UserByHandle(ctx, "kept"); err != nil {
		t.Errorf("data lost on reopen: %v", err)
	}
}
