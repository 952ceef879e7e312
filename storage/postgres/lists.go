package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	return s.write(ctx, "list.create", func(tx pgx.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "list %d already exists", l.ID),
			"SELECT 1 FROM lists WHERE id = $1", l.ID); err != nil {
			return err
		}
		if l.OwnerID == 0 {
			return storage.Invalid("owner_id", "is missing")
		}
		if err := presentIf(ctx, tx, l.OwnerID, "owner_id", "user", "SELECT 1 FROM users WHERE id = $1"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO lists (id, owner_id, name, description, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, l.ID, l.OwnerID, l.Name, l.Description,
			millis(l.CreatedAt), millis(l.UpdatedAt)); err != nil {
			return fmt.Errorf("postgres: insert list: %w", err)
		}
		c.Lists, c.Users = []int64{l.ID}, []int64{l.OwnerID}
		return nil
	})
}

// ListByID returns the list with id.
func (s *Store) ListByID(ctx context.Context, id int64) (*storage.List, error) {
	return listByID(ctx, s.pool, id, "")
}

// listByID reads one list; lock is "" or a locking clause (" FOR UPDATE").
func listByID(ctx context.Context, q queryer, id int64, lock string) (*storage.List, error) {
	var (
		l                storage.List
		created, updated int64
	)
	err := q.QueryRow(ctx, "SELECT id, owner_id, name, description, created_at, updated_at FROM lists WHERE id = $1"+lock, id).
		Scan(&l.ID, &l.OwnerID, &l.Name, &l.Description, &created, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.NotFound("list", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: list %d: %w", id, err)
	}
	l.CreatedAt, l.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &l, nil
}

// SetListMembers replaces the list's members with userIDs, in that order;
// a repeated id keeps its first place. The list's UpdatedAt becomes now.
// The list row stays locked until commit, so two concurrent sets of one
// list run one after the other instead of clashing on positions.
func (s *Store) SetListMembers(ctx context.Context, listID int64, userIDs []int64) (storage.Change, error) {
	return s.write(ctx, "list.members", func(tx pgx.Tx, c *storage.Change) error {
		if _, err := listByID(ctx, tx, listID, " FOR UPDATE"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM list_members WHERE list_id = $1", listID); err != nil {
			return fmt.Errorf("postgres: clear list %d: %w", listID, err)
		}
		if err := insertMembers(ctx, tx, listID, userIDs); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE lists SET updated_at = $1 WHERE id = $2", millis(now()), listID); err != nil {
			return fmt.Errorf("postgres: touch list %d: %w", listID, err)
		}
		c.Lists = []int64{listID}
		return nil
	})
}

// insertMembers checks that every user exists, then inserts them in one
// statement, numbered in order after dropping repeats.
func insertMembers(ctx context.Context, tx pgx.Tx, listID int64, userIDs []int64) error {
	seen := make(map[int64]bool, len(userIDs))
	members := make([]int64, 0, len(userIDs))
	for _, u := range userIDs {
		if seen[u] {
			continue
		}
		if u == 0 {
			return storage.Invalid("members", "user id 0 does not exist")
		}
		seen[u] = true
		members = append(members, u)
	}
	missing, err := int64s(ctx, tx, `SELECT m.id FROM unnest($1::bigint[]) WITH ORDINALITY AS m (id, ord)
		WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.id) ORDER BY m.ord LIMIT 1`, members)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return storage.Invalid("members", "user %d does not exist", missing[0])
	}
	if _, err := tx.Exec(ctx, `INSERT INTO list_members (list_id, user_id, position)
		SELECT $1, m.id, m.ord - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS m (id, ord)`,
		listID, members); err != nil {
		return fmt.Errorf("postgres: add members to list %d: %w", listID, err)
	}
	return nil
}

// ListMembers returns the ids of the list's members in their order.
func (s *Store) ListMembers(ctx context.Context, listID int64) ([]int64, error) {
	if _, err := listByID(ctx, s.pool, listID, ""); err != nil {
		return nil, err
	}
	return int64s(ctx, s.pool, "SELECT user_id FROM list_members WHERE list_id = $1 ORDER BY position", listID)
}
