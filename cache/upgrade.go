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

// upgrade recompresses the entry's brotli body at the best quality and
// swaps it into the same entry. It never stores anything in ristretto: a
// re-store of an older entry could land over a newer fill of the same key
// and, on an instance whose change-log follower lags, bring back content
// that a visitor had already seen replaced.
func (c *Cache) upgrade(job upgradeJob) {
	if !c.current(job.entry) {
		return // already stale: not worth the work
	}
	br := c.packer.brotli(job.entry.Identity, brotliBest)
	job.entry.best.Store(&br)
	c.counters.upgrades.Add(1)
}
