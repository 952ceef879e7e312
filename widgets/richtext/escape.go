package richtext

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// writeEscaped writes s with &, <, >, " and ' escaped as
// html.EscapeString does, invalid UTF-8 and NUL replaced with U+FFFD, and a
// lone "\r" (an old Mac line end) written as <br> in text or as a
// character reference in an attribute.
func writeEscaped(w util.BufWriter, s []byte, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		var esc string
		if c < utf8.RuneSelf {
			esc = escapeASCII(c, attr)
		} else if r, n := utf8.DecodeRune(s[i:]); r == utf8.RuneError && n == 1 {
			esc = "\uFFFD"
		} else {
			size = n
		}
		if esc != "" {
			_, _ = w.Write(s[last:i])
			_, _ = w.WriteString(esc)
			last = i + size
		}
		i += size
	}
	_, _ = w.Write(s[last:])
}

// escapeASCII returns what an ASCII byte is written as, or "" when it is
// written as itself.
func escapeASCII(c byte, attr bool) string {
	switch c {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '"':
		return "&#34;"
	case '\'':
		return "&#39;"
	case 0:
		return "\uFFFD"
	case '\r':
		if attr {
			return "&#13;"
		}
		return "<br>"
	}
	return ""
}

// writeLines writes text that holds no block (only blank lines) escaped,
// with each "\n" (or "\r\n") as <br>.
func writeLines(w util.BufWriter, s []byte) {
	start := 0
	for i, c := range s {
		if c != '\n' {
			continue
		}
		end := i
		if end > start && s[end-1] == '\r' {
			end--
		}
		writeEscaped(w, s[start:end], false)
		_, _ = w.WriteString("<br>")
		start = i + 1
	}
	writeEscaped(w, s[start:], false)
}
