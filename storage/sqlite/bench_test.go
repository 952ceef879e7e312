package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"
	"github.com/roost-embed/roost/storage/storagetest"
)

// BenchmarkUserTimeline reads the newest page of profiles of 1k and 1M posts.
func BenchmarkUserTimeline(b *testing.B) { storagetest.BenchUserTimelines(b, openTimeline) }

// openTimeline opens a store whose storagetest.BenchAuthor has n posts.
func openTimeline(b *testing.B, n int) storage.Store {
	s, err := Open(context.Background(), timelineFixture(b, n))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkCreatePost(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "roost.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storagetest.BenchCreatePost(b, s)
}

// timelineFixture returns a database whose storagetest.BenchAuthor has n posts (every
// tenth a reply). It is built once into os.TempDir(), keyed by schema
// version and n, and reused by later runs.
func timelineFixture(b *testing.B, n int) string {
	b.Helper()
	version, err := sqlstore.SchemaVersion(migrationFS)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("roost-bench-%s-%d.db", version, n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := buildFixture(tmp, n); err != nil {
		b.Fatalf("build fixture %s: %v", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// buildFixture writes n posts straight through SQL, in one transaction
// with one prepared statement: the Store's per-post transactions would
// take minutes for a million rows.
func buildFixture(path string, n int) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.CreateUser(ctx, &storage.User{ID: storagetest.BenchAuthor, Handle: "prolific"}); err != nil {
		return err
	}
	tx, err := s.eng.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := insertFixturePosts(ctx, tx, n); err != nil {
		return err
	}
	return tx.Commit()
}

// insertFixturePosts inserts the fixture's n posts with one prepared statement.
func insertFixturePosts(ctx context.Context, tx *sql.Tx, n int) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO posts (id, author_id, text, created_at, reply_to, entities)
		VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	const entities = `[{"kind":"hashtag","start":15,"end":21,"value":"bench"}]`
	for i := 1; i <= n; i++ {
		replyTo := 0
		if i%10 == 0 {
			replyTo = i - 1
		}
		if _, err := st.ExecContext(ctx, i, storagetest.BenchAuthor, "a post tagged #bench", int64(1_600_000_000_000+i), replyTo, entities); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkSearch runs the search queries on 10k and 100k posts.
func BenchmarkSearch(b *testing.B) {
	storagetest.BenchSearches(b, func(b *testing.B) storage.Store {
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "roost.db"))
		if err != nil {
			b.Fatal(err)
		}
		return s
	})
}
