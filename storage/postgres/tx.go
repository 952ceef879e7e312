package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/roost-embed/roost/storage/sqlstore"
)

// Tx runs fn in a READ COMMITTED transaction and commits when fn succeeds.
func (e *engine) Tx(ctx context.Context, fn func(sqlstore.Tx) error) error {
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(txConn{conn{tx}, tx}); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Retryable reports a serialization failure (40001) or a deadlock (40P01):
// the transaction did nothing and may simply run again.
func (e *engine) Retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// MapError maps constraint violations to field errors (constraints.go).
func (e *engine) MapError(err error) error { return mapConstraint(err) }

// AppendChange takes the next seq from the change_seq counter row, whose
// lock is held to commit: seqs then commit in order and without gaps, so a
// follower reading "seq > last" never skips a change that commits late.
// It also queues the notification Postgres sends at commit.
func (e *engine) AppendChange(ctx context.Context, tx sqlstore.Tx, at int64, kind string, body sqlstore.JSON) (int64, error) {
	var seq int64
	err := tx.QueryRow(ctx, `WITH next AS (UPDATE change_seq SET seq = seq + 1 RETURNING seq)
		INSERT INTO changes (seq, at, kind, body) SELECT seq, ?, ?, ? FROM next RETURNING seq`,
		at, kind, body).Scan(&seq)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify(?, ?)", ChangesChannel, strconv.FormatInt(seq, 10)); err != nil {
		return 0, fmt.Errorf("notify change %d: %w", seq, err)
	}
	return seq, nil
}

// LastChangeSeq reads the counter, which keeps the highest seq after a trim.
func (e *engine) LastChangeSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := e.pool.QueryRow(ctx, "SELECT seq FROM change_seq").Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return seq, err
}
