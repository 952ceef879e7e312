package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

const tokenCols = `id, name, scope, hash, created_at, last_used_at, revoked_at`

// CreateToken stores t, assigning its id and CreatedAt when zero. Tokens
// are not content, so they leave no entry in the change log.
func (s *Store) CreateToken(ctx context.Context, t *storage.Token) error {
	if t.ID == 0 {
		t.ID = s.ids.Next()
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now()
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := absent(ctx, tx, storage.Conflict("id", "token %d already exists", t.ID),
			"SELECT 1 FROM tokens WHERE id = $1", t.ID); err != nil {
			return err
		}
		if err := absent(ctx, tx, storage.Conflict("hash", "a token with this hash exists"),
			"SELECT 1 FROM tokens WHERE hash = $1", t.Hash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO tokens ("+tokenCols+") VALUES ($1, $2, $3, $4, $5, $6, $7)",
			t.ID, t.Name, t.Scope, t.Hash, millis(t.CreatedAt), millis(t.LastUsedAt), millis(t.RevokedAt)); err != nil {
			return fmt.Errorf("postgres: insert token: %w", err)
		}
		return nil
	})
}

// TokenByHash finds a token, revoked or not, by the sha256 of its secret.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (*storage.Token, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, "SELECT "+tokenCols+" FROM tokens WHERE hash = $1", hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.NotFound("token", "with that hash")
	}
	return t, err
}

// Tokens returns every token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]*storage.Token, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+tokenCols+" FROM tokens ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*storage.Token, error) { return scanToken(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens: %w", err)
	}
	return out, nil
}

// RevokeToken marks the token revoked now; revoking twice keeps the first time.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	return s.updateToken(ctx, id, "UPDATE tokens SET revoked_at = CASE WHEN revoked_at = 0 THEN $1 ELSE revoked_at END WHERE id = $2",
		millis(now()))
}

// TouchToken records when the token was last used.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.updateToken(ctx, id, "UPDATE tokens SET last_used_at = $1 WHERE id = $2", millis(at))
}

// updateToken runs an update of one token that matches it whatever its
// state, so no row updated means no such token.
func (s *Store) updateToken(ctx context.Context, id int64, query string, at int64) error {
	tag, err := s.pool.Exec(ctx, query, at, id)
	if err != nil {
		return fmt.Errorf("postgres: update token %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return storage.NotFound("token", id)
	}
	return nil
}

func scanToken(sc scanner) (*storage.Token, error) {
	var (
		t                      storage.Token
		created, used, revoked int64
	)
	err := sc.Scan(&t.ID, &t.Name, &t.Scope, &t.Hash, &created, &used, &revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: scan token: %w", err)
	}
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromMillis(created), fromMillis(used), fromMillis(revoked)
	return &t, nil
}
