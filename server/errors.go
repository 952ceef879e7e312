package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// apiError is an error with everything a client may see: the status, a
// stable code, a safe message and the field at fault. Anything else about
// a failure stays in the log.
type apiError struct {
	Status     int
	Code       string
	Message    string
	Field      string
	RetryAfter int   // seconds, for 429 and 503
	cause      error // logged, never sent
}

func (e *apiError) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func (e *apiError) Unwrap() error { return e.cause }

// errorf builds an apiError whose code follows from status.
func errorf(status int, field, format string, args ...any) *apiError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &apiError{Status: status, Code: codeFor(status), Message: msg, Field: field}
}

// codeFor is the one table of status → error code.
func codeFor(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusConflict:
		return "conflict"
	case http.StatusGone:
		return "gone"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusUnprocessableEntity:
		return "invalid"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusServiceUnavailable:
		return "unavailable"
	case http.StatusRequestHeaderFieldsTooLarge:
		return "headers_too_large"
	case http.StatusRequestTimeout:
		return "timeout"
	}
	if status >= 500 {
		return "internal"
	}
	return "error"
}

// classify is the one table of error kinds → what the client sees. The
// order matters: the most specific kinds come first.
func classify(err error) *apiError {
	var (
		ae  *apiError
		fe  *storage.FieldError
		fbe *fiber.Error
	)
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &fe) && errors.Is(fe.Kind, storage.ErrConflict):
		return &apiError{Status: 409, Code: "conflict", Message: fe.Message, Field: fe.Field, cause: err}
	case errors.As(err, &fe):
		return &apiError{Status: 422, Code: "invalid", Message: fe.Message, Field: fe.Field, cause: err}
	case errors.Is(err, storage.ErrNotFound):
		return &apiError{Status: 404, Code: "not_found", Message: "not found", cause: err}
	case errors.Is(err, storage.ErrConflict):
		return &apiError{Status: 409, Code: "conflict", Message: "conflict", cause: err}
	case errors.Is(err, storage.ErrInvalid):
		return &apiError{Status: 422, Code: "invalid", Message: "invalid request", cause: err}
	case errors.Is(err, media.ErrUnsupportedType):
		return &apiError{Status: 415, Code: "unsupported_media_type", Field: "file",
			Message: "file must be a JPEG, PNG, GIF or WebP image, or an MP4 (H.264/AAC) or WebM video", cause: err}
	case errors.Is(err, media.ErrBusy):
		return &apiError{Status: 503, Code: "unavailable", Field: "file", Message: "image processing is busy; retry shortly",
			RetryAfter: int(media.RetryAfter.Seconds()), cause: err}
	case errors.Is(err, media.ErrTooLarge):
		return &apiError{Status: 413, Code: "too_large", Field: "file", Message: "file is too large", cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &apiError{Status: 503, Code: "unavailable", Message: "the store did not answer in time", RetryAfter: 1, cause: err}
	case errors.As(err, &fbe) && fbe.Code < 500:
		return &apiError{Status: fbe.Code, Code: codeFor(fbe.Code), Message: strings.ToLower(http.StatusText(fbe.Code)), cause: err}
	}
	return &apiError{Status: 500, Code: "internal", Message: "internal error", cause: err}
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// writeError answers c with err: JSON under /api, plain text elsewhere.
// A 5xx says only "internal error" and the request id; the detail is logged.
func (s *Server) writeError(c *fiber.Ctx, err error) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff") // errors outside every route group (unrouted 404) too
	ae := classify(err)
	rid := requestID(c)
	msg := ae.Message
	if ae.Status >= 500 {
		s.logFailure(c, ae, rid)
		if ae.Status == 500 {
			msg = "internal error (request id " + rid + ")"
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	if ae.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(ae.RetryAfter))
	}
	if ae.Status == 401 {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="roost"`)
	}
	c.Status(ae.Status)
	if !isAPIPath(c.Path()) {
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.SendString(strconv.Itoa(ae.Status) + " " + msg + "\n")
	}
	body := errorBody{Error: errorDetail{Code: ae.Code, Message: msg, Field: ae.Field}}
	if ae.Status >= 500 {
		body.Error.RequestID = rid
	}
	return sendJSON(c, ae.Status, body)
}

// logFailure logs a 5xx with its cause. A 503 (the store is unreachable)
// comes in floods during an outage, one per miss: it is a warning, logged
// at most once a second with how many were not logged since, so the log
// shows the outage and its cause without drowning in it.
func (s *Server) logFailure(c *fiber.Ctx, ae *apiError, rid string) {
	args := []any{"request_id", rid, "method", c.Method(), "route", c.Route().Path,
		"status", ae.Status, "err", ae.Error(), "cause", ae.cause}
	if ae.Status != fiber.StatusServiceUnavailable {
		s.log.Error("request failed", args...)
		return
	}
	now := time.Now().UnixNano()
	last := s.unavailableLogged.Load()
	if now-last < int64(time.Second) || !s.unavailableLogged.CompareAndSwap(last, now) {
		s.unavailableMuted.Add(1)
		return
	}
	s.log.Warn("store unavailable", append(args, "not_logged_since", s.unavailableMuted.Swap(0))...)
}

// fiberErrorHandler replaces Fiber's default, which would send err.Error()
// to the client. It sees only errors that escape the observe middleware:
// oversized bodies and header errors raised by fasthttp before routing.
func (s *Server) fiberErrorHandler(c *fiber.Ctx, err error) error {
	if requestID(c) == "" {
		s.setRequestID(c)
	}
	return s.writeError(c, err)
}

// isAPIPath reports whether path belongs to the JSON API.
func isAPIPath(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/")
}

// sendJSON writes v as the JSON body with status.
func sendJSON(c *fiber.Ctx, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}

// isNotFound reports whether err means "no such thing".
func isNotFound(err error) bool { return errors.Is(err, storage.ErrNotFound) }
