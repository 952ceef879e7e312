package server

import "github.com/gofiber/fiber/v2"

// Header profiles, one per route group. They are set per group rather
// than by a global helmet-style middleware, whose defaults (X-Frame-Options,
// CORP same-origin) would break embedding.

// apiHeaders is the profile of the ingestion API and admin routes: never
// framed, never cached, never sniffed, never leaking the URL as a referrer.
func apiHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; frame-ancestors 'none'")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// publicJSONHeaders is the profile of the public read JSON: the API profile,
// readable from any origin and cacheable by a CDN for the edge TTL.
func (s *Server) publicJSONHeaders(c *fiber.Ctx) error {
	setHeader(c, hdrCORSOrigin, valAnyOrigin)
	setHeader(c, hdrCacheControl, s.cacheCC)
	return c.Next()
}

// widgetHeaders is the profile of embeddable documents: frameable by any
// site, readable from any origin, no cookies, nosniff.
func (s *Server) widgetHeaders(c *fiber.Ctx) error {
	setHeader(c, hdrCSP, s.widgets.CSP())
	setHeader(c, hdrNoSniff, valNoSniff)
	setHeader(c, hdrReferrer, valWidgetReferer)
	setHeader(c, hdrCORSOrigin, valAnyOrigin)
	setHeader(c, hdrCacheControl, s.widgetCC)
	return c.Next()
}

// buttonHeaders narrows the widget profile's CSP to what a button
// document needs (no frame script's hash).
func (s *Server) buttonHeaders(c *fiber.Ctx) error {
	setHeader(c, hdrCSP, s.widgets.ButtonCSP())
	return c.Next()
}

// sharebarHeaders gives the share bar its own CSP (its stylesheet and one
// script, by hash).
func (s *Server) sharebarHeaders(c *fiber.Ctx) error {
	setHeader(c, hdrCSP, s.widgets.SharebarCSP())
	return c.Next()
}

// oembedHeaders is the profile of oEmbed answers: JSON or XML readable
// from any origin, cached like the widgets they describe.
func (s *Server) oembedHeaders(c *fiber.Ctx) error {
	setHeader(c, hdrCORSOrigin, valAnyOrigin)
	setHeader(c, hdrNoSniff, valNoSniff)
	setHeader(c, hdrCacheControl, s.widgetCC)
	return c.Next()
}

// mediaHeaders is the profile of media files: content-addressed, so
// cacheable forever, and loadable by pages and frames on any origin.
func mediaHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; sandbox")
	return c.Next()
}

// plainHeaders is the profile of operational routes (health, metrics).
func plainHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}
