package importer

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/roost-embed/roost/storage"
)

// handlePattern is the shape of a Roost handle (SURFACE.md).
var handlePattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,30}$`)

// checkHandle refuses a handle Roost could not serve.
func checkHandle(h string) error {
	if !handlePattern.MatchString(h) {
		return fmt.Errorf("handle %q is not a valid Roost handle (1–30 of A–Z, a–z, 0–9, _); choose one with --handle", h)
	}
	return nil
}

// findUser returns the stored user an import of want writes to, nil when
// it is new, or an error when the id or handle belongs to someone else.
func findUser(ctx context.Context, st storage.Store, want *storage.User) (*storage.User, error) {
	if want.ID != 0 {
		u, err := st.UserByID(ctx, want.ID)
		switch {
		case err == nil && u.Platform != want.Platform:
			return nil, fmt.Errorf("user id %d is already @%s on platform %q: %w", u.ID, u.Handle, u.Platform, storage.ErrConflict)
		case err == nil:
			return u, handleFree(ctx, st, want.Handle, u.ID)
		case !errors.Is(err, storage.ErrNotFound):
			return nil, err
		}
	}
	u, err := st.UserByHandle(ctx, want.Handle)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Platform != want.Platform || want.ID != 0 || (u.ProfileURL != "" && u.ProfileURL != want.ProfileURL) {
		return nil, handleTaken(want.Handle, u)
	}
	return u, nil
}

// handleFree checks that no user but id holds handle (an account renamed
// between two archives).
func handleFree(ctx context.Context, st storage.Store, handle string, id int64) error {
	u, err := st.UserByHandle(ctx, handle)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil
	case err != nil:
		return err
	case u.ID != id:
		return handleTaken(handle, u)
	}
	return nil
}

func handleTaken(handle string, u *storage.User) error {
	return fmt.Errorf("handle @%s is already used by another account (user %d, platform %q); import under another handle with --handle: %w",
		handle, u.ID, u.Platform, storage.ErrConflict)
}

// writeUser creates or updates the archive's user and its avatar.
func (e *engine) writeUser(ctx context.Context) error {
	want := e.src.user
	if e.user == nil {
		u := want
		c, err := e.st.CreateUser(ctx, &u)
		if err != nil {
			return fmt.Errorf("user @%s: %w", u.Handle, err)
		}
		e.changed(c)
		e.user = &u
	}
	avatar, err := e.avatarID(ctx)
	if err != nil {
		return err
	}
	want.ID, want.AvatarMediaID = e.user.ID, avatar
	want.Verified, want.Protected, want.Suspended = e.user.Verified, e.user.Protected, e.user.Suspended
	want.FollowersCount, want.FollowingCount = e.user.FollowersCount, e.user.FollowingCount
	if want.CreatedAt.IsZero() {
		want.CreatedAt = e.user.CreatedAt
	}
	e.stats.Users = 1
	if sameUser(e.user, &want) {
		return nil
	}
	c, err := e.st.UpdateUser(ctx, &want)
	if err != nil {
		return fmt.Errorf("user @%s: %w", want.Handle, err)
	}
	e.changed(c)
	e.user = &want
	return nil
}

// avatarID stores the archive's avatar (reusing the current one when it is
// the same file) and returns its media id, 0 when there is none.
func (e *engine) avatarID(ctx context.Context) (int64, error) {
	if e.src.avatar.name == "" {
		return 0, nil
	}
	m, reason, err := e.loadMedia(e.src.avatar)
	if err != nil || reason != "" {
		if reason != "" {
			e.stats.skip("avatar: " + reason)
		}
		return 0, err
	}
	e.stats.Media++
	if id := e.user.AvatarMediaID; id != 0 {
		old, err := e.st.MediaByID(ctx, id)
		if err == nil && sameMedia(old, m) {
			return id, nil
		}
	}
	m.OwnerID = e.user.ID
	c, err := e.st.CreateMedia(ctx, m)
	if err != nil {
		return 0, fmt.Errorf("avatar %s: %w", e.src.avatar.name, err)
	}
	e.changed(c)
	return m.ID, nil
}

// sameUser reports whether the imported profile fields are unchanged.
func sameUser(old, u *storage.User) bool {
	return old.Handle == u.Handle && old.Name == u.Name && old.Bio == u.Bio && old.URL == u.URL &&
		old.Location == u.Location && old.AvatarMediaID == u.AvatarMediaID && old.Platform == u.Platform &&
		old.ProfileURL == u.ProfileURL && old.CreatedAt.Equal(u.CreatedAt)
}
