package entity

import (
	"testing"

	"github.com/roost-embed/roost/internal/lineartest"
)

// linearPatterns are inputs built to make a scanner backtrack or rescan:
// long runs of sigils, dots, parentheses and almost-URLs.
var linearPatterns = map[string]string{
	"sigils":      "@#$＃",
	"at-runs":     "@@@@a",
	"dots":        "a.b.",
	"almost-url":  "http://x",
	"parens":      "https://e.com/((((",
	"domain-ish":  "example.c",
	"mention-url": "@a@b.c/",
	"words":       "hello #tag @user https://example.com/p?q=1 ",
	"no-space":    "ééé#ééé@",
	"emoji":       "👨\u200d👩\u200d👧#️⃣",
}

// TestFindDoublingRatio finds entities in inputs from 2 KB to 16 KB (a post is at most 4000 characters) of each
// pattern: each doubling may cost at most 2.5× the time.
func TestFindDoublingRatio(t *testing.T) {
	lineartest.Check(t, linearPatterns, func(text string) func() { return func() { Find(text) } })
}
