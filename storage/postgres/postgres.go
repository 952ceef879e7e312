// Package postgres is Roost's Store for deployments that run several
// instances against one shared database. The store's logic is
// storage/sqlstore's; this package is the engine under it: pgx's native
// connection pool, the change-log counter and NOTIFY, retries of
// serialization failures, and constraint names mapped to field errors.
//
// Writes run at READ COMMITTED: each checks what it depends on with
// explicit queries (and row locks where two writers could interleave),
// and the database's unique and foreign-key constraints back those
// checks up against races, mapped to the same field errors. Every write
// appends its change in the same transaction and notifies ChangesChannel,
// which Postgres delivers when the transaction commits.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"
)

// ChangesChannel is the LISTEN/NOTIFY channel every committed change is
// announced on; the payload is the change's seq in decimal.
const ChangesChannel = "roost_changes"

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the PostgreSQL implementation of storage.Store.
type Store struct {
	*sqlstore.Store
	pool *pgxpool.Pool
	ids  *storage.IDGenerator // minting under this instance's claimed node
}

// Compile-time check that Store keeps the contract.
var _ storage.Store = (*Store)(nil)

// Open connects to the database named by dsn (a postgres:// URL or a
// key=value string, as libpq takes them), applies pending migrations and
// claims a node number for the id generator.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := poolConfig(dsn)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	e := &engine{pool: pool}
	if err := sqlstore.New(e, nil).Migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	var node int64
	if err := pool.QueryRow(ctx, "SELECT nextval('id_nodes')").Scan(&node); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: claim id node: %w", err)
	}
	ids := storage.NewIDGenerator(node)
	return &Store{Store: sqlstore.New(e, ids), pool: pool, ids: ids}, nil
}

// defaultConnectTimeout bounds opening one connection when the dsn does
// not say (see poolConfig).
const defaultConnectTimeout = 2 * time.Second

// poolConfig parses dsn. Unless the dsn sets pool_max_conns, the pool
// holds a few connections per core: queries are short, and a small pool
// per instance leaves room for several instances under Postgres's default
// limit of 100 connections. Unless it sets connect_timeout, a new
// connection gives up after defaultConnectTimeout: without one, a database
// host that drops packets (rather than refusing) would hold every request
// that needs a connection until its own deadline, and API writes have none
// shorter than the client's. The error does not repeat the dsn, which may
// hold a password.
func poolConfig(dsn string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse connection string: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = int32(max(8, 4*runtime.NumCPU()))
	}
	if !strings.Contains(dsn, "connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	return cfg, nil
}

// engine is the sqlstore.Engine over a pgx pool.
type engine struct{ pool *pgxpool.Pool }

func (e *engine) Name() string          { return "postgres" }
func (e *engine) Reader() sqlstore.Conn { return conn{e.pool} }
func (e *engine) Writer() sqlstore.Conn { return conn{e.pool} }
func (e *engine) Migrations() fs.FS     { return migrationFS }

// MigrationLock takes a transaction-scoped advisory lock keyed by the
// current schema, so instances starting at once migrate one after the
// other, while databases in other schemas (tests) do not wait on them.
func (e *engine) MigrationLock() string {
	return `SELECT pg_advisory_xact_lock(hashtextextended('roost.migrate:' || current_schema(), 0))`
}

// Close closes the pool, waiting for connections in use to come back.
func (e *engine) Close() error {
	e.pool.Close()
	return nil
}
