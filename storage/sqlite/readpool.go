package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// readPool is the read connection pool with a statement cache. Parsing
// and planning a query cost about as much as running a timeline read, so
// each distinct query text is prepared once and reused; the set of query
// texts is fixed by the code, so the cache stays small.
type readPool struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newReadPool(db *sql.DB) *readPool {
	return &readPool{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the cached statement for query, preparing it on first use.
func (p *readPool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = st
	return st, nil
}

// stmtSource hands out prepared statements for query texts: the read
// pool's cache, or a transaction's (txstmts.go).
type stmtSource interface {
	stmt(ctx context.Context, query string) (*sql.Stmt, error)
}

// prepared runs every query through src's statements, so each text is
// prepared once; direct runs what cannot be prepared, which then reports
// its error through the result.
type prepared struct {
	src    stmtSource
	direct queryer
}

func (p prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.src.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.src.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.src.stmt(ctx, query)
	if err != nil {
		return p.direct.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// Close closes the cached statements and the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for q, st := range p.stmts {
		errs = append(errs, st.Close())
		delete(p.stmts, q)
	}
	return errors.Join(append(errs, p.db.Close())...)
}
