package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"reflect"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// decodeJSON reads the request body into v strictly: the Content-Type must
// be JSON, the body at most jsonBodyLimit bytes, one JSON value with no
// unknown fields. Every failure names where it happened.
func decodeJSON(c *fiber.Ctx, v any) error {
	if err := requireJSONContentType(c.Get(fiber.HeaderContentType)); err != nil {
		return err
	}
	body := c.Body()
	if len(body) > jsonBodyLimit {
		return errorf(413, "", "JSON body is larger than %d bytes", jsonBodyLimit)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &apiError{Status: 400, Code: "malformed_json", Message: "request body is empty"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(body, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		off := int(dec.InputOffset())
		return malformed(body, "unexpected data after the JSON value", off)
	}
	return nil
}

// requireJSONContentType accepts application/json and any +json type.
func requireJSONContentType(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	if ct == "" {
		ct = "none"
	}
	return errorf(415, "", "Content-Type must be application/json, got %s", ct)
}

// jsonError turns a decoding error into the client's error.
func jsonError(body []byte, err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		return malformed(body, syn.Error(), int(syn.Offset)-1)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed(body, "unexpected end of JSON input", len(body))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return errorf(422, field, "%s: expected %s, got %s", field, jsonKind(typ.Type), typ.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return errorf(422, name, "%s: unknown field", name)
	}
	return &apiError{Status: 400, Code: "malformed_json", Message: err.Error(), cause: err}
}

// malformed builds the 400 for a syntax error at byte offset off of body,
// with the line and column a person can find in their editor.
func malformed(body []byte, what string, off int) error {
	off = max(0, min(off, len(body)))
	line := 1 + bytes.Count(body[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(body[:off], '\n')
	msg := fmt.Sprintf("%s at line %d, column %d (offset %d)", what, line, col, off)
	return &apiError{Status: 400, Code: "malformed_json", Message: msg}
}

// jsonKind names a Go type the way a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	if t == reflect.TypeFor[ID]() {
		return "id (a string of digits)"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return t.String()
}
