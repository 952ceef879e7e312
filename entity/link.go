package entity

import (
	"strings"

	"github.com/roost-embed/roost/storage"
)

// linkAt matches a link starting at byte i, where text[i] is an ASCII
// letter or digit: "http://…", "https://…", "mailto:…" or a bare domain
// with a known top-level domain. Only these schemes are ever recognised,
// so "javascript:" and "data:" never become links.
func linkAt(text string, i int) (storage.Entity, bool) {
	if !linkMayFollow(runeBefore(text, i)) {
		return storage.Entity{}, false
	}
	rest := text[i:]
	switch {
	case hasPrefixFold(rest, "https://"):
		return schemeLink(text, i, len("https://"))
	case hasPrefixFold(rest, "http://"):
		return schemeLink(text, i, len("http://"))
	case hasPrefixFold(rest, "mailto:"):
		return mailtoLink(text, i)
	}
	return bareLink(text, i)
}

// linkMayFollow reports whether a link may start after r: not inside a
// word, a domain, an e-mail address, a tag, or after a direction override.
func linkMayFollow(r rune) bool {
	if r >= 0x202A && r <= 0x202E {
		return false
	}
	return !wordRune(r) && !strings.ContainsRune("-_.@＠$#＃", r)
}

// schemeLink matches "http(s)://host[:port][/path]" at byte i; n is the
// length of the scheme and "://". Any alphabetic top-level domain is
// accepted when the scheme is typed.
func schemeLink(text string, i, n int) (storage.Entity, bool) {
	hostEnd, ok := hostAt(text, i+n)
	if !ok {
		return storage.Entity{}, false
	}
	end, ok := afterHost(text, hostEnd)
	if !ok {
		return storage.Entity{}, false
	}
	return storage.Entity{Kind: storage.EntityURL, Start: i, End: end, Value: text[i:end]}, true
}

// bareLink matches "example.com[/path]" at byte i. The top-level domain
// must be a known one, and, as in twitter-text, a two-label domain under a
// country code other than .co and .tv needs a path ("bit.ly/x", not
// "readme.md").
func bareLink(text string, i int) (storage.Entity, bool) {
	hostEnd, labels := labelsEnd(text, i)
	if labels < 2 || !knownTLD(lastLabel(text[i:hostEnd])) {
		return storage.Entity{}, false
	}
	end, ok := afterHost(text, hostEnd)
	if !ok || (end == hostEnd && labels == 2 && shortCCDomain(lastLabel(text[i:hostEnd]))) {
		return storage.Entity{}, false
	}
	if !validLabels(text[i:hostEnd]) {
		return storage.Entity{}, false
	}
	return storage.Entity{Kind: storage.EntityURL, Start: i, End: end, Value: "https://" + text[i:end]}, true
}

// mailtoLink matches "mailto:local@domain.tld" at byte i.
func mailtoLink(text string, i int) (storage.Entity, bool) {
	j := i + len("mailto:")
	local := j
	for j < len(text) && (isASCIIAlnum(text[j]) || strings.IndexByte("._%+-", text[j]) >= 0) {
		j++
	}
	if j == local || j >= len(text) || text[j] != '@' {
		return storage.Entity{}, false
	}
	hostEnd, ok := hostAt(text, j+1)
	if !ok || !linkMayPrecede(text, hostEnd) {
		return storage.Entity{}, false
	}
	return storage.Entity{Kind: storage.EntityURL, Start: i, End: hostEnd, Value: text[i:hostEnd]}, true
}

// afterHost extends a link past its host with an optional port and path,
// and checks what follows it. It reports false when the host runs on into
// a word or an e-mail address ("example.comé", "user.name@host").
func afterHost(text string, hostEnd int) (int, bool) {
	end := portEnd(text, hostEnd)
	if end < len(text) && strings.IndexByte("/?#", text[end]) >= 0 {
		return pathEnd(text, end), true
	}
	return end, linkMayPrecede(text, end)
}

// linkMayPrecede reports whether a host may end at byte i.
func linkMayPrecede(text string, i int) bool {
	r, _ := runeAt(text, i)
	return !wordRune(r) && r != '@' && r != '-'
}

// portEnd skips ":digits" after a host.
func portEnd(text string, i int) int {
	if i+1 >= len(text) || text[i] != ':' || !isDigit(text[i+1]) {
		return i
	}
	j := i + 1
	for j < len(text) && j-i <= 5 && isDigit(text[j]) {
		j++
	}
	return j
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
