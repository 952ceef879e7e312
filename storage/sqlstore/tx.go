package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/roost-embed/roost/storage"
)

// maxAttempts is how often a transaction runs before a serialization
// failure or a deadlock is reported rather than retried.
const maxAttempts = 5

// write runs fn in one transaction and appends, in the same transaction,
// the change fn filled in. Either everything commits or nothing does, so a
// failed write leaves no trace in the log.
func (s *Store) write(ctx context.Context, kind string, fn func(tx Tx, c *storage.Change) error) (storage.Change, error) {
	var c storage.Change
	err := s.inTx(ctx, func(tx Tx) error {
		c = storage.Change{Kind: kind}
		if err := fn(tx, &c); err != nil {
			return err
		}
		var err error
		c, err = s.appendChange(ctx, tx, c)
		return err
	})
	if err != nil {
		return storage.Change{}, err
	}
	return c, nil
}

// inTx runs fn in a transaction and commits when fn succeeds. A
// serialization failure, a deadlock or ErrRetry rolls back and runs fn
// again, so fn must start from scratch each time; constraint violations
// become the field errors the explicit checks would have given.
func (s *Store) inTx(ctx context.Context, fn func(tx Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = s.e.Tx(ctx, fn)
		if !errors.Is(err, ErrRetry) && !s.e.Retryable(err) {
			return s.e.MapError(err)
		}
		select {
		case <-ctx.Done():
			return s.errorf("%w", ctx.Err())
		case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		}
	}
	return s.errorf("gave up after %d attempts: %w", maxAttempts, err)
}

// exists reports whether query (a SELECT 1 … style probe) finds a row.
func (s *Store) exists(ctx context.Context, q Conn, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRow(ctx, query, args...).Scan(&one)
	switch {
	case errors.Is(err, ErrNoRows):
		return false, nil
	case err != nil:
		return false, s.errorf("%w", err)
	}
	return true, nil
}

// absent returns fail when the probe query finds a row.
func (s *Store) absent(ctx context.Context, q Conn, fail error, query string, args ...any) error {
	found, err := s.exists(ctx, q, query, args...)
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
func (s *Store) presentIf(ctx context.Context, q Conn, id int64, field, what, probe string) error {
	if id == 0 {
		return nil
	}
	found, err := s.exists(ctx, q, probe, id)
	if err != nil {
		return err
	}
	if !found {
		return storage.Invalid(field, "%s %d does not exist", what, id)
	}
	return nil
}

// collect runs query and scans every row with scan.
func collect[T any](ctx context.Context, q Conn, scan func(Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanOne scans a single column of type T.
func scanOne[T any](r Rows) (T, error) {
	var v T
	err := r.Scan(&v)
	return v, err
}

// int64s runs query and collects its single integer column.
func (s *Store) int64s(ctx context.Context, q Conn, query string, args ...any) ([]int64, error) {
	out, err := collect(ctx, q, scanOne[int64], query, args...)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	return out, nil
}

// strs runs query and collects its single text column.
func (s *Store) strs(ctx context.Context, q Conn, query string, args ...any) ([]string, error) {
	out, err := collect(ctx, q, scanOne[string], query, args...)
	if err != nil {
		return nil, s.errorf("%w", err)
	}
	return out, nil
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
