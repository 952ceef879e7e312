package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 255

// idempotent wraps a create handler so that a request repeated with the
// same Idempotency-Key and body replays the first answer instead of
// creating twice. A key reused with a different body is a 422; a key whose
// first request is still running is a 409. A request that fails releases
// its key, so it can be retried.
func (s *Server) idempotent(h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := c.Get("Idempotency-Key")
		if key == "" {
			return h(c)
		}
		if len(key) > maxIdempotencyKey || strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			return errorf(422, "Idempotency-Key", "must be 1–%d printable ASCII characters", maxIdempotencyKey)
		}
		rec := &storage.Idempotency{
			TokenID:     tokenOf(c).ID,
			Key:         strings.Clone(key),
			RequestHash: requestHash(c),
			CreatedAt:   time.Now().UTC(),
		}
		ctx, cancel := context.WithTimeout(c.UserContext(), storeWriteTimeout)
		defer cancel()
		prev, err := s.st.BeginIdempotent(ctx, rec)
		if err != nil {
			return err
		}
		if prev != nil {
			return replay(c, prev, rec.RequestHash)
		}
		return s.runIdempotent(ctx, c, h, rec)
	}
}

// runIdempotent runs the first request for rec and stores its answer.
func (s *Server) runIdempotent(ctx context.Context, c *fiber.Ctx, h fiber.Handler, rec *storage.Idempotency) error {
	err := h(c)
	status := c.Response().StatusCode()
	if err != nil || status >= 400 {
		// A detached context: the key must be released even if the client left.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeWriteTimeout)
		defer cancel()
		if aerr := s.st.AbortIdempotent(actx, rec.TokenID, rec.Key); aerr != nil {
			s.log.Error("idempotency key not released", "request_id", requestID(c), "err", aerr)
		}
		return err
	}
	body := append([]byte(nil), c.Response().Body()...)
	if ferr := s.st.FinishIdempotent(ctx, rec.TokenID, rec.Key, status, body); ferr != nil {
		s.log.Error("idempotent answer not stored", "request_id", requestID(c), "err", ferr)
	}
	return nil
}

// replay answers with the stored result of the first request.
func replay(c *fiber.Ctx, prev *storage.Idempotency, hash string) error {
	switch {
	case prev.RequestHash != hash:
		return errorf(422, "Idempotency-Key", "this key was already used with a different request")
	case prev.Status == 0:
		return errorf(409, "Idempotency-Key", "a request with this key is still running")
	}
	c.Set("Idempotent-Replayed", "true")
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Status(prev.Status)
	return c.Send(prev.Body)
}

// requestHash identifies a request by method, path and body.
func requestHash(c *fiber.Ctx) string {
	h := sha256.New()
	h.Write([]byte(c.Method()))
	h.Write([]byte{0})
	h.Write([]byte(c.Path()))
	h.Write([]byte{0})
	h.Write(c.Body())
	return hex.EncodeToString(h.Sum(nil))
}
