package server

import (
	"os"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/media"
)

// mediaFile serves GET /media/*: a stored image with its exact content
// type. Files are content-addressed, so the name is a strong validator and
// the response may be cached forever.
func (s *Server) mediaFile(c *fiber.Ctx) error {
	rel := c.Params("*")
	ct := media.ContentTypeForExt(path.Ext(rel))
	if ct == "" {
		return errorf(404, "", "no such media file")
	}
	full, err := s.lib.Path(rel)
	if err != nil {
		return errorf(404, "", "no such media file")
	}
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
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		f.Close()
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.SendStream(f, int(st.Size())) // fasthttp closes f when sent
}
