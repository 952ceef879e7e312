package richtext

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// displayLimit is how many characters of host and path a link shows.
const displayLimit = 25

// safeURL reports whether raw is an http or https URL with a host, or a
// mailto URL with an address. It re-checks the stored value at render
// time: "javascript:", "data:", "JaVaScRiPt&colon;" and relative URLs fail.
func safeURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme { // url.Parse lower-cases the scheme
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// displayURL returns the visible text of a link, shortened as X does:
// without the scheme, a leading "www." or a lone trailing "/", cut after
// displayLimit characters with "…". A mailto link shows as typed.
func displayURL(value string, typed []byte) []byte {
	i := strings.Index(value, "://")
	if i < 0 {
		return typed
	}
	s := value[i+3:]
	if len(s) >= 4 && strings.EqualFold(s[:4], "www.") {
		s = s[4:]
	}
	if slash := strings.IndexByte(s, '/'); slash >= 0 && slash == len(s)-1 {
		s = s[:slash]
	}
	if utf8.RuneCountInString(s) <= displayLimit {
		return []byte(s)
	}
	cut := 0
	for n := 0; n < displayLimit; n++ {
		_, w := utf8.DecodeRuneInString(s[cut:])
		cut += w
	}
	return []byte(s[:cut] + "…")
}

// validHandle reports whether v is a handle ([A-Za-z0-9_]{1,30}) or a
// fediverse address "handle@instance.tld".
func validHandle(v string) bool {
	handle, instance, remote := strings.Cut(v, "@")
	if len(handle) == 0 || len(handle) > 30 || !allBytes(handle, isHandleByte) {
		return false
	}
	if !remote {
		return true
	}
	return strings.Contains(instance, ".") && allBytes(instance, func(c byte) bool {
		return isHandleByte(c) || c == '-' || c == '.'
	})
}

// validSymbol reports whether v looks like a cashtag symbol ("AAPL",
// "BRK.B").
func validSymbol(v string) bool {
	return len(v) > 0 && len(v) <= 9 && allBytes(v, func(c byte) bool {
		return ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || c == '.' || c == '_'
	})
}

// isHandleByte reports whether c may appear in a handle.
func isHandleByte(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '_'
}

// allBytes reports whether every byte of s satisfies ok.
func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}
