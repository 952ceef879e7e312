// Package sqlite is Roost's embedded default Store: one SQLite file in WAL
// mode, opened through the pure-Go modernc.org/sqlite driver so the binary
// builds with CGO_ENABLED=0.
//
// All writes go through one connection (SQLite allows one writer at a time;
// queueing in database/sql is cheaper and fairer than retrying on
// SQLITE_BUSY), and reads use a small pool of their own, which WAL lets run
// beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/roost-embed/roost/storage"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// readConns is the size of the read pool. Reads are short point and range
// lookups, so a few connections keep every core busy.
const readConns = 4

// Store is the SQLite implementation of storage.Store.
type Store struct {
	w   *sql.DB   // the one writer: MaxOpenConns(1), BEGIN IMMEDIATE
	r   *readPool // readers, with a statement cache
	ids *storage.IDGenerator
}

// Compile-time check that Store keeps the contract.
var _ storage.Store = (*Store)(nil)

// Open opens (creating it and its directory if needed) the database at
// path and applies any pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: database path %q: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: create directory for database %s: %w", abs, err)
	}
	s := &Store{ids: storage.NewIDGenerator(0)}
	if s.w, err = sql.Open("sqlite", dsn(abs, false)); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	rdb, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		s.w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	rdb.SetMaxOpenConns(readConns)
	rdb.SetMaxIdleConns(readConns)
	s.r = newReadPool(rdb)
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	return s, nil
}

// dsn builds the driver's connection string. Every connection gets a busy
// timeout and foreign keys; the writer also switches the file to WAL and
// takes its write lock at BEGIN, so a transaction never fails half-way on a
// lock upgrade; readers are query-only as a guard.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", "NORMAL")
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", Path: path}
	return "file:" + u.EscapedPath() + "?" + q.Encode()
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Empty reports whether the store holds no users.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var found int
	err := s.r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM users)").Scan(&found)
	if err != nil {
		return false, fmt.Errorf("sqlite: empty: %w", err)
	}
	return found == 0, nil
}

// Close closes both connection pools.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}
