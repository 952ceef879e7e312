// Package entity finds links, @mentions, #hashtags and $cashtags in post
// text. It runs once per write; renderers use the stored result, so what was
// linked when a post was written stays linked the same way.
//
// The rules follow twitter-text where it matters to readers: entities start
// only at word boundaries, trailing punctuation is not part of a link,
// balanced parentheses are, and an entity may touch text in scripts written
// without spaces (Chinese, Japanese, Thai, …). The scanner is hand-written
// and linear in the length of the text: every attempt either succeeds and
// jumps past what it matched, or scans a region no other attempt scans.
package entity

import (
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// Find returns the entities of text in order, non-overlapping, with Start
// and End as byte offsets such that text[Start:End] is the span as typed.
// It never panics, whatever the bytes.
func Find(text string) []storage.Entity {
	var out []storage.Entity
	for i := 0; i < len(text); {
		if e, ok := entityAt(text, i); ok {
			out = append(out, e)
			i = e.End
			continue
		}
		_, w := utf8.DecodeRuneInString(text[i:])
		i += w
	}
	return out
}

// entityAt tries every entity kind that can start at byte i of text.
func entityAt(text string, i int) (storage.Entity, bool) {
	switch c := text[i]; {
	case c == '@':
		return mentionAt(text, i)
	case c == '#' || hasPrefixFold(text[i:], fullwidthHash):
		return hashtagAt(text, i)
	case c == '$':
		return cashtagAt(text, i)
	case isASCIIAlnum(c):
		return linkAt(text, i)
	}
	return storage.Entity{}, false
}
