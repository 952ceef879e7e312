// Package cache is Roost's in-process render cache: finished widget
// responses with their bodies compressed once at fill time, a version fence
// that keeps renders of deleted or changed content from ever being served,
// one render per key under concurrent misses, and stale-if-error.
//
// ristretto holds the entries and decides what to evict by cost (bytes).
// It is never trusted for correctness: its Set is asynchronous and may be
// dropped, and a Del can race with a slow fill. Correctness rests on the
// fence (see fence.go): an entry is served only if none of the ids it was
// rendered from changed after the render started.
package cache

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/ristretto/v2"
	"golang.org/x/sync/singleflight"
)

// Defaults used when a Config field is zero.
const (
	DefaultMaxBytes = 256 << 20
	DefaultFreshTTL = 5 * time.Minute
	DefaultStaleTTL = time.Hour

	// typicalEntryBytes sizes ristretto's admission counters: NumCounters
	// should be about ten times the number of items the budget holds.
	typicalEntryBytes = 2 << 10
)

// Config tunes a Cache. Zero values mean the defaults above.
type Config struct {
	// MaxBytes is the memory budget (--cache-mb): the sum of every entry's
	// bodies and bookkeeping never exceeds it.
	MaxBytes int64
	// FreshTTL is how long an entry is served without re-rendering when
	// none of its dependencies changed. It also caps Rendered.TTL.
	FreshTTL time.Duration
	// StaleTTL is how long after FreshTTL an unchanged entry is kept for
	// stale-if-error, when the store cannot be reached.
	StaleTTL time.Duration
	// Now is the clock; tests replace it. ristretto's own expiry keeps
	// using the real clock, which only ever removes entries later.
	Now func() time.Time
	// UpgradeBrotli recompresses every new entry at brotli quality 11 in
	// one background worker and swaps the entry in when it is still current.
	UpgradeBrotli bool
	// Metrics turns on ristretto's own counters (a little slower; tests).
	Metrics bool
}

// Cache is the render cache. All methods are safe for concurrent use.
type Cache struct {
	cfg      Config
	rc       *ristretto.Cache[string, *Entry]
	fence    *fence
	flights  singleflight.Group
	packer   *compressor
	counters counters
	upgrades chan upgradeJob
	stop     chan struct{}
	wg       sync.WaitGroup
	closing  sync.Once

	// storeMu guards ristretto's Set against Close: a fill whose callers
	// gave up may still finish after shutdown, and ristretto panics on a
	// Set during its Close.
	storeMu sync.RWMutex
	closed  bool
}

// New builds a Cache from cfg and starts its fence pruner (and the brotli
// upgrader when asked). Call Close to stop them.
func New(cfg Config) (*Cache, error) {
	cfg, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	c := &Cache{cfg: cfg, packer: newCompressor(), stop: make(chan struct{})}
	c.fence = newFence(cfg.FreshTTL+cfg.StaleTTL, cfg.Now)
	c.rc, err = ristretto.NewCache(&ristretto.Config[string, *Entry]{
		NumCounters:        numCounters(cfg.MaxBytes),
		MaxCost:            cfg.MaxBytes,
		BufferItems:        64,
		IgnoreInternalCost: true,
		Metrics:            cfg.Metrics,
		OnEvict:            func(*ristretto.Item[*Entry]) { c.counters.evictions.Add(1) },
	})
	if err != nil {
		return nil, fmt.Errorf("cache: ristretto: %w", err)
	}
	c.startPruner()
	if cfg.UpgradeBrotli {
		c.startUpgrader()
	}
	return c, nil
}

// withDefaults fills zero fields and rejects impossible ones.
func withDefaults(cfg Config) (Config, error) {
	if cfg.MaxBytes < 0 || cfg.FreshTTL < 0 || cfg.StaleTTL < 0 {
		return cfg, errors.New("cache: MaxBytes, FreshTTL and StaleTTL must not be negative")
	}
	if cfg.MaxBytes == 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.FreshTTL == 0 {
		cfg.FreshTTL = DefaultFreshTTL
	}
	if cfg.StaleTTL == 0 {
		cfg.StaleTTL = DefaultStaleTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg, nil
}

// numCounters is ten times the number of typical entries the budget holds.
func numCounters(maxBytes int64) int64 {
	return max(maxBytes/typicalEntryBytes*10, 1000)
}

// startPruner forgets fence records too old to matter, once per prune
// interval, so the fence stays small even when no writes arrive.
func (c *Cache) startPruner() {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		t := time.NewTicker(c.fence.every)
		defer t.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-t.C:
				c.fence.prune()
			}
		}
	}()
}

// Close stops the background workers and releases ristretto. Call it once
// the server stopped serving: like ristretto's, it must not race Get. Fills
// still running are safe: they finish without storing, and Get and Fill
// after Close miss and render without storing.
func (c *Cache) Close() {
	c.closing.Do(func() {
		c.storeMu.Lock()
		c.closed = true
		c.storeMu.Unlock()
		close(c.stop)
		c.wg.Wait()
		c.rc.Close()
	})
}

// set hands e to ristretto unless the cache is closed. It reports whether
// ristretto accepted the item into its buffers.
func (c *Cache) set(key string, e *Entry, ttl time.Duration) bool {
	c.storeMu.RLock()
	defer c.storeMu.RUnlock()
	if c.closed || !c.rc.SetWithTTL(key, e, e.cost(key), ttl) {
		return false
	}
	// ristretto adds a new key asynchronously, and of two adds of one key
	// queued together it keeps the FIRST. Two fills of a key run one after
	// the other, so an older render could otherwise win over a newer one.
	// The fence catches that on the instance that made a write, but an
	// instance that learns of writes from the change log a little later
	// would serve the older render, having already served the newer:
	// content coming back. Waiting for the add makes fills land in order.
	c.rc.Wait()
	return true
}

// Wait blocks until every pending Set has reached ristretto.
func (c *Cache) Wait() { c.rc.Wait() }
