package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// readyTimeout bounds the store ping of /readyz, so a hung store makes the
// instance unready quickly instead of hanging the probe.
const readyTimeout = time.Second

// livez serves GET /livez: the process is up and answering.
func livez(c *fiber.Ctx) error { return c.SendString("ok\n") }

// readyz serves GET /readyz: 200 when the store answers a ping within a
// second, 503 otherwise (the load balancer should send traffic elsewhere).
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
	defer cancel()
	if err := s.st.Ping(ctx); err != nil {
		s.log.Warn("not ready: store ping failed", "request_id", requestID(c), "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("store unreachable\n")
	}
	return c.SendString("ok\n")
}
