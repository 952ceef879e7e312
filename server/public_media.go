package server

import (
	"errors"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/media"
)

// mediaFile serves GET /media/*: a stored image with its exact content
// type, or with ?w=48|96|600 a derived size of it (made on first request,
// then read from disk). Files are content-addressed, so the name (plus the
// width) is a strong validator and the response may be cached forever.
func (s *Server) mediaFile(c *fiber.Ctx) error {
	rel := strings.Clone(c.Params("*"))
	if w := c.Query("w"); w != "" {
		v, err := s.mediaVariant(rel, w)
		if err != nil {
			return err
		}
		rel = v
	}
	ct := media.ContentTypeForExt(path.Ext(rel))
	if ct == "" {
		return errorf(404, "", "no such media file")
	}
	full, err := s.lib.Path(rel)
	if err != nil {
		return errorf(404, "", "no such media file")
	}
	return sendMediaFile(c, full, rel, ct)
}

// mediaVariant returns the derived file of rel at the width named by the
// query value w: 400 for a width Roost does not derive, 404 when rel is
// not a stored image.
func (s *Server) mediaVariant(rel, w string) (string, error) {
	width, err := strconv.Atoi(w)
	if err != nil || !media.VariantWidth(width) {
		return "", errorf(400, "w", "w must be 48, 96 or 600")
	}
	v, err := s.lib.Variant(rel, width)
	if err != nil {
		if !errors.Is(err, media.ErrTooLarge) && !isNotFound(err) && !isInvalidMedia(err) {
			s.log.Warn("media variant", "path", rel, "width", width, "err", err)
		}
		return "", errorf(404, "", "no such media file")
	}
	return v, nil
}

// isInvalidMedia reports a stored file that is not an image Roost serves.
func isInvalidMedia(err error) bool {
	return errors.Is(err, media.ErrUnsupportedType) || errors.Is(err, media.ErrBadWidth)
}

// sendMediaFile streams the file at full with an ETag made of its name.
func sendMediaFile(c *fiber.Ctx, full, rel, ct string) error {
	f, err := os.Open(full)
	if os.IsNotExist(err) {
		return errorf(404, "", "no such media file")
	} else if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return errorf(404, "", "no such media file")
	}
	etag := `"` + strings.TrimSuffix(path.Base(rel), path.Ext(rel)) + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderContentType, ct)
	c.Set(fiber.HeaderAcceptRanges, "bytes")
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		f.Close()
		return c.SendStatus(fiber.StatusNotModified)
	}
	if c.Get(fiber.HeaderRange) != "" {
		return sendRange(c, f, st.Size())
	}
	return c.SendStream(f, int(st.Size())) // fasthttp closes f when sent
}
