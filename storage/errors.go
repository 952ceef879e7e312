package storage

import (
	"errors"
	"fmt"
)

// The error kinds every backend reports. Wrap them with %w and test with
// errors.Is; the server maps each to one HTTP status in one table.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)

// FieldError is an invalid value in a named field. It wraps ErrInvalid (or
// ErrConflict for uniqueness clashes) so errors.Is still works, and carries
// the field so API errors can name it.
type FieldError struct {
	Field   string
	Message string
	Kind    error // ErrInvalid or ErrConflict
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *FieldError) Unwrap() error { return e.Kind }

// Invalid returns a FieldError of kind ErrInvalid.
func Invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...), Kind: ErrInvalid}
}

// Conflict returns a FieldError of kind ErrConflict.
func Conflict(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...), Kind: ErrConflict}
}

// NotFound returns an error wrapping ErrNotFound that names what was missing.
func NotFound(what string, id any) error {
	return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
}
