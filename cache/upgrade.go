package cache

import "time"

// upgradeQueue bounds the entries waiting for best-quality brotli; when it
// is full new entries simply keep their fast brotli body.
const upgradeQueue = 1024

// upgradeRest is how long the worker rests after each recompression, as a
// multiple of the time it took: 3 keeps it under a quarter of one core. At
// quality 11 a card costs ~10 ms, and unthrottled the worker took most of
// a core whenever cold fills kept coming (the load benchmark's Zipf mix
// and distinct-keys runs on one core: ~150 fills/s instead of thousands).
const upgradeRest = 3

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
				start := time.Now()
				c.upgrade(job)
				if !c.rest(upgradeRest * time.Since(start)) {
					return
				}
			}
		}
	}()
}

// rest waits d, or until Close; it reports false on Close.
func (c *Cache) rest(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-c.stop:
		return false
	case <-t.C:
		return true
	}
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
