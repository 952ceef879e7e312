package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/roost-embed/roost/storage"
)

// queryer is what both *sql.DB and *sql.Tx offer, so lookups run the same
// inside a write transaction and on the read pool.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// write runs fn in one write transaction and appends, in the same
// transaction, the change fn filled in. Either everything commits or
// nothing does, so a failed write leaves no trace in the log.
func (s *Store) write(ctx context.Context, kind string, fn func(tx *sql.Tx, c *storage.Change) error) (storage.Change, error) {
	var c storage.Change
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c = storage.Change{Kind: kind}
		if err := fn(tx, &c); err != nil {
			return err
		}
		var err error
		c, err = appendChange(ctx, tx, c)
		return err
	})
	if err != nil {
		return storage.Change{}, err
	}
	return c, nil
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE on the one writer
// connection) and commits when fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// exists reports whether query (a SELECT 1 … LIMIT 1 style probe) finds a row.
func exists(ctx context.Context, q queryer, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, args...).Scan(&one)
	switch {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("sqlite: %w", err)
	}
	return true, nil
}

// absent returns fail when the probe query finds a row.
func absent(ctx context.Context, q queryer, fail error, query string, args ...any) error {
	found, err := exists(ctx, q, query, args...)
	if err != nil {
		return err
	}
	if found {
		return fail
	}
	return nil
}

// presentIf checks that a reference to another row holds: id 0 means "no
// reference" and passes; an id the probe does not find is Invalid on field.
func presentIf(ctx context.Context, q queryer, id int64, field, what, probe string) error {
	if id == 0 {
		return nil
	}
	found, err := exists(ctx, q, probe, id)
	if err != nil {
		return err
	}
	if !found {
		return storage.Invalid(field, "%s %d does not exist", what, id)
	}
	return nil
}

// jsonIDs encodes ids as a JSON array for "IN (SELECT value FROM
// json_each(?))", which takes any number of ids in one parameter.
func jsonIDs(ids []int64) string {
	b, _ := json.Marshal(ids) // []int64 always encodes
	return string(b)
}

// int64s runs query and collects its single integer column.
func int64s(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// strs runs query and collects its single text column.
func strs(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// millis stores a time as unix milliseconds, the zero time as 0.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMillis is the inverse of millis; times come back in UTC.
func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// now is the current time at the precision the database keeps.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// b2i stores a bool as 0/1.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
