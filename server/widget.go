package server

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
)

// renderTimeout bounds the store reads and rendering of one cache fill, so a
// hung store turns into a fast 503 (or a stale answer), not a hung request.
const renderTimeout = 2 * time.Second

// retryAfterSeconds is what a 503 from an unreachable store advises.
const retryAfterSeconds = 5

// widgetCacheControl splits the edge TTL between max-age and the two stale
// directives so that a CDN honouring all of them still drops a deleted post
// within the edge TTL: max-age + stale-while-revalidate = ttl. s-maxage
// equals max-age, so shared caches (which prefer it) keep the same bound.
func widgetCacheControl(ttl time.Duration) string {
	total := int(ttl.Seconds())
	if total < 2 {
		total = 2
	}
	fresh := (total + 1) / 2
	stale := total - fresh
	return "public, max-age=" + strconv.Itoa(fresh) + ", s-maxage=" + strconv.Itoa(fresh) +
		", stale-while-revalidate=" + strconv.Itoa(stale) +
		", stale-if-error=" + strconv.Itoa(stale)
}

// serveWidget answers a widget route from the render cache: a hit is
// written as stored (304, or the precompressed body the client accepts);
// a miss renders once per key however many requests wait for it. When the
// store fails, a stale entry whose dependencies have not changed is served;
// without one the answer is a quick 503.
func (s *Server) serveWidget(c *fiber.Ctx, key string, render cache.RenderFunc) error {
	if e, hit := s.cachedEntry(c, key); hit {
		return writeEntry(c, e)
	}
	return s.fillWidget(c, key, render)
}

// servePage is serveWidget for the permalink and profile pages. They are
// not behind byURI (their handlers decide redirects and Link headers on
// every request), so they remember no alias: an alias nobody looks up
// would cost a lookup per page hit and a slot in the table.
func (s *Server) servePage(c *fiber.Ctx, key string, render cache.RenderFunc) error {
	if e, look := s.cache.Get(key); look == cache.Hit {
		return writeEntry(c, e)
	}
	return s.fillWidget(c, key, render)
}

// fillWidget is serveWidget's miss path, for handlers that looked the key
// up themselves (so that a hit allocates nothing, not even the render
// closure). key may point into reused memory: the cache copies it.
func (s *Server) fillWidget(c *fiber.Ctx, key string, render cache.RenderFunc) error {
	done, lim := s.limitRender(c, key)
	if lim != nil {
		return s.writeError(c, lim)
	}
	defer done()
	ctx, cancel := context.WithTimeout(c.UserContext(), renderTimeout)
	defer cancel()
	e, err := s.cache.Fill(ctx, key, render)
	switch {
	case err == nil:
		return writeEntry(c, e)
	case e != nil:
		s.log.Warn("serving stale widget", "key", strings.Clone(key), "err", err,
			"request_id", requestID(c))
		c.Set("X-Roost-Stale", "1")
		return writeEntry(c, e)
	default:
		// JSON under /api, plain text elsewhere; the cause is only logged.
		return s.writeError(c, &apiError{Status: fiber.StatusServiceUnavailable, Code: "unavailable",
			Message: "Roost is temporarily unavailable; try again shortly", RetryAfter: retryAfterSeconds, cause: err})
	}
}

// writeEntry writes a cache entry without copying or compressing anything:
// the bodies were compressed once when the entry was filled.
func writeEntry(c *fiber.Ctx, e *cache.Entry) error {
	status := e.Status
	setHeader(c, hdrETag, e.ETag)
	if tombstoneDocument(c, e) {
		// The same bytes answer 200 inside a frame (see framedStatus).
		status = framedStatus(c, status)
		setHeader(c, hdrVary, valVaryEncodingDest)
	} else {
		setHeader(c, hdrVary, valVaryEncoding)
	}
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && etagMatches(inm, e.ETag) {
		return notModified(c)
	}
	setSurrogateHeaders(c, e)
	body, enc := e.Body(c.Get(fiber.HeaderAcceptEncoding))
	if enc != "" {
		setHeader(c, hdrContentEnc, enc)
	}
	c.Response().Header.SetContentType(e.ContentType)
	c.Status(status)
	return c.Send(body)
}

// tombstoneDocument reports whether e is a widget document showing a
// tombstone (deleted, protected, suspended: a 4xx).
func tombstoneDocument(c *fiber.Ctx, e *cache.Entry) bool {
	return e.Status >= 400 && e.Status < 500 && e.ContentType == htmlContentType &&
		strings.HasPrefix(c.Path(), "/embed/")
}

// framedStatus is the status of a tombstone document: 200 when the browser
// loads it into a frame (Sec-Fetch-Dest: iframe or frame), its own 404, 403
// or 410 otherwise. A 4xx frame shows as "Failed to load resource" in the
// publisher's console, which publishers report as their bug; the document
// says noindex and the frame script still reports the tombstone to the
// loader. Crawlers, CDNs' health checks, curl and the oEmbed and page
// routes, which send no such header or are not framed, keep the real
// status, and the Vary header keeps a shared cache from mixing the two.
func framedStatus(c *fiber.Ctx, status int) int {
	if dest := c.Get("Sec-Fetch-Dest"); dest == "iframe" || dest == "frame" {
		return fiber.StatusOK
	}
	return status
}

// notModified answers 304 with what RFC 9110 §15.4.5 asks of it (Date,
// ETag, Vary, Cache-Control, set by now) and CORS, without the document's
// own metadata: the CSP, nosniff and referrer policy describe a body the
// 304 does not carry, and caches keep the stored ones. The CDN keys stay
// on the stored object too. That is ~450 bytes less on every
// revalidation, the answer repeat visitors get most.
func notModified(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.DelBytes(hdrCSP)
	h.DelBytes(hdrNoSniff)
	h.DelBytes(hdrReferrer)
	return c.SendStatus(fiber.StatusNotModified)
}

// etagMatches reports whether an If-None-Match header names etag (or is
// "*"). Weak validators match too: a 304 only needs weak comparison.
func etagMatches(header, etag string) bool {
	for header != "" {
		var tag string
		tag, header, _ = strings.Cut(header, ",")
		tag = strings.TrimSpace(tag)
		tag = strings.TrimPrefix(tag, "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}
