package sqlstore

import (
	"context"
	"errors"
	"time"

	"github.com/roost-embed/roost/storage"
)

// sweepChunk bounds how many idempotency records one sweep statement
// deletes, so the sweep never holds SQLite's writer for long.
const sweepChunk = 500

// BeginIdempotent reserves (rec.TokenID, rec.Key). It returns (nil, nil)
// when the pair was free, or held by a record older than
// storage.IdempotencyTTL, and is now reserved with Status 0; otherwise the
// stored record of the request that holds or finished it. The conflict
// clause waits for a concurrent reservation of the same pair to commit or
// roll back, so exactly one caller wins.
func (s *Store) BeginIdempotent(ctx context.Context, rec *storage.Idempotency) (*storage.Idempotency, error) {
	if rec.CreatedAt.IsZero() {
		rec.CreatedAt = now()
	}
	expired := millis(rec.CreatedAt.Add(-storage.IdempotencyTTL))
	var prior *storage.Idempotency
	err := s.inTx(ctx, func(tx Tx) error {
		prior = nil
		n, err := tx.Exec(ctx, `INSERT INTO idempotency (token_id, key, request_hash, status, body, created_at)
			VALUES (?, ?, ?, 0, NULL, ?) ON CONFLICT (token_id, key) DO UPDATE
			SET request_hash = excluded.request_hash, status = 0, body = NULL, created_at = excluded.created_at
			WHERE idempotency.created_at < ?`,
			rec.TokenID, rec.Key, rec.RequestHash, millis(rec.CreatedAt), expired)
		if err != nil {
			return s.errorf("reserve idempotency key: %w", err)
		}
		if n == 1 {
			return nil
		}
		prior, err = s.idempotencyRecord(ctx, tx, rec.TokenID, rec.Key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return prior, nil
}

// idempotencyRecord reads a record. Under PostgreSQL's READ COMMITTED a
// record that won the race above may have been aborted since; that reads
// as ErrRetry, so inTx tries the reservation again.
func (s *Store) idempotencyRecord(ctx context.Context, q Conn, tokenID int64, key string) (*storage.Idempotency, error) {
	var (
		r       storage.Idempotency
		created int64
	)
	err := q.QueryRow(ctx, `SELECT token_id, key, request_hash, status, body, created_at
		FROM idempotency WHERE token_id = ? AND key = ?`, tokenID, key).
		Scan(&r.TokenID, &r.Key, &r.RequestHash, &r.Status, &r.Body, &created)
	if errors.Is(err, ErrNoRows) {
		return nil, ErrRetry
	}
	if err != nil {
		return nil, s.errorf("idempotency record: %w", err)
	}
	r.CreatedAt = fromMillis(created)
	return &r, nil
}

// FinishIdempotent stores the first request's answer for replays.
func (s *Store) FinishIdempotent(ctx context.Context, tokenID int64, key string, status int, body []byte) error {
	n, err := s.e.Writer().Exec(ctx, "UPDATE idempotency SET status = ?, body = ? WHERE token_id = ? AND key = ?",
		status, body, tokenID, key)
	if err != nil {
		return s.errorf("finish idempotency key: %w", err)
	}
	if n == 0 {
		return storage.NotFound("idempotency key", key)
	}
	return nil
}

// AbortIdempotent forgets a reservation so the client may retry with the
// same key. A finished record is kept (its answer must still replay), and
// forgetting a key that is not there is not an error.
func (s *Store) AbortIdempotent(ctx context.Context, tokenID int64, key string) error {
	if _, err := s.e.Writer().Exec(ctx, "DELETE FROM idempotency WHERE token_id = ? AND key = ? AND status = 0",
		tokenID, key); err != nil {
		return s.errorf("abort idempotency key: %w", err)
	}
	return nil
}

// SweepIdempotency deletes the records created before before, at most
// sweepChunk per statement, each statement its own short write, so API
// writes queue behind one chunk at most rather than behind the whole sweep.
func (s *Store) SweepIdempotency(ctx context.Context, before time.Time) (int64, error) {
	var total int64
	for {
		n, err := s.e.Writer().Exec(ctx, `DELETE FROM idempotency WHERE (token_id, key) IN
			(SELECT token_id, key FROM idempotency WHERE created_at < ? LIMIT ?)`, millis(before), sweepChunk)
		total += n
		if err != nil {
			return total, s.errorf("sweep idempotency keys: %w", err)
		}
		if n < sweepChunk {
			return total, nil
		}
	}
}
