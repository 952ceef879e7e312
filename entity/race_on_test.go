//go:build race

package entity

// raceEnabled: timing ratios are not meaningful under the race detector,
// which slows code unevenly; the doubling tests skip then.
const raceEnabled = true
