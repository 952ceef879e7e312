package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
)

// localRequestID is the Locals key of the request id.
const localRequestID = "roost.rid"

// setRequestID gives the request a fresh 16-hex-digit id and echoes it in
// X-Request-Id, so a user can quote it and an operator can find the log line.
func setRequestID(c *fiber.Ctx) string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	rid := hex.EncodeToString(b[:])
	c.Locals(localRequestID, rid)
	c.Set("X-Request-Id", rid)
	return rid
}

// requestID returns the id set by setRequestID, or "".
func requestID(c *fiber.Ctx) string {
	rid, _ := c.Locals(localRequestID).(string)
	return rid
}

// observe is the outermost middleware: request id, panic recovery, error
// answers, metrics and the request log. Handling errors here rather than
// in Fiber's ErrorHandler lets the metrics see the final status.
func (s *Server) observe(c *fiber.Ctx) (err error) {
	start := time.Now()
	rid := setRequestID(c)
	route := ""
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
		if err != nil {
			err = s.writeError(c, err)
		}
		s.record(c, rid, route, time.Since(start))
	}()
	err = c.Next()
	route = routeLabel(c, err)
	return err
}

// record adds the request to the metrics and the debug log.
func (s *Server) record(c *fiber.Ctx, rid, route string, d time.Duration) {
	if route == "" {
		route = "panic"
	}
	status := c.Response().StatusCode()
	s.metrics.observe(route, c.Method(), status, d)
	s.log.Debug("request", "request_id", rid, "method", c.Method(), "route", route,
		"status", status, "duration", d, "ip", s.clientIP(c))
}

// routeLabel is the route pattern that matched (never the raw path, which
// would make a metric series per URL), or "unmatched". Only Fiber's router
// answers a miss with a *fiber.Error 404 or 405: handlers use apiError.
func routeLabel(c *fiber.Ctx, err error) string {
	var fe *fiber.Error
	if errors.As(err, &fe) && (fe.Code == fiber.StatusNotFound || fe.Code == fiber.StatusMethodNotAllowed) {
		return "unmatched"
	}
	return c.Route().Path
}
