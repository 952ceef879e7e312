package entity

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
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

// perOp returns the cost of one fn call: the best of three batches,
// each repeating fn for at least 10 ms with the collector paused, so a
// busy machine's noise does not look like a slope.
func perOp(fn func()) time.Duration {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start, n := time.Now(), 0
		for time.Since(start) < 10*time.Millisecond {
			fn()
			n++
		}
		best = min(best, time.Since(start)/time.Duration(n))
	}
	return best
}

// ratioOK measures fn at n and 2n (build makes an input) and reports
// whether the doubling cost at most 2.5×; it retries four times, because one
// slow sample on a shared machine is not a proof of a slope.
func ratioOK(build func(n int) func(), n int) (bool, time.Duration, time.Duration) {
	var a, b time.Duration
	for range 5 {
		a, b = perOp(build(n)), perOp(build(2*n))
		if b <= a*5/2 {
			return true, a, b
		}
	}
	return false, a, b
}

// TestFindDoublingRatio finds entities in inputs from 2 KB to 16 KB (a post is at most 4000 characters) of each
// pattern: each doubling may cost at most 2.5× the time.
func TestFindDoublingRatio(t *testing.T) {
	if raceEnabled {
		t.Skip("timing ratio: run without -race (scripts/test runs it so)")
	}
	if testing.Short() {
		t.Skip("timing test")
	}
	for name, unit := range linearPatterns {
		t.Run(name, func(t *testing.T) {
			build := func(n int) func() {
				text := strings.Repeat(unit, n/len(unit)+1)[:n]
				return func() { Find(text) }
			}
			for n := 1 << 11; n <= 1<<13; n *= 2 {
				if ok, a, b := ratioOK(build, n); !ok {
					t.Errorf("%d bytes take %v, %d bytes %v: more than 2.5× per doubling", n, a, 2*n, b)
				}
			}
		})
	}
}
