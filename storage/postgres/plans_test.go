package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage/sqlstore"
)

// TestTimelineQueryPlans checks, on a many-author fixture with planner
// statistics, that timelines seek an index in id order (no scan of all
// posts, no sort of a whole history) and that the replies/quotes probe
// uses its partial indexes.
func TestTimelineQueryPlans(t *testing.T) {
	s := openTest(t)
	defer s.Close()
	if err := fillAuthors(t.Context(), s, 500, 40); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		query     string
		args      []any
		wantIndex string
		sortOK    bool // the dependants' UNION sorts its few ids, not a history
	}{
		"user, no replies":   {sqlstore.UserTimelineSQL(" AND p.reply_to = 0"), []any{int64(7), int64(19000), 20}, "posts_author_top", false},
		"user, with replies": {sqlstore.UserTimelineSQL(""), []any{int64(7), int64(19000), 20}, "posts_author", false},
		"hashtag":            {sqlstore.HashtagTimelineSQL(""), []any{"t7", int64(19000), 20}, "post_tags_pkey", false},
		"dependants":         {sqlstore.DependantsSQL, []any{[]int64{99}}, "posts_reply_to", true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			plan := queryPlan(t, s, tc.query, tc.args...)
			if strings.Contains(plan, "Seq Scan on posts") || (!tc.sortOK && strings.Contains(plan, "Sort")) {
				t.Errorf("plan scans or sorts:\n%s", plan)
			}
			if !strings.Contains(plan, " using "+tc.wantIndex+" on") {
				t.Errorf("plan does not use %s:\n%s", tc.wantIndex, plan)
			}
		})
	}
}

// fillAuthors gives authors users (ids 1…authors) each perPost posts,
// interleaved by id as real timelines are. Each post has one of authors
// tags (#t0…), and every tenth replies to the post before it, so every
// index is as selective as it is on a real site.
func fillAuthors(ctx context.Context, s *Store, authors, perAuthor int) error {
	if _, err := s.pool.Exec(ctx, `INSERT INTO users (id, handle, handle_key, created_at, updated_at)
		SELECT a, 'u' || a, 'u' || a, 1, 1 FROM generate_series(1, $1::bigint) a`, authors); err != nil {
		return err
	}
	steps := []string{
		`INSERT INTO posts (id, author_id, created_at, reply_to)
			SELECT i, 1 + i % $1, i, CASE WHEN i % 10 = 0 THEN i - 1 ELSE 0 END
			FROM generate_series(1, $1 * $2::bigint) i`,
		`INSERT INTO post_tags (tag, post_id) SELECT 't' || id % $1, id FROM posts WHERE $2 > 0`,
	}
	for _, q := range steps {
		if _, err := s.pool.Exec(ctx, q, authors, perAuthor); err != nil {
			return err
		}
	}
	_, err := s.pool.Exec(ctx, "ANALYZE")
	return err
}

// queryPlan returns EXPLAIN's text for query with args.
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.pool.Query(t.Context(), "EXPLAIN "+rebind(query), args...)
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	return strings.Join(lines, "\n")
}
