package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

// BeginIdempotent reserves (rec.TokenID, rec.Key). It returns (nil, nil)
// when the pair was free and is now reserved with Status 0, or the stored
// record when another request holds or finished it. ON CONFLICT waits for
// a concurrent reservation of the same pair to commit or roll back, so
// exactly one caller wins.
func (s *Store) BeginIdempotent(ctx context.Context, rec *storage.Idempotency) (*storage.Idempotency, error) {
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = now()
	}
	var prior *storage.Idempotency
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		prior = nil
		tag, err := tx.Exec(ctx, `INSERT INTO idempotency (token_id, key, request_hash, status, body, created_at)
			VALUES ($1, $2, $3, 0, NULL, $4) ON CONFLICT (token_id, key) DO NOTHING`,
			rec.TokenID, rec.Key, rec.RequestHash, millis(rec.CreatedAt))
		if err != nil {
			return fmt.Errorf("postgres: reserve idempotency key: %w", err)
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
		prior, err = idempotencyRecord(ctx, tx, rec.TokenID, rec.Key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return prior, nil
}

// idempotencyRecord reads a record. Under READ COMMITTED a record that
// lost the race above may have been aborted since; that reads as a
// serialization failure, so inTx tries the reservation again.
func idempotencyRecord(ctx context.Context, q queryer, tokenID int64, key string) (*storage.Idempotency, error) {
	var (
		r       storage.Idempotency
		created int64
	)
	err := q.QueryRow(ctx, `SELECT token_id, key, request_hash, status, body, created_at
		FROM idempotency WHERE token_id = $1 AND key = $2`, tokenID, key).
		Scan(&r.TokenID, &r.Key, &r.RequestHash, &r.Status, &r.Body, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errRetry
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: idempotency record: %w", err)
	}
	r.CreatedAt = fromMillis(created)
	return &r, nil
}

// FinishIdempotent stores the first request's answer for replays.
func (s *Store) FinishIdempotent(ctx context.Context, tokenID int64, key string, status int, body []byte) error {
	tag, err := s.pool.Exec(ctx, "UPDATE idempotency SET status = $1, body = $2 WHERE token_id = $3 AND key = $4",
		status, body, tokenID, key)
	if err != nil {
		return fmt.Errorf("postgres: finish idempotency key: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return storage.NotFound("idempotency key", key)
	}
	return nil
}

// AbortIdempotent forgets a reservation so the client may retry with the
// same key. A finished record is kept (its answer must still replay), and
// forgetting a key that is not there is not an error.
func (s *Store) AbortIdempotent(ctx context.Context, tokenID int64, key string) error {
	if _, err := s.pool.Exec(ctx, "DELETE FROM idempotency WHERE token_id = $1 AND key = $2 AND status = 0",
		tokenID, key); err != nil {
		return fmt.Errorf("postgres: abort idempotency key: %w", err)
	}
	return nil
}
