package server

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// isVideoFile reads the upload's first bytes to tell a video from an image
// (by content only) and rewinds it.
func isVideoFile(f multipart.File) bool {
	head := make([]byte, 12)
	n, _ := io.ReadFull(f, head)
	_, _ = f.Seek(0, io.SeekStart)
	return media.IsVideo(head[:n])
}

// imageOnlyFields refuses the video-only fields on an image upload.
func imageOnlyFields(c *fiber.Ctx) error {
	for _, f := range []string{"kind", "poster_media_id"} {
		if v := c.FormValue(f); v != "" && !(f == "kind" && v == storage.MediaImage) {
			return storage.Invalid(f, "applies to videos only; the file is an image")
		}
	}
	if _, err := c.FormFile("poster"); err == nil {
		return storage.Invalid("poster", "applies to videos only; the file is an image")
	}
	return nil
}

// createVideo stores an uploaded MP4 or WebM with its poster: the one
// uploaded in "poster" or named by "poster_media_id", else a frame from
// ffmpeg, else Roost's drawn poster. "kind" is video (default) or gif (a
// silent loop, as X and Mastodon store animated GIFs). Everything is
// checked before anything is stored.
func (s *Server) createVideo(ctx context.Context, c *fiber.Ctx, f io.Reader, alt string, owner int64) error {
	kind, err := videoKind(c.FormValue("kind"))
	if err != nil {
		return err
	}
	poster, source, err := s.suppliedPoster(ctx, c, owner)
	if err != nil {
		return err
	}
	m, _, err := s.lib.SaveVideo(f)
	if err != nil {
		return videoError("file", err)
	}
	if poster == nil {
		if poster, source, err = s.lib.MakePoster(ctx, m.Path, m.Width, m.Height); err != nil {
			return err
		}
	}
	if source != media.PosterSupplied { // a new image: record it, owned like the video
		poster.OwnerID, poster.Alt, poster.CreatedAt = owner, alt, time.Now().UTC()
		if _, err := s.st.CreateMedia(ctx, poster); err != nil {
			return err
		}
		if source == media.PosterUploaded {
			source = media.PosterSupplied
		}
	}
	m.Kind, m.Alt, m.OwnerID, m.PosterMediaID, m.CreatedAt = kind, alt, owner, poster.ID, time.Now().UTC()
	ch, err := s.st.CreateMedia(ctx, m)
	if err != nil {
		return err
	}
	s.changed(ch)
	v := s.mediaView(m)
	v.PosterURL, v.PosterSource = s.mediaURL(poster), source
	return sendJSON(c, fiber.StatusCreated, dataBody{v})
}

func videoKind(v string) (string, error) {
	switch strings.TrimSpace(v) {
	case "", storage.MediaVideo:
		return storage.MediaVideo, nil
	case storage.MediaGIF:
		return storage.MediaGIF, nil
	}
	return "", storage.Invalid("kind", "must be video or gif for a video file, got %q", v)
}

// suppliedPoster returns the poster the upload names: a stored image by
// poster_media_id, or the image uploaded as "poster" (stored now; it is an
// image file like any other). nil when neither is given.
func (s *Server) suppliedPoster(ctx context.Context, c *fiber.Ctx, owner int64) (*storage.Media, string, error) {
	if raw := c.FormValue("poster_media_id"); raw != "" {
		id, ok := parseID(raw)
		if !ok {
			return nil, "", storage.Invalid("poster_media_id", "%q is not an id", raw)
		}
		m, err := s.st.MediaByID(ctx, id)
		if isNotFound(err) {
			return nil, "", storage.Invalid("poster_media_id", "media %d does not exist", id)
		} else if err != nil {
			return nil, "", err
		}
		if m.Playable() {
			return nil, "", storage.Invalid("poster_media_id", "media %d is a %s, not an image", id, m.Kind)
		}
		return m, media.PosterSupplied, nil
	}
	fh, err := c.FormFile("poster")
	if err != nil {
		return nil, "", nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	if isVideoFile(f) {
		return nil, "", storage.Invalid("poster", "must be an image, not a video")
	}
	m, err := s.lib.Save(f)
	if err != nil {
		return nil, "", videoError("poster", err)
	}
	m.ID = 0 // not recorded yet: createVideo records it once the video is whole
	return m, media.PosterUploaded, nil
}

// videoError names the form field of a media error the generic mapping
// would leave unnamed.
func videoError(field string, err error) error {
	switch {
	case errors.Is(err, media.ErrBadVideo), errors.Is(err, media.ErrTooLong):
		return storage.Invalid(field, "%s", strings.TrimPrefix(err.Error(), "media: "))
	case errors.Is(err, media.ErrUnsupportedType) && field != "file":
		return &apiError{Status: 415, Code: "unsupported_media_type", Field: field,
			Message: field + " must be a JPEG, PNG, GIF or WebP image", cause: err}
	case errors.Is(err, media.ErrTooLarge):
		return &apiError{Status: 413, Code: "too_large", Field: field,
			Message: field + ": " + strings.TrimPrefix(err.Error(), "media: "), cause: err}
	}
	return err
}
