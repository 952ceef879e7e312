package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// CreateList inserts l, assigning its id and times when zero.
func (s *Store) CreateList(ctx context.Context, l *storage.List) (storage.Change, error) {
	if l.ID == 0 {
		l.ID = s.ids.Next()
	}
	if l.CreatedAt.IsZero() {
		l.CreatedAt = now()
	}
	if l.UpdatedAt.IsZero() {
		l.UpdatedAt = l.CreatedAt
	}
	return s.write(ctx, "list.create", func(tx *sql.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "list %d already exists", l.ID),
			"SELECT 1 FROM lists WHERE id = ?", l.ID); err != nil {
			return err
		}
		if l.OwnerID == 0 {
			return storage.Invalid("owner_id", "is missing")
		}
		if err := presentIf(ctx, tx, l.OwnerID, "owner_id", "user", "SELECT 1 FROM users WHERE id = ?"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO lists (id, owner_id, name, description, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, l.ID, l.OwnerID, l.Name, l.Description, millis(l.CreatedAt), millis(l.UpdatedAt)); err != nil {
			return fmt.Errorf("sqlite: insert list: %w", err)
		}
		c.Lists, c.Users = []int64{l.ID}, []int64{l.OwnerID}
		return nil
	})
}

// ListByID returns the list with id.
func (s *Store) ListByID(ctx context.Context, id int64) (*storage.List, error) {
	return listByID(ctx, s.r, id)
}

func listByID(ctx context.Context, q queryer, id int64) (*storage.List, error) {
	var (
		l                storage.List
		created, updated int64
	)
	err := q.QueryRowContext(ctx, "SELECT id, owner_id, name, description, created_at, updated_at FROM lists WHERE id = ?", id).
		Scan(&l.ID, &l.OwnerID, &l.Name, &l.Description, &created, &updated)
	if err == sql.ErrNoRows {
		return nil, storage.NotFound("list", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: list %d: %w", id, err)
	}
	l.CreatedAt, l.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &l, nil
}

// SetListMembers replaces the list's members with userIDs, in that order;
// a repeated id keeps its first place. The list's UpdatedAt becomes now.
func (s *Store) SetListMembers(ctx context.Context, listID int64, userIDs []int64) (storage.Change, error) {
	return s.write(ctx, "list.members", func(tx *sql.Tx, c *storage.Change) error {
		if _, err := listByID(ctx, tx, listID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM list_members WHERE list_id = ?", listID); err != nil {
			return fmt.Errorf("sqlite: clear list %d: %w", listID, err)
		}
		if err := insertMembers(ctx, tx, listID, userIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE lists SET updated_at = ? WHERE id = ?", millis(now()), listID); err != nil {
			return fmt.Errorf("sqlite: touch list %d: %w", listID, err)
		}
		c.Lists = []int64{listID}
		return nil
	})
}

func insertMembers(ctx context.Context, tx *sql.Tx, listID int64, userIDs []int64) error {
	seen := make(map[int64]bool, len(userIDs))
	for _, u := range userIDs {
		if seen[u] {
			continue
		}
		if err := presentIf(ctx, tx, u, "members", "user", "SELECT 1 FROM users WHERE id = ?"); err != nil {
			return err
		}
		if u == 0 {
			return storage.Invalid("members", "user id 0 does not exist")
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO list_members (list_id, user_id, position) VALUES (?, ?, ?)",
			listID, u, len(seen)); err != nil {
			return fmt.Errorf("sqlite: add member %d to list %d: %w", u, listID, err)
		}
		seen[u] = true
	}
	return nil
}

// ListMembers returns the ids of the list's members in their order.
func (s *Store) ListMembers(ctx context.Context, listID int64) ([]int64, error) {
	if _, err := listByID(ctx, s.r, listID); err != nil {
		return nil, err
	}
	return int64s(ctx, s.r, "SELECT user_id FROM list_members WHERE list_id = ? ORDER BY position", listID)
}
