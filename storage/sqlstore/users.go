package sqlstore

import (
	"context"
	"errors"
	"strings"

	"github.com/roost-embed/roost/storage"
)

const userCols = `id, handle, name, bio, url, location, avatar_media_id, verified, protected,
	suspended, followers_count, following_count, platform, profile_url, created_at, updated_at`

// userParams are the placeholders for userArgs: userCols plus handle_key.
const userParams = `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`

// CreateUser inserts u, assigning its id and times when zero.
func (s *Store) CreateUser(ctx context.Context, u *storage.User) (storage.Change, error) {
	if u.ID == 0 {
		u.ID = s.ids.Next()
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = now()
	}
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = u.CreatedAt
	}
	return s.write(ctx, "user.create", func(tx Tx, c *storage.Change) error {
		if err := s.absent(ctx, tx, storage.Conflict("id", "user %d already exists", u.ID),
			"SELECT 1 FROM users WHERE id = ?", u.ID); err != nil {
			return err
		}
		if err := s.checkUser(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO users (`+userCols+`, handle_key) VALUES (`+userParams+`)`,
			userArgs(u)...); err != nil {
			return s.errorf("insert user: %w", err)
		}
		c.Users = []int64{u.ID}
		return nil
	})
}

// UpdateUser replaces every field of the user with u.ID. A zero CreatedAt
// keeps the stored one; a zero UpdatedAt becomes now. The user's row stays
// locked until commit.
func (s *Store) UpdateUser(ctx context.Context, u *storage.User) (storage.Change, error) {
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = now()
	}
	return s.write(ctx, "user.update", func(tx Tx, c *storage.Change) error {
		old, err := s.userByID(ctx, tx, u.ID, forUpdate)
		if err != nil {
			return err
		}
		if u.CreatedAt.IsZero() {
			u.CreatedAt = old.CreatedAt
		}
		if err := s.checkUser(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET (`+userCols+`, handle_key) = (`+userParams+`) WHERE id = ?`,
			append(userArgs(u), u.ID)...); err != nil {
			return s.errorf("update user %d: %w", u.ID, err)
		}
		c.Users = []int64{u.ID}
		if old.Protected != u.Protected || old.Suspended != u.Suspended {
			// Their posts leave or rejoin the collections that hold them.
			if c.Collections, err = s.int64s(ctx, tx, authorCollectionsSQL, u.ID); err != nil {
				return err
			}
		}
		c.Lists, err = s.userLists(ctx, tx, u.ID)
		return err
	})
}

// checkUser validates the fields other rows constrain: a non-empty handle
// that no other user holds (case-insensitively) and an existing avatar.
func (s *Store) checkUser(ctx context.Context, tx Tx, u *storage.User) error {
	if u.Handle == "" {
		return storage.Invalid("handle", "is empty")
	}
	if err := s.absent(ctx, tx, storage.Conflict("handle", "%q is taken", u.Handle),
		"SELECT 1 FROM users WHERE handle_key = ? AND id <> ?", handleKey(u.Handle), u.ID); err != nil {
		return err
	}
	return s.presentIf(ctx, tx, u.AvatarMediaID, "avatar_media_id", "media", "SELECT 1 FROM media WHERE id = ?")
}

func userArgs(u *storage.User) []any {
	return []any{u.ID, u.Handle, u.Name, u.Bio, u.URL, u.Location, u.AvatarMediaID,
		u.Verified, u.Protected, u.Suspended, u.FollowersCount, u.FollowingCount,
		u.Platform, u.ProfileURL, millis(u.CreatedAt), millis(u.UpdatedAt), handleKey(u.Handle)}
}

// handleKey is the case-folded handle that uniqueness and lookups use,
// folded by Go's Unicode tables so both engines agree.
func handleKey(h string) string { return strings.ToLower(h) }

// userLists returns the lists a user owns or belongs to: the caches of
// those lists depend on the user.
func (s *Store) userLists(ctx context.Context, q Conn, userID int64) ([]int64, error) {
	return s.int64s(ctx, q, `SELECT id FROM lists WHERE owner_id = ?1
		UNION SELECT list_id FROM list_members WHERE user_id = ?1`, userID)
}

// usersLists is userLists for several users at once.
func (s *Store) usersLists(ctx context.Context, q Conn, userIDs []int64) ([]int64, error) {
	return s.int64s(ctx, q, `SELECT id FROM lists WHERE owner_id = ANY(?1)
		UNION SELECT list_id FROM list_members WHERE user_id = ANY(?1)`, userIDs)
}

// UserByID returns the user with id.
func (s *Store) UserByID(ctx context.Context, id int64) (*storage.User, error) {
	return s.userByID(ctx, s.r, id, "")
}

// Row locks a write takes on what it reads, until commit; SQLite drops
// them (see doc.go).
const (
	forUpdate   = " FOR UPDATE"
	forKeyShare = " FOR KEY SHARE"
)

// userByID reads one user; lock is "" or forUpdate.
func (s *Store) userByID(ctx context.Context, q Conn, id int64, lock string) (*storage.User, error) {
	u, err := s.scanUser(q.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?"+lock, id))
	if errors.Is(err, ErrNoRows) {
		return nil, storage.NotFound("user", id)
	}
	return u, err
}

// UserByHandle finds a user by handle, ignoring case.
func (s *Store) UserByHandle(ctx context.Context, handle string) (*storage.User, error) {
	u, err := s.scanUser(s.r.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE handle_key = ?", handleKey(handle)))
	if errors.Is(err, ErrNoRows) {
		return nil, storage.NotFound("user", "@"+handle)
	}
	return u, err
}

// UsersByIDs returns the users that exist among ids, keyed by id.
func (s *Store) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*storage.User, error) {
	out := make(map[int64]*storage.User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	users, err := collect(ctx, s.r, func(r Rows) (*storage.User, error) { return s.scanUser(r) },
		"SELECT "+userCols+" FROM users WHERE id = ANY(?)", ids)
	if err != nil {
		return nil, s.errorf("users by ids: %w", err)
	}
	for _, u := range users {
		out[u.ID] = u
	}
	return out, nil
}

func (s *Store) scanUser(sc Row) (*storage.User, error) {
	var (
		u                storage.User
		created, updated int64
	)
	err := sc.Scan(&u.ID, &u.Handle, &u.Name, &u.Bio, &u.URL, &u.Location, &u.AvatarMediaID,
		&u.Verified, &u.Protected, &u.Suspended, &u.FollowersCount, &u.FollowingCount, &u.Platform, &u.ProfileURL,
		&created, &updated)
	if errors.Is(err, ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, s.errorf("scan user: %w", err)
	}
	u.CreatedAt, u.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &u, nil
}
