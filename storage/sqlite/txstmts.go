package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// writeStmts caches the writer's prepared statements: preparing (parsing
// and planning) is most of what a small SQLite write costs. database/sql
// prepares a DB-level statement only on a free connection, and the one
// writer connection is busy during a transaction, so a text first met
// inside a transaction is prepared for that transaction alone and noted;
// after the commit, noted texts are prepared on the DB once, and later
// transactions bind them with Tx.StmtContext, which reuses the statement
// already prepared on the connection. The set of texts is fixed by the
// code, so the cache stays small.
type writeStmts struct {
	db     *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

func newWriteStmts(db *sql.DB) *writeStmts {
	return &writeStmts{db: db, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// cached returns the DB-level statement for query, or nil after noting
// that it is wanted.
func (w *writeStmts) cached(query string) *sql.Stmt {
	w.mu.Lock()
	defer w.mu.Unlock()
	st := w.stmts[query]
	if st == nil {
		w.wanted[query] = true
	}
	return st
}

// prepareWanted prepares the texts noted since the last call; run it when
// the writer connection is free (after a commit or rollback). The lock is
// not held while preparing: a transaction that took the connection
// meanwhile must be able to look the cache up, or neither would finish.
func (w *writeStmts) prepareWanted(ctx context.Context) {
	w.mu.Lock()
	var wanted []string
	for q := range w.wanted {
		wanted = append(wanted, q)
		delete(w.wanted, q)
	}
	w.mu.Unlock()
	for _, q := range wanted {
		st, err := w.db.PrepareContext(ctx, q)
		if err != nil {
			continue // the query fails again in a transaction, which reports it
		}
		w.mu.Lock()
		if w.stmts[q] == nil {
			w.stmts[q] = st
			st = nil
		}
		w.mu.Unlock()
		if st != nil {
			st.Close() // another round prepared it first
		}
	}
}

// close closes every cached statement.
func (w *writeStmts) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for q, st := range w.stmts {
		st.Close()
		delete(w.stmts, q)
	}
}

// txStmts are one transaction's statements: the cache's, bound to the
// transaction, and those prepared for it alone. Both close with it.
type txStmts struct {
	tx    *sql.Tx
	cache *writeStmts
	bound map[string]*sql.Stmt
}

// stmt returns a statement for the already translated query inside tx.
func (t *txStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.bound[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if shared := t.cache.cached(query); shared != nil {
		st = t.tx.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
	}
	t.bound[query] = st
	return st, nil
}
