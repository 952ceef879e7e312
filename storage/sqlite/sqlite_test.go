package sqlite

import (
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"
	"github.com/roost-embed/roost/storage/storagetest"
)

// openTest opens a fresh store in a temporary directory.
func openTest(t *testing.T) *Store {
	t.Helper()
	// The space in the directory name exercises DSN escaping.
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "data dir", "roost.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return openTest(t) })
}

// TestTimelineQueryPlans checks that timelines seek an index in id order:
// no full scan of posts and no sort of the user's whole history.
func TestTimelineQueryPlans(t *testing.T) {
	s := openTest(t)
	defer s.Close()
	tests := map[string]struct {
		query     string
		args      []any
		wantIndex string
		sorts     bool // a UNION of a few rows may sort them
	}{
		"user, no replies":   {sqlstore.UserTimelineSQL(" AND p.reply_to = 0"), []any{1, 2, 20}, "SEARCH p USING INDEX posts_author_top (author_id=? AND id<?)", false},
		"user, with replies": {sqlstore.UserTimelineSQL(""), []any{1, 2, 20}, "SEARCH p USING INDEX posts_author (author_id=? AND id<?)", false},
		"hashtag":            {sqlstore.HashtagTimelineSQL(""), []any{"go", 2, 20}, "SEARCH t USING PRIMARY KEY (tag=? AND post_id<?)", false},
		"dependants":         {sqlstore.DependantsSQL, []any{[]int64{1}}, "USING COVERING INDEX posts_reply_to (reply_to=?)", true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			plan := queryPlan(t, s, tc.query, tc.args...)
			if strings.Contains(plan, "SCAN p") || strings.Contains(plan, "SCAN posts") ||
				!tc.sorts && strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") {
				t.Errorf("plan scans or sorts:\n%s", plan)
			}
			if !strings.Contains(plan, tc.wantIndex) {
				t.Errorf("plan does not use %s:\n%s", tc.wantIndex, plan)
			}
		})
	}
}

// queryPlan returns EXPLAIN QUERY PLAN's details, one step a line.
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.eng.r.db.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+translate(query), bindArgs(args)...)
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}

// TestMigrateIdempotent checks that reopening a database and migrating it
// again keeps its data and records each migration once.
func TestMigrateIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roost.db")
	storagetest.TestReopen(t, func() (storagetest.MigratingStore, error) { return Open(t.Context(), path) })
	ms, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.eng.r.db.QueryRowContext(t.Context(), "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) || n < 2 {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
	}
}

// TestPragmas checks the settings both pools open their connections with.
func TestPragmas(t *testing.T) {
	s := openTest(t)
	defer s.Close()
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "10000"}
	for name, db := range map[string]*sql.DB{"reader": s.eng.r.db, "writer": s.eng.w} {
		for pragma, w := range want {
			var got string
			if err := db.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", name, pragma, err)
			}
			if strings.ToLower(got) != w {
				t.Errorf("%s: PRAGMA %s = %q, want %q", name, pragma, got, w)
			}
		}
	}
}

// TestOpenUnwritablePath checks that a path that cannot hold a database
// fails with an error naming it.
func TestOpenUnwritablePath(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(file, "roost.db")
	s, err := Open(t.Context(), path)
	if err == nil {
		s.Close()
		t.Fatal("Open under a regular file succeeded")
	}
	if !strings.Contains(err.Error(), path) && !strings.Contains(err.Error(), file) {
		t.Errorf("error %q does not name the path", err)
	}
}
