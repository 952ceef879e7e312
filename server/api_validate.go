package server

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// Limits on ingested values. They keep cards renderable and rows small.
const (
	maxTextRunes     = 4000
	maxNameRunes     = 100
	maxBioRunes      = 1000
	maxLocationRunes = 100
	maxAltRunes      = 1500
	maxURLBytes      = 2048
	maxMediaPerPost  = 4
	maxHandleLen     = 30
)

// isReservedHandle reports whether handle (any case) collides with a
// route word: /{handle} must never shadow a route.
func isReservedHandle(handle string) bool {
	switch strings.ToLower(handle) {
	case "embed", "api", "oembed", "intent", "publish", "assets", "media",
		"widgets", "widgets_js", "livez", "readyz", "metrics", "hashtag",
		"list", "lists", "i", "status", "about", "static", "admin", "login",
		"logout", "signup", "settings", "search", "explore", "home", "help",
		"privacy", "terms", "tos", "robots", "favicon", "sitemap", "well_known",
		"root", "user", "users", "post", "posts", "timeline", "button",
		"sharebar", "share", "follow", "null", "undefined":
		return true
	}
	return false
}

// checkHandle validates a handle: [A-Za-z0-9_]{1,30}, not reserved.
func checkHandle(field, h string) error {
	if h == "" {
		return storage.Invalid(field, "is required")
	}
	if len(h) > maxHandleLen {
		return storage.Invalid(field, "must be at most %d characters", maxHandleLen)
	}
	for _, r := range h {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return storage.Invalid(field, "may contain only letters, digits and _")
		}
	}
	if isReservedHandle(h) {
		return storage.Invalid(field, "%q is reserved", h)
	}
	return nil
}

// checkRunes validates that s is valid UTF-8 of at most max characters.
func checkRunes(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return storage.Invalid(field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return storage.Invalid(field, "is %d characters; at most %d are allowed", n, max)
	}
	return nil
}

// checkURL validates an optional absolute http(s) URL.
func checkURL(field, s string) error {
	if s == "" {
		return nil
	}
	if len(s) > maxURLBytes {
		return storage.Invalid(field, "must be at most %d bytes", maxURLBytes)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return storage.Invalid(field, "must be an absolute http or https URL")
	}
	return nil
}

// checkLang validates a plausible BCP 47 tag: a 2–3 or 5–8 letter primary
// subtag, then subtags of 1–8 letters or digits ("en", "pt-BR",
// "zh-Hant-TW", "und").
func checkLang(field, s string) error {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "-")
	if n := len(parts[0]); !isAlpha(parts[0]) || n < 2 || n > 8 || n == 4 {
		return storage.Invalid(field, "%q is not a BCP 47 language tag", s)
	}
	for _, p := range parts[1:] {
		if len(p) < 1 || len(p) > 8 || !isAlnum(p) {
			return storage.Invalid(field, "%q is not a BCP 47 language tag", s)
		}
	}
	return nil
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// checkCount validates a counter.
func checkCount(field string, n *int64) error {
	if n != nil && *n < 0 {
		return storage.Invalid(field, "must not be negative")
	}
	return nil
}

// checkPlatform validates a platform name.
func checkPlatform(field, p string) error {
	switch p {
	case storage.PlatformNative, storage.PlatformX, storage.PlatformMastodon:
		return nil
	}
	return storage.Invalid(field, "must be one of native, x, mastodon")
}

// parseTime parses an RFC 3339 time for field.
func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, storage.Invalid(field, "must be an RFC 3339 time like 2024-05-01T12:00:00Z")
	}
	return t.UTC(), nil
}

// firstError returns the first non-nil error, so validations read as a list.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
