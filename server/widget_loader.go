package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/widgets"
)

// Cache lifetimes of the loader: the stable URL is revalidated often so a
// new release reaches pages within minutes; the hashed URL never changes.
const (
	loaderStableCC    = "public, max-age=300"
	loaderImmutableCC = "public, max-age=31536000, immutable"
)

// loaderScript serves GET /widgets.js: the loader publishers paste, under a
// stable URL with a short cache and a strong ETag.
func (s *Server) loaderScript(c *fiber.Ctx) error {
	return writeLoader(c, s.widgets.Loader(), loaderStableCC)
}

// assetFile serves GET /assets/*: only content-hashed files, cacheable
// forever. Today that is the loader under its hashed name; anything else is
// a 404, so the route can never serve a file by a guessed or stale name.
func (s *Server) assetFile(c *fiber.Ctx) error {
	l := s.widgets.Loader()
	if c.Params("*") != l.Name {
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderCacheControl, "public, max-age=60")
		return c.Status(fiber.StatusNotFound).SendString("not found\n")
	}
	return writeLoader(c, l, loaderImmutableCC)
}

// writeLoader writes the precompressed loader: 304 when the client holds
// it, else the coding Accept-Encoding prefers. Nothing is compressed or
// copied per request.
func writeLoader(c *fiber.Ctx, l *widgets.Loader, cacheControl string) error {
	c.Set(fiber.HeaderCacheControl, cacheControl)
	c.Set(fiber.HeaderETag, l.ETag)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && etagMatches(inm, l.ETag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	e := cache.Entry{Identity: l.Identity, Gzip: l.Gzip, Brotli: l.Brotli}
	body, enc := e.Body(c.Get(fiber.HeaderAcceptEncoding))
	if enc != "" {
		c.Set(fiber.HeaderContentEncoding, enc)
	}
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	return c.Send(body)
}
