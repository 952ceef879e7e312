package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/roost-embed/roost/storage"
)

// maxAttempts is how often a transaction runs before a serialization
// failure or a deadlock is reported rather than retried.
const maxAttempts = 5

// errRetry is returned by a transaction body that found the database in a
// state a concurrent commit is about to change; inTx runs it again.
var errRetry = errors.New("postgres: a concurrent write got in the way")

// queryer is what both *pgxpool.Pool and pgx.Tx offer, so lookups run the
// same inside a write transaction and on the pool.
type queryer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// write runs fn in one transaction and appends, in the same transaction,
// the change fn filled in. Either everything commits or nothing does, so a
// failed write leaves no trace in the log.
func (s *Store) write(ctx context.Context, kind string, fn func(tx pgx.Tx, c *storage.Change) error) (storage.Change, error) {
	var c storage.Change
	err := s.inTx(ctx, func(tx pgx.Tx) error {
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

// inTx runs fn in a READ COMMITTED transaction and commits when fn
// succeeds. A serialization failure or deadlock rolls back and runs fn
// again, so fn must start from scratch each time; constraint violations
// become the field errors the explicit checks would have given.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if err = s.tryTx(ctx, fn); !retryable(err) {
			return mapConstraint(err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("postgres: %w", ctx.Err())
		case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
		}
	}
	return fmt.Errorf("postgres: gave up after %d attempts: %w", maxAttempts, err)
}

// tryTx is one attempt of inTx.
func (s *Store) tryTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// retryable reports a serialization failure (40001), a deadlock (40P01)
// or errRetry: the transaction did nothing and may simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.Is(err, errRetry) || errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// exists reports whether query (a SELECT 1 … style probe) finds a row.
func exists(ctx context.Context, q queryer, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRow(ctx, query, args...).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("postgres: %w", err)
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

// int64s runs query and collects its single bigint column.
func int64s(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return out, nil
}

// strs runs query and collects its single text column.
func strs(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
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
