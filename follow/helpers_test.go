package follow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/postgres"
	"github.com/roost-embed/roost/storage/sqlite"
)

// backend opens two handles on one fresh store, as two instances would:
// one writes, the follower reads through the other.
type backend struct {
	name string
	open func(t *testing.T) (writer, reader storage.Store, waker Waker)
}

// backends are SQLite always, PostgreSQL when ROOST_TEST_POSTGRES is set.
func backends() []backend {
	return []backend{
		{name: "sqlite", open: openSQLitePair},
		{name: "postgres", open: openPostgresPair},
	}
}

func openSQLitePair(t *testing.T) (storage.Store, storage.Store, Waker) {
	path := filepath.Join(t.TempDir(), "roost.db")
	return openSQLite(t, path), openSQLite(t, path), nil
}

func openSQLite(t *testing.T, path string) storage.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open sqlite %s: %v", path, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgresPair(t *testing.T) (storage.Store, storage.Store, Waker) {
	dsn := freshSchema(t)
	return openPostgres(t, dsn), openPostgres(t, dsn), NewPGWaker(dsn, quietLog())
}

func openPostgres(t *testing.T, dsn string) storage.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// freshSchema makes a schema with a random name on the ROOST_TEST_POSTGRES
// server (skipping without one), drops it after the test and returns a dsn
// whose connections use it.
func freshSchema(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("ROOST_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("ROOST_TEST_POSTGRES is not set; set it to a PostgreSQL URL to run the Postgres follower tests")
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "fl_" + hex.EncodeToString(b[:])
	pgExec(t, dsn, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { pgExec(t, dsn, "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("ROOST_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// pgExec runs one statement on a connection of its own.
func pgExec(t *testing.T, dsn, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// recorder collects applied changes.
type recorder struct {
	mu      sync.Mutex
	changes []storage.Change
}

func (r *recorder) apply(c storage.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, c)
}

// waitFor polls until ok holds for the applied changes or d passes, and
// returns how long it took.
func (r *recorder) waitFor(t *testing.T, d time.Duration, what string, ok func([]storage.Change) bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		r.mu.Lock()
		done := ok(r.changes)
		r.mu.Unlock()
		if done {
			return time.Since(start)
		}
		if time.Since(start) > d {
			t.Fatalf("%s: not seen within %s; applied %+v", what, d, r.snapshot())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *recorder) snapshot() []storage.Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]storage.Change(nil), r.changes...)
}

func hasSeq(seq int64) func([]storage.Change) bool {
	return func(cs []storage.Change) bool {
		for _, c := range cs {
			if c.Seq == seq {
				return true
			}
		}
		return false
	}
}

func hasAll(cs []storage.Change) bool {
	for _, c := range cs {
		if c.All && c.Seq == 0 {
			return true
		}
	}
	return false
}

// startFollower runs a follower from the reader's current head until the
// test ends.
func startFollower(t *testing.T, st storage.Store, w Waker, cfg Config, r *recorder) *Follower {
	t.Helper()
	seq, err := st.LastChangeSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f := New(st, seq, r.apply, w, cfg, quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); f.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return f
}

// switchStore is a real store whose log reads go to a handle that a test
// can swap: to a closed handle (the store is down) and back to an open one.
type switchStore struct {
	storage.Store
	mu  sync.Mutex
	cur storage.Store
}

func (s *switchStore) use(st storage.Store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = st
}

func (s *switchStore) current() storage.Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

func (s *switchStore) LastChangeSeq(ctx context.Context) (int64, error) {
	return s.current().LastChangeSeq(ctx)
}

func (s *switchStore) ChangesSince(ctx context.Context, after int64, limit int) ([]storage.Change, error) {
	return s.current().ChangesSince(ctx, after, limit)
}

var errNotReached = errors.New("condition not reached")

// eventually polls cond every 5 ms for up to d.
func eventually(d time.Duration, cond func() bool) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return errNotReached
}
