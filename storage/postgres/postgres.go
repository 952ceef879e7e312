// Package postgres is Roost's Store for deployments that run several
// instances against one shared database. It speaks to PostgreSQL through
// pgx's connection pool and keeps the SQLite backend's schema and
// semantics, so both pass the same conformance suite.
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
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/roost-embed/roost/storage"
)

// ChangesChannel is the LISTEN/NOTIFY channel every committed change is
// announced on; the payload is the change's seq in decimal.
const ChangesChannel = "roost_changes"

// Store is the PostgreSQL implementation of storage.Store.
type Store struct {
	pool *pgxpool.Pool
	ids  *storage.IDGenerator
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
	s := &Store{pool: pool}
	if err := s.Migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	var node int64
	if err := pool.QueryRow(ctx, "SELECT nextval('id_nodes')").Scan(&node); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: claim id node: %w", err)
	}
	s.ids = storage.NewIDGenerator(node)
	return s, nil
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

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Empty reports whether the store holds no users.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var found bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users)").Scan(&found); err != nil {
		return false, fmt.Errorf("postgres: empty: %w", err)
	}
	return !found, nil
}

// Close closes the pool, waiting for connections in use to come back.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}
