package entity

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// FuzzFind checks the properties every caller relies on: no panic, offsets
// in range, ordered and non-overlapping, on rune boundaries, and each span
// starting with its sigil.
func FuzzFind(f *testing.F) {
	for _, seed := range []string{
		"hi @alice #go $AAPL https://example.com/a_(b).",
		"日本語#タグ です ＃タグ @userさん",
		"مرحبا #وسم https://x.org/مرحبا",
		"\xff#\xfe@a\x80$B example.com/\xc3",
		"@user@mastodon.social mailto:a@b.co",
		"(https://en.wikipedia.org/wiki/Go_(language))",
		"#️⃣ ❤️#love 👨\u200d👩\u200d👧#fam",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ents := Find(text)
		bounds := runeBoundaries(text)
		prevEnd := 0
		for _, e := range ents {
			if e.Start < prevEnd || e.End <= e.Start || e.End > len(text) {
				t.Fatalf("entity %+v out of order or range (previous end %d, len %d) in %q", e, prevEnd, len(text), text)
			}
			if !bounds[e.Start] || !bounds[e.End] {
				t.Fatalf("entity %+v not on rune boundaries in %q", e, text)
			}
			if !hasSigil(e.Kind, text[e.Start:e.End]) {
				t.Fatalf("entity %+v: span %q lacks its sigil", e, text[e.Start:e.End])
			}
			if e.Value == "" {
				t.Fatalf("entity %+v has no value", e)
			}
			prevEnd = e.End
		}
	})
}

// runeBoundaries marks every offset where ranging over text starts a rune,
// plus len(text); invalid bytes count as one-byte runes.
func runeBoundaries(text string) map[int]bool {
	b := map[int]bool{len(text): true}
	for i := range text {
		b[i] = true
	}
	return b
}

// hasSigil reports whether span starts as an entity of kind must.
func hasSigil(kind storage.EntityKind, span string) bool {
	switch kind {
	case storage.EntityMention:
		return strings.HasPrefix(span, "@")
	case storage.EntityHashtag:
		return strings.HasPrefix(span, "#") || strings.HasPrefix(span, "＃")
	case storage.EntityCashtag:
		return strings.HasPrefix(span, "$")
	case storage.EntityURL:
		r, _ := utf8.DecodeRuneInString(span)
		return r < utf8.RuneSelf && isASCIIAlnum(byte(r))
	}
	return false
}
