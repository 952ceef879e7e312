package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"
	"github.com/roost-embed/roost/storage/storagetest"
)

// testDSNEnv names the server the tests run against, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const testDSNEnv = "ROOST_TEST_POSTGRES"

// freshSchema creates an empty schema with a random name, drops it when
// the test ends, and returns a dsn whose connections use it, so tests,
// parallel packages and repeated runs never see each other's rows.
func freshSchema(tb testing.TB) string {
	tb.Helper()
	dsn := serverDSN(tb)
	var b [6]byte
	rand.Read(b[:])
	schema := "rt_" + hex.EncodeToString(b[:])
	admin(tb, dsn, "CREATE SCHEMA "+schema)
	tb.Cleanup(func() { admin(tb, dsn, "DROP SCHEMA "+schema+" CASCADE") })
	return withSearchPath(tb, dsn, schema)
}

// serverDSN returns the test server's dsn, or skips the test without one.
func serverDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(testDSNEnv)
	if dsn == "" {
		tb.Skipf("%s is not set; set it to a PostgreSQL URL (trust auth) to run the Postgres tests", testDSNEnv)
	}
	return dsn
}

// admin runs one statement on a connection of its own.
func admin(tb testing.TB, dsn, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect to %s: %v", testDSNEnv, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}

// withSearchPath adds the search_path run-time parameter to a URL or
// key=value dsn; pgx sends parameters it does not know to the server.
func withSearchPath(tb testing.TB, dsn, schema string) string {
	tb.Helper()
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s: %v", testDSNEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTest opens a store on a fresh schema.
func openTest(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), freshSchema(tb))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	serverDSN(t)
	storagetest.Run(t, func(t *testing.T) storage.Store { return openTest(t) })
}

// TestMigrateIdempotent checks that reopening a schema and migrating it
// again keeps its data.
func TestMigrateIdempotent(t *testing.T) {
	dsn := freshSchema(t)
	storagetest.TestReopen(t, func() (storagetest.MigratingStore, error) { return Open(t.Context(), dsn) })
}

// TestNotify checks that a committed write is announced on ChangesChannel
// with its seq, and that a failed write announces nothing.
func TestNotify(t *testing.T) {
	dsn := freshSchema(t)
	ctx := t.Context()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+ChangesChannel); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, &storage.User{Handle: ""}); err == nil {
		t.Fatal("CreateUser with an empty handle succeeded")
	}
	var seqs []string
	for _, h := range []string{"one", "two"} {
		c, err := s.CreateUser(ctx, &storage.User{Handle: h})
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, strconv.FormatInt(c.Seq, 10))
	}
	var got []string
	for range seqs {
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil {
			t.Fatalf("WaitForNotification: %v (got %v so far)", err, got)
		}
		if n.Channel != ChangesChannel {
			t.Errorf("channel %q, want %q", n.Channel, ChangesChannel)
		}
		got = append(got, n.Payload)
	}
	if !slices.Equal(got, seqs) {
		t.Errorf("notified seqs %v, want %v", got, seqs)
	}
}

// TestConstraintErrors checks the mapping of constraint violations that
// only a race can produce, by writing the rows behind the Store's back.
func TestConstraintErrors(t *testing.T) {
	s := openTest(t)
	defer s.Close()
	ctx := t.Context()
	for _, q := range []string{
		"INSERT INTO users (id, handle, handle_key, created_at, updated_at) VALUES (1, 'x', 'x', 1, 1)",
		"INSERT INTO posts (id, author_id, created_at) VALUES (10, 1, 1)",
		"INSERT INTO lists (id, owner_id, created_at, updated_at) VALUES (20, 1, 1, 1)",
		"INSERT INTO tokens (id, scope, hash, created_at) VALUES (30, 'write', '\\x01', 1)",
	} {
		if _, err := s.pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	tests := map[string]struct {
		sql   string
		kind  error
		field string
	}{
		"handle":     {"INSERT INTO users (id, handle, handle_key, created_at, updated_at) VALUES (2, 'X', 'x', 1, 1)", storage.ErrConflict, "handle"},
		"user id":    {"INSERT INTO users (id, handle, handle_key, created_at, updated_at) VALUES (1, 'y', 'y', 1, 1)", storage.ErrConflict, "id"},
		"author":     {"INSERT INTO posts (id, author_id, created_at) VALUES (1, 99, 1)", storage.ErrInvalid, "author"},
		"list owner": {"INSERT INTO lists (id, owner_id, created_at, updated_at) VALUES (1, 99, 1, 1)", storage.ErrInvalid, "owner_id"},
		"media link": {"INSERT INTO post_media (post_id, position, media_id) VALUES (10, 0, 99)", storage.ErrInvalid, "media_ids"},
		"member":     {"INSERT INTO list_members (list_id, user_id, position) VALUES (20, 99, 0)", storage.ErrInvalid, "members"},
		"token hash": {"INSERT INTO tokens (id, scope, hash, created_at) VALUES (31, 'write', '\\x01', 1)", storage.ErrConflict, "hash"},
		"post id":    {"INSERT INTO posts (id, author_id, created_at) VALUES (10, 1, 1)", storage.ErrConflict, "id"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			eng := s.Engine()
			err := eng.MapError(eng.Tx(ctx, func(tx sqlstore.Tx) error { _, err := tx.Exec(ctx, tc.sql); return err }))
			var fe *storage.FieldError
			if !errors.Is(err, tc.kind) || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("err = %v, want a %v on %q", err, tc.kind, tc.field)
			}
		})
	}
}

// TestOpenUnreachable needs no server: Open of one that does not answer
// fails, and the error does not repeat the password from the dsn.
func TestOpenUnreachable(t *testing.T) {
	s, err := Open(t.Context(), "postgres://nobody:hunter2@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil {
		s.Close()
		t.Fatal("Open of an unreachable server succeeded")
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q leaks the password", err)
	}
}
