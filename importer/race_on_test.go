//go:build race

package importer

// raceEnabled: the race detector makes the 2M-record walk of
// TestHostileTooManyPosts take half a minute; scripts/test runs it in its
// non-race pass instead.
const raceEnabled = true
