package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

// benchAuthor is the user whose history the timeline fixtures hold.
const benchAuthor = 1

func BenchmarkUserTimeline1k(b *testing.B) { benchUserTimeline(b, 1_000) }

func BenchmarkUserTimeline1M(b *testing.B) {
	if testing.Short() {
		b.Skip("1M-post fixture skipped in -short mode")
	}
	benchUserTimeline(b, 1_000_000)
}

// benchUserTimeline reads the newest page of a profile with n posts. The
// index makes the cost independent of n, so 1k and 1M should be close.
func benchUserTimeline(b *testing.B, n int) {
	ctx := context.Background()
	s := openTest(b)
	defer s.Close()
	if err := fillTimeline(ctx, s, n); err != nil {
		b.Fatalf("build fixture of %d posts: %v", n, err)
	}
	q := storage.TimelineQuery{Limit: 20}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		posts, err := s.UserTimeline(ctx, benchAuthor, q)
		if err != nil || len(posts) != 20 {
			b.Fatalf("UserTimeline: %d posts, %v", len(posts), err)
		}
	}
}

func BenchmarkCreatePost(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	defer s.Close()
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

// fillTimeline gives benchAuthor n posts (every tenth a reply) through
// COPY, which loads a million rows in seconds where the Store's
// per-post transactions would take many minutes, then refreshes the
// planner's statistics as autovacuum would.
func fillTimeline(ctx context.Context, s *Store, n int) error {
	if _, err := s.CreateUser(ctx, &storage.User{ID: benchAuthor, Handle: "prolific"}); err != nil {
		return err
	}
	entities := []byte(`[{"kind":"hashtag","start":15,"end":21,"value":"bench"}]`)
	i := 0
	rows := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		replyTo := int64(0)
		if i%10 == 0 {
			replyTo = int64(i - 1)
		}
		return []any{int64(i), int64(benchAuthor), "a post tagged #bench", int64(1_600_000_000_000 + i), replyTo, entities}, nil
	})
	if _, err := s.pool.CopyFrom(ctx, pgx.Identifier{"posts"},
		[]string{"id", "author_id", "text", "created_at", "reply_to", "entities"}, rows); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, "ANALYZE posts")
	return err
}
