package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// flexInt is a number that archives write either as a JSON number or as a
// string of digits (X writes counts, ids and indices as strings).
type flexInt int64

// UnmarshalJSON accepts 12, "12", "" and null.
func (n *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	s := string(bytes.Trim(b, `"`))
	if s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("number %s: %w", b, strconv.ErrSyntax)
	}
	*n = flexInt(v)
	return nil
}

// flexStrings is an ActivityStreams property that may be one string or an
// array of strings (to, cc).
type flexStrings []string

// UnmarshalJSON accepts "a", ["a", "b"] and null.
func (s *flexStrings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '"':
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = flexStrings{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// flexURL is an ActivityStreams url: a string, a Link object or an array
// of either; the first href wins.
type flexURL string

// UnmarshalJSON accepts "u", {"href": "u"} and arrays of those.
func (u *flexURL) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '"':
		return json.Unmarshal(b, (*string)(u))
	case b[0] == '{':
		var link struct {
			Href string `json:"href"`
		}
		if err := json.Unmarshal(b, &link); err != nil {
			return err
		}
		*u = flexURL(link.Href)
		return nil
	}
	var many []flexURL
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	if len(many) > 0 {
		*u = many[0]
	}
	return nil
}
