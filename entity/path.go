package entity

import (
	"strings"
	"unicode/utf8"
)

// pathEnd returns where the path, query and fragment starting at byte i
// end. Parentheses are kept while balanced, so Wikipedia links survive,
// and a closing one that opens nothing ends the link. Trailing characters
// that end sentences rather than URLs (".,!?:;'*" and the like) are left
// out: a path must end in a letter, digit, '/', '=', '_', '-', '+', '#' or
// a balanced ')'.
func pathEnd(text string, i int) int {
	end, depth := i, 0
	for end < len(text) {
		r, w := runeAt(text, end)
		if r == ')' {
			if depth == 0 {
				break
			}
			depth--
		} else if r == '(' {
			depth++
		} else if !pathRune(r) {
			break
		}
		end += w
	}
	for end > i {
		r, w := utf8.DecodeLastRuneInString(text[i:end])
		if pathEndRune(r) {
			return end
		}
		end -= w
	}
	return i
}

// pathRune reports whether r may appear in a path: printable ASCII other
// than the characters that usually delimit URLs in prose, and letters of
// the Latin and Cyrillic scripts. Other scripts end a link, so a URL
// typed straight into Japanese text ends where the Japanese begins.
func pathRune(r rune) bool {
	if r < 0x80 {
		return r > ' ' && r < 0x7F && !strings.ContainsRune("\"<>\\^`{|}", r)
	}
	return pathLetter(r)
}

// pathLetter reports whether r is a non-ASCII letter allowed in paths.
func pathLetter(r rune) bool {
	switch {
	case r == 0xD7 || r == 0xF7: // × and ÷
		return false
	case r >= 0xC0 && r <= 0x24F, r >= 0x300 && r <= 0x36F,
		r >= 0x400 && r <= 0x4FF, r >= 0x1E00 && r <= 0x1EFF:
		return true
	}
	return false
}

// pathEndRune reports whether a path may end with r.
func pathEndRune(r rune) bool {
	if r < 0x80 {
		return isASCIIAlnum(byte(r)) || strings.ContainsRune("/=_-+#)", r)
	}
	return pathLetter(r)
}
