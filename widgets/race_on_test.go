//go:build race

package widgets

// raceEnabled: the race detector slows chromium-driven and timing tests
// without checking anything more there; scripts/test runs them once in its
// non-race pass.
const raceEnabled = true
