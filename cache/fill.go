package cache

import (
	"context"
	"fmt"
	"strings"
)

// RenderFunc renders the response for one key from the store.
type RenderFunc func(ctx context.Context) (Rendered, error)

// fillResult is what one flight hands to every caller waiting on it.
type fillResult struct {
	entry *Entry
	err   error
}

// Fill renders key once however many requests miss it at the same time,
// compresses the result, stores it and returns it.
//
// Concurrent callers of one key share the first caller's render (and so
// its ctx); each caller still stops waiting when its own ctx ends.
//
// Deletion is strict: if any dependency of the rendering is invalidated
// while the render runs, Fill renders once more, since the first result may
// show content that was just deleted. If the second render is overtaken
// too, it is returned to the callers (it began after the first
// invalidation) but not stored.
//
// When the render fails, Fill returns the error together with a stale entry
// when one may still be served (no dependency changed, before StaleUntil):
// the caller serves it and says so in a header. With a nil entry there is
// nothing to serve.
func (c *Cache) Fill(ctx context.Context, key string, render RenderFunc) (*Entry, error) {
	key = strings.Clone(key) // callers pass Fiber's reused request memory
	flight := c.flights.DoChan(key, func() (any, error) {
		return c.fill(ctx, key, render), nil
	})
	var res fillResult
	select {
	case r := <-flight:
		res = r.Val.(fillResult)
	case <-ctx.Done():
		res = c.staleOr(key, ctx.Err())
	}
	if res.err != nil && res.entry != nil {
		c.counters.staleServed.Add(1)
	}
	return res.entry, res.err
}

// fill is the body of one flight.
func (c *Cache) fill(ctx context.Context, key string, render RenderFunc) fillResult {
	if e, look := c.lookup(key); look == Hit {
		return fillResult{entry: e} // a flight that just ended stored it
	}
	e, storable, err := c.render(ctx, render)
	if err != nil {
		return c.staleOr(key, err)
	}
	if storable {
		c.store(key, e)
	}
	return fillResult{entry: e}
}

// render runs the render function, a second time if the fence moved for
// its dependencies meanwhile, and builds the entry. storable is false when
// even the second render was overtaken by an invalidation.
func (c *Cache) render(ctx context.Context, render RenderFunc) (e *Entry, storable bool, err error) {
	for attempt := 1; ; attempt++ {
		stamp, start := c.fence.stamp(), c.cfg.Now()
		var r Rendered
		r, err = render(ctx)
		c.counters.fills.Add(1)
		if err != nil {
			return nil, false, err
		}
		current := c.fence.valid(&r.Deps, stamp)
		if current || attempt == 2 {
			return newEntry(&r, stamp, start, c.cfg.FreshTTL, &c.cfg, c.packer), current, nil
		}
	}
}

// store hands e to ristretto with its byte cost and a TTL that ends at
// StaleUntil. ristretto may still drop or reject it; that only costs a
// later miss.
func (c *Cache) store(key string, e *Entry) {
	ttl := e.StaleUntil.Sub(c.cfg.Now())
	if ttl <= 0 {
		return
	}
	if c.set(key, e, ttl) && c.upgrades != nil {
		c.queueUpgrade(key, e)
	}
}

// staleOr returns the entry to serve when a render failed with err: a
// stale or fresh entry whose dependencies are unchanged, or none.
func (c *Cache) staleOr(key string, err error) fillResult {
	err = fmt.Errorf("cache: render %q: %w", key, err)
	if e, look := c.lookup(key); look != Miss {
		return fillResult{entry: e, err: err}
	}
	return fillResult{err: err}
}
