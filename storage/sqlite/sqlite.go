// Package sqlite is Roost's embedded default Store: one SQLite file in WAL
// mode, opened through the pure-Go modernc.org/sqlite driver so the binary
// builds with CGO_ENABLED=0. The store's logic is storage/sqlstore's; this
// package is the engine under it.
//
// All writes go through one connection (SQLite allows one writer at a time;
// queueing in database/sql is cheaper and fairer than retrying on
// SQLITE_BUSY), and reads use a small pool of their own, which WAL lets run
// beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// readConns is the size of the read pool. Reads are short point and range
// lookups, so a few connections keep every core busy.
const readConns = 4

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the SQLite implementation of storage.Store.
type Store struct {
	*sqlstore.Store
	eng *engine
}

// Compile-time check that Store keeps the contract.
var _ storage.Store = (*Store)(nil)

// engine is the sqlstore.Engine over database/sql and modernc's driver.
type engine struct {
	w   *sql.DB     // the one writer: MaxOpenConns(1), BEGIN IMMEDIATE
	wst *writeStmts // the writer's statement cache
	r   *readPool   // readers, with a statement cache
}

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
	e, err := openEngine(abs)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	s := &Store{Store: sqlstore.New(e, storage.NewIDGenerator(0)), eng: e}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	return s, nil
}

// openEngine opens the writer and the read pool on the file at abs.
func openEngine(abs string) (*engine, error) {
	w, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	rdb, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(readConns)
	rdb.SetMaxIdleConns(readConns)
	return &engine{w: w, wst: newWriteStmts(w), r: newReadPool(rdb)}, nil
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

func (e *engine) Name() string             { return "sqlite" }
func (e *engine) Reader() sqlstore.Conn    { return conn{prepared{e.r, e.r.db}} }
func (e *engine) Writer() sqlstore.Conn    { return conn{e.w} }
func (e *engine) Migrations() fs.FS        { return migrationFS }
func (e *engine) MigrationLock() string    { return "" } // the one writer serialises migrations
func (e *engine) Retryable(error) bool     { return false }
func (e *engine) MapError(err error) error { return err }
func (e *engine) Tx(ctx context.Context, fn func(sqlstore.Tx) error) error {
	tx, err := e.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer e.wst.prepareWanted(context.WithoutCancel(ctx))
	stmts := &txStmts{tx: tx, cache: e.wst, bound: map[string]*sql.Stmt{}}
	if err := fn(txConn{conn{prepared{stmts, tx}}, stmts}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// AppendChange numbers the change with AUTOINCREMENT, which never reuses a
// seq even after a trim empties the table; the single writer commits them
// in order.
func (e *engine) AppendChange(ctx context.Context, tx sqlstore.Tx, at int64, kind string, body sqlstore.JSON) (int64, error) {
	var seq int64
	err := tx.QueryRow(ctx, "INSERT INTO changes (at, kind, body) VALUES (?, ?, ?) RETURNING seq", at, kind, body).Scan(&seq)
	return seq, err
}

// LastChangeSeq reads AUTOINCREMENT's high-water mark.
func (e *engine) LastChangeSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := e.Reader().QueryRow(ctx, "SELECT seq FROM sqlite_sequence WHERE name = 'changes'").Scan(&seq)
	if errors.Is(err, sqlstore.ErrNoRows) {
		return 0, nil
	}
	return seq, err
}

// Close closes both connection pools.
func (e *engine) Close() error {
	e.wst.close()
	return errors.Join(e.r.Close(), e.w.Close())
}
