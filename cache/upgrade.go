package cache

// upgradeQueue bounds the entries waiting for best-quality brotli; when it
// is full new entries simply keep their fast brotli body.
const upgradeQueue = 1024

// upgradeJob is one entry to recompress.
type upgradeJob struct {
	key   string
	entry *Entry
}

// startUpgrader runs the one background worker that recompresses brotli
// bodies at quality 11 (~9 ms for a card, never on the request path).
func (c *Cache) startUpgrader() {
	c.upgrades = make(chan upgradeJob, upgradeQueue)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		for {
			select {
			case <-c.stop:
				return
			case job := <-c.upgrades:
				c.upgrade(job)
			}
		}
	}()
}

// queueUpgrade offers e to the worker without ever blocking a fill.
func (c *Cache) queueUpgrade(key string, e *Entry) {
	select {
	case c.upgrades <- upgradeJob{key: key, entry: e}:
	default:
	}
}

// upgrade stores a copy of the entry with the smaller brotli body, if the
// entry is still the cached one and still current. Readers holding the old
// entry are unaffected: entries are replaced, never changed. Should a new
// fill land between the check and the Set, the older copy may win; that is
// safe because the fence judges each entry by its own RenderedAt.
func (c *Cache) upgrade(job upgradeJob) {
	br := c.packer.brotli(job.entry.Identity, brotliBest)
	cur, ok := c.rc.Get(job.key)
	if !ok || cur != job.entry || !c.current(cur) {
		return
	}
	n := job.entry.withBrotli(br)
	ttl := n.StaleUntil.Sub(c.cfg.Now())
	if ttl > 0 && c.set(job.key, n, ttl) {
		c.counters.upgrades.Add(1)
	}
}
