package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/storagetest"
)

// BenchmarkUserTimeline reads the newest page of profiles of 1k and 1M posts.
func BenchmarkUserTimeline(b *testing.B) { storagetest.BenchUserTimelines(b, openTimeline) }

// openTimeline opens a store whose storagetest.BenchAuthor has n posts.
func openTimeline(b *testing.B, n int) storage.Store {
	s := openTest(b)
	if err := fillTimeline(context.Background(), s, n); err != nil {
		b.Fatalf("build fixture of %d posts: %v", n, err)
	}
	return s
}

func BenchmarkCreatePost(b *testing.B) {
	s := openTest(b)
	defer s.Close()
	storagetest.BenchCreatePost(b, s)
}

// fillTimeline gives storagetest.BenchAuthor n posts (every tenth a reply) through
// COPY, which loads a million rows in seconds where the Store's
// per-post transactions would take many minutes, then refreshes the
// planner's statistics as autovacuum would.
func fillTimeline(ctx context.Context, s *Store, n int) error {
	if _, err := s.CreateUser(ctx, &storage.User{ID: storagetest.BenchAuthor, Handle: "prolific"}); err != nil {
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
		return []any{int64(i), int64(storagetest.BenchAuthor), "a post tagged #bench", int64(1_600_000_000_000 + i), replyTo, entities}, nil
	})
	if _, err := s.pool.CopyFrom(ctx, pgx.Identifier{"posts"},
		[]string{"id", "author_id", "text", "created_at", "reply_to", "entities"}, rows); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, "ANALYZE posts")
	return err
}

// BenchmarkSearch runs the search queries on 10k and 100k posts.
func BenchmarkSearch(b *testing.B) {
	storagetest.BenchSearches(b, func(b *testing.B) storage.Store { return openTest(b) })
}

// Analyze refreshes the planner's statistics, as autovacuum would after a
// bulk load (storagetest.BenchSearches calls it after filling).
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, "ANALYZE")
	return err
}
