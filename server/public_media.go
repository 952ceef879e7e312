package server

import (
	"errors"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// variantWait is the longest a request for a variant not made yet waits
// for the background deriver before it gets a stand-in.
const variantWait = time.Second

// placeholderGIF is a 1×1 transparent GIF: what a variant not made yet
// shows for a few seconds, over the card's placeholder colour.
var placeholderGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00" +
	"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// standInCacheControl lets a stand-in be cached only briefly: the real
// variant replaces it within seconds.
const standInCacheControl = "public, max-age=5"

// mediaFile serves GET /media/*: a stored image with its exact content
// type, or with ?w=48|96|600 a derived size of it. Variants are made at
// upload (or by the background deriver), never decoded here. Files are
// content-addressed, so the name (plus the width) is a strong validator
// and the response may be cached forever.
func (s *Server) mediaFile(c *fiber.Ctx) error {
	rel := strings.Clone(c.Params("*"))
	if w := c.Query("w"); w != "" {
		v, err := s.mediaVariant(rel, w)
		if err != nil {
			return err
		}
		if !v.Exact {
			c.Set(fiber.HeaderCacheControl, standInCacheControl)
			if v.Rel == "" {
				c.Set(fiber.HeaderContentType, "image/gif")
				return c.Send(placeholderGIF)
			}
		}
		rel = v.Rel
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

// mediaVariant returns what to send for rel at the width named by the
// query value w: 400 for a width Roost does not derive, 404 when rel is
// not a stored image (or one that cannot be derived), 503 when the
// deriver's queue is full.
func (s *Server) mediaVariant(rel, w string) (media.Served, error) {
	width, err := strconv.Atoi(w)
	if err != nil || !media.VariantWidth(width) {
		return media.Served{}, errorf(400, "w", "w must be 48, 96 or 600")
	}
	v, err := s.lib.ServeVariant(rel, width, variantWait)
	if errors.Is(err, media.ErrBusy) {
		return media.Served{}, &apiError{Status: 503, Code: "unavailable", Message: "image processing is busy; retry shortly",
			RetryAfter: int(media.RetryAfter.Seconds()), cause: err}
	}
	if err != nil {
		if !errors.Is(err, media.ErrTooLarge) && !isNotFound(err) && !isInvalidMedia(err) {
			s.log.Warn("media variant", "path", rel, "width", width, "err", err)
		}
		return media.Served{}, errorf(404, "", "no such media file")
	}
	return v, nil
}

// isInvalidMedia reports a stored file that is not an image Roost serves.
func isInvalidMedia(err error) bool {
	return errors.Is(err, media.ErrUnsupportedType) || errors.Is(err, media.ErrBadWidth) ||
		errors.Is(err, storage.ErrInvalid)
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
