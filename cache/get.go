package cache

import "github.com/roost-embed/roost/storage"

// Get looks key up. Hit: serve the entry. Stale: it expired by time but
// none of its dependencies changed, so it may be served if a render fails;
// render first. Miss: nothing usable (absent, fenced, or past StaleUntil).
// A hit does not allocate.
func (c *Cache) Get(key string) (*Entry, Lookup) {
	e, look := c.lookup(key)
	if look == Hit {
		c.counters.hits.Add(1)
	} else {
		c.counters.misses.Add(1)
	}
	return e, look
}

// Probe is Get for a caller that follows anything but a hit with a Get of
// the same key (the server's byURI tries a remembered key before the
// handler, which looks it up again): it counts the hit and leaves the miss
// to that Get, so each request counts once in the hit ratio.
func (c *Cache) Probe(key string) (*Entry, bool) {
	e, look := c.lookup(key)
	if look != Hit {
		return nil, false
	}
	c.counters.hits.Add(1)
	return e, true
}

// lookup is Get without counting: Fill uses it to re-check and to find a
// stale entry after a failed render.
func (c *Cache) lookup(key string) (*Entry, Lookup) {
	e, ok := c.rc.Get(key)
	if !ok || e == nil || !c.current(e) {
		return nil, Miss
	}
	now := c.cfg.Now()
	switch {
	case now.Before(e.FreshUntil):
		return e, Hit
	case now.Before(e.StaleUntil):
		return e, Stale
	default:
		return nil, Miss
	}
}

// current asks the fence whether e's dependencies are unchanged since its
// render began. The memo in e.checked skips the lookups while no
// invalidation happened since the last check; it is loaded before the
// fence is read, so a concurrent invalidation can only make it older.
func (c *Cache) current(e *Entry) bool {
	v := c.fence.stamp()
	if e.checked.Load() == v {
		return e.RenderedAt >= c.fence.floor.Load()
	}
	if !c.fence.valid(&e.Deps, e.RenderedAt) {
		return false
	}
	e.checked.Store(v)
	return true
}

// Invalidate makes every entry that depends on anything ch names stale, at
// once and for good: a render that started before this call is never
// served after it returns, even if it lands in ristretto later. Call it
// after the write committed and before answering the writer. Entries are
// not deleted eagerly; they are refilled on their next request or age out
// of ristretto by cost and TTL.
func (c *Cache) Invalidate(ch storage.Change) {
	c.fence.invalidate(&ch)
	c.counters.invalidations.Add(1)
}

// Purge is Invalidate under the name the purge command and API use.
func (c *Cache) Purge(ch storage.Change) { c.Invalidate(ch) }
