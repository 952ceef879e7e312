package server

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
)

// ID is a 64-bit id in JSON. It is always written as a string, because
// JavaScript numbers lose precision past 2^53; on input both "123" and
// 123 are accepted, since clients get that wrong often and the meaning is
// clear.
type ID int64

// MarshalJSON writes the id as a JSON string.
func (id ID) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 22)
	b = append(b, '"')
	b = strconv.AppendInt(b, int64(id), 10)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a positive decimal id as a string or a number. A
// wrong value is reported as an UnmarshalTypeError so the decoder adds the
// field name.
func (id *ID) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || (b[0] == '"') != (b[len(b)-1] == '"') {
		return &json.UnmarshalTypeError{Value: describeJSON(b), Type: reflect.TypeFor[ID]()}
	}
	*id = ID(n)
	return nil
}

// describeJSON names what a raw JSON value is, for error messages.
func describeJSON(b []byte) string {
	switch {
	case len(b) == 0:
		return "nothing"
	case b[0] == '"':
		return "string " + strconv.Quote(string(b[1:max(1, len(b)-1)]))
	case b[0] == '{':
		return "object"
	case b[0] == '[':
		return "array"
	case b[0] == 't' || b[0] == 'f':
		return "boolean"
	case b[0] == 'n':
		return "null"
	}
	return "number " + string(b)
}

// parseID parses a path id; ok is false for anything but a positive
// decimal int64.
func parseID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// ids converts API ids to store ids.
func ids(in []ID) []int64 {
	out := make([]int64, len(in))
	for i, id := range in {
		out[i] = int64(id)
	}
	return out
}
