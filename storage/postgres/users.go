package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

const userCols = `id, handle, name, bio, url, location, avatar_media_id, verified, protected,
	suspended, followers_count, following_count, platform, profile_url, created_at, updated_at`

// userParams are the placeholders for userArgs: userCols plus handle_key.
const userParams = `$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17`

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
	return s.write(ctx, "user.create", func(tx pgx.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "user %d already exists", u.ID),
			"SELECT 1 FROM users WHERE id = $1", u.ID); err != nil {
			return err
		}
		if err := checkUser(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO users (`+userCols+`, handle_key) VALUES (`+userParams+`)`,
			userArgs(u)...); err != nil {
			return fmt.Errorf("postgres: insert user: %w", err)
		}
		c.Users = []int64{u.ID}
		return nil
	})
}

// UpdateUser replaces every field of the user with u.ID. A zero CreatedAt
// keeps the stored one; a zero UpdatedAt becomes now.
func (s *Store) UpdateUser(ctx context.Context, u *storage.User) (storage.Change, error) {
	if u.UpdatedAt.IsZero() {
		u.UpdatedAt = now()
	}
	return s.write(ctx, "user.update", func(tx pgx.Tx, c *storage.Change) error {
		old, err := userByID(ctx, tx, u.ID, " FOR UPDATE")
		if err != nil {
			return err
		}
		if u.CreatedAt.IsZero() {
			u.CreatedAt = old.CreatedAt
		}
		if err := checkUser(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET (`+userCols+`, handle_key) = (`+userParams+`) WHERE id = $1`,
			userArgs(u)...); err != nil {
			return fmt.Errorf("postgres: update user %d: %w", u.ID, err)
		}
		c.Users = []int64{u.ID}
		c.Lists, err = userLists(ctx, tx, u.ID)
		return err
	})
}

// checkUser validates the fields other rows constrain: a non-empty handle
// that no other user holds (case-insensitively) and an existing avatar.
func checkUser(ctx context.Context, tx pgx.Tx, u *storage.User) error {
	if u.Handle == "" {
		return storage.Invalid("handle", "is empty")
	}
	if err := absent(ctx, tx, storage.Conflict("handle", "%q is taken", u.Handle),
		"SELECT 1 FROM users WHERE handle_key = $1 AND id <> $2", handleKey(u.Handle), u.ID); err != nil {
		return err
	}
	return presentIf(ctx, tx, u.AvatarMediaID, "avatar_media_id", "media", "SELECT 1 FROM media WHERE id = $1")
}

func userArgs(u *storage.User) []any {
	return []any{u.ID, u.Handle, u.Name, u.Bio, u.URL, u.Location, u.AvatarMediaID,
		u.Verified, u.Protected, u.Suspended, u.FollowersCount, u.FollowingCount,
		u.Platform, u.ProfileURL, millis(u.CreatedAt), millis(u.UpdatedAt), handleKey(u.Handle)}
}

// handleKey is the case-folded handle that uniqueness and lookups use.
func handleKey(h string) string { return strings.ToLower(h) }

// userLists returns the lists a user owns or belongs to: the caches of
// those lists depend on the user.
func userLists(ctx context.Context, q queryer, userID int64) ([]int64, error) {
	return int64s(ctx, q, `SELECT id FROM lists WHERE owner_id = $1
		UNION SELECT list_id FROM list_members WHERE user_id = $1`, userID)
}

// UserByID returns the user with id.
func (s *Store) UserByID(ctx context.Context, id int64) (*storage.User, error) {
	return userByID(ctx, s.pool, id, "")
}

// userByID reads one user; lock is "" or a locking clause such as
// " FOR UPDATE" that a write takes to keep others off the row until commit.
func userByID(ctx context.Context, q queryer, id int64, lock string) (*storage.User, error) {
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = $1"+lock, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.NotFound("user", id)
	}
	return u, err
}

// UserByHandle finds a user by handle, ignoring case.
func (s *Store) UserByHandle(ctx context.Context, handle string) (*storage.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, "SELECT "+userCols+" FROM users WHERE handle_key = $1", handleKey(handle)))
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := s.pool.Query(ctx, "SELECT "+userCols+" FROM users WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: users by ids: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*storage.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: users by ids: %w", err)
	}
	for _, u := range users {
		out[u.ID] = u
	}
	return out, nil
}

// scanner is a pgx.Row or pgx.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanUser(sc scanner) (*storage.User, error) {
	var (
		u                storage.User
		created, updated int64
	)
	err := sc.Scan(&u.ID, &u.Handle, &u.Name, &u.Bio, &u.URL, &u.Location, &u.AvatarMediaID,
		&u.Verified, &u.Protected, &u.Suspended, &u.FollowersCount, &u.FollowingCount, &u.Platform, &u.ProfileURL,
		&created, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: scan user: %w", err)
	}
	u.CreatedAt, u.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &u, nil
}
