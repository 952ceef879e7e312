package sqlstore

import (
	"context"
	"errors"

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
	return s.write(ctx, "list.create", func(tx Tx, c *storage.Change) error {
		if err := s.absent(ctx, tx, storage.Conflict("id", "list %d already exists", l.ID),
			"SELECT 1 FROM lists WHERE id = ?", l.ID); err != nil {
			return err
		}
		if l.OwnerID == 0 {
			return storage.Invalid("owner_id", "is missing")
		}
		if err := s.presentIf(ctx, tx, l.OwnerID, "owner_id", "user", "SELECT 1 FROM users WHERE id = ?"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO lists (id, owner_id, name, description, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, l.ID, l.OwnerID, l.Name, l.Description,
			millis(l.CreatedAt), millis(l.UpdatedAt)); err != nil {
			return s.errorf("insert list: %w", err)
		}
		c.Lists, c.Users = []int64{l.ID}, []int64{l.OwnerID}
		return nil
	})
}

// ListByID returns the list with id.
func (s *Store) ListByID(ctx context.Context, id int64) (*storage.List, error) {
	return s.listByID(ctx, s.r, id, "")
}

// listByID reads one list; lock is "" or forUpdate.
func (s *Store) listByID(ctx context.Context, q Conn, id int64, lock string) (*storage.List, error) {
	var (
		l                storage.List
		created, updated int64
	)
	err := q.QueryRow(ctx, "SELECT id, owner_id, name, description, created_at, updated_at FROM lists WHERE id = ?"+lock, id).
		Scan(&l.ID, &l.OwnerID, &l.Name, &l.Description, &created, &updated)
	if errors.Is(err, ErrNoRows) {
		return nil, storage.NotFound("list", id)
	}
	if err != nil {
		return nil, s.errorf("list %d: %w", id, err)
	}
	l.CreatedAt, l.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &l, nil
}

// SetListMembers replaces the list's members with userIDs, in that order;
// a repeated id keeps its first place. The list's UpdatedAt becomes now.
// The list row stays locked until commit, so two concurrent sets of one
// list run one after the other instead of clashing on positions.
func (s *Store) SetListMembers(ctx context.Context, listID int64, userIDs []int64) (storage.Change, error) {
	return s.write(ctx, "list.members", func(tx Tx, c *storage.Change) error {
		if _, err := s.listByID(ctx, tx, listID, forUpdate); err != nil {
			return err
		}
		members, err := s.checkMembers(ctx, tx, userIDs)
		if err != nil {
			return err
		}
		b := tx.Batch()
		b.Queue("DELETE FROM list_members WHERE list_id = ?", listID)
		for i, u := range members {
			b.Queue("INSERT INTO list_members (list_id, user_id, position) VALUES (?, ?, ?)", listID, u, i)
		}
		b.Queue("UPDATE lists SET updated_at = ? WHERE id = ?", millis(now()), listID)
		if err := b.Run(ctx); err != nil {
			return s.errorf("set members of list %d: %w", listID, err)
		}
		c.Lists = []int64{listID}
		return nil
	})
}

// checkMembers drops repeats from userIDs, keeping first places, and
// checks with one query that every user exists; the first missing one in
// order is Invalid on "members".
func (s *Store) checkMembers(ctx context.Context, tx Tx, userIDs []int64) ([]int64, error) {
	seen := make(map[int64]bool, len(userIDs))
	members := make([]int64, 0, len(userIDs))
	for _, u := range userIDs {
		if !seen[u] {
			seen[u] = true
			members = append(members, u)
		}
	}
	found, err := s.idSet(ctx, tx, "users", members)
	if err != nil {
		return nil, err
	}
	for _, u := range members {
		if !found[u] {
			return nil, storage.Invalid("members", "user %d does not exist", u)
		}
	}
	return members, nil
}

// ListMembers returns the ids of the list's members in their order.
func (s *Store) ListMembers(ctx context.Context, listID int64) ([]int64, error) {
	if _, err := s.listByID(ctx, s.r, listID, ""); err != nil {
		return nil, err
	}
	return s.int64s(ctx, s.r, "SELECT user_id FROM list_members WHERE list_id = ? ORDER BY position", listID)
}
