package richtext

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/roost-embed/roost/storage"
)

// usable returns the entities of ents that can be laid over text, sorted by
// Start: in range, non-empty, on rune boundaries, within one line and not
// overlapping an earlier one. Stored entities are not trusted blindly; a
// bad one is dropped and its text renders as text. ents is not modified.
func usable(text string, ents []storage.Entity) []storage.Entity {
	if !slices.IsSortedFunc(ents, byStart) {
		ents = slices.SortedStableFunc(slices.Values(ents), byStart)
	}
	out := make([]storage.Entity, 0, len(ents))
	end := 0
	for _, e := range ents {
		if e.Start < end || !fits(text, e) {
			continue
		}
		out = append(out, e)
		end = e.End
	}
	return out
}

// byStart orders entities by their start offset.
func byStart(a, b storage.Entity) int { return a.Start - b.Start }

// fits reports whether e covers a non-empty span of text on rune
// boundaries without a line break in it.
func fits(text string, e storage.Entity) bool {
	if e.Start < 0 || e.End <= e.Start || e.End > len(text) {
		return false
	}
	if !onBoundary(text, e.Start) || !onBoundary(text, e.End) {
		return false
	}
	return !strings.ContainsAny(text[e.Start:e.End], "\r\n")
}

// onBoundary reports whether byte i of s starts a rune (or is the end) when
// s is decoded rune by rune, invalid bytes counting as one-byte runes.
func onBoundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-utf8.UTFMax+1; j-- {
		if utf8.RuneStart(s[j]) {
			_, size := utf8.DecodeRuneInString(s[j:])
			return j+size <= i
		}
	}
	return true // i-1 … i-3 are stray continuation bytes, one rune each
}
