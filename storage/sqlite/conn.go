package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"sync"

	"github.com/roost-embed/roost/storage/sqlstore"
)

// queryer is what *sql.DB, *sql.Tx and the read pool offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn is a sqlstore.Conn over database/sql: it translates the store's
// portable SQL (see sqlstore's doc) and its set arguments.
type conn struct{ q queryer }

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := c.q.ExecContext(ctx, translate(query), bindArgs(args)...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.q.QueryContext(ctx, translate(query), bindArgs(args)...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (c conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return sqlRow{c.q.QueryRowContext(ctx, translate(query), bindArgs(args)...)}
}

// sqlRows adapts *sql.Rows (whose Close returns an error nobody needs: Err
// reports what went wrong while reading).
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// sqlRow maps database/sql's no-rows error to the store's.
type sqlRow struct{ *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// txConn is a write transaction; its statements come from the writer's
// cache (txstmts.go).
type txConn struct {
	conn
	stmts *txStmts
}

func (t txConn) Batch() sqlstore.Batch { return &batch{tx: t} }

// batch runs its statements one by one through the transaction's
// statement cache: a batch of posts repeats a handful of texts hundreds of
// times, each prepared once.
type batch struct {
	tx    txConn
	stmts []queued
}

type queued struct {
	query string
	args  []any
}

func (b *batch) Queue(query string, args ...any) { b.stmts = append(b.stmts, queued{query, args}) }
func (b *batch) Len() int                        { return len(b.stmts) }

func (b *batch) Run(ctx context.Context) error {
	for _, q := range b.stmts {
		if _, err := b.tx.Exec(ctx, q.query, q.args...); err != nil {
			return err
		}
	}
	b.stmts = b.stmts[:0]
	return nil
}

// The portable forms SQLite spells differently: set membership and row
// locks (see sqlstore's doc).
var (
	anyParam   = regexp.MustCompile(`=\s*ANY\((\?\d*)\)`)
	rowLock    = regexp.MustCompile(`\s+FOR\s+(UPDATE|NO\s+KEY\s+UPDATE|SHARE|KEY\s+SHARE)\b`)
	translated sync.Map // portable text → SQLite text
)

// translate rewrites a portable query into SQLite's dialect, once per
// distinct text (the set of texts is fixed by the code).
func translate(query string) string {
	if t, ok := translated.Load(query); ok {
		return t.(string)
	}
	t := anyParam.ReplaceAllString(query, "IN (SELECT value FROM json_each($1))")
	t = rowLock.ReplaceAllString(t, "")
	translated.Store(query, t)
	return t
}

// bindArgs passes sets as JSON text, for json_each, and JSON documents as
// TEXT ("" for none). It copies only when an argument needs converting.
func bindArgs(args []any) []any {
	out, copied := args, false
	for i, a := range args {
		var v any
		switch a := a.(type) {
		case []int64:
			v = jsonText(a)
		case []string:
			v = jsonText(a)
		case sqlstore.JSON:
			v = string(a)
		default:
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = v
	}
	return out
}

// jsonText encodes a set of ids or strings; an empty set is "[]".
func jsonText[T int64 | string](set []T) string {
	if len(set) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(set) // ints and strings always encode
	return string(b)
}
