package server

import (
	"unsafe"

	"github.com/gofiber/fiber/v2"
)

// Canonical header names as bytes, for setHeader. fasthttp's Set copies
// and normalises the name on every call; on a cache hit, which sets about
// a dozen headers, that was the largest single cost in the profile.
var (
	hdrCacheControl = []byte(fiber.HeaderCacheControl)
	hdrCacheTag     = []byte(HeaderCacheTag)
	hdrContentEnc   = []byte(fiber.HeaderContentEncoding)
	hdrContentType  = []byte(fiber.HeaderContentType)
	hdrCORSOrigin   = []byte(fiber.HeaderAccessControlAllowOrigin)
	hdrCSP          = []byte(fiber.HeaderContentSecurityPolicy)
	hdrETag         = []byte(fiber.HeaderETag)
	hdrNoSniff      = []byte(fiber.HeaderXContentTypeOptions)
	hdrReferrer     = []byte(fiber.HeaderReferrerPolicy)
	hdrRequestID    = []byte(headerRequestID)
	hdrSurrogateKey = []byte(HeaderSurrogateKey)
	hdrVary         = []byte(fiber.HeaderVary)
	valNoSniff      = "nosniff"
	valAnyOrigin    = "*"
	valVaryEncoding = fiber.HeaderAcceptEncoding
	// valVaryEncodingDest: tombstone documents answer 200 to frames (framedStatus).
	valVaryEncodingDest = fiber.HeaderAcceptEncoding + ", Sec-Fetch-Dest"
	valWidgetReferer    = "strict-origin-when-cross-origin"
)

// setHeader sets a response header whose name is already canonical. The
// value is viewed as bytes without a copy: fasthttp copies it before it
// strips any line break, so the string is never written to.
func setHeader(c *fiber.Ctx, canonicalName []byte, value string) {
	c.Response().Header.SetCanonical(canonicalName, unsafe.Slice(unsafe.StringData(value), len(value)))
}
