package cache

import "sync/atomic"

// counters are the cache's running totals, updated atomically.
type counters struct {
	hits, misses, staleServed, fills, evictions, invalidations, upgrades atomic.Uint64
}

// Stats is a snapshot of the cache's counters and size, for metrics.
type Stats struct {
	Hits          uint64 // Get calls that found a fresh entry
	Misses        uint64 // Get calls that did not (absent, fenced, stale)
	StaleServed   uint64 // Fill calls that returned a stale entry after an error
	Fills         uint64 // render function calls
	Evictions     uint64 // entries ristretto evicted or expired
	Invalidations uint64 // Invalidate and Purge calls
	Upgrades      uint64 // entries re-stored with best-quality brotli
	CostBytes     int64  // bytes of entries ristretto holds
	MaxBytes      int64  // the budget
	FenceRecords  int    // ids the fence remembers
}

// Stats returns the current counters.
func (c *Cache) Stats() Stats {
	return Stats{
		Hits:          c.counters.hits.Load(),
		Misses:        c.counters.misses.Load(),
		StaleServed:   c.counters.staleServed.Load(),
		Fills:         c.counters.fills.Load(),
		Evictions:     c.counters.evictions.Load(),
		Invalidations: c.counters.invalidations.Load(),
		Upgrades:      c.counters.upgrades.Load(),
		CostBytes:     c.rc.MaxCost() - c.rc.RemainingCost(),
		MaxBytes:      c.rc.MaxCost(),
		FenceRecords:  c.fence.records(),
	}
}
