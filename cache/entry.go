package cache

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// entryOverhead approximates the bytes an entry costs beyond its bodies
// and strings: the struct, slice headers and ristretto's own item.
const entryOverhead = 256

// Deps names what a rendering was made from. A change to any of these ids
// (storage.Change) makes the rendering stale; All makes it depend on every
// change (a page that lists everything).
type Deps struct {
	Posts []int64
	Users []int64
	Lists []int64
	Tags  []string // lower-cased, without '#'
	All   bool

	Collections []int64
	// Search makes the rendering depend on every change that may alter
	// which posts a search matches (storage.Change.TouchesPosts): which
	// posts match is not a set of ids a change could name.
	Search bool
}

// Rendered is what a render function hands to Fill. Fill takes ownership of
// Body: the render must not reuse or change it afterwards.
type Rendered struct {
	Body        []byte
	ContentType string
	Status      int // 0 means 200; widgets may cache 404/403/410 tombstones
	Deps        Deps
	TTL         time.Duration // 0 = Config.FreshTTL, and never more than it
}

// Entry is one cached response. Its exported fields never change once Fill
// built it, so it can be shared by every request without locks.
type Entry struct {
	Identity      []byte
	Gzip          []byte
	Brotli        []byte
	ETag          string // strong, quoted
	ContentType   string
	Status        int
	Deps          Deps
	RenderedAt    uint64    // the fence version read before the render started
	FreshUntil    time.Time // served as a hit until then
	StaleUntil    time.Time // kept for stale-if-error until then
	SurrogateKeys string    // "p123 u45 l6 tgo", for a CDN purge
	CacheTags     string    // the same keys comma-separated (Cloudflare's Cache-Tag)

	// checked memoises the last fence version at which the entry was found
	// valid, so most hits skip the dependency lookups. It is a cache of a
	// fact about the entry, not part of its content.
	checked atomic.Uint64
	// best is the brotli body recompressed at the best quality by the
	// background upgrader: the same bytes once decoded, so swapping it in
	// place is safe for readers, and it never re-stores the entry (a
	// re-store could land over a newer fill of the same key).
	best atomic.Pointer[[]byte]
}

// BrotliBody returns the smallest brotli body the entry has.
func (e *Entry) BrotliBody() []byte {
	if b := e.best.Load(); b != nil {
		return *b
	}
	return e.Brotli
}

// Lookup says what Get found.
type Lookup uint8

// The outcomes of Get.
const (
	// Miss: nothing usable; render.
	Miss Lookup = iota
	// Hit: fresh, serve it.
	Hit
	// Stale: past FreshUntil but no dependency changed; render, and serve
	// it only if the render fails (stale-if-error).
	Stale
)

// String names the outcome for logs and headers.
func (l Lookup) String() string {
	switch l {
	case Hit:
		return "hit"
	case Stale:
		return "stale"
	default:
		return "miss"
	}
}

// newEntry builds the immutable entry for r: compresses once, hashes the
// ETag and precomputes surrogate keys. start is when the render began.
func newEntry(r *Rendered, stamp uint64, start time.Time, ttl time.Duration, cfg *Config, p *compressor) *Entry {
	if r.TTL > 0 && r.TTL < ttl {
		ttl = r.TTL
	}
	status := r.Status
	if status == 0 {
		status = 200
	}
	deps := cloneDeps(r.Deps)
	e := &Entry{
		Identity:      r.Body,
		Gzip:          p.gzip(r.Body),
		Brotli:        p.brotli(r.Body, brotliFast),
		ETag:          etag(r.Body),
		ContentType:   r.ContentType,
		Status:        status,
		Deps:          deps,
		RenderedAt:    stamp,
		FreshUntil:    start.Add(ttl),
		StaleUntil:    start.Add(ttl + cfg.StaleTTL),
		SurrogateKeys: SurrogateKeys(deps),
	}
	e.CacheTags = strings.ReplaceAll(e.SurrogateKeys, " ", ",")
	e.checked.Store(stamp)
	return e
}

// cost is what the entry weighs in the budget: its bodies, its strings and
// dependency lists, the key, and a fixed overhead.
func (e *Entry) cost(key string) int64 {
	n := len(e.Identity) + len(e.Gzip) + len(e.Brotli) + len(key) + len(e.ETag) +
		len(e.ContentType) + 2*len(e.SurrogateKeys) + entryOverhead +
		8*(len(e.Deps.Posts)+len(e.Deps.Users)+len(e.Deps.Lists)+len(e.Deps.Collections))
	for _, t := range e.Deps.Tags {
		n += len(t) + 16
	}
	return int64(n)
}

// cloneDeps copies the dependency lists so the entry owns them, sorted
// and without repeats: a timeline names its author once per post, and
// each repeat would cost a fence lookup per hit and bytes in the CDN
// headers.
func cloneDeps(d Deps) Deps {
	return Deps{
		Posts: uniqueSorted(d.Posts),
		Users: uniqueSorted(d.Users),
		Lists: uniqueSorted(d.Lists),
		Tags:  uniqueSorted(d.Tags),
		All:   d.All,

		Collections: uniqueSorted(d.Collections),
		Search:      d.Search,
	}
}

// uniqueSorted returns a sorted copy of list without repeats.
func uniqueSorted[T cmp.Ordered](list []T) []T {
	if len(list) == 0 {
		return nil
	}
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Clip(slices.Compact(out))
}

// etag is a strong validator: the first 16 bytes of the body's SHA-256 in
// hex, quoted. Same bytes, same ETag, on every instance.
func etag(body []byte) string {
	sum := sha256.Sum256(body)
	var b [2 + 2*16]byte
	b[0] = '"'
	hex.Encode(b[1:33], sum[:16])
	b[33] = '"'
	return string(b[:])
}
