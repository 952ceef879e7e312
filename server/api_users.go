package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// userInput is the body of POST and PATCH /api/v1/users. Pointers tell a
// field that is absent (left alone by PATCH) from one set to its zero value.
type userInput struct {
	Handle         *string `json:"handle"`
	Name           *string `json:"name"`
	Bio            *string `json:"bio"`
	URL            *string `json:"url"`
	Location       *string `json:"location"`
	AvatarMediaID  *ID     `json:"avatar_media_id"`
	Verified       *bool   `json:"verified"`
	Protected      *bool   `json:"protected"`
	Suspended      *bool   `json:"suspended"`
	FollowersCount *int64  `json:"followers_count"`
	FollowingCount *int64  `json:"following_count"`
	Platform       *string `json:"platform"`
	ProfileURL     *string `json:"profile_url"`
	CreatedAt      *string `json:"created_at"`
}

// apply copies the present fields of in onto u.
func (in *userInput) apply(u *storage.User) error {
	setString(&u.Handle, in.Handle)
	setString(&u.Name, in.Name)
	setString(&u.Bio, in.Bio)
	setString(&u.URL, in.URL)
	setString(&u.Location, in.Location)
	setString(&u.Platform, in.Platform)
	setString(&u.ProfileURL, in.ProfileURL)
	setBool(&u.Verified, in.Verified)
	setBool(&u.Protected, in.Protected)
	setBool(&u.Suspended, in.Suspended)
	setInt(&u.FollowersCount, in.FollowersCount)
	setInt(&u.FollowingCount, in.FollowingCount)
	if in.AvatarMediaID != nil {
		u.AvatarMediaID = int64(*in.AvatarMediaID)
	}
	if in.CreatedAt != nil {
		t, err := parseTime("created_at", *in.CreatedAt)
		if err != nil {
			return err
		}
		u.CreatedAt = t
	}
	return nil
}

// validateUser checks every field of u.
func validateUser(u *storage.User, in *userInput) error {
	return firstError(
		checkHandle("handle", u.Handle),
		checkRunes("name", u.Name, maxNameRunes),
		checkRunes("bio", u.Bio, maxBioRunes),
		checkRunes("location", u.Location, maxLocationRunes),
		checkURL("url", u.URL),
		checkURL("profile_url", u.ProfileURL),
		checkCount("followers_count", in.FollowersCount),
		checkCount("following_count", in.FollowingCount),
		checkPlatform("platform", u.Platform),
	)
}

// createUser serves POST /api/v1/users.
func (s *Server) createUser(c *fiber.Ctx) error {
	var in userInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u := &storage.User{Platform: storage.PlatformNative}
	if err := in.apply(u); err != nil {
		return err
	}
	if u.Name == "" {
		u.Name = u.Handle
	}
	if err := validateUser(u, &in); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	ch, err := s.st.CreateUser(ctx, u)
	if err != nil {
		return err
	}
	s.changed(ch)
	c.Location(s.cfg.PublicURL + "/api/v1/users/" + u.Handle)
	return s.sendUser(ctx, c, fiber.StatusCreated, u)
}

// updateUser serves PATCH /api/v1/users/{handle}.
func (s *Server) updateUser(c *fiber.Ctx) error {
	var in userInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	u, err := s.st.UserByHandle(ctx, c.Params("handle"))
	if err != nil {
		return err
	}
	if err := in.apply(u); err != nil {
		return err
	}
	if err := validateUser(u, &in); err != nil {
		return err
	}
	u.UpdatedAt = time.Now().UTC()
	ch, err := s.st.UpdateUser(ctx, u)
	if err != nil {
		return err
	}
	s.changed(ch)
	return s.sendUser(ctx, c, fiber.StatusOK, u)
}

// deleteUser serves DELETE /api/v1/users/{handle}: the user and everything
// they own are erased.
func (s *Server) deleteUser(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	u, err := s.st.UserByHandle(ctx, c.Params("handle"))
	if err != nil {
		return err
	}
	vf, err := s.userVideos(ctx, u.ID)
	if err != nil {
		return err
	}
	ch, err := s.st.DeleteUser(ctx, u.ID)
	if err != nil {
		return err
	}
	s.changed(ch)
	s.removeVideos(ctx, vf)
	return c.SendStatus(fiber.StatusNoContent)
}

// sendUser answers with u as {"data": user}.
func (s *Server) sendUser(ctx context.Context, c *fiber.Ctx, status int, u *storage.User) error {
	v, err := s.userWithAvatar(ctx, u)
	if err != nil {
		return err
	}
	return sendJSON(c, status, dataBody{v})
}

func setString(dst *string, src *string) {
	if src != nil {
		*dst = *src
	}
}

func setBool(dst *bool, src *bool) {
	if src != nil {
		*dst = *src
	}
}

func setInt(dst *int64, src *int64) {
	if src != nil {
		*dst = *src
	}
}
