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
	s, err := Open(ctx, timelineFixture(b, n))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
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
	s, err := Open(ctx, filepath.Join(b.TempDir(), "roost.db"))
	if err != nil {
		b.Fatal(err)
	}
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

// timelineFixture returns a database whose benchAuthor has n posts (every
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
	if _, err := s.CreateUser(ctx, &storage.User{ID: benchAuthor, Handle: "prolific"}); err != nil {
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
		if _, err := st.ExecContext(ctx, i, benchAuthor, "a post tagged #bench", int64(1_600_000_000_000+i), replyTo, entities); err != nil {
			return err
		}
	}
	return nil
}
