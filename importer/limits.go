package importer

import (
	"errors"
	"fmt"
)

// Limits every archive is held to, enforced while it is read, before the
// bytes over a limit are buffered. They bound what one import can cost in
// memory, disk and time whatever the archive claims (docs/IMPORTS.md lists
// them with the reasons for each figure). An archive over any of them is
// refused with an error that names the entry and the limit, before the
// store is touched.
const (
	// MaxValueBytes bounds one JSON string or number as written in the file
	// (escapes count as written). A tweet's full_text is at most a few KB and
	// a Mastodon status's HTML at most tens of KB.
	MaxValueBytes = 64 << 10
	// MaxRecordBytes bounds one record: an element of tweets.js or of
	// outbox.json's orderedItems, and any other top-level value (account.js,
	// actor.json, outbox.json's @context).
	MaxRecordBytes = 1 << 20
	// MaxRecordsPerFile bounds the records of one JSON file.
	MaxRecordsPerFile = 2_000_000
	// MaxPosts bounds the posts of one archive, all files together: the
	// importer keeps 8 bytes per post (and 32 per link to a later post), so
	// this caps that state near 80 MB at worst.
	MaxPosts = 2_000_000
	// MaxJSONDepth bounds the nesting of objects and arrays (a tweet nests
	// about 6 deep).
	MaxJSONDepth = 64
	// MaxEntryBytes bounds the uncompressed size of one archive entry.
	MaxEntryBytes = 4 << 30
	// MaxArchiveBytes bounds the uncompressed size of all entries together
	// (an unpacked tarball takes this much temporary disk at most).
	MaxArchiveBytes = 32 << 30
	// MaxCompressionRatio bounds uncompressed/compressed bytes of a zip entry
	// and of a tarball's gzip stream, once past ratioFloorBytes: JSON
	// compresses about 10–30:1, photos 1:1, a deflate bomb over 1000:1.
	MaxCompressionRatio = 100
	// MaxEntries bounds the entries of one archive (files, directories and
	// links), counted before the zip directory is loaded.
	MaxEntries = 250_000
	// MaxNameBytes bounds the length of one entry name.
	MaxNameBytes = 1024
)

// ratioFloorBytes is the size under which the compression ratio is not
// checked: small files (a 100-byte account.js of spaces) compress well.
const ratioFloorBytes = 1 << 20

// ErrLimit marks an archive refused because it is over one of the limits
// above; ErrUnsafeEntry one refused for an entry name or type that could
// reach outside the archive.
var (
	ErrLimit       = errors.New("archive over an import limit")
	ErrUnsafeEntry = errors.New("unsafe archive entry")
)

// limitError is one limit broken while reading a JSON entry. The entry's
// name is added by entryError.
type limitError struct {
	record int    // 1-based record number, 0 outside the records
	what   string // "full_text", "record", …
	msg    string // "is over 64 KiB"
}

func (e *limitError) Error() string {
	if e.record > 0 {
		return fmt.Sprintf("record %d: %s %s", e.record, e.what, e.msg)
	}
	return e.what + " " + e.msg
}

func (e *limitError) Is(target error) bool { return target == ErrLimit }

// sizeText writes a limit in the unit it was chosen in: 64 KiB, 1 MiB, 4 GiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
