package entity

import (
	"strings"

	"github.com/roost-embed/roost/storage"
)

// maxHandle is the longest handle Roost accepts (SURFACE.md).
const maxHandle = 30

// mentionAt matches "@handle" or the fediverse form "@user@instance.tld"
// at byte i, where text[i] is '@'.
func mentionAt(text string, i int) (storage.Entity, bool) {
	if !mentionMayFollow(runeBefore(text, i)) {
		return storage.Entity{}, false
	}
	end := i + 1
	for end < len(text) && isHandleByte(text[end]) {
		end++
	}
	n := end - i - 1
	if n == 0 || n > maxHandle {
		return storage.Entity{}, false
	}
	if end < len(text) && text[end] == '@' {
		return fediverseMention(text, i, end)
	}
	if !mentionMayPrecede(text, end) {
		return storage.Entity{}, false
	}
	return storage.Entity{Kind: storage.EntityMention, Start: i, End: end, Value: text[i+1 : end]}, true
}

// fediverseMention matches the "@instance.tld" part of "@user@instance.tld";
// at is the byte offset of the second '@'. A handle followed by '@' and no
// valid instance is not a mention at all, as in twitter-text.
func fediverseMention(text string, start, at int) (storage.Entity, bool) {
	hostEnd, ok := hostAt(text, at+1)
	if !ok || !mentionMayPrecede(text, hostEnd) {
		return storage.Entity{}, false
	}
	if hostEnd < len(text) && text[hostEnd] == '.' && hostEnd+1 < len(text) && isASCIIAlnum(text[hostEnd+1]) {
		return storage.Entity{}, false
	}
	return storage.Entity{Kind: storage.EntityMention, Start: start, End: hostEnd, Value: text[start+1 : hostEnd]}, true
}

// isHandleByte reports whether c may appear in a handle.
func isHandleByte(c byte) bool {
	return isASCIIAlnum(c) || c == '_'
}

// mentionMayFollow reports whether a mention may start after r. Letters,
// digits and '@' before it mean an e-mail address or a word, not a mention.
func mentionMayFollow(r rune) bool {
	return !wordRune(r) && !strings.ContainsRune("@＠!#$%&*", r)
}

// mentionMayPrecede reports whether a mention may end at byte i.
func mentionMayPrecede(text string, i int) bool {
	r, _ := runeAt(text, i)
	if wordRune(r) || r == '@' || r == '＠' {
		return false
	}
	return !strings.HasPrefix(text[i:], "://")
}
