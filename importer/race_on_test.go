//go:build race

package importer

// raceEnabled: the race detector makes the 2M-record walk of
// TestHostileTooManyPosts and the 250,001-entry zip of
// TestHostileZipTooManyEntries take up to half a minute each; scripts/test
// runs them in its non-race pass instead. The one-second refusal checks
// are timing goals, skipped under it too.
const raceEnabled = true
