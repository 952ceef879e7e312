package server

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// createMedia serves POST /api/v1/media: a multipart form with the image
// in "file", and optional "alt" text and "owner" handle. The file's type
// is judged by its bytes, never by its name or the client's Content-Type.
func (s *Server) createMedia(c *fiber.Ctx) error {
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		return errorf(415, "", "Content-Type must be multipart/form-data with the image in the field \"file\"")
	}
	alt, ownerHandle := strings.Clone(c.FormValue("alt")), strings.Clone(c.FormValue("owner"))
	if err := checkRunes("alt", alt, maxAltRunes); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
	defer cancel()
	owner, err := s.mediaOwner(ctx, ownerHandle)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return storage.Invalid("file", "is required: send the image as the multipart field \"file\"")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	if isVideoFile(f) {
		return s.createVideo(ctx, c, f, alt, owner)
	}
	if err := imageOnlyFields(c); err != nil {
		return err
	}
	m, err := s.lib.SaveContext(ctx, f)
	if err != nil {
		return err
	}
	m.Alt, m.OwnerID, m.CreatedAt = alt, owner, time.Now().UTC()
	ch, err := s.st.CreateMedia(ctx, m)
	if err != nil {
		return err
	}
	s.changed(ch)
	return sendJSON(c, fiber.StatusCreated, dataBody{s.mediaView(m)})
}

// mediaOwner resolves the optional owner handle to a user id (0 = none).
func (s *Server) mediaOwner(ctx context.Context, handle string) (int64, error) {
	if handle == "" {
		return 0, nil
	}
	u, err := s.st.UserByHandle(ctx, handle)
	if isNotFound(err) {
		return 0, storage.Invalid("owner", "no user has the handle %q", handle)
	}
	if err != nil {
		return 0, err
	}
	return u.ID, nil
}
