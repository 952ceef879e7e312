package sqlstore

import (
	"context"
	"errors"
	"io/fs"
)

// Engine is what a backend gives the shared store: its connections, how it
// runs a transaction, and the few statements whose SQL truly differs
// between the engines. Everything else (the queries, checks, change
// descriptions) lives once in this package.
type Engine interface {
	// Name prefixes every error the store returns ("sqlite", "postgres").
	Name() string
	// Reader runs lookups outside any transaction.
	Reader() Conn
	// Writer runs single-statement writes outside a transaction (SQLite's
	// one writer connection; PostgreSQL's pool).
	Writer() Conn
	// Tx runs fn in one write transaction and commits when it succeeds.
	// Retrying is the store's job (see Retryable), not the engine's.
	Tx(ctx context.Context, fn func(tx Tx) error) error
	// Retryable reports an error after which the whole transaction may
	// simply run again (a serialization failure or a deadlock).
	Retryable(err error) bool
	// MapError turns an engine's constraint violation into the field error
	// the explicit checks would have given, and passes anything else on.
	MapError(err error) error
	// AppendChange inserts one change-log row inside tx and returns its seq:
	// each engine keeps the sequence gap-free in its own way.
	AppendChange(ctx context.Context, tx Tx, at int64, kind string, body JSON) (int64, error)
	// LastChangeSeq returns the highest seq ever handed out, even when a
	// trim has emptied the log.
	LastChangeSeq(ctx context.Context) (int64, error)
	// Migrations holds the engine's schema steps, migrations/NNN_name.sql.
	Migrations() fs.FS
	// MigrationLock is a statement run first in every migration
	// transaction so instances starting at once migrate one by one; ""
	// when the engine needs none.
	MigrationLock() string
	// Search is the engine's full-text index (search.go).
	Search() SearchIndex
	Close() error
}

// Conn runs statements on a pool or inside a transaction. Query texts are
// written once, in this package, in the portable form the engines
// translate (see doc.go); arguments are Go values, with []int64 and
// []string standing for sets.
type Conn interface {
	Exec(ctx context.Context, query string, args ...any) (rowsAffected int64, err error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Tx is a write transaction.
type Tx interface {
	Conn
	// Batch returns a queue of statements that run together when Run is
	// called: one round trip on PostgreSQL, statements prepared once per
	// distinct text on SQLite.
	Batch() Batch
}

// Batch queues statements; Run executes them in order and stops at the
// first error.
type Batch interface {
	Queue(query string, args ...any)
	Len() int
	Run(ctx context.Context) error
}

// Rows is a result set being read.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a single-row result. Its Scan returns ErrNoRows when the query
// found nothing, whatever the engine.
type Row interface {
	Scan(dest ...any) error
}

// ErrNoRows is what Row.Scan returns on every engine when there is no row.
var ErrNoRows = errors.New("sqlstore: no rows")

// ErrRetry is returned by a transaction body that found the database in
// a state a concurrent commit is about to change; the store runs it again.
var ErrRetry = errors.New("sqlstore: a concurrent write got in the way")

// JSON is a JSON document passed as an argument: SQLite stores it as TEXT
// ("" for none), PostgreSQL as JSONB (NULL for none).
type JSON []byte
