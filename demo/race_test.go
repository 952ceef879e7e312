//go:build race

package demo

// raceEnabled widens timing budgets under the race detector.
const raceEnabled = true
