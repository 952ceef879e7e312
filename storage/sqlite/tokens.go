package sqlite

import (
	"context"
	"database/sql"
	"fmt"
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := absent(ctx, tx, storage.Conflict("id", "token %d already exists", t.ID),
			"SELECT 1 FROM tokens WHERE id = ?", t.ID); err != nil {
			return err
		}
		if err := absent(ctx, tx, storage.Conflict("hash", "a token with this hash exists"),
			"SELECT 1 FROM tokens WHERE hash = ?", t.Hash); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO tokens ("+tokenCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			t.ID, t.Name, t.Scope, t.Hash, millis(t.CreatedAt), millis(t.LastUsedAt), millis(t.RevokedAt)); err != nil {
			return fmt.Errorf("sqlite: insert token: %w", err)
		}
		return nil
	})
}

// TokenByHash finds a token, revoked or not, by the sha256 of its secret.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (*storage.Token, error) {
	t, err := scanToken(s.r.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM tokens WHERE hash = ?", hash))
	if err == sql.ErrNoRows {
		return nil, storage.NotFound("token", "with that hash")
	}
	return t, err
}

// Tokens returns every token, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]*storage.Token, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+tokenCols+" FROM tokens ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: tokens: %w", err)
	}
	defer rows.Close()
	var out []*storage.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken marks the token revoked now; revoking twice keeps the first time.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	return s.updateToken(ctx, id, "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0", millis(now()))
}

// TouchToken records when the token was last used.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.updateToken(ctx, id, "UPDATE tokens SET last_used_at = ? WHERE id = ?", millis(at))
}

// updateToken runs an update of one token and reports a missing token.
func (s *Store) updateToken(ctx context.Context, id int64, query string, at int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		found, err := exists(ctx, tx, "SELECT 1 FROM tokens WHERE id = ?", id)
		if err != nil {
			return err
		}
		if !found {
			return storage.NotFound("token", id)
		}
		if _, err := tx.ExecContext(ctx, query, at, id); err != nil {
			return fmt.Errorf("sqlite: update token %d: %w", id, err)
		}
		return nil
	})
}

func scanToken(sc scanner) (*storage.Token, error) {
	var (
		t                      storage.Token
		created, used, revoked int64
	)
	err := sc.Scan(&t.ID, &t.Name, &t.Scope, &t.Hash, &created, &used, &revoked)
	if err == sql.ErrNoRows {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: scan token: %w", err)
	}
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromMillis(created), fromMillis(used), fromMillis(revoked)
	return &t, nil
}
