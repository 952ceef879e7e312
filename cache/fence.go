package cache

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/roost-embed/roost/storage"
)

// fence is the version fence that makes deletion correct whatever
// ristretto does. version counts invalidations; each one records, for every
// id it names, the version at which it changed. An entry stamped with the
// version read before its render started is valid only if none of its ids
// changed after that stamp.
//
// Records are only needed while an entry that could predate them may still
// be served: entries live at most horizon (FreshTTL+StaleTTL) after their
// render starts. prune moves floor forward past versions older than the
// horizon, drops records at or below it, and every entry stamped below the
// floor counts as stale, so forgetting never makes a stale entry valid.
type fence struct {
	version atomic.Uint64
	floor   atomic.Uint64

	mu          sync.RWMutex
	posts       map[int64]uint64
	users       map[int64]uint64
	lists       map[int64]uint64
	tags        map[string]uint64
	collections map[int64]uint64
	allChanged  uint64       // version of the last purge of everything
	postsChange uint64       // version of the last change that TouchesPosts
	checkpoints []checkpoint // oldest first
	lastPrune   time.Time

	horizon time.Duration
	every   time.Duration
	now     func() time.Time
}

// checkpoint remembers the version at a moment: a stamp below version was
// read before at.
type checkpoint struct {
	at      time.Time
	version uint64
}

// newFence returns an empty fence that forgets changes older than horizon,
// checking about eight times per horizon (between 1 s and 1 min).
func newFence(horizon time.Duration, now func() time.Time) *fence {
	return &fence{
		posts: map[int64]uint64{},
		users: map[int64]uint64{},
		lists: map[int64]uint64{},
		tags:  map[string]uint64{},

		collections: map[int64]uint64{},
		horizon:     horizon,
		every:       min(max(horizon/8, time.Second), time.Minute),
		now:         now,
	}
}

// stamp is the version a render must read before it starts.
func (f *fence) stamp() uint64 { return f.version.Load() }

// invalidate records that everything c names changed now.
func (f *fence) invalidate(c *storage.Change) {
	f.mu.Lock()
	v := f.version.Add(1)
	for _, id := range c.Posts {
		f.posts[id] = v
	}
	for _, id := range c.Users {
		f.users[id] = v
	}
	for _, id := range c.Lists {
		f.lists[id] = v
	}
	for _, t := range c.Tags {
		f.tags[t] = v
	}
	for _, id := range c.Collections {
		f.collections[id] = v
	}
	if c.TouchesPosts() {
		f.postsChange = v
	}
	if c.All {
		f.allChanged = v
	}
	due := f.now().Sub(f.lastPrune) >= f.every
	f.mu.Unlock()
	if due {
		f.prune()
	}
}

// valid reports whether a rendering of d stamped at stamp is still current.
func (f *fence) valid(d *Deps, stamp uint64) bool {
	if stamp < f.floor.Load() {
		return false
	}
	if d.All {
		return f.version.Load() == stamp
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.allChanged <= stamp &&
		(!d.Search || f.postsChange <= stamp) &&
		unchangedIDs(f.posts, d.Posts, stamp) &&
		unchangedIDs(f.collections, d.Collections, stamp) &&
		unchangedIDs(f.users, d.Users, stamp) &&
		unchangedIDs(f.lists, d.Lists, stamp) &&
		unchangedTags(f.tags, d.Tags, stamp)
}

// unchangedIDs reports whether no id in ids changed after stamp.
func unchangedIDs(changed map[int64]uint64, ids []int64, stamp uint64) bool {
	for _, id := range ids {
		if changed[id] > stamp {
			return false
		}
	}
	return true
}

// unchangedTags reports whether no tag in tags changed after stamp.
func unchangedTags(changed map[string]uint64, tags []string, stamp uint64) bool {
	for _, t := range tags {
		if changed[t] > stamp {
			return false
		}
	}
	return true
}

// prune takes a checkpoint and, once a checkpoint is older than the
// horizon, raises the floor to its version and forgets every record at or
// below it: no entry that such a record could make stale can still be live.
func (f *fence) prune() {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	f.lastPrune = now
	f.checkpoints = append(f.checkpoints, checkpoint{at: now, version: f.version.Load()})
	cut := -1
	for i, cp := range f.checkpoints {
		if now.Sub(cp.at) >= f.horizon {
			cut = i
		}
	}
	if cut < 0 {
		return
	}
	floor := f.checkpoints[cut].version
	f.checkpoints = append(f.checkpoints[:0], f.checkpoints[cut+1:]...)
	if floor <= f.floor.Load() {
		return
	}
	f.floor.Store(floor)
	f.posts = keepAbove(f.posts, floor)
	f.users = keepAbove(f.users, floor)
	f.lists = keepAbove(f.lists, floor)
	f.tags = keepAbove(f.tags, floor)
	f.collections = keepAbove(f.collections, floor)
}

// keepAbove returns a new map with only the records above floor. It copies
// rather than deletes because Go maps never give back memory on delete.
func keepAbove[K comparable](m map[K]uint64, floor uint64) map[K]uint64 {
	kept := make(map[K]uint64)
	for k, v := range m {
		if v > floor {
			kept[k] = v
		}
	}
	return kept
}

// records counts what the fence remembers (stats and tests).
func (f *fence) records() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.posts) + len(f.users) + len(f.lists) + len(f.tags) + len(f.collections)
}
