package sqlstore

import (
	"context"
	"errors"
	"time"

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
	return s.inTx(ctx, func(tx Tx) error {
		if err := s.absent(ctx, tx, storage.Conflict("id", "token %d already exists", t.ID),
			"SELECT 1 FROM tokens WHERE id = ?", t.ID); err != nil {
			return err
		}
		if err := s.absent(ctx, tx, storage.Conflict("hash", "a token with this hash exists"),
			"SELECT 1 FROM tokens WHERE hash = ?", t.Hash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO tokens ("+tokenCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			t.ID, t.Name, t.Scope, t.Hash, millis(t.CreatedAt), millis(t.LastUsedAt), millis(t.RevokedAt)); err != nil {
			return s.errorf("insert token: %w", err)
		}
		return nil
	})
}

// TokenByHash finds a token, revoked or not, by the sha256 of its secret.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (*storage.Token, error) {
	t, err := s.scanToken(s.r.QueryRow(ctx, "SELECT "+tokenCols+" FROM tokens WHERE hash = ?", hash))
	if errors.Is(err, ErrNoRows) {
		return nil, storage.NotFound("token", "with that hash")
	}
	return t, err
}

// Tokens returns every token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]*storage.Token, error) {
	out, err := collect(ctx, s.r, func(r Rows) (*storage.Token, error) { return s.scanToken(r) },
		"SELECT "+tokenCols+" FROM tokens ORDER BY id")
	if err != nil {
		return nil, s.errorf("tokens: %w", err)
	}
	return out, nil
}

// RevokeToken marks the token revoked now; revoking twice keeps the first time.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	return s.updateToken(ctx, id,
		"UPDATE tokens SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END WHERE id = ?", millis(now()))
}

// TouchToken records when the token was last used.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.updateToken(ctx, id, "UPDATE tokens SET last_used_at = ? WHERE id = ?", millis(at))
}

// updateToken runs an update of one token that matches it whatever its
// state, so no row updated means no such token.
func (s *Store) updateToken(ctx context.Context, id int64, query string, at int64) error {
	n, err := s.e.Writer().Exec(ctx, query, at, id)
	if err != nil {
		return s.errorf("update token %d: %w", id, err)
	}
	if n == 0 {
		return storage.NotFound("token", id)
	}
	return nil
}

func (s *Store) scanToken(sc Row) (*storage.Token, error) {
	var (
		t                      storage.Token
		created, used, revoked int64
	)
	err := sc.Scan(&t.ID, &t.Name, &t.Scope, &t.Hash, &created, &used, &revoked)
	if errors.Is(err, ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, s.errorf("scan token: %w", err)
	}
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromMillis(created), fromMillis(used), fromMillis(revoked)
	return &t, nil
}
