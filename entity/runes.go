package entity

import (
	"unicode"
	"unicode/utf8"
)

// fullwidthHash is U+FF03, the hash sign CJK keyboards type.
const fullwidthHash = "＃"

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return isASCIILetter(c) || ('0' <= c && c <= '9')
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// noSpaceScript reports whether r belongs to a script written without
// spaces between words. An entity may touch such text directly
// ("日本語#タグ", "@userさん"), as twitter-text allows.
func noSpaceScript(r rune) bool {
	if r >= 0x3000 && r <= 0x30FF { // CJK punctuation, kana, prolonged sound mark
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// emojiPart reports whether r is a mark that belongs to an emoji rather
// than to a word: variation selectors and the enclosing keycap. Without
// this, "❤️#love" would not start a hashtag.
func emojiPart(r rune) bool {
	return (r >= 0xFE00 && r <= 0xFE0F) || r == 0x20E3 || (r >= 0xE0100 && r <= 0xE01EF)
}

// wordRune reports whether r continues a word of a space-separated script:
// an entity may not start right after it nor end right before it.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIAlnum(byte(r)) || r == '_'
	}
	if r == utf8.RuneError || emojiPart(r) || noSpaceScript(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// runeBefore returns the rune that ends at byte i, or -1 at the start.
func runeBefore(text string, i int) rune {
	if i == 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// runeAt returns the rune starting at byte i and its width, or -1 and 0
// at the end.
func runeAt(text string, i int) (rune, int) {
	if i >= len(text) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(text[i:])
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lower(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// lower maps an ASCII upper-case letter to lower case.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
