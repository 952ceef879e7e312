package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// BeginIdempotent reserves (rec.TokenID, rec.Key). It returns (nil, nil)
// when the pair was free and is now reserved with Status 0, or the stored
// record when another request holds or finished it.
func (s *Store) BeginIdempotent(ctx context.Context, rec *storage.Idempotency) (*storage.Idempotency, error) {
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = now()
	}
	var prior *storage.Idempotency
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency (token_id, key, request_hash, status, body, created_at)
			VALUES (?, ?, ?, 0, NULL, ?) ON CONFLICT (token_id, key) DO NOTHING`,
			rec.TokenID, rec.Key, rec.RequestHash, millis(rec.CreatedAt))
		if err != nil {
			return fmt.Errorf("sqlite: reserve idempotency key: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		prior, err = idempotencyRecord(ctx, tx, rec.TokenID, rec.Key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return prior, nil
}

func idempotencyRecord(ctx context.Context, q queryer, tokenID int64, key string) (*storage.Idempotency, error) {
	var (
		r       storage.Idempotency
		created int64
	)
	err := q.QueryRowContext(ctx, `SELECT token_id, key, request_hash, status, body, created_at
		FROM idempotency WHERE token_id = ? AND key = ?`, tokenID, key).
		Scan(&r.TokenID, &r.Key, &r.RequestHash, &r.Status, &r.Body, &created)
	if err != nil {
		return nil, fmt.Errorf("sqlite: idempotency record: %w", err)
	}
	r.CreatedAt = fromMillis(created)
	return &r, nil
}

// FinishIdempotent stores the first request's answer for replays.
func (s *Store) FinishIdempotent(ctx context.Context, tokenID int64, key string, status int, body []byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE idempotency SET status = ?, body = ? WHERE token_id = ? AND key = ?",
			status, body, tokenID, key)
		if err != nil {
			return fmt.Errorf("sqlite: finish idempotency key: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("sqlite: finish idempotency key: %w", err)
		}
		if n == 0 {
			return storage.NotFound("idempotency key", key)
		}
		return nil
	})
}

// AbortIdempotent forgets a reservation so the client may retry with the
// same key. A finished record is kept (its answer must still replay), and
// forgetting a key that is not there is not an error.
func (s *Store) AbortIdempotent(ctx context.Context, tokenID int64, key string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM idempotency WHERE token_id = ? AND key = ? AND status = 0", tokenID, key); err != nil {
			return fmt.Errorf("sqlite: abort idempotency key: %w", err)
		}
		return nil
	})
}
