package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
)

// headerRequestID carries the request id to the client and, read back
// from the response, to the log lines of the request.
const headerRequestID = "X-Request-Id"

// setRequestID gives the request a fresh 16-hex-digit id and echoes it in
// X-Request-Id, so a user can quote it and an operator can find the log
// line. It writes into the response header directly: no allocation on the
// hot path.
func (s *Server) setRequestID(c *fiber.Ctx) {
	var b [16]byte
	s.ids.next(&b)
	c.Response().Header.SetCanonical(hdrRequestID, b[:])
}

// requestID returns the id set by setRequestID, or "". It copies, so the
// value may outlive the request (logs).
func requestID(c *fiber.Ctx) string {
	return string(c.Response().Header.Peek(headerRequestID))
}

// observe is the outermost middleware: request id, panic recovery, error
// answers, metrics and the request log. Handling errors here rather than
// in Fiber's ErrorHandler lets the metrics see the final status.
func (s *Server) observe(c *fiber.Ctx) (err error) {
	start := time.Now()
	s.setRequestID(c)
	route := ""
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
		if err != nil {
			err = s.writeError(c, err)
		}
		s.record(c, route, time.Since(start))
	}()
	err = c.Next()
	route = routeLabel(c, err)
	return err
}

// record adds the request to the metrics and the debug log. The log line
// is built only when debug logging is on: its arguments would allocate on
// every request.
func (s *Server) record(c *fiber.Ctx, route string, d time.Duration) {
	if route == "" {
		route = "panic"
	}
	status := c.Response().StatusCode()
	s.metrics.observe(route, c.Method(), status, d)
	if s.log.Enabled(context.Background(), slog.LevelDebug) {
		s.log.Debug("request", "request_id", requestID(c), "method", c.Method(), "route", route,
			"status", status, "duration", d, "ip", s.clientIP(c))
	}
}

// routeLabel is the route pattern that matched (never the raw path, which
// would make a metric series per URL), or "unmatched". Only Fiber's router
// answers a miss with a *fiber.Error 404 or 405: handlers use apiError.
func routeLabel(c *fiber.Ctx, err error) string {
	if err == nil {
		return c.Route().Path
	}
	var fe *fiber.Error
	if errors.As(err, &fe) && (fe.Code == fiber.StatusNotFound || fe.Code == fiber.StatusMethodNotAllowed) {
		return "unmatched"
	}
	return c.Route().Path
}
