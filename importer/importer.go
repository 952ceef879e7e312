// Package importer reads account archives exported by X/Twitter and by
// Mastodon and writes their user, posts and media into a storage.Store, so
// that embeds of those posts keep working from the publisher's own server.
//
// Both importers run in passes over a streamed archive, so memory stays flat
// however many posts it holds (only an 8-byte id per post is kept):
//
//  1. check: every entry is parsed and every media file decoded (and saved:
//     the media library is content-addressed, so an unreferenced file is
//     harmless). A corrupt or foreign archive stops here, with an error that
//     names the entry, before the store is touched.
//  2. write: the user, then each post is created, updated or left alone
//     after comparing it with the stored copy, which makes imports
//     idempotent. The posts to write go to the store 250 at a time in one
//     transaction each (Store.WritePosts). Posts whose parent or quoted post comes later in the
//     archive are written without that link first.
//  3. fix-up: those links are set once their targets exist.
//
// There is no transaction spanning the whole import, so a crash or a store
// error during passes 2–3 can leave part of the archive written (whole
// batches of complete posts, never half a post; at worst a reply without
// its reply_to link). Running the same import again completes it.
package importer

import (
	"time"

	"github.com/roost-embed/roost/storage"
)

// Progress receives counts while an import runs: when a phase starts,
// about every 250 posts, and once at the end. The CLI draws a bar on a terminal and plain lines
// otherwise; the HTTP API keeps the last value as the job's status.
type Progress func(s Stats)

// Phases an import goes through, reported in Stats.Phase.
const (
	PhaseCheck = "check" // parsing and validating the archive; Posts counts posts checked
	PhaseWrite = "write" // writing to the store
	PhaseDone  = "done"  // finished; the counts are final
)

// Stats summarises an import. Posts counts the archive's posts that the
// store holds after the import: Created + Updated + Unchanged. A second run
// of the same archive reports Unchanged == Posts.
type Stats struct {
	Phase     string
	Users     int // accounts imported (1)
	Posts     int
	Created   int
	Updated   int
	Unchanged int
	Replies   int // of Posts, how many are replies to a post in the store
	Media     int // media attached to the imported posts (and the avatar)
	Videos    int // of Media, playable videos (issue 14)
	GIFs      int // of Media, animated GIFs
	Polls     int // posts imported with their poll
	// Skipped counts what was left out on purpose, by reason: "retweet",
	// "boost", "private", "direct", "video without poster", "media file
	// missing", "media unreadable", …
	Skipped map[string]int
	// Notes counts things kept in a lesser form, by reason: "reply to
	// unknown post" (the text is kept, the reply link dropped), "quote of
	// unknown post" (the link stays in the text), …
	Notes   map[string]int
	Elapsed time.Duration
}

// Options tune an import. The zero value is ready to use.
type Options struct {
	// Handle replaces the archive's username, e.g. when it clashes with a
	// user who already exists in Roost.
	Handle string
	// Progress, when set, is called during the import.
	Progress Progress
	// Now is the clock Elapsed is measured with; nil means time.Now.
	Now func() time.Time
	// OnChange, when set, is called after every successful store write
	// with the Change it logged, so a server running the import can drop
	// the renders it made stale before the next request (the change log
	// tells other instances).
	OnChange func(storage.Change)
}

// progressEvery is how many posts pass between two Progress calls.
const progressEvery = 250

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (s *Stats) skip(reason string) { s.skipN(reason, 1) }

func (s *Stats) skipN(reason string, n int) {
	if s.Skipped == nil {
		s.Skipped = map[string]int{}
	}
	s.Skipped[reason] += n
}

func (s *Stats) note(reason string) {
	if s.Notes == nil {
		s.Notes = map[string]int{}
	}
	s.Notes[reason]++
}
