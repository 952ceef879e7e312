package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// Joiners that Persian and Indic words need inside a hashtag.
const (
	zwnj = '\u200C'
	zwj  = '\u200D'
)

// hashtagAt matches "#tag" or "＃tag" at byte i. The tag holds letters,
// marks, numbers and connector punctuation of any script and at least one
// letter, so "#1" and the keycap emoji "#️⃣" are not hashtags.
func hashtagAt(text string, i int) (storage.Entity, bool) {
	prev := runeBefore(text, i)
	if wordRune(prev) || prev == '&' {
		return storage.Entity{}, false
	}
	start := i + 1
	if text[i] != '#' {
		start = i + len(fullwidthHash)
	}
	if r, _ := runeAt(text, start); !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_' {
		return storage.Entity{}, false
	}
	end, hasLetter := start, false
	for end < len(text) {
		r, w := runeAt(text, end)
		if !tagRune(r) {
			break
		}
		hasLetter = hasLetter || unicode.IsLetter(r)
		end += w
	}
	end = trimJoiners(text, start, end)
	if !hasLetter || !tagMayPrecede(text, end) {
		return storage.Entity{}, false
	}
	return storage.Entity{Kind: storage.EntityHashtag, Start: i, End: end, Value: text[start:end]}, true
}

// tagRune reports whether r may appear inside a hashtag.
func tagRune(r rune) bool {
	switch r {
	case zwnj, zwj, '\u00B7', '\u05F3', '\u05F4', '\u30FB':
		return true
	}
	if emojiPart(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) || unicode.Is(unicode.Pc, r)
}

// trimJoiners drops joiners at the end of a tag: there they belong to the
// emoji that follows, not to the word.
func trimJoiners(text string, start, end int) int {
	for end > start {
		r, w := utf8.DecodeLastRuneInString(text[start:end])
		if r != zwnj && r != zwj {
			return end
		}
		end -= w
	}
	return end
}

// tagMayPrecede reports whether a hashtag may end at byte i: not right
// before another hash sign or "://".
func tagMayPrecede(text string, i int) bool {
	rest := text[i:]
	return !strings.HasPrefix(rest, "#") && !strings.HasPrefix(rest, fullwidthHash) && !strings.HasPrefix(rest, "://")
}

// cashtagAt matches "$SYMBOL" at byte i: 1–6 ASCII letters, optionally
// followed by '.' or '_' and 1–2 letters ("$BRK.B"). "$5" is money, not a
// cashtag.
func cashtagAt(text string, i int) (storage.Entity, bool) {
	if prev := runeBefore(text, i); wordRune(prev) || prev == '$' {
		return storage.Entity{}, false
	}
	end := lettersEnd(text, i+1, 6)
	if end == i+1 {
		return storage.Entity{}, false
	}
	if end < len(text) && (text[end] == '.' || text[end] == '_') {
		if suffixEnd := lettersEnd(text, end+1, 2); suffixEnd > end+1 && cashtagMayPrecede(text, suffixEnd) {
			return newCashtag(text, i, suffixEnd), true
		}
	}
	if !cashtagMayPrecede(text, end) {
		return storage.Entity{}, false
	}
	return newCashtag(text, i, end), true
}

// lettersEnd returns where a run of ASCII letters starting at i ends, or i
// when the run is longer than limit (then it is a word, not a symbol).
func lettersEnd(text string, i, limit int) int {
	end := i
	for end < len(text) && isASCIILetter(text[end]) {
		end++
	}
	if end-i > limit {
		return i
	}
	return end
}

// cashtagMayPrecede reports whether a cashtag may end at byte i.
func cashtagMayPrecede(text string, i int) bool {
	r, _ := runeAt(text, i)
	return !wordRune(r) && r != '$'
}

// newCashtag builds the entity for text[start:end]; its value is the symbol
// upper-cased, without '$'.
func newCashtag(text string, start, end int) storage.Entity {
	return storage.Entity{Kind: storage.EntityCashtag, Start: start, End: end, Value: strings.ToUpper(text[start+1 : end])}
}
