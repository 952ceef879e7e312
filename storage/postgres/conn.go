package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/roost-embed/roost/storage/sqlstore"
)

// queryer is what *pgxpool.Pool and pgx.Tx offer.
type queryer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// conn is a sqlstore.Conn over pgx: it numbers the store's portable
// placeholders and passes JSON documents as JSONB (NULL for none).
type conn struct{ q queryer }

func (c conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, rebind(query), bindArgs(args)...)
	return tag.RowsAffected(), err
}

func (c conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return c.q.Query(ctx, rebind(query), bindArgs(args)...)
}

func (c conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return pgRow{c.q.QueryRow(ctx, rebind(query), bindArgs(args)...)}
}

// pgRow maps pgx's no-rows error to the store's.
type pgRow struct{ pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// txConn is a write transaction.
type txConn struct {
	conn
	tx pgx.Tx
}

func (t txConn) Batch() sqlstore.Batch { return &batch{tx: t.tx} }

// batch is a pgx.Batch: pgx prepares each distinct statement once and the
// server answers them all in one round trip.
type batch struct {
	tx pgx.Tx
	b  pgx.Batch
}

func (b *batch) Queue(query string, args ...any) { b.b.Queue(rebind(query), bindArgs(args)...) }
func (b *batch) Len() int                        { return b.b.Len() }

func (b *batch) Run(ctx context.Context) error {
	n := b.b.Len()
	if n == 0 {
		return nil
	}
	res := b.tx.SendBatch(ctx, &b.b)
	for range n {
		if _, err := res.Exec(); err != nil {
			res.Close()
			return err
		}
	}
	b.b = pgx.Batch{}
	return res.Close()
}

// bindArgs passes JSON documents as raw JSON bytes, and none as NULL.
// It copies only when an argument needs converting.
func bindArgs(args []any) []any {
	out, copied := args, false
	for i, a := range args {
		j, ok := a.(sqlstore.JSON)
		if !ok {
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		if len(j) == 0 {
			out[i] = nil
		} else {
			out[i] = []byte(j)
		}
	}
	return out
}

var rebound sync.Map // portable text → PostgreSQL text

// rebind turns the portable "?" and "?N" placeholders into "$N", once per
// distinct text, leaving string literals, quoted names and comments alone.
func rebind(query string) string {
	if t, ok := rebound.Load(query); ok {
		return t.(string)
	}
	t := numberPlaceholders(query)
	rebound.Store(query, t)
	return t
}

func numberPlaceholders(q string) string {
	var b strings.Builder
	next := 0
	for i := 0; i < len(q); {
		switch c := q[i]; {
		case c == '\'' || c == '"':
			n := quotedLen(q[i:], c)
			b.WriteString(q[i : i+n])
			i += n
		case strings.HasPrefix(q[i:], "--"):
			n := strings.IndexByte(q[i:], '\n')
			if n < 0 {
				n = len(q) - i
			}
			b.WriteString(q[i : i+n])
			i += n
		case c == '?':
			j := i + 1
			for j < len(q) && '0' <= q[j] && q[j] <= '9' {
				j++
			}
			if j == i+1 {
				next++
				b.WriteString("$" + strconv.Itoa(next))
			} else {
				b.WriteString("$" + q[i+1:j])
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// quotedLen is the length of the quoted run at the start of s, closing
// quote included (all of s when unclosed). A doubled quote inside ('it”s')
// reads as two adjacent runs, which comes to the same.
func quotedLen(s string, quote byte) int {
	end := strings.IndexByte(s[1:], quote)
	if end < 0 {
		return len(s)
	}
	return end + 2
}
