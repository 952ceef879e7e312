// Package lineartest checks that a text function's time grows linearly
// with its input: the fuzz-adjacent property the security issue asks of
// entity parsing and text → HTML (doubling the input must not more than
// ~2.5× the time). It is for tests only; timings are meaningless under the
// race detector, so Check skips there (scripts/test runs it in a separate
// pass without -race).
package lineartest

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// Check builds, for each pattern, inputs of 2 KB to 16 KB by repeating it
// (a post is at most 4000 characters) and fails when a doubling costs more
// than 2.5× the time. prepare turns an input into the call to time, so
// work that is not under test (e.g. finding entities for the renderer)
// happens outside the measurement.
func Check(t *testing.T, patterns map[string]string, prepare func(text string) func()) {
	t.Helper()
	if raceEnabled {
		t.Skip("timing ratio: run without -race (scripts/test runs it so)")
	}
	if testing.Short() {
		t.Skip("timing test")
	}
	for name, unit := range patterns {
		t.Run(name, func(t *testing.T) {
			build := func(n int) func() { return prepare(strings.Repeat(unit, n/len(unit)+1)[:n]) }
			for n := 1 << 11; n <= 1<<13; n *= 2 {
				if ok, a, b := ratioOK(build, n); !ok {
					t.Errorf("%d bytes take %v, %d bytes %v: more than 2.5× per doubling", n, a, 2*n, b)
				}
			}
		})
	}
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
