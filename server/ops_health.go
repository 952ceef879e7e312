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

// CheckFreshness registers fn, asked by every /readyz: a non-nil error
// means the instance is behind the shared change log (it cannot vouch that
// its cached renders are current), so the load balancer should send
// traffic elsewhere until it has caught up. Register before Serve.
func (s *Server) CheckFreshness(fn func() error) { s.freshness = fn }

// readyz serves GET /readyz: 200 when the store answers a ping within a
// second and the instance follows the change log closely; 503 otherwise
// (the load balancer should send traffic elsewhere).
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
	defer cancel()
	if err := s.st.Ping(ctx); err != nil {
		s.log.Warn("not ready: store ping failed", "request_id", requestID(c), "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("store unreachable\n")
	}
	if s.freshness != nil {
		if err := s.freshness(); err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString("catching up: " + err.Error() + "\n")
		}
	}
	return c.SendString("ok\n")
}
